"""The TUK verification's test world: the demo LSP (seeded once per module, each test in a
savepoint: tests.sertifikasi.conftest), a TUK of the tests' own (`vt["tuk"]`, a TUK Sewaktu
whose Pengelola TUK is tuk@demo.lsp.id), and helpers that take a request through each step by
the services, so a test starts at the step it is about:

    p = requested(vt)          # diajukan, for the demo scheme
    p = assigned(vt, p)        # ditugaskan, SPT issued for the Ketua (unsigned)
    p = spt_signed(vt, p)      # the Ketua signed the SPT: the session is open
    p = answered(vt, p)        # every checklist line answered (sesuai, minimums met)
    p = evidenced(vt, p)       # a photo and the speed-test image uploaded
    p = submitted(vt, p)       # the verifier signed the berita acara: sesuai
    pen = sk_issued(vt, p)     # the Ketua signed the SK penetapan: the TUK is verified
    p = at_sesuai(vt)          # all of the steps up to `submitted`
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.sertifikasi.conftest import (  # noqa: F401  (fixtures used by the tests here)
    DEMO_PASSWORD,
    _demo_objects,
    demo,
    demo_committed,
    pdf_upload,
    png_bytes,
    png_upload,
    ttd,
)

VIDEO = "https://meet.example.id/verifikasi-tuk"
REKAMAN = "https://drive.example.id/rekaman/verifikasi-tuk.mp4"
REKAMAN_SHA256 = "a" * 64


def new_tuk(
    admin, *, kode="TUK-VT-UJI-01", nama="TUK Sewaktu Uji Verifikasi", alamat="Jl. Pemuda No. 5, Rawamangun"
):
    """A draft TUK Sewaktu run by the demo's tuk@, made by `admin`."""
    from akun.models import User
    from tuk import services as tuk_services

    return tuk_services.tuk_create(
        actor=admin,
        kode=kode,
        nama=nama,
        jenis="sewaktu",
        alamat=alamat,
        kota="Kota Jakarta Timur",
        provinsi="DKI Jakarta",
        kode_pos="13220",
        penanggung_jawab="Dewi Lestari",
        penanggung_jawab_telepon="081277778888",
        penanggung_jawab_email="dewi@uji.lsp.id",
        pengelola=User.objects.get(email="tuk@demo.lsp.id"),
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )


@pytest.fixture
def vt(demo):  # noqa: F811 (the imported fixture, requested by name)
    """The demo actors and objects, plus `tuk` (a new draft TUK Sewaktu run by tuk@) and
    `verifikator` (the demo assessor's personnel row)."""
    from sdm.models import Personel

    return {**demo, "tuk": new_tuk(demo["admin"]), "verifikator": Personel.objects.get(user=demo["asesor"])}


def shared_vt():
    """A module's `vt` fixture: the module's shared one (`vt_shared`), read afresh for each
    test. In a module: `vt = shared_vt()`."""

    @pytest.fixture(name="vt")
    def fixture(vt_shared, db):
        return vt_shared.vt()

    return fixture


class SharedVt:
    """vt made once for a module (in its savepoint of the demo), with what the module builds
    on it (`build`); each test reads it afresh (`vt()`) in a savepoint of its own, so every
    test starts from the same world and leaves nothing behind."""

    def __init__(self, blocker):
        from sdm.models import Personel

        self.blocker = blocker
        with blocker.unblock():
            demo = _demo_objects()
            self.tuk_pk = new_tuk(demo["admin"]).pk
            self.verifikator_pk = Personel.objects.get(user=demo["asesor"]).pk

    def vt(self):
        from sdm.models import Personel
        from tuk.models import Tuk

        return {
            **_demo_objects(),
            "tuk": Tuk.objects.get(pk=self.tuk_pk),
            "verifikator": Personel.objects.get(pk=self.verifikator_pk),
        }

    def build(self, make):
        """make(vt) run once for the module, as a test would run it (the cache emptied before
        and after: the world's signatures are not on the tests' signing limits); it returns
        primary keys, which the module's fixtures of function scope read afresh."""
        from tests.conftest import clear_own_cache

        with self.blocker.unblock():
            clear_own_cache()
            try:
                return make(self.vt())
            finally:
                clear_own_cache()


@pytest.fixture(scope="module")
def vt_shared(_demo_seeded, django_db_blocker):
    """SharedVt for the module: a module overrides `vt` with one reading it (`vt_shared.vt()`)
    and builds its shared request on it in a fixture of module scope (`vt_shared.build`)."""
    return SharedVt(django_db_blocker)


@pytest.fixture
def vt_committed(demo_committed):  # noqa: F811 (the imported fixture, requested by name)
    """vt for live-server (browser) tests: the same world, committed."""
    from sdm.models import Personel

    world = _demo_objects()
    return {
        **world,
        "tuk": new_tuk(world["admin"]),
        "verifikator": Personel.objects.get(user=world["asesor"]),
    }


def session_time(days=1, hour=9):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def requested(vt, *, tuk=None, skema_ids=None, actor=None, jenis="baru"):
    from verifikasi_tuk import services

    return services.permintaan_create(
        tuk=tuk or vt["tuk"],
        jenis=jenis,
        skema_ids=skema_ids or [vt["skema"].pk],
        alasan="",
        actor=actor or (tuk or vt["tuk"]).pengelola,
    )


def assigned(vt, p=None, *, verifikator=None):
    from verifikasi_tuk import services

    p = p or requested(vt)
    return services.verifikator_assign(
        permintaan=p,
        verifikator=verifikator or vt["verifikator"],
        tanggal=session_time(),
        tautan_video=VIDEO,
        signer=vt["ketua"],
        actor=vt["manajer"],
    )


def spt_signed(vt, p=None):
    from administrasi import services as records

    p = p or assigned(vt)
    records.sign(p.spt, signer=vt["ketua"], ttd=ttd())
    p.refresh_from_db()
    return p


def answered(vt, p=None, *, hasil="sesuai"):
    """Every line answered `hasil`; lines with a minimum get exactly the minimum (or, when
    `hasil` is tidak_sesuai, half of it)."""
    from verifikasi_tuk import services

    p = p or spt_signed(vt)
    answers = {}
    for item in p.ceklis.all():
        answer = {"hasil": hasil, "catatan": "Diperiksa di kamera."}
        if item.minimal is not None:
            answer["nilai"] = str(item.minimal if hasil == "sesuai" else item.minimal / 2)
        answers[item.pk] = answer
    services.ceklis_save(permintaan=p, answers=answers, actor=vt["asesor"])
    p.refresh_from_db()
    return p


def evidenced(vt, p=None):
    from verifikasi_tuk import services

    p = p or answered(vt)
    services.bukti_add(
        permintaan=p, upload=png_upload("ruang.png"), jenis="foto", judul="Ruang asesmen", actor=vt["asesor"]
    )
    services.bukti_add(
        permintaan=p,
        upload=SimpleUploadedFile("speedtest.png", png_bytes((20, 120, 200)), content_type="image/png"),
        jenis="uji_kecepatan",
        judul="Uji kecepatan 55 Mbps",
        actor=vt["asesor"],
    )
    return p


def submitted(vt, p=None, *, rekomendasi="layak", syarat=(), temuan=""):
    from verifikasi_tuk import services

    p = p or evidenced(vt)
    return services.ceklis_submit(
        permintaan=p,
        rekomendasi=rekomendasi,
        temuan=temuan,
        syarat=list(syarat),
        rekaman_tautan=REKAMAN,
        rekaman_sha256=REKAMAN_SHA256,
        ttd=ttd(),
        actor=vt["asesor"],
    )


def at_sesuai(vt):
    return submitted(vt)


def with_conditions(vt, syarat=("Pasang APAR di ruang asesmen.",)):
    """A request whose verifier recommended 'layak dengan syarat' with `syarat`."""
    return submitted(vt, rekomendasi="bersyarat", syarat=syarat)


def sk_issued(vt, p=None, *, days=60):
    from verifikasi_tuk import services

    p = p or at_sesuai(vt)
    return services.sk_issue(
        permintaan=p,
        berlaku_sampai=timezone.localdate() + dt.timedelta(days=days),
        ttd=ttd(),
        actor=vt["ketua"],
    )
