"""Permission-matrix rows for the FR.APL.02 pages (SE-A4.4, SE-A4.8b).

Objects, built through the services on the demo scheme: the `asesi` persona's application in
asesmen mandiri (the self-assessment pages), and for the review the same applicant's
application in a batch whose one assessor is the `asesor` persona (profile, scheme, this
year's declaration), APL.02 signed. Who sees an application: the applicant, the batch's
assessor and the sertifikasi staff (use_sertifikasi_staff); another applicant or assessor
gets 404; people with no journey role 403 (sertifikasi's module gate). Only the applicant
fills and signs (staff read the answers, 403 on the rest); only the candidate's assessor
reviews (the applicant and staff: 403).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN, Row

STAFF = {"admin_lsp", "manajer", "komite", "ketua", "superuser"}
NO_JOURNEY_ROLE = {"dewan", "pengelola_tuk", "staf_ti", "auditor", "outsider"}

# A woman born 21-07-1992 in Kota Bandung (21 + 40 = 61): a NIK no other row uses.
IDENTITAS = {
    "nama": "Lestari Ayuningtyas",
    "kewarganegaraan": "wni",
    "nik": "3273016107920004",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1992, 7, 21),
    "jenis_kelamin": "P",
    "alamat": "Jl. Braga No. 7, Bandung",
    "kode_pos": "40111",
    "nomor_hp": "081299990002",
    "email": "asesi@matriks.lsp.id",
    "pendidikan": "d3",
    "pekerjaan_institusi": "",
    "pekerjaan_jabatan": "",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


def _expect(*, asesi: int, staff: int, asesor: int = 404):
    statuses = {"anon": 302}
    for persona in SIGNED_IN:
        if persona == "asesi":
            statuses[persona] = asesi
        elif persona == "asesor":
            statuses[persona] = asesor
        elif persona in STAFF:
            statuses[persona] = staff
        elif persona in NO_JOURNEY_ROLE:
            statuses[persona] = 403
        else:
            assert persona in {"asesi_lain", "asesor_lain"}, persona
            statuses[persona] = 404
    return statuses


def _ttd():
    from sertifikasi.services import Tandatangan

    return Tandatangan(secret=PASSWORD, consent=True, ip="127.0.0.1", user_agent="matriks")


def _skema(c):
    """The demo scheme with its validated MUK, and the demo TUK (not the whole seed_demo,
    whose demo letter would take the Ketua persona as its signer)."""
    from muk.demo import DEMO_PASSWORD, DRAFTER, VALIDATOR, seed_sample_scheme
    from tests.conftest import make_user
    from tuk.demo import seed_tuk_demo

    make_user(DRAFTER, "manajer_sertifikasi", password=DEMO_PASSWORD)
    make_user(VALIDATOR, "komite_teknis", password=DEMO_PASSWORD)
    skema = seed_sample_scheme(actor=c["manajer"])
    seed_tuk_demo(actor=c["admin_lsp"])
    return skema


def _mandiri(c):
    """The `asesi` persona's application, verified: in asesmen mandiri."""
    from sertifikasi import services
    from sertifikasi.models import Permohonan

    from .conftest import fill_apl01

    found = Permohonan.objects.filter(asesi=c["asesi"]).first()
    if found:
        return found
    skema = _skema(c)
    p = services.permohonan_create(asesi=c["asesi"], skema=skema, actor=c["asesi"])
    fill_apl01(p, c["asesi"], IDENTITAS)
    p = services.permohonan_submit(permohonan=p, actor=c["asesi"], privasi_setuju=True, ttd=_ttd())
    butir = {item["kunci"]: (True, "") for item in services.verification_items(p)}
    services.permohonan_verify(
        permohonan=p, hasil="diterima", butir=butir, catatan="", actor=c["admin_lsp"], ttd=_ttd()
    )
    p.refresh_from_db()
    return p


def _asesor(c, skema):
    """The `asesor` persona's profile for the scheme, with this year's declaration."""
    from sdm import services as sdm

    personel = sdm.personel_create(
        actor=c["admin_lsp"],
        user=c["asesor"],
        nama="Asesor Matriks",
        fungsi="asesor",
        jabatan="Asesor",
        nik="",
        telepon="",
        email="",
        aktif_dari=dt.date(2020, 1, 1),
        aktif_sampai=None,
    )
    asesor = sdm.asesor_save(
        personel=personel,
        actor=c["admin_lsp"],
        nomor_met="MET.000.777777.2024",
        met_terbit=dt.date(2024, 1, 1),
        met_berlaku_sampai=timezone.localdate() + dt.timedelta(days=365),
        nomor_sk_penetapan="",
        skema=[skema.pk],
    )
    sdm.deklarasi_sign(asesor=asesor, signer=c["asesor"], secret=PASSWORD, consent=True)
    return asesor


def _dijadwalkan(c):
    """The same application with APL.02 signed, in a batch of the `asesor` persona: waiting
    for the review."""
    from administrasi import services as records
    from sertifikasi import services
    from tuk.models import Tuk

    from .conftest import answer_all

    p = _mandiri(c)
    answer_all(p, c["asesi"])
    p = services.apl02_submit(permohonan=p, actor=c["asesi"], ttd=_ttd())
    asesor = _asesor(c, p.skema)
    # Tomorrow: inside this year's declaration except on 31 December.
    mulai = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(8)))
    jadwal = services.jadwal_create(
        actor=c["manajer"],
        nama="Batch Matriks APL.02",
        skema=p.skema,
        mode="tatap_muka",
        tuk=Tuk.objects.get(kode="TUK-SWK-001"),  # seed_tuk_demo's verified TUK
        mulai=mulai,
        selesai=mulai + dt.timedelta(hours=8),
        kuota=5,
        tautan_video="",
        uji_coba=False,
        penandatangan_spt=c["ketua"],
    )
    jadwal = services.jadwal_set_asesor(jadwal=jadwal, asesor_ids=[asesor.pk], actor=c["manajer"])
    records.dokumen_sign(dokumen=jadwal.spt, signer=c["ketua"], secret=PASSWORD, consent=True)
    services.jadwal_add_peserta(jadwal=jadwal, permohonan_ids=[p.pk], actor=c["manajer"])
    return p


def _url(name, build):
    return lambda c: reverse(f"sertifikasi:{name}", args=[build(c).pk])


ROWS = {
    # The applicant fills it; staff read the answers.
    "sertifikasi:apl02": Row(_expect(asesi=200, staff=200), url=_url("apl02", _mandiri)),
    # A portfolio upload (an empty one: refused with a message, back to the page).
    "sertifikasi:apl02-bukti": Row(
        _expect(asesi=302, staff=403), url=_url("apl02-bukti", _mandiri), method="post"
    ),
    "sertifikasi:apl02-ajukan": Row(_expect(asesi=200, staff=403), url=_url("apl02-ajukan", _mandiri)),
    # Only the candidate's assessor reviews.
    "sertifikasi:apl02-reviu": Row(
        _expect(asesi=403, staff=403, asesor=200), url=_url("apl02-reviu", _dijadwalkan)
    ),
}
