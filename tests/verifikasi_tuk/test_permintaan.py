"""Issue 12, first steps (SE-A4.9, SE-A4.5, X-6): a request to verify a TUK for the schemes
it will host, the Manajer's assignment of a verifier without a conflict, and the SPT
verifikasi TUK issued through the records engine for the Ketua to sign."""

import datetime as dt

import pytest
from django.utils import timezone

from administrasi.models import Dokumen
from lsp_portal import schemes
from lsp_portal.errors import ServiceError
from sdm.models import Personel
from verifikasi_tuk import services
from verifikasi_tuk.models import Permintaan


@pytest.fixture(scope="module")
def _world(_demo_seeded, django_db_blocker):
    """The demo LSP (seed_demo(journey=False), seeded once per xdist worker: conftest's
    `_demo_seeded`) with the demo's request on TUK-TK-001 (waiting for its condition)
    withdrawn, so the tests start afresh: done once for the module, in its savepoint of the
    demo (each test runs in a savepoint of it and leaves nothing behind). Seeded per test,
    it cost ~4 s a test."""
    from akun.models import User
    from tests.conftest import clear_own_cache

    with django_db_blocker.unblock():
        clear_own_cache()
        manajer = User.objects.get(email="manajer@demo.lsp.id")
        for open_one in Permintaan.objects.filter(tuk__kode="TUK-TK-001", status__in=Permintaan.OPEN):
            services.permintaan_cancel(permintaan=open_one, alasan="Uji", actor=manajer)
        clear_own_cache()


@pytest.fixture
def world(_world, db):
    from akun.models import User
    from muk.models import Skema
    from tuk.models import Tuk

    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.lsp.id")}
    return {
        **users,
        "skema": Skema.objects.get(kode="SKM/LSP-DEMO/JWD/01/2025"),
        "tuk": Tuk.objects.get(kode="TUK-TK-001"),  # the draft workplace TUK run by tuk@
        "verifikator": Personel.objects.get(user=users["asesor"]),
    }


def tomorrow():
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(9)))


def request(world, **over):
    values = {"tuk": world["tuk"], "jenis": "baru", "skema_ids": [world["skema"].pk], "alasan": ""}
    values.update(over)
    return services.permintaan_create(actor=world["manajer"], **values)


def assign(world, permintaan, **over):
    values = {
        "permintaan": permintaan,
        "verifikator": world["verifikator"],
        "tanggal": tomorrow(),
        "tautan_video": "https://meet.example/verifikasi",
        "signer": world["ketua"],
        "actor": world["manajer"],
    }
    values.update(over)
    return services.verifikator_assign(**values)


def test_request_then_assignment_issues_the_spt_for_the_ketua(world):
    permintaan = request(world)
    assert permintaan.status == Permintaan.Status.DIAJUKAN and permintaan.skema_ids == [world["skema"].pk]
    with pytest.raises(ServiceError, match="sudah memiliki permintaan"):
        request(world)
    permintaan = assign(world, permintaan)
    assert permintaan.status == Permintaan.Status.DITUGASKAN
    spt = Dokumen.objects.get(pk=permintaan.spt_id)
    assert spt.jenis.kode == "SPT-VERIFIKASI-TUK" and spt.nomor  # numbered
    assert spt.status == Dokumen.Status.DRAFT
    assert [t.penandatangan for t in spt.tanda_tangan.all()] == [world["ketua"]]
    assert spt.data["verifikator"][0]["nama"] == world["verifikator"].nama
    assert spt.data["skema"] == [str(schemes.get(world["skema"].pk))]
    with pytest.raises(ServiceError, match="tidak dapat ditugaskan"):
        assign(world, permintaan)  # already assigned


def test_refusals_leave_the_request_waiting(world):
    """X-6 and bad input: the TUK's own manager or a declared conflict cannot verify it; a
    past time, a link without https, no scheme are refused; nothing changes."""
    with pytest.raises(ServiceError, match="paling sedikit satu skema"):
        request(world, skema_ids=[])
    permintaan = request(world)
    from sdm import services as sdm

    pengelola = sdm.personel_create(
        actor=world["admin"],
        user=world["tuk"].pengelola,
        nama="Pengelola TUK",
        fungsi=Personel.Fungsi.ADMIN,
        jabatan="Penanggung jawab TUK",
        nik="",
        telepon="",
        email="",
        aktif_dari=dt.date(2020, 1, 1),
        aktif_sampai=None,
    )
    with pytest.raises(ServiceError, match="pengelola TUK"):
        assign(world, permintaan, verifikator=pengelola)
    services.konflik_declare(
        personel=world["verifikator"],
        tuk=world["tuk"],
        alasan="Pernah bekerja di TUK ini",
        actor=world["manajer"],
    )
    with pytest.raises(ServiceError, match="benturan kepentingan"):
        assign(world, permintaan)
    with pytest.raises(ServiceError, match="sudah tercatat"):
        services.konflik_declare(
            personel=world["verifikator"], tuk=world["tuk"], alasan="lagi", actor=world["manajer"]
        )
    other = Personel.objects.get(user=world["komite"])  # a staff member may verify too
    with pytest.raises(ServiceError, match="akan datang"):
        assign(world, permintaan, verifikator=other, tanggal=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ServiceError, match="https://"):
        assign(world, permintaan, verifikator=other, tautan_video="http://meet.example/x")
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.DIAJUKAN and permintaan.spt_id is None
    assert assign(world, permintaan, verifikator=other).status == Permintaan.Status.DITUGASKAN
