"""The PDF of a final record: rendered, sealed and stored once, by Celery."""

import datetime as dt
import logging
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Dokumen
from ..storage import RecordFileExists, RetentionError, record_storage, retain_until
from .common import BROKER_ERRORS, STORAGE_ERRORS, sha256_hex

log = logging.getLogger(__name__)


def queue_pdf(dokumen_id: int) -> None:
    """Queue the PDF after commit. A broker outage loses nothing: the record is saved, and
    the periodic sweep (render_pending_pdfs) queues it again when the broker is back."""
    from ..tasks import render_dokumen_pdf

    def send():
        try:
            render_dokumen_pdf.delay(dokumen_id)
        except BROKER_ERRORS + STORAGE_ERRORS:
            # Broker down, or (tasks running eagerly) storage down: the record is saved and
            # final; the periodic sweep makes the PDF once the service is back.
            log.warning("PDF dokumen %s belum dapat dibuat; akan dicoba lagi.", dokumen_id, exc_info=True)

    transaction.on_commit(send)


def pdf_name(dokumen: Dokumen) -> str:
    """Deterministic, so a retry after a crash finds what the first attempt stored."""
    kode = re.sub(r"[^A-Za-z0-9]+", "-", dokumen.jenis.kode).strip("-").lower()
    return f"arsip/{dokumen.diterbitkan_pada:%Y}/{kode}/{dokumen.token}-v{dokumen.versi}.pdf"


def dokumen_render_pdf(*, dokumen_id: int) -> bool:
    """Render, seal and store the PDF of a finalised record. Idempotent: a record that has
    its PDF is left alone (returns False). Runs in one transaction holding the row lock, so
    two workers never both render it and a crash leaves the row untouched; a file stored
    by a crashed attempt is adopted if its seal is intact, else replaced."""
    from lsp_portal.pdf import render_pdf
    from lsp_portal.seal import seal_pdf

    with transaction.atomic():
        dokumen = (
            # of=self: lock the record alone. Without it PostgreSQL also locks the joined kind
            # and issuer rows, and workers rendering records of one kind take turns
            # (measured in bench/: see bench/RESULTS.md).
            Dokumen.objects.select_for_update(of=("self",))
            .select_related("jenis", "diterbitkan_oleh")
            .filter(pk=dokumen_id)
            .first()
        )
        if dokumen is None or dokumen.pdf or dokumen.difinalkan_pada is None:
            return False
        storage = record_storage()
        name = pdf_name(dokumen)
        # A file under the name is an earlier attempt's, which died before updating the row:
        # adopted if its seal is intact, else (a torn write) replaced. Looked for first where
        # the storage cannot refuse a taken name atomically; on S3 the PUT itself finds it.
        content = _adopt_earlier_file(storage, name) if storage.probe_before_save else None
        if content is None:
            html_pdf = render_pdf(dokumen.jenis.template, pdf_context(dokumen))
            content = seal_pdf(
                html_pdf, reason=f"{dokumen.jenis.kode} {dokumen.nomor}".strip(), location=settings.LSP_NAME
            )
            try:
                _store(storage, name, content, dokumen.retained_until)
            except RecordFileExists:
                earlier = _adopt_earlier_file(storage, name)
                if earlier is None:  # it was torn, and is gone now
                    _store(storage, name, content, dokumen.retained_until)
                else:
                    content = earlier
        pdf_attach(dokumen=dokumen, name=name, sha256=sha256_hex(content))
    return True


def pdf_attach(*, dokumen: Dokumen, name: str, sha256: str) -> None:
    """Store the file's name and hash on the record, and audit them (X-4): a plain UPDATE,
    which sends no model signal, so that the row is never half-written and the record's
    other fields stay untouched. The caller holds the row lock."""
    from akun.audit import record_change

    now = timezone.now()
    Dokumen.objects.filter(pk=dokumen.pk).update(pdf=name, pdf_sha256=sha256, pdf_generated_at=now)
    record_change(
        dokumen,
        {
            "pdf": (dokumen.pdf.name or "", name),
            "pdf_sha256": (dokumen.pdf_sha256, sha256),
            "pdf_generated_at": (dokumen.pdf_generated_at, now),
        },
    )


def _adopt_earlier_file(storage, name: str) -> bytes | None:
    """The sealed PDF an earlier attempt stored under `name`, or None: nothing there, or a
    torn write (no record holds it), which is deleted."""
    from lsp_portal.seal import verify_seal

    if not storage.exists(name):
        return None
    with storage.open(name) as fh:
        existing = fh.read()
    if verify_seal(existing).ok:
        return existing
    storage.delete(name)
    return None


def _store(storage, name: str, content: bytes, until: dt.date) -> None:
    with retain_until(until):
        stored = storage.save(name, ContentFile(content))
    if stored != name:
        raise RetentionError(f"Penyimpanan mengganti nama berkas arsip {name} menjadi {stored}.")


def pdf_context(dokumen: Dokumen) -> dict:
    import segno

    url = settings.SITE_URL + dokumen.get_verification_url()
    # A record with a public page of its own (a certificate's page in the register of
    # holders, X-1) names it in its data; its QR code leads there.
    public = dokumen.data.get("tautan_publik") if isinstance(dokumen.data, dict) else None
    qr_url = settings.SITE_URL + public if isinstance(public, str) and public.startswith("/") else url
    qr = segno.make(qr_url, error="m").png_data_uri(scale=4, border=1)
    return {
        "dokumen": dokumen,
        "data": dokumen.data,
        "tanda_tangan": list(dokumen.tanda_tangan.select_related("penandatangan")),
        "verification_url": url,
        "qr_url": qr_url,
        # Printed beside the QR code for people who type: where to go, and the code to enter.
        "verification_start_url": settings.SITE_URL + reverse("verifikasi:start"),
        "kode_verifikasi": dokumen.kode_verifikasi,
        "qr": qr,
        "lsp_name": settings.LSP_NAME,
    }


def pending_pdfs():
    return Dokumen.objects.filter(difinalkan_pada__isnull=False, pdf="")
