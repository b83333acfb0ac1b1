"""Permission-matrix rows for the records of the assessment (SE-A4.4, SE-A4.8f–i).

The object: the `asesi` persona's application in asesmen (FR.AK.01 final, the assessment
begun), in a batch whose one (so lead) assessor is the `asesor` persona. The assessment is
begun through the models and the shared core (status moved, sheets prepared: what the
session's identity check does; test_ak.py's docstring says why).

- FR.AK.02 (ak02): the candidate's assessor only; the applicant and staff who see the
  candidate 403.
- Its signing page (ak02-tandatangan) and FR.AK.03 (ak03): everyone who sees the candidate
  reads them (the candidate signs / fills when it is their turn).
- FR.AK.05 / FR.AK.06 of the batch: whoever sees the batch (staff, its assessors) reads; the
  lead assessor fills; a candidate does not see the batch (404).
Another applicant or assessor 404; people with no journey role 403; anonymous 302.
"""

import datetime as dt

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.matrix import Row, in_world

from .world import demo_scheme, journey_statuses, persona_asesor, persona_batch, persona_verified, sign_apl02

# A man born 15-09-1990 in Kota Bandung: a NIK no other matrix application uses.
IDENTITAS = {
    "nama": "Andi Wijaya",
    "kewarganegaraan": "wni",
    "nik": "3273011509900005",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1990, 9, 15),
    "jenis_kelamin": "L",
    "alamat": "Jl. Dago No. 9, Bandung",
    "kode_pos": "40135",
    "nomor_hp": "081299990005",
    "email": "asesi@matriks.lsp.id",
    "pendidikan": "s1",
    "pekerjaan_institusi": "",
    "pekerjaan_jabatan": "",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


def _kandidat(c):
    """The `asesi` persona's application in asesmen with the `asesor` persona, once."""
    from lsp_portal.workflow import transition
    from sertifikasi import services
    from sertifikasi.models import Permohonan
    from sertifikasi.services.asesmen import lembar_prepare

    from .conftest import common_potensi, full_plan, join_batch, ttd

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.ASESMEN).first()
    if found:
        return found
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.666666.2024")
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
    p.refresh_from_db()
    services.ak01_propose(permohonan=p, actor=c["asesor"])
    p.refresh_from_db()
    p = services.ak01_sign(permohonan=p, actor=p.asesi, ttd=ttd(PASSWORD))
    p = services.ak01_sign(permohonan=p, actor=c["asesor"], ttd=ttd(PASSWORD))
    p = transition(p, Permohonan.Status.ASESMEN, actor=c["asesor"], note="identitas sesuai")
    lembar_prepare(p)
    return p


def _url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_kandidat(c).pk])


def _jadwal_url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_kandidat(c).jadwal_id])


# Every row opens the same candidate: built once for the run of them (Row.world).
ROWS = in_world(
    _kandidat,
    {
        "sertifikasi:ak02": Row(journey_statuses(asesi=403, staff=403, asesor=200), url=_url("ak02")),
        "sertifikasi:ak02-tandatangan": Row(
            journey_statuses(asesi=200, staff=200, asesor=200), url=_url("ak02-tandatangan")
        ),
        "sertifikasi:ak03": Row(journey_statuses(asesi=200, staff=200, asesor=200), url=_url("ak03")),
        "sertifikasi:ak05": Row(journey_statuses(asesi=404, staff=200, asesor=200), url=_jadwal_url("ak05")),
        "sertifikasi:ak06": Row(journey_statuses(asesi=404, staff=200, asesor=200), url=_jadwal_url("ak06")),
    },
)
