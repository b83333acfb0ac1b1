"""The one check every uploaded file goes through, whatever the field (SE-A4.4).

A file is judged by its content, never by its name or the browser's content type:

- a PDF is parsed (pikepdf, in a child process with a memory and time limit, see
  `lsp_portal.bounded`) and refused when it is damaged or truncated, needs a password, or
  carries JavaScript (anywhere), a launch action or embedded files. It is kept byte for
  byte: rewriting it would break the signatures that make an uploaded certificate evidence.
- an image (PNG, JPEG, WebP) is decoded with a pixel limit (decompression bombs are refused
  before decoding) and encoded again from its pixels, so Exif (GPS position, camera, owner),
  XMP, comments and any bytes hidden after the image are gone. Its Exif orientation is
  applied first, so a phone photo stays upright.

The caller gets a `CheckedFile`: the cleaned bytes under a generated name, so nothing of the
uploaded name reaches storage. Each field declares an `UploadRule` (label, kinds, size) next
to its service; the form checks with it in `clean_<field>` (the error shows on the field) and
the service again before storing, which costs nothing for a file that is already a
`CheckedFile`. A new upload field gets a row in tests/test_uploads.py.
"""

import hashlib
import re
import threading
import unicodedata
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from io import BytesIO

from django.core.files.base import ContentFile

from .errors import ServiceError

MB = 1024 * 1024
# A 6000 x 6000 scan (A4 at 700 dpi) decodes to ~100 MB of RGB; a bomb declares far more.
MAX_IMAGE_PIXELS = 36_000_000
TOO_MANY_PIXELS = (
    f"{{label}}: resolusi gambar terlalu besar (maksimal {MAX_IMAGE_PIXELS // 1_000_000} megapiksel)."
)

KIND_LABELS = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG", "webp": "WebP"}
# Pillow's format name -> our kind (which is also the extension the file is stored under).
IMAGE_KINDS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
IMAGE_KIND_FORMATS = {kind: name for name, kind in IMAGE_KINDS.items()}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
}

PDF_PROBLEMS = {
    "damaged": "{label} rusak atau tidak lengkap sehingga tidak dapat dibaca. Unggah ulang berkas aslinya.",
    "encrypted": "{label} dilindungi kata sandi. Unggah PDF tanpa kata sandi.",
    "no_pages": "{label} tidak berisi halaman.",
    "javascript": (
        "{label} berisi JavaScript. PDF dengan skrip tidak diterima; cetak ulang sebagai PDF "
        "(Print to PDF) lalu unggah hasilnya."
    ),
    "launch": "{label} berisi perintah untuk menjalankan program. PDF seperti ini tidak diterima.",
    "embedded": (
        "{label} berisi berkas lain yang dilampirkan di dalamnya. PDF dengan lampiran tidak "
        "diterima; unggah setiap dokumen sebagai PDF tersendiri."
    ),
    "uncheckable": (
        "{label} tidak dapat diperiksa: isinya terlalu besar atau terlalu rumit untuk dibaca. "
        "Unggah berkas PDF yang lebih sederhana, misalnya hasil cetak ulang (Print to PDF)."
    ),
}


class CheckedFile(ContentFile):
    """An upload that passed `check_upload`: cleaned content under a generated name.
    `kind` is also its extension; `width` and `height` are set for images."""

    def __init__(self, content: bytes, *, kind: str, width: int | None = None, height: int | None = None):
        super().__init__(content, name=f"{uuid.uuid4().hex}.{kind}")
        self.kind = self.extension = kind
        self.content_type = CONTENT_TYPES[kind]
        self.width, self.height = width, height


def kinds_text(kinds) -> str:
    """'PDF atau gambar (PNG, JPEG)', 'gambar PNG atau JPEG', 'PDF': for messages and help."""
    images = [KIND_LABELS[k] for k in ("png", "jpg", "webp") if k in kinds]
    if "pdf" not in kinds:
        comma = "," if len(images) > 2 else ""
        return "gambar " + (
            images[0] if len(images) == 1 else f"{', '.join(images[:-1])}{comma} atau {images[-1]}"
        )
    return f"PDF atau gambar ({', '.join(images)})" if images else "PDF"


def _wrong_kind(kinds) -> str:
    if set(kinds) == {"pdf"}:
        return "{label} bukan berkas PDF."
    if "pdf" not in kinds:
        return f"{{label}} bukan gambar yang dapat dibaca; harus berupa {kinds_text(kinds)}."
    return f"{{label}} harus berupa {kinds_text(kinds)} yang dapat dibaca."


def accept_attribute(kinds) -> str:
    """The file input's `accept` attribute for `kinds` (a hint to the browser only)."""
    return ",".join(CONTENT_TYPES[k] for k in ("pdf", "png", "jpg", "webp") if k in kinds)


def check_upload(
    upload,
    *,
    kinds=frozenset({"pdf", "jpg", "png"}),
    max_bytes: int,
    label: str = "Berkas",
    field: str | None = None,
) -> CheckedFile:
    """The cleaned upload, or ServiceError with an Indonesian message naming `label` (on
    `field` when given: services pass it, forms' clean_<field> don't). Never stores a byte."""
    if isinstance(upload, CheckedFile) and upload.kind in kinds:
        return upload

    def refuse(message: str, code: str):
        raise ServiceError(message.format(label=label), field=field, code=code)

    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        refuse(f"{{label}} terlalu besar (maksimal {_megabytes(max_bytes)}).", "too_large")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        refuse(f"{{label}} terlalu besar (maksimal {_megabytes(max_bytes)}).", "too_large")
    if not data:
        refuse("{label} kosong.", "empty")
    wrong_kind = _wrong_kind(kinds)
    if data.startswith(b"%PDF-"):
        if "pdf" not in kinds:
            refuse(wrong_kind, "format")
        problem = _pdf_problem(data)
        if problem:
            refuse(PDF_PROBLEMS[problem], problem)
        return CheckedFile(data, kind="pdf")
    image_kinds = set(kinds) & set(IMAGE_KIND_FORMATS)
    if not image_kinds:
        refuse(wrong_kind, "format")
    return _clean_image(data, image_kinds, refuse=refuse, wrong_kind=wrong_kind)


def _megabytes(n: int) -> str:
    return f"{n / MB:g} MB" if n >= MB else f"{n // 1024} KB"


# Verdicts this process has reached, by the PDF's SHA-256 (most recent last). The parse is
# deterministic, so the same bytes always get the same verdict; the child costs ~0.1 s to
# start (a Python process importing pikepdf) before it reads a byte, which an applicant
# re-sending the same file, a form shown again after another field's error (the service
# checks once more), or a test suite uploading its one sample PDF pays for nothing.
# "uncheckable" is never kept: a busy machine may have caused it.
_PDF_VERDICTS: "OrderedDict[str, str]" = OrderedDict()
_PDF_VERDICTS_MAX = 256
_PDF_VERDICTS_LOCK = threading.Lock()


def _pdf_problem(data: bytes) -> str:
    from .bounded import LimitExceeded, run_bounded

    key = hashlib.sha256(data).hexdigest()
    with _PDF_VERDICTS_LOCK:
        if key in _PDF_VERDICTS:
            _PDF_VERDICTS.move_to_end(key)
            return _PDF_VERDICTS[key]
    try:
        problem = run_bounded("pdf_problems", data)["problem"]
    except LimitExceeded:
        return "uncheckable"
    with _PDF_VERDICTS_LOCK:
        _PDF_VERDICTS[key] = problem
        if len(_PDF_VERDICTS) > _PDF_VERDICTS_MAX:
            _PDF_VERDICTS.popitem(last=False)
    return problem


def _clean_image(data: bytes, kinds: set[str], *, refuse, wrong_kind: str) -> CheckedFile:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        # formats= keeps Pillow from trying its other decoders (EPS, PSD, ...) on the bytes.
        with Image.open(BytesIO(data), formats=list(IMAGE_KINDS)) as image:
            kind = IMAGE_KINDS[image.format]
            if kind not in kinds:
                refuse(wrong_kind, "format")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                refuse(
                    f"{{label}}: resolusi gambar terlalu besar ({width} x {height} piksel; "
                    f"maksimal {MAX_IMAGE_PIXELS // 1_000_000} megapiksel).",
                    "too_many_pixels",
                )
            with _strict_decoding():
                image.load()  # decodes it all: a truncated file fails here
            clean = _pixels_only(ImageOps.exif_transpose(image), kind)
    except Image.DecompressionBombError:
        refuse(TOO_MANY_PIXELS, "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        refuse(wrong_kind, "format")
    out = BytesIO()
    options = {"quality": 90} if kind in ("jpg", "webp") else {}
    clean.save(out, format=IMAGE_KIND_FORMATS[kind], **options)
    return CheckedFile(out.getvalue(), kind=kind, width=clean.width, height=clean.height)


@contextmanager
def _strict_decoding():
    """Pillow refuses a truncated image here whatever the process set: importing WeasyPrint
    turns `ImageFile.LOAD_TRUNCATED_IMAGES` on for the whole process, after which a
    truncated upload would load as a partly grey picture."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _pixels_only(image, kind: str):
    """A new image holding only `image`'s pixels (first frame), in a mode `kind` can store:
    no Exif, XMP, ICC profile, text chunks or comments come along."""
    from PIL import Image

    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    keep = {"jpg": {"L", "RGB"}, "png": {"1", "L", "LA", "RGB", "RGBA"}, "webp": {"RGB", "RGBA"}}[kind]
    if image.mode not in keep:
        image = image.convert("RGBA" if "A" in image.mode and kind != "jpg" else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


class UploadRule:
    """One upload field's rule: what it takes and up to what size. The form checks with it
    (the error shows on the field), the service again before storing (a no-op for a file
    the form already cleaned)."""

    def __init__(self, label: str, *, kinds, max_bytes: int):
        self.label, self.kinds, self.max_bytes = label, frozenset(kinds), max_bytes

    def check(self, upload, *, field: str | None = None) -> CheckedFile:
        return check_upload(upload, kinds=self.kinds, max_bytes=self.max_bytes, label=self.label, field=field)

    @property
    def accept(self) -> str:
        return accept_attribute(self.kinds)

    @property
    def help_text(self) -> str:
        """'PDF atau gambar (PNG, JPEG), maksimal 5 MB.'"""
        kinds = kinds_text(self.kinds)
        return f"{kinds[0].upper()}{kinds[1:]}, maksimal {_megabytes(self.max_bytes)}."


def safe_display_name(name: str) -> str:
    """The uploaded file's name, for display only (never a storage name): base name, no
    control or format characters, at most 120 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C",))
    return base.strip()[:120] or "berkas"


def digest(checked: CheckedFile) -> tuple[int, str]:
    """(size in bytes, SHA-256 hex) of a checked file; leaves it at its start."""
    checked.seek(0)
    content = checked.read()
    checked.seek(0)
    return len(content), hashlib.sha256(content).hexdigest()


@contextmanager
def stored(fieldfile, checked: CheckedFile, *, folder: str):
    """Store `checked` in `fieldfile`'s storage as <folder>/<random>.<kind> and set the field
    to it; the block then saves the row. If the block raises, the file is removed again, so
    a refused row leaves no orphan file."""
    name = fieldfile.storage.save(f"{folder}/{uuid.uuid4().hex}.{checked.extension}", checked)
    fieldfile.name = name
    try:
        yield name
    except BaseException:
        fieldfile.storage.delete(name)
        raise
