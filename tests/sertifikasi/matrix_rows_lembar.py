"""Permission-matrix rows of the instrument-sheet pages (views_lembar; SE-A4.4, SE-A4.8d).

The object: the `asesi` persona's application in asesmen (FR.AK.01 signed by the `asesi` and
`asesor` personas through the services; the start of the assessment written through the
models as in test_lembar.py), in a batch whose one assessor is the `asesor` persona. Who sees
the sheets: the candidate, the batch's assessor and the sertifikasi staff; another applicant
or assessor 404; people with no journey role 403 (the module gate). Only the candidate
uploads a file (staff and the assessor 403). The third party's answer page is public: every
persona 200 with a valid token, made in the row.
"""

import datetime as dt

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.matrix import PUBLIC, Row, in_world

from .world import demo_scheme, journey_statuses, persona_asesor, persona_batch, persona_verified, sign_apl02

# A woman born 21-07-1992 in Kota Bandung: a NIK no other matrix application uses.
IDENTITAS = {
    "nama": "Lina Marlina",
    "kewarganegaraan": "wni",
    "nik": "3273016107920004",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1992, 7, 21),
    "jenis_kelamin": "P",
    "alamat": "Jl. Braga No. 7, Bandung",
    "kode_pos": "40111",
    "nomor_hp": "081299990004",
    "email": "asesi@matriks.lsp.id",
    "pendidikan": "s1",
    "pekerjaan_institusi": "",
    "pekerjaan_jabatan": "",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}

VIEWERS = journey_statuses(asesi=200, staff=200, asesor=200)
# POST of a file: the candidate's refusal is shown on the sheet (200); staff and the assessor 403.
UPLOAD = journey_statuses(asesi=200, staff=403, asesor=403)


def _kandidat(c):
    """The `asesi` persona's application in asesmen with the `asesor` persona, once."""
    from sertifikasi import services
    from sertifikasi.models import Permohonan

    from .conftest import common_potensi, full_plan, join_batch, ttd
    from .test_lembar import begin

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.ASESMEN).first()
    if found:
        return found
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.777777.2024")
    p = sign_apl02(persona_verified(c, skema, IDENTITAS))
    p = join_batch(c, p, persona_batch(c, skema, asesor))
    p = services.apl02_review(
        permohonan=p, rekomendasi="dapat", catatan="", actor=c["asesor"], ttd=ttd(PASSWORD)
    )
    services.rencana_save(
        permohonan=p,
        potensi=common_potensi(p),
        pilihan=full_plan(p),
        alasan="",
        actor=c["asesor"],
        ttd=ttd(PASSWORD),
    )
    services.ak01_propose(permohonan=p, actor=c["asesor"])
    p = services.ak01_sign(permohonan=Permohonan.objects.get(pk=p.pk), actor=c["asesi"], ttd=ttd(PASSWORD))
    p = services.ak01_sign(permohonan=p, actor=c["asesor"], ttd=ttd(PASSWORD))
    return begin(p, c["asesor"])


def _lembar(c, jenis):
    from muk.models import JenisIA

    from .test_lembar import planned, sheet

    p = _kandidat(c)
    return (planned(p, jenis) if jenis == JenisIA.IA01 else None) or sheet(p, jenis, ("Pertanyaan satu",))


def _url(name, jenis="IA.01"):
    def url(c):
        lembar = _lembar(c, jenis)
        return reverse(f"sertifikasi:{name}", args=[lembar.permohonan_id, lembar.pk])

    return url


def _berkas(c):
    from sertifikasi.services import lembar as svc

    from .conftest import png_upload
    from .test_lembar import items_of

    lembar = _lembar(c, "IA.02")
    berkas = svc.lembar_berkas_upload(
        lembar=lembar, butir_id=items_of(lembar)[0].pk, judul="Produk", upload=png_upload(), actor=c["asesi"]
    )
    return reverse("sertifikasi:lembar-berkas-file", args=[lembar.permohonan_id, lembar.pk, berkas.pk])


def _jawab(c):
    from sertifikasi.services import lembar as svc

    _, token = svc.pihak_ketiga_buat(
        lembar=_lembar(c, "IA.10"),
        actor=c["asesor"],
        nama="Rina",
        email="rina@contoh.co.id",
        hubungan="Atasan",
    )
    return reverse("sertifikasi:pihak-ketiga-jawab", args=[token])


# Every row opens the same candidate: built once for the run of them (Row.world).
ROWS = in_world(
    _kandidat,
    {
        "sertifikasi:asesmen": Row(
            VIEWERS, url=lambda c: reverse("sertifikasi:asesmen", args=[_kandidat(c).pk])
        ),
        "sertifikasi:lembar": Row(VIEWERS, url=_url("lembar")),
        "sertifikasi:lembar-kirim": Row(VIEWERS, url=_url("lembar-kirim")),
        "sertifikasi:lembar-berkas": Row(UPLOAD, method="post", url=_url("lembar-berkas", "IA.02")),
        "sertifikasi:lembar-berkas-file": Row(VIEWERS, url=_berkas),
        "sertifikasi:pihak-ketiga": Row(VIEWERS, url=_url("pihak-ketiga", "IA.10")),
        "sertifikasi:pihak-ketiga-jawab": Row(PUBLIC, url=_jawab),
    },
)
