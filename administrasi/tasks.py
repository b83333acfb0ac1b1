from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(BotoCoreError, ClientError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=10,
)
def render_dokumen_pdf(self, dokumen_id: int) -> bool:
    """Render, seal and store one record's PDF; safe to run twice (the second does nothing).
    Storage errors are retried with backoff; anything else is a bug and raises."""
    from .services import dokumen_render_pdf

    return dokumen_render_pdf(dokumen_id=dokumen_id)


@shared_task(acks_late=True)
def render_pending_pdfs() -> int:
    """Periodic sweep: queue every final record still without its PDF (a broker outage at
    finalisation, a worker killed mid-task). Returns how many were queued."""
    from .services import pending_pdfs

    ids = list(pending_pdfs().values_list("pk", flat=True)[:500])
    for pk in ids:
        render_dokumen_pdf.delay(pk)
    return len(ids)


def _dossier_failed(task, exc, task_id, args, kwargs, einfo):
    """Final failure (retries spent, or a bug): the export says so instead of showing
    "sedang dibuat" for ever."""
    from .dossier import SYSTEM_FAILURE, dossier_fail

    ekspor_id = kwargs.get("ekspor_id", args[0] if args else None)
    if ekspor_id is not None:
        dossier_fail(ekspor_id=ekspor_id, message=SYSTEM_FAILURE)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(BotoCoreError, ClientError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=10,
    on_failure=_dossier_failed,
)
def build_dossier(self, ekspor_id: int) -> bool:
    """Build one dossier export (ZIP + manifest + sealed index) and keep it as a DOSIER
    record; safe to run twice (the second does nothing). Storage errors are retried with
    backoff; a refusal marks the export failed; anything else is a bug, marked and raised."""
    from .dossier import dossier_build

    return dossier_build(ekspor_id=ekspor_id)


def _batch_failed(task, exc, task_id, args, kwargs, einfo):
    """A bug or a lost database: the batch ends with its pending records skipped and named,
    instead of showing "sedang ditandatangani" for ever; what was signed stays signed."""
    from .services.signing import SYSTEM_FAILURE, dokumen_sign_batch_fail

    batch_id = kwargs.get("batch_id", args[0] if args else None)
    if batch_id is not None:
        dokumen_sign_batch_fail(batch_id=batch_id, message=SYSTEM_FAILURE)


@shared_task(acks_late=True, on_failure=_batch_failed)
def sign_batch(batch_id: int) -> int:
    """Sign the records of one batch signing (one re-authentication, many records), each in
    its own transaction; safe to run twice (a second run goes on with what is pending, or
    does nothing). Returns how many records this run signed."""
    from .services import dokumen_sign_batch_run

    return dokumen_sign_batch_run(batch_id=batch_id)


@shared_task(acks_late=True)
def sop_take_effect_due() -> int:
    """Daily: every SOP version approved for a date that has come takes effect, superseding the
    version before it (SE-A1.1–A1.4). Idempotent: a second run finds nothing to do."""
    from .sop import sop_take_effect_due as run

    return run()
