"""Changes that take effect only with the Ketua's signature (SE-A4.5, X-11).

A correction or a void must not let one administrator alone rewrite what the LSP has issued.
A correction is a new version that its parties sign again, and the version it corrects stays
in force until they have: so a certificate or an SK (which the Ketua signs) is superseded only
by the Ketua's signature. A record of a kind nobody signs (a dossier) has no party to sign its
correction, so the new version is given one signer, the Ketua. Voiding a final record of
either sort (nobody signs it, or the Ketua does) files a request, a small record of kind
PERSETUJUAN-PEMBATALAN about the record, which the Ketua signs through `dokumen_sign`; the
void happens in that signature's transaction, with both people on it (the requester issued
the request, the Ketua signed it and is the void's actor).

Nothing here issues a record (see issuing.py); `apply_on_final` is what `finalize` calls.
"""

from django.contrib.contenttypes.models import ContentType

from akun.models import Role, User
from lsp_portal.workflow import transition

from ..models import Dokumen, JenisDokumen
from .common import RecordError

VOID_REQUEST = "PERSETUJUAN-PEMBATALAN"
KETUA = {"pihak": "ketua", "label": "Ketua/Direktur LSP"}
KETUA_APPROVES_CORRECTION = {"pihak": "ketua", "label": "Ketua/Direktur LSP (persetujuan koreksi)"}


def change_needs_ketua(jenis: JenisDokumen) -> bool:
    """Whether correcting or voiding a final record of this kind needs the Ketua's signature:
    kinds nobody signs (their records are final at once) and kinds the Ketua signs
    (certificates, SKs, SPTs). Other kinds' corrections are signed again by their parties."""
    parties = [p["pihak"] for p in jenis.penandatangan]
    return not parties or KETUA["pihak"] in parties


def approving_ketua() -> User:
    """The Ketua who signs approvals: the active holder of the Ketua role (the first by name
    if the LSP has several). Raises RecordError when there is none."""
    ketua = (
        User.objects.filter(is_active=True, groups__role__code=Role.Code.KETUA)
        .order_by("nama_lengkap", "pk")
        .first()
    )
    if ketua is None:
        raise RecordError(
            "Belum ada Ketua/Direktur LSP yang aktif untuk menyetujui perubahan ini; "
            "tetapkan dulu di halaman peran."
        )
    return ketua


def pending_void_request(dokumen: Dokumen) -> Dokumen | None:
    """The request to void `dokumen` that waits for the Ketua's signature, if any."""
    return (
        Dokumen.objects.filter(
            jenis__kode=VOID_REQUEST,
            subject_type=ContentType.objects.get_for_model(Dokumen),
            subject_id=str(dokumen.pk),
            status=Dokumen.Status.DRAFT,
        )
        .order_by("pk")
        .first()
    )


def pending_correction(dokumen: Dokumen) -> Dokumen | None:
    """A newer version of `dokumen` that still waits for signatures, if any."""
    return (
        Dokumen.objects.filter(seri=dokumen.seri, versi__gt=dokumen.versi, status=Dokumen.Status.DRAFT)
        .order_by("versi")
        .first()
    )


def refuse_while_pending(dokumen: Dokumen) -> None:
    """One change at a time: a correction or a void request waiting for signatures must be
    signed or withdrawn (voided, as a draft) before another is made."""
    newer = pending_correction(dokumen)
    if newer is not None:
        raise RecordError(
            f"Versi {newer.versi} dokumen ini masih menunggu tanda tangan. Tunggu sampai ditandatangani, "
            "atau batalkan versi itu lebih dulu."
        )
    request = pending_void_request(dokumen)
    if request is not None:
        raise RecordError(
            f"Pembatalan dokumen ini sudah diajukan ({request.nomor or f'#{request.pk}'}) dan menunggu "
            "tanda tangan Ketua/Direktur LSP."
        )


def apply_on_final(dokumen: Dokumen, *, actor: User) -> None:
    """Called by `finalize` in the transaction that makes `dokumen` final: a signed void
    request voids its record; a signed correction supersedes the versions it corrects.
    Raises RecordError (rolling the signature back) when the record to void is no longer
    final."""
    if dokumen.jenis.kode == VOID_REQUEST:
        _void_requested(dokumen, actor=actor)
    elif dokumen.versi > 1:
        earlier = Dokumen.objects.select_for_update(of=("self",)).filter(
            seri=dokumen.seri, versi__lt=dokumen.versi, status=Dokumen.Status.FINAL
        )
        for old in earlier:
            transition(
                old,
                Dokumen.Status.SUPERSEDED,
                actor=actor,
                note=(
                    f"digantikan versi {dokumen.versi}, dikoreksi oleh {dokumen.diterbitkan_oleh}: "
                    f"{dokumen.alasan_perubahan}"
                ),
            )


def _void_requested(request: Dokumen, *, actor: User) -> None:
    target = (
        Dokumen.objects.select_for_update(of=("self",))
        .select_related("jenis")
        .filter(pk=int(request.subject_id))
        .first()
    )
    if target is None or target.status != Dokumen.Status.FINAL:
        state = target.get_status_display().lower() if target else "tidak ditemukan"
        raise RecordError(
            f"Dokumen yang diminta dibatalkan kini {state}; pembatalan tidak dapat diterapkan. "
            "Batalkan permintaan ini."
        )
    transition(
        target,
        Dokumen.Status.VOID,
        actor=actor,
        note=(
            f"dibatalkan atas permintaan {request.diterbitkan_oleh} ({request.nomor or f'#{request.pk}'}), "
            f"disetujui {actor}: {request.data.get('alasan', '')}"
        ),
    )
