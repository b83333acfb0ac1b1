"""Permission-matrix rows for the timed FR.IA.05 pages (SE-A4.8d, SE-A4.4), and the world
builders the FR.IA.05 tests share.

The object: the `asesi` persona's FR.IA.05 sheet, the assessment begun, in a batch whose one
assessor is the `asesor` persona. Only the candidate opens the test: the page 200, the answer
and finish POSTs 302 (back to the page; nothing started, so the refusal is a page message).
Everyone else who can see the application, the batch's assessor and staff included, gets 404:
the test page is the candidate's alone (the assessor reads and signs the FR.IA.05 record on
the records page). People with no journey role 403 (the module gate), anonymous 302.
"""

import datetime as dt

from django.db.models import Count
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.matrix import Row, in_world

from .world import demo_scheme, journey_statuses, persona_asesor, persona_batch, persona_verified, sign_apl02

# A woman born 21-08-1992 in Kota Bandung: a NIK no other matrix application uses.
IDENTITAS = {
    "nama": "Dewi Lestari",
    "kewarganegaraan": "wni",
    "nik": "3273016108920004",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1992, 8, 21),
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


def begin_assessment(p, asesor_user):
    """The assessment of `p` (siap asesmen, FR.AK.01 final) begun: an identity check 'sesuai',
    the candidate in asesmen, the sheets of the plan made. Written through the models and the
    shared core (asesmen.lembar_prepare), standing in for the session's identity check
    (services.sesi), which also needs the batch's instrument review and the session's day;
    the FR.IA.05 tests are about the test, not the session."""
    from lsp_portal.workflow import transition
    from sertifikasi.models import CekIdentitas, Permohonan
    from sertifikasi.services.asesmen import lembar_prepare, sesi_of

    CekIdentitas.objects.create(
        sesi=sesi_of(p.jadwal), permohonan=p, hasil=CekIdentitas.Hasil.SESUAI, oleh=asesor_user
    )
    p = transition(p, Permohonan.Status.ASESMEN, actor=asesor_user, note="identitas sesuai")
    lembar_prepare(p)
    return Permohonan.objects.select_related("asesi", "jadwal", "skema").get(pk=p.pk)


def ia05_lembar(p):
    """The candidate's FR.IA.05 sheet with the most items (the sample scheme has six, 1–3 items)."""
    from sertifikasi.models import Lembar

    return (
        Lembar.objects.filter(permohonan=p, instrumen__jenis="IA.05")
        .annotate(n=Count("instrumen__butir"))
        .select_related("instrumen__unit", "permohonan__asesi")
        .order_by("-n", "pk")
        .first()
    )


def _kandidat(c):
    """The `asesi` persona's application in asesmen with the `asesor` persona, once."""
    from sertifikasi import services
    from sertifikasi.models import Permohonan

    from .conftest import common_potensi, full_plan, join_batch, ttd

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
    p.refresh_from_db()
    services.ak01_propose(permohonan=p, actor=c["asesor"])
    p.refresh_from_db()
    p = services.ak01_sign(permohonan=p, actor=p.asesi, ttd=ttd(PASSWORD))
    p = services.ak01_sign(permohonan=p, actor=c["asesor"], ttd=ttd(PASSWORD))
    return begin_assessment(p, c["asesor"])


def _url(name):
    def url(c):
        p = _kandidat(c)
        return reverse(f"sertifikasi:{name}", args=[p.pk, ia05_lembar(p).pk])

    return url


# The candidate alone; the batch's assessor and staff 404 like any other viewer.
_ONLY_CANDIDATE = journey_statuses(asesi=200, staff=404, asesor=404)
_ONLY_CANDIDATE_POST = journey_statuses(asesi=302, staff=404, asesor=404)

# Every row opens the same candidate: built once for the run of them (Row.world).
ROWS = in_world(
    _kandidat,
    {
        "sertifikasi:ujian": Row(_ONLY_CANDIDATE, url=_url("ujian")),
        "sertifikasi:ujian-jawab": Row(_ONLY_CANDIDATE_POST, url=_url("ujian-jawab"), method="post"),
        "sertifikasi:ujian-selesai": Row(_ONLY_CANDIDATE_POST, url=_url("ujian-selesai"), method="post"),
    },
)
