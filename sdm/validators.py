"""Upload check for SDM documents (certificates, contracts), by content rather than by name:
forms call it to word the field's error, services call it again before anything is stored."""

from django.core.exceptions import ValidationError

MAX_BYTES = 5 * 1024 * 1024
# Pillow format -> file extension. No SVG: it can carry scripts.
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def check_document(upload, *, label: str = "Berkas") -> str:
    """A PDF (by its magic bytes) or a PNG/JPEG/WebP image Pillow can decode, of at most
    5 MB, whatever its name says. Returns the extension to store it under; raises
    ValidationError with an Indonesian message."""
    if upload.size > MAX_BYTES:
        raise ValidationError(f"{label} terlalu besar (maksimal 5 MB).", code="too_large")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    from PIL import Image, UnidentifiedImageError

    not_readable = ValidationError(
        f"{label} harus berupa PDF atau gambar (PNG, JPEG, WebP) yang dapat dibaca.", code="format"
    )
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
        upload.seek(0)
        # verify() leaves the image unusable; decoding it fully catches truncated data.
        with Image.open(upload) as image:
            image.load()
    except Image.DecompressionBombError:
        raise ValidationError(f"{label}: resolusi gambar terlalu besar.", code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_readable from None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise not_readable
    return IMAGE_FORMATS[image_format]
