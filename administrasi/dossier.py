"""Dossier export (records engine, item 9): every final record of one subject in one ZIP.

The ZIP holds each final record's stored PDF byte for byte, `manifest.json` (kind, name,
number, version, status, issue date, SHA-256, retained until, for each) and `indeks.pdf`
(the same list, sealed by the LSP). It is built by Celery with its progress on the export
row, and is itself a record: a numbered DOSIER record whose data is the manifest and whose
stored file is the ZIP.

request → build_dossier task → claim → copy and check each PDF → manifest, sealed index →
one transaction: store the ZIP, issue the DOSIER record pointing at it, mark the export done.
"""

import datetime as dt
import hashlib
import json
import logging
import re
import tempfile
import zipfile

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from akun.audit import acting_as
from akun.models import User
from lsp_portal.workflow import transition

from . import services
from .models import Dokumen, EksporDosier, JenisDokumen
from .services import RecordError
from .storage import RetentionError, record_storage, retain_until

log = logging.getLogger(__name__)

KODE = "DOSIER"
INDEX_TEMPLATE = "administrasi/pdf/dosier_indeks.html"
MANIFEST = "manifest.json"
INDEX = "indeks.pdf"
SPOOL_BYTES = 32 * 1024 * 1024  # a larger ZIP goes to a temporary file, not memory
# An unfinished export untouched this long (the broker's visibility timeout) no longer
# stands in for a new request: its task was lost.
STALE_AFTER = dt.timedelta(minutes=15)


SYSTEM_FAILURE = (
    "Ekspor dosier gagal karena gangguan sistem. Minta ekspor lagi; bila berulang, hubungi staf TI."
)


def no_final_message(subject) -> str:
    return f"Belum ada dokumen final (dengan PDF) untuk {subject}; dosier tidak dapat dibuat."


# --- which records -----------------------------------------------------------------------


def dossier_records(subject):
    """The records a dossier of `subject` holds: final, with their PDF stored, oldest first;
    never an earlier dossier (a dossier does not nest dossiers). The LSP's view: all of them,
    not what any one user may see."""
    scope = Q(subject_type=ContentType.objects.get_for_model(type(subject)), subject_id=str(subject.pk))
    return (
        Dokumen.objects.final()
        .filter(scope)
        .exclude(pdf="")
        .exclude(jenis__kode=KODE)
        .select_related("jenis")
        .order_by("diterbitkan_pada", "pk")
    )


# --- who may follow an export ------------------------------------------------------------


# --- request -----------------------------------------------------------------------------


@transaction.atomic
def dossier_request(*, subject, actor: User) -> EksporDosier:
    """Queue the dossier export of `subject`; the ZIP is built by Celery after commit.

    A repeat while an export of the same subject is still queued or running (and moved in
    the last STALE_AFTER) returns that export, so a double click builds one ZIP. Raises
    RecordError when the subject is gone or has no final record with its PDF.
    """
    if subject is None:
        raise RecordError("Subjek dokumen ini tidak ditemukan; dosier tidak dapat dibuat.")
    if not dossier_records(subject).exists():
        raise RecordError(no_final_message(subject))
    subject_type = ContentType.objects.get_for_model(type(subject))
    busy = (
        EksporDosier.objects.filter(
            subject_type=subject_type,
            subject_id=str(subject.pk),
            status__in=[EksporDosier.Status.QUEUED, EksporDosier.Status.RUNNING],
            updated_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("pk")
        .first()
    )
    if busy is not None:
        return busy
    with acting_as(actor):
        ekspor = EksporDosier.objects.create(
            subject_type=subject_type,
            subject_id=str(subject.pk),
            requested_by=actor,
            message="Menunggu giliran di antrean.",
        )
    transaction.on_commit(lambda: _send(ekspor.pk))
    return ekspor


def _send(ekspor_id: int) -> None:
    from .tasks import build_dossier

    try:
        build_dossier.delay(ekspor_id)
    except services.BROKER_ERRORS + services.STORAGE_ERRORS:
        # Broker down, or (tasks running eagerly) storage down. No sweep re-queues exports:
        # the export says so and the user asks again; the request itself still succeeds.
        log.warning("Ekspor dosier %s belum dapat dibuat.", ekspor_id, exc_info=True)
        dossier_fail(
            ekspor_id=ekspor_id,
            message="Layanan antrean atau penyimpanan sedang terganggu; minta ekspor dosier lagi "
            "beberapa saat lagi.",
        )
    except Exception:  # a bug, met here when tasks run eagerly (a worker calls on_failure)
        dossier_fail(ekspor_id=ekspor_id, message=SYSTEM_FAILURE)
        raise


def dossier_fail(*, ekspor_id: int, message: str) -> bool:
    """Mark an unfinished export failed, with `message` for the user. Idempotent: a finished
    (done or failed) export is left alone and False returned."""
    with transaction.atomic():
        ekspor = EksporDosier.objects.select_for_update().filter(pk=ekspor_id).first()
        if ekspor is None or ekspor.is_finished:
            return False
        ekspor = transition(ekspor, EksporDosier.Status.FAILED, actor=None, note=message)
        ekspor.message = message[:255]
        ekspor.finished_at = timezone.now()
        ekspor.save(update_fields=["message", "finished_at", "updated_at"])
    return True


# --- build (the task) --------------------------------------------------------------------


def dossier_build(*, ekspor_id: int) -> bool:
    """Build the export's ZIP and keep it as a DOSIER record; True when this run did.

    Idempotent: a finished export is left alone (False); a run overlapping another finds,
    at the final step under the export's row lock, the record the other made, and stores
    nothing. A file stored by a run that crashed before committing is replaced, so one
    export has one ZIP. Refusals (no final record left, a stored PDF that no longer matches
    its SHA-256) mark the export failed with the reason and return False; storage errors
    raise, for the task to retry.
    """
    ekspor = _claim(ekspor_id)
    if ekspor is None:
        return False
    try:
        return _build(ekspor)
    except RecordError as e:
        dossier_fail(ekspor_id=ekspor.pk, message=str(e))
        return False


def _claim(ekspor_id):
    with transaction.atomic():
        ekspor = EksporDosier.objects.select_for_update().filter(pk=ekspor_id).first()
        if ekspor is None or ekspor.is_finished:
            return None
        if ekspor.status == EksporDosier.Status.QUEUED:  # RUNNING: a redelivery after a crash
            ekspor = transition(ekspor, EksporDosier.Status.RUNNING, actor=None, note="diproses worker")
    _progress(ekspor.pk, 2, "Mengumpulkan dokumen final…")
    return EksporDosier.objects.select_related("requested_by").get(pk=ekspor.pk)


def _progress(ekspor_id: int, percent: int, message: str) -> None:
    # A plain UPDATE: outside a transaction the progress page sees it at once, and a step
    # is not an audit-trail entry.
    EksporDosier.objects.filter(pk=ekspor_id).update(
        progress=max(0, min(percent, 100)), message=message[:255], updated_at=timezone.now()
    )


def _build(ekspor: EksporDosier) -> bool:
    subject = ekspor.subject
    if subject is None:
        raise RecordError("Subjek dosier tidak ditemukan lagi; dosier tidak dibuat.")
    records = list(dossier_records(subject))
    if not records:
        raise RecordError(no_final_message(subject))
    storage = record_storage()
    rows, used = [], set()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for i, dokumen in enumerate(records):
                _progress(
                    ekspor.pk,
                    5 + 75 * i // len(records),
                    f"Menyalin dokumen {i + 1} dari {len(records)}: {dokumen.jenis.kode} "
                    f"{dokumen.nomor or ''}".strip(),
                )
                with storage.open(dokumen.pdf.name) as fh:
                    content = fh.read()
                digest = services.sha256_hex(content)
                if digest != dokumen.pdf_sha256:
                    raise RecordError(
                        f"Berkas {dokumen} tidak cocok dengan SHA-256 yang tercatat; dosier tidak dibuat. "
                        "Laporkan ke staf TI."
                    )
                name = _entry_name(dokumen, used)
                # PDFs are compressed already: stored as they are.
                archive.writestr(_zip_info(name, dokumen.difinalkan_pada), content, zipfile.ZIP_STORED)
                rows.append({"dokumen": dokumen, **_manifest_entry(dokumen, name, digest)})
            _progress(ekspor.pk, 82, "Membuat manifest dan indeks PDF bersegel…")
            manifest = _manifest(ekspor, subject, [_without_dokumen(r) for r in rows])
            archive.writestr(
                _zip_info(MANIFEST, timezone.now()), json.dumps(manifest, ensure_ascii=False, indent=2)
            )
            archive.writestr(_zip_info(INDEX, timezone.now()), _index_pdf(ekspor, subject, manifest, rows))
        _progress(ekspor.pk, 92, "Menyimpan dosier ke arsip…")
        return _record(ekspor, subject, manifest, tmp)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")


def _entry_name(dokumen: Dokumen, used: set) -> str:
    """KIND_NUMBER_vVERSION.pdf; an unnumbered kind uses its archive id instead of a number."""
    number = _slug(dokumen.nomor) if dokumen.nomor else f"arsip-{dokumen.pk}"
    name = f"{_slug(dokumen.jenis.kode)}_{number}_v{dokumen.versi}.pdf"
    if name in used:  # the same number in another year, where a pattern has no {tahun}
        name = f"{name[:-4]}_arsip-{dokumen.pk}.pdf"
    used.add(name)
    return name


def _zip_info(name: str, when) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime(when or timezone.now()).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # rw-r--r-- when unpacked
    return info


def _manifest_entry(dokumen: Dokumen, name: str, digest: str) -> dict:
    return {
        "berkas": name,
        "jenis": dokumen.jenis.kode,
        "nama": dokumen.jenis.nama,
        "judul": dokumen.judul,
        "nomor": dokumen.nomor,
        "versi": dokumen.versi,
        "status": dokumen.status,
        "tanggal_terbit": timezone.localdate(dokumen.diterbitkan_pada).isoformat(),
        "sha256": digest,
        "retained_until": dokumen.retained_until.isoformat(),
        "verifikasi": settings.SITE_URL + dokumen.get_verification_url(),
        "kode_verifikasi": dokumen.kode_verifikasi,
    }


def _without_dokumen(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "dokumen"}


def _manifest(ekspor: EksporDosier, subject, entries: list) -> dict:
    ct = ekspor.subject_type
    return {
        "lsp": settings.LSP_NAME,
        "ekspor": ekspor.pk,
        "subjek": {"jenis": f"{ct.app_label}.{ct.model}", "id": ekspor.subject_id, "nama": str(subject)},
        "diminta_oleh": str(ekspor.requested_by),
        "diminta_pada": timezone.localtime(ekspor.created_at).isoformat(),
        "algoritma_hash": "SHA-256",
        "jumlah_dokumen": len(entries),
        "dokumen": entries,
    }


def _index_pdf(ekspor: EksporDosier, subject, manifest: dict, rows: list) -> bytes:
    from lsp_portal.pdf import render_pdf
    from lsp_portal.seal import seal_pdf

    html_pdf = render_pdf(
        INDEX_TEMPLATE,
        {
            "ekspor": ekspor,
            "subject": subject,
            "manifest": manifest,
            "rows": rows,
            "lsp_name": settings.LSP_NAME,
            "dibuat_pada": timezone.now(),
        },
    )
    return seal_pdf(html_pdf, reason=f"Indeks dosier (ekspor #{ekspor.pk})", location=settings.LSP_NAME)


def zip_name(ekspor: EksporDosier) -> str:
    """Deterministic per export, so a retry after a crash finds what the first attempt stored."""
    return f"arsip/{ekspor.created_at:%Y}/dosier/ekspor-{ekspor.pk}-{ekspor.created_at:%Y%m%d%H%M%S}.zip"


def _sha256_file(fh) -> str:
    fh.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1024 * 1024), b""):
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest()


def _record(ekspor: EksporDosier, subject, manifest: dict, tmp) -> bool:
    """Store the ZIP and issue the DOSIER record pointing at it, in one transaction: the
    record is final with its file already set when it commits, so the PDF task the issue
    queues finds a file and renders nothing."""
    jenis = JenisDokumen.objects.filter(kode=KODE).first()
    if jenis is None:
        raise RecordError(f"Jenis dokumen {KODE} tidak dikenal.")
    digest = _sha256_file(tmp)
    storage = record_storage()
    with transaction.atomic():
        locked = EksporDosier.objects.select_for_update().get(pk=ekspor.pk)
        if locked.dokumen_id is not None or locked.is_finished:
            return False  # an overlapping run got here first; nothing of ours was stored
        # The upload comes before the issue: the issue's audit entries hold the audit
        # chain's lock until commit, which must not wait for the upload.
        until = services.add_years(
            timezone.localdate(), services.retention_years(jenis=jenis, subject=subject)
        )
        name = zip_name(locked)
        if storage.exists(name):
            storage.delete(name)  # stored by a run that crashed before commit: no record holds it
        with retain_until(until):
            stored = storage.save(name, File(tmp, name=name.rsplit("/", 1)[-1]))
        if stored != name:
            raise RetentionError(f"Penyimpanan mengganti nama berkas arsip {name} menjadi {stored}.")
        dokumen = services.dokumen_issue(
            kode=KODE,
            subject=subject,
            judul=f"Dosier {subject}",
            data=manifest,
            signers={},
            actor=ekspor.requested_by,
        )
        if dokumen.retained_until != until:
            # Midnight passed between the two dates: the file's lock must cover the record.
            # A transient OSError: the task retries, and the retry replaces the file.
            raise OSError("Tanggal masa simpan dosier berubah saat disimpan; dicoba lagi.")
        services.pdf_attach(dokumen=dokumen, name=name, sha256=digest)
        done = transition(locked, EksporDosier.Status.DONE, actor=None, note=f"dosier {dokumen.nomor}")
        done.dokumen = dokumen
        done.progress = 100
        done.message = f"Selesai: {manifest['jumlah_dokumen']} dokumen dalam dosier {dokumen.nomor}."
        done.finished_at = timezone.now()
        done.save(update_fields=["dokumen", "progress", "message", "finished_at", "updated_at"])
    return True
