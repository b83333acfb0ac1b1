"""Permission-matrix rows of the register of certificate holders (views_publik,
views_sertifikat's register; SE-A4.12, X-1).

The public pages answer everyone the same, signed in or not: the search, the verification
by number, a certificate's page. The staff register: whoever sees every certificate
(sertifikasi staff: admin_lsp, manajer, komite, ketua; and the Auditor Internal); its .xlsx
export: manage_sertifikat (admin_lsp, manajer, ketua). Others 403."""

import datetime as dt

from django.urls import reverse

from tests.matrix import PUBLIC, Row, only

REGISTER = {"admin_lsp", "manajer", "komite", "ketua", "auditor"}
EXPORT = {"admin_lsp", "manajer", "ketua"}


def _sertifikat(c):
    """An issued certificate of the older register (sumber impor) for the sample scheme."""
    from muk.demo import seed_sample_scheme
    from sertifikasi.models import Sertifikat

    found = Sertifikat.objects.filter(nomor="00001/SERT/LSP/2025").first()
    if found:
        return found
    skema = seed_sample_scheme(actor=c["manajer"])
    return Sertifikat.objects.create(
        nama="Pemegang Matriks",
        nik="3273015505950001",
        skema=skema,
        skema_kode=skema.kode,
        skema_judul=skema.judul,
        nomor="00001/SERT/LSP/2025",
        tanggal_terbit=dt.date(2025, 1, 10),
        berlaku_sampai=dt.date(2099, 1, 10),
        terbit=True,
        sumber=Sertifikat.Sumber.IMPOR,
    )


ROWS = {
    "sertifikat_publik:cari": Row(PUBLIC),
    "sertifikat_publik:periksa": Row(PUBLIC),
    "sertifikat_publik:detail": Row(
        PUBLIC, url=lambda c: reverse("sertifikat_publik:detail", args=[_sertifikat(c).token])
    ),
    "sertifikasi:sertifikat-list": Row(only(REGISTER)),
    "sertifikasi:sertifikat-ekspor": Row(only(EXPORT)),
}
