"""Uploaded files to the browser: never at a public URL, streamed from storage (local disk or
S3) by a view that has checked who may see them.

An uploaded file is someone else's content on our origin, so it is never a page of ours: a
PDF (or anything not an image) comes as an attachment, to save or open in a viewer outside
the site, and every file carries `Content-Security-Policy: sandbox` (no script, no form, a
unique origin, even if a browser renders it inline) and `nosniff` (SecurityMiddleware).
Images stay inline, so an <img> of ours can show them; they were re-encoded on upload
(`lsp_portal.uploads`), so they hold pixels only.
"""

from django.http import FileResponse, Http404

from .uploads import CONTENT_TYPES

SANDBOX = "sandbox; default-src 'none'; img-src 'self'"
INLINE_KINDS = {"png", "jpg", "webp"}


def stream_file(fieldfile, *, stem: str, cache_control: str = "private, no-store") -> FileResponse:
    """Stream `fieldfile` as `<stem>.<its extension>`; 404 when nothing is uploaded."""
    if not fieldfile:
        raise Http404("Berkas belum diunggah.")
    extension = fieldfile.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        fieldfile.storage.open(fieldfile.name, "rb"),
        # Only the kinds the upload check lets in are named; anything else is opaque bytes.
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=extension not in INLINE_KINDS,
        filename=f"{stem}.{extension}",
    )
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = SANDBOX  # django-csp leaves a header a view has set
    return response
