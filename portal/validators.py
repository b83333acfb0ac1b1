"""Upload checks for portal files, by content rather than by name: forms call them to word
the error for the field, services call them again before anything is stored."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
# Pillow format -> (file extension, content type). No SVG: it can carry scripts.
IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}


@dataclass(frozen=True)
class CheckedImage:
    extension: str
    width: int
    height: int


def check_image(upload, *, label: str = "Berkas") -> CheckedImage:
    """A PNG, JPEG or WebP of at most 2 MB that Pillow can decode; raises ValidationError."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"{label} terlalu besar (maksimal 2 MB).", code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
        upload.seek(0)
        # verify() leaves the image unusable; decoding it fully catches truncated data.
        with Image.open(upload) as image:
            image.load()
    except Image.DecompressionBombError:
        raise ValidationError(f"{label}: resolusi gambar terlalu besar.", code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            f"{label} bukan gambar yang dapat dibaca. Unggah berkas PNG, JPEG, atau WebP.", code="not_image"
        ) from None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(f"{label} harus berupa gambar PNG, JPEG, atau WebP.", code="format")
    return CheckedImage(IMAGE_FORMATS[image_format][0], width, height)


def check_pdf(upload, *, label: str = "Berkas") -> None:
    """A PDF (by its magic bytes, whatever its name) of at most 10 MB; raises ValidationError."""
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(f"{label} terlalu besar (maksimal 10 MB).", code="too_large")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(f"{label} bukan berkas PDF.", code="not_pdf")
