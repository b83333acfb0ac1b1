"""Dossier export pages (records engine, item 9): ask for the export of a record's subject,
follow its progress, download the ZIP."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lsp_portal.errors import show_error
from lsp_portal.storage import PrivateFileSystemStorage

from . import dossier
from .permissions import can_manage, visible_dokumen, visible_ekspor
from .services import RecordError
from .storage import record_storage

REFRESH_SECONDS = 3


@login_required
@require_POST
def dosier_request_view(request, pk):
    """Export every final record of this record's subject; the LSP's administration only."""
    dokumen = get_object_or_404(visible_dokumen(request.user), pk=pk)
    if not can_manage(request.user):
        raise PermissionDenied
    try:
        ekspor = dossier.dossier_request(subject=dokumen.subject, actor=request.user)
    except RecordError as e:
        show_error(request, e)
        return redirect(dokumen)
    messages.success(request, "Ekspor dosier diminta. Kemajuannya tampil di halaman ini.")
    return redirect(ekspor)


@login_required
def dosier_detail_view(request, pk):
    """Progress; reloads itself every few seconds until the export is done (no JavaScript)."""
    ekspor = get_object_or_404(visible_ekspor(request.user), pk=pk)
    return render(
        request,
        "administrasi/dosier_detail.html",
        {"ekspor": ekspor, "subject": ekspor.subject, "refresh_seconds": REFRESH_SECONDS},
    )


@login_required
def dosier_download_view(request, pk):
    """The ZIP, as a ZIP (the record download serves PDFs). Streamed from local disk or a
    redirect to a presigned URL valid five minutes (S3); others' exports are 404."""
    ekspor = get_object_or_404(visible_ekspor(request.user), pk=pk)
    dokumen = ekspor.dokumen
    if dokumen is None or not dokumen.pdf:
        raise Http404("Dosier belum tersedia.")
    storage = record_storage()
    filename = f"Dosier {dokumen.nomor or dokumen.pk}.zip".replace("/", "-")
    if isinstance(storage, PrivateFileSystemStorage):
        return FileResponse(
            storage.open(dokumen.pdf.name),
            content_type="application/zip",
            as_attachment=True,
            filename=filename,
        )
    return redirect(
        storage.url(
            dokumen.pdf.name,
            parameters={
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
                "ResponseContentType": "application/zip",
            },
        )
    )
