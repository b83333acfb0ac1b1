"""Public verification of an uploaded PDF against the issued record (X-11).

Anyone may upload here, so the file is compared by its hash first: the genuine file of this
record or of another one is answered without parsing a byte of it. Only a file we did not
issue is read, and then in a child process with a memory and time limit
(`lsp_portal.seal.verify_untrusted_seal`), so a decompression bomb costs the server nothing.
"""

from ..models import Dokumen
from ..verification_code import code_for, token_prefix
from .common import sha256_hex

UNCHECKABLE = (
    "Berkas tidak dapat diperiksa: isinya terlalu besar atau terlalu rumit untuk dibaca. "
    "Berkas ini bukan dokumen yang diterbitkan LSP ini; unggah berkas PDF asli yang Anda terima."
)


def verify_upload(*, dokumen: Dokumen, content: bytes) -> dict:
    """Compare an uploaded PDF with the issued record: byte for byte, then by its seal.
    Returns {"ok", "digest", "message"}; never raises for the file's content."""
    digest = sha256_hex(content)
    if dokumen.pdf_sha256 and digest == dokumen.pdf_sha256:
        # The file we issued, sealed when it was made: nothing to parse.
        message = "Berkas identik byte demi byte dengan dokumen yang diterbitkan, dan segelnya utuh."
        in_force = dokumen.status == Dokumen.Status.FINAL
        if not in_force:  # the genuine file of a voided or superseded record is no longer valid
            message += (
                f" Namun dokumen ini berstatus {dokumen.get_status_display().lower()} "
                "sehingga tidak berlaku lagi."
            )
        return {"ok": in_force, "digest": digest, "message": message}
    other = Dokumen.objects.filter(pdf_sha256=digest).select_related("jenis").first()
    if other is not None:
        message = (
            f"Berkas ini bukan dokumen yang Anda buka, melainkan {other.jenis.kode} "
            f"{other.nomor or ''} versi {other.versi}."
        )
        return {"ok": False, "digest": digest, "message": message}
    from lsp_portal.seal import SealUncheckable, verify_untrusted_seal

    try:
        seal = verify_untrusted_seal(content)
    except SealUncheckable:
        return {"ok": False, "digest": digest, "message": UNCHECKABLE, "uncheckable": True}
    if seal.sealed and not seal.intact:
        message = "Berkas TIDAK SAH: isinya telah diubah setelah disegel."
    elif seal.sealed and not seal.trusted:
        message = "Berkas TIDAK SAH: segelnya bukan segel elektronik LSP ini."
    else:
        message = "Berkas TIDAK SAH: tidak sama dengan dokumen yang diterbitkan."
    return {"ok": False, "digest": digest, "message": message}


def dokumen_by_kode(kode: str) -> Dokumen | None:
    """The record whose printed verification code is `kode` (normalized, see
    administrasi.verification_code), or None. One indexed query on the token's prefix."""
    candidates = Dokumen.objects.filter(token__startswith=token_prefix(kode)).only("token")[:8]
    # The prefix fixes 78 of the code's 80 bits (and SQLite's LIKE ignores case): compare all.
    return next((d for d in candidates if code_for(d.token) == kode), None)
