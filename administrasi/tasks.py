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
