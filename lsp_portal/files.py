"""Private files to the browser: never at a public URL, streamed from storage (local disk or
S3) by a view that has checked who may see them."""

import mimetypes

from django.http import FileResponse, Http404

# The file kinds uploads are checked to be (by content), by the extension they are stored under.
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def stream_file(fieldfile, *, stem: str, cache_control: str = "private, no-store") -> FileResponse:
    """Stream `fieldfile` as `<stem>.<its extension>`; 404 when nothing is uploaded."""
    if not fieldfile:
        raise Http404("Berkas belum diunggah.")
    extension = fieldfile.name.rsplit(".", 1)[-1].lower()
    content_type = CONTENT_TYPES.get(extension) or mimetypes.guess_type(fieldfile.name)[0]
    response = FileResponse(
        fieldfile.storage.open(fieldfile.name, "rb"),
        content_type=content_type or "application/octet-stream",
        filename=f"{stem}.{extension}",
    )
    response["Cache-Control"] = cache_control
    return response
