"""Permission-matrix rows of the batch's session pages (views_sesi; SE-A4.4, SE-A4.8e,
SE-A4.10, X-8).

The batch is the `asesor` persona's (its one, so lead, assessor), two weeks ahead, with the
`asesi` persona's application in it. Who sees the session: sertifikasi staff
(use_sertifikasi_staff), the batch's assessor and its candidate; another applicant or
assessor 404; people with no journey role 403 (the module gate). The candidate sees the
session page and joins; the staff's and assessors' pages (instrument review, identity
check, berita acara) answer them 403, and the identity snapshot 404. Joining and the log
are POSTs that answer a redirect to who may (refused or not: the batch is not on yet).
Extending is for manage_jadwal (manajer, ketua, superuser)."""

import datetime as dt

import time_machine
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN, Row, in_world

from .world import (
    NO_JOURNEY_ROLE,
    STAFF,
    demo_scheme,
    persona_asesor,
    persona_batch,
    persona_verified,
    sign_apl02,
)

MANAGERS = {"manajer", "ketua", "superuser"}


def _statuses(*, staff, asesor, asesi, staff_overrides=None):
    statuses = {"anon": 302}
    for persona in SIGNED_IN:
        if persona in STAFF:
            statuses[persona] = staff
        elif persona in NO_JOURNEY_ROLE:
            statuses[persona] = 403
        else:
            statuses[persona] = 404  # asesi_lain, asesor_lain
    statuses.update(asesor=asesor, asesi=asesi, **(staff_overrides or {}))
    return statuses


def _jadwal(c):
    """The batch and the `asesi` persona's application in it (APL.02 signed); once per context."""
    from .conftest import join_batch

    if "sesi" in c:
        return c["sesi"]
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.666666.2024")
    jadwal = persona_batch(c, skema, asesor, days=14)
    p = join_batch(c, sign_apl02(persona_verified(c, skema)), jadwal)
    c["sesi"] = jadwal, p
    return jadwal, p


def _ready(c):
    """_jadwal with the candidate taken to siap asesmen (APL.02 reviewed, plan, FR.AK.01 signed
    by both) and FR.IA.11 signed by the `asesor` persona, all through the services; once per
    context."""
    from sertifikasi import services

    if "sesi_siap" in c:
        return c["sesi_siap"]
    from .conftest import common_potensi, full_plan, ttd

    jadwal, p = _jadwal(c)
    asesor = c["asesor"]
    p = services.apl02_review(permohonan=p, rekomendasi="dapat", catatan="", actor=asesor, ttd=ttd(PASSWORD))
    services.rencana_save(
        permohonan=p,
        potensi=common_potensi(p),
        pilihan=full_plan(p),
        alasan="",
        actor=asesor,
        ttd=ttd(PASSWORD),
    )
    p.refresh_from_db()
    services.ak01_propose(permohonan=p, actor=asesor)
    p.refresh_from_db()
    p = services.ak01_sign(permohonan=p, actor=p.asesi, ttd=ttd(PASSWORD))
    p = services.ak01_sign(permohonan=p, actor=asesor, ttd=ttd(PASSWORD))
    services.reviu_instrumen_save(
        jadwal=jadwal,
        jawaban={i.pk: dict.fromkeys(services.ASPEK_REVIU, True) for i in services.batch_instruments(jadwal)},
        catatan={},
        actor=asesor,
        ttd=ttd(PASSWORD),
    )
    jadwal.refresh_from_db()
    c["sesi_siap"] = jadwal, p
    return jadwal, p


def _url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_jadwal(c)[0].pk])


def _identitas(c):
    jadwal, p = _jadwal(c)
    return reverse("sertifikasi:sesi-identitas", args=[jadwal.pk, p.pk])


def _foto(c):
    """An identity check with a snapshot, made by the `asesor` persona on the batch's day."""
    from sertifikasi import services

    from .conftest import png_upload

    jadwal, p = _ready(c)
    with time_machine.travel(jadwal.mulai + dt.timedelta(hours=1), tick=False):
        cek = services.identitas_periksa(
            jadwal=jadwal, permohonan=p, hasil="sesuai", catatan="", foto=png_upload(), actor=c["asesor"]
        )
    return reverse("sertifikasi:sesi-identitas-foto", args=[jadwal.pk, cek.pk])


# One batch for every row (Row.world); the snapshot's row needs the candidate ready.
ROWS = in_world(
    _jadwal,
    {
        # Staff and the batch's other assessors read the review; the lead fills it.
        "sertifikasi:reviu-instrumen": Row(
            _statuses(staff=200, asesor=200, asesi=403), url=_url("reviu-instrumen")
        ),
        "sertifikasi:sesi": Row(_statuses(staff=200, asesor=200, asesi=200), url=_url("sesi")),
        # Candidates and assessors join (the batch is two weeks ahead: refused, back to the page).
        "sertifikasi:sesi-hadir": Row(
            _statuses(staff=403, asesor=302, asesi=302), method="post", url=_url("sesi-hadir")
        ),
        "sertifikasi:sesi-perpanjang": Row(
            _statuses(staff=403, asesor=403, asesi=403, staff_overrides=dict.fromkeys(MANAGERS, 200)),
            url=_url("sesi-perpanjang"),
        ),
        "sertifikasi:sesi-log": Row(
            _statuses(staff=403, asesor=302, asesi=403),
            method="post",
            data={"jenis": "catatan", "teks": "Catatan matriks"},
            url=_url("sesi-log"),
        ),
        # the candidate's own assessor only; the candidate 403 on their own check.
        "sertifikasi:sesi-identitas": Row(_statuses(staff=403, asesor=200, asesi=403), url=_identitas),
        "sertifikasi:sesi-identitas-foto": Row(
            _statuses(staff=200, asesor=200, asesi=404), url=_foto, world=_ready
        ),
        "sertifikasi:sesi-berita-acara": Row(
            _statuses(staff=200, asesor=200, asesi=403), url=_url("sesi-berita-acara")
        ),
    },
)
