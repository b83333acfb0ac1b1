"""Public verification of an uploaded PDF against the issued record."""

from ..models import Dokumen
from .common import sha256_hex


def verify_upload(*, dokumen: Dokumen, content: bytes) -> dict:
    """Compare an uploaded PDF with the issued record: byte for byte, and by its seal."""
    from lsp_portal.seal import verify_seal

    digest = sha256_hex(content)
    seal = verify_seal(content)
    if dokumen.pdf_sha256 and digest == dokumen.pdf_sha256:
        message = (
            "Berkas identik byte demi byte dengan dokumen yang diterbitkan, dan segelnya utuh."
            if seal.ok
            else "Berkas identik dengan dokumen yang diterbitkan."
        )
        in_force = dokumen.status == Dokumen.Status.FINAL
        if not in_force:  # the genuine file of a voided or superseded record is no longer valid
            message += (
                f" Namun dokumen ini berstatus {dokumen.get_status_display().lower()} "
                "sehingga tidak berlaku lagi."
            )
        return {"ok": in_force, "digest": digest, "seal": seal, "message": message}
    other = Dokumen.objects.filter(pdf_sha256=digest).select_related("jenis").first() if seal.ok else None
    if other is not None:
        message = (
            f"Berkas ini bukan dokumen yang Anda buka, melainkan {other.jenis.kode} "
            f"{other.nomor or ''} versi {other.versi}."
        )
    elif seal.sealed and not seal.intact:
        message = "Berkas TIDAK SAH: isinya telah diubah setelah disegel."
    elif seal.sealed and not seal.trusted:
        message = "Berkas TIDAK SAH: segelnya bukan segel elektronik LSP ini."
    else:
        message = "Berkas TIDAK SAH: tidak sama dengan dokumen yang diterbitkan."
    return {"ok": False, "digest": digest, "seal": seal, "message": message}
