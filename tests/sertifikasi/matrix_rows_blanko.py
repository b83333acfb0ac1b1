"""Permission-matrix rows for the BNSP blanko list (X-2) and the start of a re-certification
(FLOW.md state 18).

- blanko (a batch's .xlsx): manage_sertifikat holders (admin_lsp, manajer, ketua) are let in;
  the batch here has no pleno, so they are sent back to the batch page with the reason (302;
  the download itself: tests/sertifikasi/test_blanko.py). Everyone else 403 (the list carries
  NIKs), anonymous to the login page.
- blanko-kolom (the column editor): manage_sertifikat holders 200, others 403.
- sertifikasi-ulang: the holder of the certificate (the `asesi` persona) 200; anyone else 404
  (another person's certificate is not leaked), anonymous to the login page. The certificate
  is one of the older register, as its import records it (no record, `sumber` impor): the
  import's own service belongs to the register's step.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.matrix import SIGNED_IN, Row, only

from .world import demo_scheme, persona_asesor, persona_batch

MANAGE_SERTIFIKAT = {"admin_lsp", "manajer", "ketua"}


def _batch(c):
    from sertifikasi.models import Jadwal

    found = Jadwal.objects.filter(nama="Batch Blanko Matriks").first()
    if found:
        return found
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.777777.2024")
    return persona_batch(c, skema, asesor, nama="Batch Blanko Matriks")


def _certificate(c):
    """An issued certificate of the `asesi` persona, imported from the older register."""
    from sertifikasi.models import Sertifikat

    from .conftest import bare_skema

    found = Sertifikat.objects.filter(pemegang=c["asesi"]).first()
    if found:
        return found
    skema = bare_skema(c["manajer"], "SKM/MATRIKS/ULANG", "Skema Sertifikasi Ulang Matriks")
    terbit = timezone.localdate() - dt.timedelta(days=900)
    return Sertifikat.objects.create(
        pemegang=c["asesi"],
        nama="Asesi Matriks",
        skema=skema,
        skema_kode=skema.kode,
        skema_judul=skema.judul,
        nomor="MATRIKS/ULANG/0001",
        tanggal_terbit=terbit,
        berlaku_sampai=terbit + dt.timedelta(days=3 * 365),
        terbit=True,
        sumber=Sertifikat.Sumber.IMPOR,
    )


ROWS = {
    "sertifikasi:blanko": Row(
        only(MANAGE_SERTIFIKAT, ok=302),
        url=lambda c: reverse("sertifikasi:blanko", args=[_batch(c).pk]),
    ),
    "sertifikasi:blanko-kolom": Row(only(MANAGE_SERTIFIKAT)),
    "sertifikasi:sertifikasi-ulang": Row(
        {"anon": 302, **{p: 200 if p == "asesi" else 404 for p in SIGNED_IN}},
        url=lambda c: reverse("sertifikasi:sertifikasi-ulang", args=[_certificate(c).pk]),
    ),
}
