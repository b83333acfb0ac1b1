"""Permission-matrix rows for the certificate pages (SE-A4.12, X-1).

The object: a certificate held by the `asesi` persona, issued as the SK keputusan issues one
(a SERTIFIKAT record numbered by the records engine, the register row pointing at it),
signed by the `ketua` persona (the record hook puts it in the register) and its sealed PDF
made as the Celery task makes it. The pleno before it is not rebuilt here (test_pleno.py).

- sertifikat-saya: every signed-in person (their own list, empty for most).
- sertifikat, sertifikat-unduh: the holder, sertifikasi staff and the Auditor Internal
  (visible_sertifikat); anyone else 404 (no leak).
- sertifikat-status: the revoke right (Ketua); others who see it 403; the rest 404.
- sertifikat-registrasi: the register managers (Admin LSP, Manajer, Ketua); others who see it
  403; the rest 404.
- the two imports and their templates: the register managers; other signed-in 403.
"""

import os

from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN, Row, only

MANAGERS = {"admin_lsp", "manajer", "ketua"}  # manage_sertifikat
SEES_ALL = {"admin_lsp", "manajer", "komite", "ketua", "auditor", "superuser"}  # visible_sertifikat


def _sertifikat(c):
    """The `asesi` persona's certificate, final, with its PDF; made once per context."""
    if "sertifikat" in c:
        return c["sertifikat"]
    from decimal import Decimal

    from administrasi import services as records
    from administrasi.services import add_years
    from muk import services as muk_services
    from sertifikasi.models import Sertifikat

    skema = muk_services.skema_create(
        actor=c["ketua"],
        kode="SKM/MATRIKS/SERT",
        judul="Skema Matriks Sertifikat",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("900000"),
    )
    today = timezone.localdate()
    sertifikat = Sertifikat(
        pemegang=c["asesi"],
        nama="Asesi Matriks",
        nik="3273011509900005",
        skema=skema,
        skema_kode=skema.kode,
        skema_judul=skema.judul,
        tanggal_terbit=today,
        berlaku_sampai=add_years(today, 3),
    )
    dokumen = records.dokumen_issue(
        kode="SERTIFIKAT",
        subject=c["asesi"],
        judul="Sertifikat Asesi Matriks",
        data={
            "pemegang": {"nama": sertifikat.nama, "skema": skema.judul, "nomor_skema": skema.kode},
            "tautan_publik": sertifikat.get_public_url(),
        },
        signers={"ketua": c["ketua"]},
        actor=c["manajer"],
        skema=skema,
    )
    sertifikat.dokumen = dokumen
    sertifikat.nomor = dokumen.nomor
    sertifikat.save()
    records.dokumen_sign(dokumen=dokumen, signer=c["ketua"], secret=PASSWORD, consent=True)
    records.dokumen_render_pdf(dokumen_id=dokumen.pk)
    c["sertifikat"] = Sertifikat.objects.get(pk=sertifikat.pk)
    assert c["sertifikat"].terbit
    return c["sertifikat"]


def _url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_sertifikat(c).pk])


def _row(expect, name):
    """A row of the certificate's own pages: one certificate for the run of them (Row.world)."""
    return Row(expect, url=_url(name), world=_sertifikat)


def _statuses(allowed: set, *, ok=200) -> dict:
    """The holder and those who see every certificate: `ok` if in `allowed` (superuser
    always), else 403; anyone else 404; anonymous 302."""
    statuses = {"anon": 302}
    for persona in SIGNED_IN:
        if persona in allowed or persona == "superuser":
            statuses[persona] = ok
        elif persona == "asesi" or persona in SEES_ALL:
            statuses[persona] = 403
        else:
            statuses[persona] = 404
    return statuses


# Download: streamed from local disk (200) or a redirect to a presigned URL (S3).
DOWNLOADED = 302 if os.environ.get("S3_ENDPOINT_URL") else 200

ROWS = {
    "sertifikasi:sertifikat-saya": Row({"anon": 302, **{p: 200 for p in SIGNED_IN}}),
    "sertifikasi:sertifikat": _row(_statuses(SEES_ALL | {"asesi"}), "sertifikat"),
    "sertifikasi:sertifikat-unduh": _row(_statuses(SEES_ALL | {"asesi"}, ok=DOWNLOADED), "sertifikat-unduh"),
    "sertifikasi:sertifikat-status": _row(_statuses({"ketua"}), "sertifikat-status"),
    "sertifikasi:sertifikat-registrasi": _row(_statuses(MANAGERS), "sertifikat-registrasi"),
    "sertifikasi:sertifikat-registrasi-impor": Row(only(MANAGERS)),
    "sertifikasi:sertifikat-registrasi-templat": Row(only(MANAGERS)),
    "sertifikasi:sertifikat-impor": Row(only(MANAGERS)),
    "sertifikasi:sertifikat-impor-templat": Row(only(MANAGERS)),
}
