"""Permission-matrix rows for every `sdm` URL (SE-A4.4). sdm:home is in the main matrix.

akun.use_sdm: admin_lsp, manajer, ketua (views); akun.manage_sdm: admin_lsp, ketua (edits).
An asesor sees their own profile (the rows' object belongs to the `asesor` persona) and gets
404 for anyone else's; people without the right get 403."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.hostile_files import valid_pdf
from tests.matrix import SIGNED_IN, Row, only

SDM_VIEW = {"admin_lsp", "manajer", "ketua"}
SDM_MANAGE = {"admin_lsp", "ketua"}
PDF = valid_pdf()  # a whole PDF: the upload check parses it


def _own_or_staff(*, asesor=200, asesor_lain=404, ok=200):
    """Staff with use_sdm and the owner (`asesor`) see it; asesor_lain gets `asesor_lain`."""
    statuses = only(SDM_VIEW, ok=ok)
    statuses.update(asesor=asesor, asesor_lain=asesor_lain)
    return statuses


def _asesor(c):
    """The `asesor` persona's own profile (MET valid until 2030, no scheme), made by the admin
    through the services."""
    from sdm.models import Asesor
    from tests.sertifikasi.world import asesor_profile

    found = Asesor.objects.filter(personel__user=c["asesor"]).first()
    if found:
        return found
    return asesor_profile(c["asesor"], admin=c["admin_lsp"], met="MET.000.999999.2024")


def _sertifikat(c):
    from sdm import services

    return services.sertifikat_create(
        personel=_asesor(c).personel,
        actor=c["admin_lsp"],
        berkas=SimpleUploadedFile("s.pdf", PDF),
        jenis="bidang",
        nomor="CERT-MATRIKS",
        bidang="Junior Web Developer",
        penerbit="BNSP",
        tanggal_terbit=dt.date(2024, 1, 1),
        berlaku_sampai=dt.date(2027, 1, 1),
    )


def _kontrak(c):
    """A vendor's maintenance contract (nobody's own: asesors get 404)."""
    from sdm import services

    vendor = services.personel_create(
        actor=c["admin_lsp"],
        user=None,
        nama="Kontak Vendor",
        fungsi="pemelihara_si",
        jabatan="Vendor",
        nik="",
        telepon="",
        email="",
        aktif_dari=dt.date(2020, 1, 1),
        aktif_sampai=None,
    )
    return services.kontrak_create(
        personel=vendor,
        actor=c["admin_lsp"],
        berkas=SimpleUploadedFile("k.pdf", PDF),
        nama_vendor="PT Vendor",
        nomor_kontrak="KTR-MATRIKS",
        tanggal_mulai=dt.date(2025, 1, 1),
        tanggal_selesai=dt.date(2027, 1, 1),
        memuat_klausul_pemeliharaan=True,
    )


# Own pages: the asesor (and staff who open SDM) get them; a signed-in asesor without a
# profile sees a page telling them to contact the admin; others 403.
OWN_PAGES = {
    "anon": 302,
    **{p: 200 if p in SDM_VIEW | {"asesor", "asesor_lain", "superuser"} else 403 for p in SIGNED_IN},
}

ROWS = {
    "sdm:personel-list": Row(only(SDM_VIEW)),
    "sdm:personel-create": Row(only(SDM_MANAGE)),
    "sdm:personel-detail": Row(
        _own_or_staff(), url=lambda c: reverse("sdm:personel-detail", args=[_asesor(c).personel.pk])
    ),
    "sdm:personel-edit": Row(
        only(SDM_MANAGE), url=lambda c: reverse("sdm:personel-edit", args=[_asesor(c).personel.pk])
    ),
    "sdm:asesor-edit": Row(
        only(SDM_MANAGE), url=lambda c: reverse("sdm:asesor-edit", args=[_asesor(c).personel.pk])
    ),
    "sdm:sertifikat-create": Row(
        only(SDM_MANAGE), url=lambda c: reverse("sdm:sertifikat-create", args=[_asesor(c).personel.pk])
    ),
    "sdm:sertifikat-edit": Row(
        only(SDM_MANAGE), url=lambda c: reverse("sdm:sertifikat-edit", args=[_sertifikat(c).pk])
    ),
    "sdm:sertifikat-berkas": Row(
        _own_or_staff(), url=lambda c: reverse("sdm:sertifikat-berkas", args=[_sertifikat(c).pk])
    ),
    "sdm:kontrak-create": Row(
        only(SDM_MANAGE), url=lambda c: reverse("sdm:kontrak-create", args=[_kontrak(c).personel_id])
    ),
    "sdm:kontrak-edit": Row(
        only(SDM_MANAGE), url=lambda c: reverse("sdm:kontrak-edit", args=[_kontrak(c).pk])
    ),
    "sdm:kontrak-berkas": Row(
        _own_or_staff(asesor=404), url=lambda c: reverse("sdm:kontrak-berkas", args=[_kontrak(c).pk])
    ),
    "sdm:asesor-list": Row(only(SDM_VIEW)),
    "sdm:sistem-informasi": Row(only(SDM_VIEW)),
    # The asesor with a profile is sent on to it (302); without one, the explaining page.
    "sdm:saya": Row({**OWN_PAGES, "asesor": 302}, url=lambda c: _asesor(c) and reverse("sdm:saya")),
    "sdm:deklarasi": Row(OWN_PAGES, url=lambda c: _asesor(c) and reverse("sdm:deklarasi")),
}
