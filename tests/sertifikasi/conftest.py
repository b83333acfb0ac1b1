"""The certification journey's test world: the demo LSP (eksekutif.demo.seed_demo: the sample
scheme with its validated MUK, a verified TUK, the demo assessor with this year's declaration,
one account per role), and helpers that take an application through each step by the
services, so a test starts at the step it is about."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.hostile_files import valid_pdf

DEMO_PASSWORD = "Demo#LSP2026"
# A valid NIK: Jawa Barat (32), Kota Bandung (73), born 15-05-1995, a woman (15 + 40 = 55).
NIK_P = "3273015505950001"
LAHIR_P = dt.date(1995, 5, 15)
# A man born 02-11-1990 in DKI Jakarta.
NIK_L = "3171010211900002"
LAHIR_L = dt.date(1990, 11, 2)


def png_bytes(color=(200, 30, 30), size=(60, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(name="ijazah.pdf"):
    return SimpleUploadedFile(name, valid_pdf(), content_type="application/pdf")


def png_upload(name="pasfoto.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def ttd(secret=DEMO_PASSWORD):
    from sertifikasi.services import Tandatangan

    return Tandatangan(secret=secret, consent=True, ip="127.0.0.1", user_agent="pytest")


IDENTITAS_P = {
    "nama": "Sari Wulandari",
    "kewarganegaraan": "wni",
    "nik": NIK_P,
    "tempat_lahir": "Bandung",
    "tanggal_lahir": LAHIR_P,
    "jenis_kelamin": "P",
    "alamat": "Jl. Merdeka No. 10, Bandung",
    "kode_pos": "40115",
    "nomor_hp": "081200000001",
    "email": "asesi@demo.lsp.id",
    "pendidikan": "s1",
    "pekerjaan_institusi": "PT Kode Nusantara",
    "pekerjaan_jabatan": "Pemrogram",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}
# The second demo applicant (asesi2), a man.
IDENTITAS_L = {
    **IDENTITAS_P,
    "nama": "Budi Santoso",
    "nik": NIK_L,
    "tanggal_lahir": LAHIR_L,
    "jenis_kelamin": "L",
    "email": "asesi2@demo.lsp.id",
}


def _demo_objects() -> dict:
    """The actors and objects of the seeded demo LSP a journey needs, read afresh."""
    from akun.models import User
    from muk.models import Skema
    from sdm.models import Asesor
    from tuk.models import Tuk

    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.lsp.id")}
    return {
        **users,
        "skema": Skema.objects.get(kode="SKM/LSP-DEMO/JWD/01/2025"),
        "tuk": Tuk.objects.get(kode="TUK-SWK-001"),
        "asesor_profil": Asesor.objects.get(personel__user=users["asesor"]),
    }


def build_world(django_db_blocker, build):
    """`build(demo)` for a module's shared world, in a fixture of module scope that depends on
    `_demo_seeded` (made in the module's savepoint of the demo; each test runs in a savepoint
    of it, so every test starts from the same world and leaves nothing behind). Run as a test
    would run it: the demo's objects read afresh, the cache emptied before and after (the
    signing limit must not count what ran before) and Celery tasks eager. `build` returns
    primary keys; a fixture of function scope reads the objects afresh for each test."""
    from lsp_portal.celery import app
    from tests.conftest import clear_own_cache

    eager = app.conf.task_always_eager
    with django_db_blocker.unblock():
        clear_own_cache()
        app.conf.task_always_eager = True
        try:
            return build(_demo_objects())
        finally:
            app.conf.task_always_eager = eager
            clear_own_cache()


@pytest.fixture
def demo(_demo_seeded, db):
    """The demo LSP for a test in a transaction (the usual test); a dict of its actors and objects."""
    return _demo_objects()


@pytest.fixture
def demo_committed(transactional_db):
    """The demo LSP committed, for tests whose live server reads the database from another
    connection (browser tests); seeded per test."""
    from eksekutif.demo import seed_demo

    seed_demo(journey=False)
    return _demo_objects()


def fill_apl01(permohonan, actor, data=None):
    from muk.models import PersyaratanDasar
    from sertifikasi import services

    errors = services.permohonan_save(permohonan=permohonan, data=data or IDENTITAS_P, actor=actor)
    assert errors == {}, errors
    for p in PersyaratanDasar.objects.filter(skema_id=permohonan.skema_id):
        services.bukti_upload(permohonan=permohonan, persyaratan=p, upload=pdf_upload(), actor=actor)


def submitted(demo, asesi=None, data=None):
    from sertifikasi import services

    asesi = asesi or demo["asesi"]
    p = services.permohonan_create(asesi=asesi, skema=demo["skema"], actor=asesi)
    fill_apl01(p, asesi, data)
    return services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd())


def all_ok(permohonan):
    from sertifikasi import services

    return {item["kunci"]: (True, "") for item in services.verification_items(permohonan)}


def verified(demo, **kw):
    from sertifikasi import services

    p = submitted(demo, **kw)
    services.permohonan_verify(
        permohonan=p, hasil="diterima", butir=all_ok(p), catatan="", actor=demo["admin"], ttd=ttd()
    )
    p.refresh_from_db()
    return p


def answer_all(p, actor, value="K"):
    from muk.models import KUK
    from sertifikasi import services

    kuk = KUK.objects.filter(elemen__unit__skema_id=p.skema_id).values_list("pk", flat=True)
    services.apl02_save(permohonan=p, jawaban={k: value for k in kuk}, bukti={}, actor=actor)


def apl02_signed(demo, **kw):
    from sertifikasi import services

    p = verified(demo, **kw)
    answer_all(p, p.asesi)
    return services.apl02_submit(permohonan=p, actor=p.asesi, ttd=ttd())


def make_jadwal(demo, *, days=14, **over):
    from sertifikasi import services

    mulai = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(8))
    )
    values = {
        "nama": "Batch JWD Desember",
        "skema": demo["skema"],
        "mode": "tatap_muka",
        "tuk": demo["tuk"],
        "mulai": mulai,
        "selesai": mulai + dt.timedelta(hours=8),
        "kuota": 10,
        "tautan_video": "",
        "uji_coba": False,
        "penandatangan_spt": demo["ketua"],
        **over,
    }
    return services.jadwal_create(actor=demo["manajer"], **values)


def staffed_jadwal(demo, **over):
    """A batch (make_jadwal(demo, **over)) whose one assessor is the demo assessor, its SPT
    signed by the Ketua."""
    from administrasi import services as records
    from sertifikasi import services

    jadwal = make_jadwal(demo, **over)
    jadwal = services.jadwal_set_asesor(
        jadwal=jadwal, asesor_ids=[demo["asesor_profil"].pk], actor=demo["manajer"]
    )
    records.dokumen_sign(dokumen=jadwal.spt, signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True)
    return jadwal


def join_batch(demo, p, jadwal):
    """Step: the Manajer adds application `p` (APL.02 signed) to `jadwal`; `p` refreshed."""
    from sertifikasi import services

    services.jadwal_add_peserta(jadwal=jadwal, permohonan_ids=[p.pk], actor=demo["manajer"])
    p.refresh_from_db()
    return p


def review_apl02(demo, p):
    """Step: the demo assessor reviews `p`'s APL.02 (in a batch): 'dapat', on to pra-asesmen."""
    from sertifikasi import services

    return services.apl02_review(
        permohonan=p, rekomendasi="dapat", catatan="", actor=demo["asesor"], ttd=ttd()
    )


def save_plan(demo, p):
    """Step: the demo assessor signs the full plan (FR.MAPA.01) of `p` (reviewed)."""
    from sertifikasi import services

    services.rencana_save(
        permohonan=p,
        potensi=common_potensi(p),
        pilihan=full_plan(p),
        alasan="",
        actor=demo["asesor"],
        ttd=ttd(),
    )
    p.refresh_from_db()
    return p


def sign_ak01(demo, p):
    """Step: the assessor proposes FR.AK.01 for `p` (planned), the applicant then the assessor
    sign it: final, siap asesmen."""
    from sertifikasi import services

    services.ak01_propose(permohonan=p, actor=demo["asesor"])
    p.refresh_from_db()
    p = services.ak01_sign(permohonan=p, actor=p.asesi, ttd=ttd())
    return services.ak01_sign(permohonan=p, actor=demo["asesor"], ttd=ttd())


def scheduled(demo, **kw):
    """An application in a batch whose SPT the Ketua signed."""
    return join_batch(demo, apl02_signed(demo, **kw), staffed_jadwal(demo))


def reviewed(demo, **kw):
    return review_apl02(demo, scheduled(demo, **kw))


def common_potensi(p) -> int:
    """A candidate potential the MUK plans instruments for in every unit."""
    from sertifikasi import services

    _, options = services.plan_options(p)
    shared = set.intersection(*(set(cells) for _, _, cells in options))
    return min(shared)


def full_plan(p, potensi=None):
    from sertifikasi import services

    potensi = potensi or common_potensi(p)
    _, options = services.plan_options(p)
    return {u.pk: {"metode": metode, "instrumen": cells.get(potensi, [])} for u, metode, cells in options}


def planned(demo, **kw):
    return save_plan(demo, reviewed(demo, **kw))


def agreed(demo, **kw):
    """An application whose FR.AK.01 both parties signed: siap asesmen."""
    return sign_ak01(demo, planned(demo, **kw))


def bare_skema(actor, kode, judul, **over):
    """A scheme without units, made through the muk services: okupasi, SKKNI No. 282 Tahun
    2016, valid three years, no fee; `over` sets any other field."""
    from muk import services as muk_services

    fields = {
        "jenis": "okupasi",
        "acuan": "SKKNI No. 282 Tahun 2016",
        "masa_berlaku_tahun": 3,
        "biaya_tatap_muka": 0,
        "biaya_jarak_jauh": 0,
        **over,
    }
    return muk_services.skema_create(actor=actor, kode=kode, judul=judul, **fields)
