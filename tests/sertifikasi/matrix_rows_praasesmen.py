"""Permission-matrix rows for the pra-asesmen pages (SE-A4.4, SE-A4.8c, X-6).

The object: the `asesi` persona's application in pra-asesmen, in a batch whose one assessor
is the `asesor` persona (profile, scheme, this year's declaration), built through the
services on the demo LSP. Who may see it: the applicant, the batch's assessor and the
sertifikasi staff (use_sertifikasi_staff); another applicant or assessor gets 404; people
with no journey role 403 (sertifikasi's module gate). Only the assigned assessor plans,
proposes and declares a conflict (others who see the candidate: 403 there, read-only on the
plan, FR.AK.07 and FR.AK.01 pages).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.matrix import SIGNED_IN, Row

STAFF = {"admin_lsp", "manajer", "komite", "ketua", "superuser"}
NO_JOURNEY_ROLE = {"dewan", "pengelola_tuk", "staf_ti", "auditor", "outsider"}
OTHERS = {"asesi_lain", "asesor_lain"}

# A man born 12-03-1988 in Kota Bandung: a NIK no demo application uses.
IDENTITAS = {
    "nama": "Rudi Hartono",
    "kewarganegaraan": "wni",
    "nik": "3273011203880003",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1988, 3, 12),
    "jenis_kelamin": "L",
    "alamat": "Jl. Asia Afrika No. 5, Bandung",
    "kode_pos": "40111",
    "nomor_hp": "081299990001",
    "email": "asesi@matriks.lsp.id",
    "pendidikan": "s1",
    "pekerjaan_institusi": "",
    "pekerjaan_jabatan": "",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


def _expect(*, viewer: int):
    """`viewer`: the status for those who see the candidate but are not its assessor (the
    applicant, staff); the assessor 200."""
    statuses = {"anon": 302}
    for persona in SIGNED_IN:
        if persona == "asesor":
            statuses[persona] = 200
        elif persona == "asesi" or persona in STAFF:
            statuses[persona] = viewer
        elif persona in OTHERS:
            statuses[persona] = 404
        else:
            assert persona in NO_JOURNEY_ROLE, persona
            statuses[persona] = 403
    return statuses


def _ttd():
    from sertifikasi.services import Tandatangan

    return Tandatangan(secret=PASSWORD, consent=True, ip="127.0.0.1", user_agent="matriks")


def _asesor(c, skema):
    """The `asesor` persona's profile for the demo scheme with this year's declaration."""
    from sdm import services as sdm
    from sdm.models import Asesor

    found = Asesor.objects.filter(personel__user=c["asesor"]).first()
    if found:
        return found
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
        nomor_met="MET.000.888888.2024",
        met_terbit=dt.date(2024, 1, 1),
        met_berlaku_sampai=timezone.localdate() + dt.timedelta(days=365),
        nomor_sk_penetapan="",
        skema=[skema.pk],
    )
    sdm.deklarasi_sign(asesor=asesor, signer=c["asesor"], secret=PASSWORD, consent=True)
    return asesor


def _skema_and_tuk(c):
    """The demo scheme with its validated MUK and the demo TUK, without the rest of
    seed_demo (whose demo letter would take the Ketua persona as its signer). The MUK's
    demo drafter and validator accounts are made with their roles and the demo password."""
    from muk.demo import DEMO_PASSWORD, DRAFTER, VALIDATOR, seed_sample_scheme
    from tests.conftest import make_user
    from tuk.demo import seed_tuk_demo

    make_user(DRAFTER, "manajer_sertifikasi", password=DEMO_PASSWORD)
    make_user(VALIDATOR, "komite_teknis", password=DEMO_PASSWORD)
    skema = seed_sample_scheme(actor=c["manajer"])
    seed_tuk_demo(actor=c["admin_lsp"])
    return skema


def _kandidat(c):
    """The `asesi` persona's application in pra-asesmen with the `asesor` persona, once."""
    from administrasi import services as records
    from sertifikasi import services
    from sertifikasi.models import Permohonan
    from tuk.models import Tuk

    from .conftest import answer_all, fill_apl01

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.PRA_ASESMEN).first()
    if found:
        return found
    skema = _skema_and_tuk(c)
    asesor = _asesor(c, skema)
    p = services.permohonan_create(asesi=c["asesi"], skema=skema, actor=c["asesi"])
    fill_apl01(p, c["asesi"], IDENTITAS)
    p = services.permohonan_submit(permohonan=p, actor=c["asesi"], privasi_setuju=True, ttd=_ttd())
    butir = {item["kunci"]: (True, "") for item in services.verification_items(p)}
    services.permohonan_verify(
        permohonan=p, hasil="diterima", butir=butir, catatan="", actor=c["admin_lsp"], ttd=_ttd()
    )
    p.refresh_from_db()
    answer_all(p, c["asesi"])
    p = services.apl02_submit(permohonan=p, actor=c["asesi"], ttd=_ttd())
    # Tomorrow: inside this year's declaration except on 31 December.
    mulai = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(8)))
    jadwal = services.jadwal_create(
        actor=c["manajer"],
        nama="Batch Matriks",
        skema=skema,
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
    p.refresh_from_db()
    return services.apl02_review(permohonan=p, rekomendasi="dapat", catatan="", actor=c["asesor"], ttd=_ttd())


def _url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_kandidat(c).pk])


ROWS = {
    # Read-only for the applicant and staff; the form for the assessor.
    "sertifikasi:rencana": Row(_expect(viewer=200), url=_url("rencana")),
    "sertifikasi:ak07": Row(_expect(viewer=200), url=_url("ak07")),
    # The proposal is the assessor's alone.
    "sertifikasi:ak01-usul": Row(_expect(viewer=403), url=_url("ak01-usul")),
    # The agreement: everyone who sees the candidate reads it (and signs in turn).
    "sertifikasi:ak01-tandatangan": Row(_expect(viewer=200), url=_url("ak01-tandatangan")),
    # only the candidate's assessor declares a conflict.
    "sertifikasi:konflik": Row(_expect(viewer=403), url=_url("konflik")),
}
