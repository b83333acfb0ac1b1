"""Re-certification (FLOW.md state 18): the holder of a certificate starts a new application
for the same scheme with tujuan Sertifikasi ulang, linked to the certificate it renews; from
there it is the same path as any application (state 1 on).

- sertifikasi_ulang_refusal: why the holder may not start one now (and the open application
  that stands in the way, to link to).
- sertifikasi_ulang_start: the draft, through permohonan_create.
"""

from dataclasses import dataclass

from django.db import transaction

from akun.audit import acting_as
from akun.models import User

from ..models import Permohonan, Sertifikat
from .common import JourneyError
from .permohonan import permohonan_create, skema_open_refusal


@dataclass(frozen=True)
class Penolakan:
    """Why a re-certification cannot start: the message, and the open application of the
    same scheme when that is the reason (None otherwise)."""

    pesan: str
    permohonan: Permohonan | None = None


def sertifikasi_ulang_refusal(sertifikat: Sertifikat, user: User) -> Penolakan | None:
    """Why `user` may not start a re-certification of `sertifikat` now, or None. Refused: not
    the holder; the certificate not issued yet, or revoked (X-1: revocation is final; a new
    certification is a new application); already renewed by a re-certification that ended
    kompeten; an open application of the user for the scheme (returned, to link to); the
    scheme closed for applications (services.skema_open_refusal). A suspended or expired
    certificate may be renewed. Two to four queries."""
    if not (user and user.is_authenticated) or sertifikat.pemegang_id != user.pk:
        return Penolakan("Hanya pemegang sertifikat yang dapat mengajukan sertifikasi ulang atasnya.")
    if not sertifikat.terbit:
        return Penolakan("Sertifikat ini belum terbit.")
    if sertifikat.status == Sertifikat.Status.DICABUT:
        return Penolakan(
            f"Sertifikat {sertifikat.nomor} telah dicabut sehingga tidak dapat diperpanjang melalui "
            "sertifikasi ulang. Anda dapat mengajukan permohonan sertifikasi baru."
        )
    renewed = (
        Permohonan.objects.filter(sertifikat_lama=sertifikat, status=Permohonan.Status.KOMPETEN)
        .order_by("-pk")
        .first()
    )
    if renewed is not None:
        return Penolakan(
            f"Sertifikat {sertifikat.nomor} sudah diperpanjang melalui sertifikasi ulang "
            f"(permohonan #{renewed.pk})."
        )
    existing = (
        Permohonan.objects.filter(asesi=user, skema_id=sertifikat.skema_id)
        .exclude(status__in=Permohonan.CLOSED)
        .select_related("skema")
        .first()
    )
    if existing is not None:
        return Penolakan(
            f"Anda masih memiliki permohonan untuk skema {existing.skema.kode} "
            f"({existing.get_status_display().lower()}). Selesaikan permohonan itu lebih dahulu.",
            existing,
        )
    refusal = skema_open_refusal(sertifikat.skema)
    if refusal:
        return Penolakan(f"Skema ini sedang tidak menerima permohonan: {refusal}")
    return None


@transaction.atomic
def sertifikasi_ulang_start(*, sertifikat: Sertifikat, actor: User) -> Permohonan:
    """A draft application of the holder `actor` for the certificate's scheme with tujuan
    Sertifikasi ulang and `sertifikat_lama` = `sertifikat` (FLOW.md state 18), prefilled as
    permohonan_create prefills. Refused (JourneyError, nothing saved): every reason of
    sertifikasi_ulang_refusal (code "open" when an open application stands in the way);
    permohonan_create's own refusals. Not idempotent: a repeat is refused, the first draft
    being open."""
    sertifikat = Sertifikat.objects.select_related("skema").get(pk=sertifikat.pk)
    refusal = sertifikasi_ulang_refusal(sertifikat, actor)
    if refusal is not None:
        raise JourneyError(refusal.pesan, code="open" if refusal.permohonan else "refused")
    permohonan = permohonan_create(asesi=actor, skema=sertifikat.skema, actor=actor)
    permohonan.tujuan = Permohonan.Tujuan.SERTIFIKASI_ULANG
    permohonan.tujuan_lainnya = ""
    permohonan.sertifikat_lama = sertifikat
    with acting_as(actor):
        permohonan.save(update_fields=["tujuan", "tujuan_lainnya", "sertifikat_lama", "updated_at"])
    return permohonan
