"""TUK verifications as an expiry source for the reminders (X-3, SE-A4.3): a verified TUK is
reminded 90, 30 and 7 days before `berlaku_sampai`, to its person in charge, the linked
Pengelola TUK account and whoever manages the register (akun.manage_tuk)."""

from akun.selectors import emails_with_right
from lsp_portal.reminders import Kedaluwarsa, horizon

from .models import Tuk


def expiring_verifications():
    """Verified TUK whose validity ends by the horizon, expired ones included."""
    return Tuk.objects.filter(status=Tuk.Status.TERVERIFIKASI, berlaku_sampai__lte=horizon())


def verifikasi_expiries() -> list[Kedaluwarsa]:
    """The reminders of expiring_verifications(). One query, two when there are any."""
    rows = expiring_verifications().select_related("pengelola")
    if not rows:
        return []
    managers = emails_with_right("manage_tuk")
    return [
        Kedaluwarsa(
            key=f"tuk.verifikasi:{tuk.pk}",
            judul=f"Verifikasi {tuk.kode} {tuk.nama}",
            tanggal=tuk.berlaku_sampai,
            url=tuk.get_absolute_url(),
            hak="use_tuk",
            penerima=tuple(
                sorted(
                    {e for e in (tuk.penanggung_jawab_email, tuk.pengelola and tuk.pengelola.email) if e}
                    | set(managers)
                )
            ),
        )
        for tuk in rows
    ]
