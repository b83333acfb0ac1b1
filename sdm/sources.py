"""The expiry sources SDM registers with lsp_portal.reminders (X-3): competency certificates (the
asesor's and the IT staff's), MET registrations, maintenance contracts, and the LSP's own BNSP
licence. One query each, whatever the number of people."""

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.urls import reverse

from akun.selectors import emails_with_right
from lsp_portal.reminders import Kedaluwarsa, horizon, today

from .models import Asesor, KontrakPemeliharaan, Personel, SertifikatKompetensi


def _active_personel():
    return Personel.objects.active_on(today()).values("pk")


def expiring_sertifikat():
    """Certificates of active personnel ending by the horizon; a certificate replaced by a
    later one of the same kind and field (a renewal) no longer counts."""
    renewed = SertifikatKompetensi.objects.filter(
        personel=OuterRef("personel"),
        jenis=OuterRef("jenis"),
        bidang__iexact=OuterRef("bidang"),
        berlaku_sampai__gt=OuterRef("berlaku_sampai"),
    )
    return SertifikatKompetensi.objects.filter(
        berlaku_sampai__lte=horizon(), personel__in=_active_personel()
    ).exclude(Exists(renewed))


def expiring_met():
    """Asesor of active personnel whose MET registration ends by the horizon."""
    return Asesor.objects.filter(met_berlaku_sampai__lte=horizon(), personel__in=_active_personel())


def sertifikat_expiries() -> list[Kedaluwarsa]:
    rows = expiring_sertifikat().select_related("personel__user")
    return [
        Kedaluwarsa(
            key=f"sdm.sertifikat:{s.pk}",
            judul=f"{s.get_jenis_display()} {s.bidang} milik {s.personel.nama} (no. {s.nomor})",
            tanggal=s.berlaku_sampai,
            url=s.personel.get_absolute_url(),
            penerima=s.personel.contact_emails(),
            hak="use_sdm",
        )
        for s in rows
    ]


def met_expiries() -> list[Kedaluwarsa]:
    rows = expiring_met().select_related("personel__user")
    return [
        Kedaluwarsa(
            key=f"sdm.met:{a.pk}",
            judul=f"Registrasi MET {a.nomor_met} asesor {a.personel.nama}",
            tanggal=a.met_berlaku_sampai,
            url=a.personel.get_absolute_url(),
            penerima=a.personel.contact_emails(),
            hak="use_sdm",
        )
        for a in rows
    ]


def kontrak_expiries() -> list[Kedaluwarsa]:
    """Maintenance contracts (SE-A2.1) ending by the horizon, unless a later contract of the
    same person replaced them."""
    renewed = KontrakPemeliharaan.objects.filter(
        personel=OuterRef("personel"), tanggal_selesai__gt=OuterRef("tanggal_selesai")
    )
    rows = (
        KontrakPemeliharaan.objects.filter(tanggal_selesai__lte=horizon(), personel__in=_active_personel())
        .exclude(Exists(renewed))
        .select_related("personel__user")
    )
    return [
        Kedaluwarsa(
            key=f"sdm.kontrak:{k.pk}",
            judul=f"Kontrak pemeliharaan sistem {k.nomor_kontrak} dengan {k.nama_vendor}",
            tanggal=k.tanggal_selesai,
            url=k.personel.get_absolute_url(),
            penerima=k.personel.contact_emails(),
            hak="use_sdm",
        )
        for k in rows
    ]


def lisensi_expiries() -> list[Kedaluwarsa]:
    """The LSP's BNSP licence (portal.Lisensi), read only; its e-mail also goes to whoever
    edits the portal (akun.manage_portal). Read through the app registry: the portal reads
    sdm, so sdm does not import the portal."""
    Lisensi = apps.get_model("portal", "Lisensi")
    lisensi = Lisensi.objects.filter(tanggal_kedaluwarsa__lte=horizon()).order_by("pk").first()
    if lisensi is None:
        return []
    return [
        Kedaluwarsa(
            key=f"portal.lisensi:{lisensi.pk}",
            judul=f"Lisensi BNSP {lisensi.nomor_sk}",
            tanggal=lisensi.tanggal_kedaluwarsa,
            url=reverse("portal:lisensi-edit"),
            penerima=emails_with_right("manage_portal"),
            hak="manage_portal",
        )
    ]


SOURCES = [sertifikat_expiries, met_expiries, kontrak_expiries, lisensi_expiries]
