"""The demo TUK seed: two TUK as described, once (SE-A4.3)."""

import datetime as dt

import pytest
import time_machine

from akun.models import AuditEntry
from eksekutif.demo import seed_demo
from lsp_portal.models import StatusChange
from tuk.demo import seed_tuk_demo
from tuk.models import Fasilitas, Tuk

pytestmark = pytest.mark.embedded


def test_demo_seeds_a_verified_sewaktu_and_a_registered_workplace_tuk(db):
    """The Sewaktu TUK is verified by its SK penetapan (verifikasi_tuk's demo, for a TUK
    Sewaktu at most 90 days); the workplace TUK stays as registered."""
    from verifikasi_tuk import services as verifikasi

    with time_machine.travel(dt.datetime(2026, 12, 7, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        seed_demo(journey=False)
        sewaktu = Tuk.objects.get(jenis=Tuk.Jenis.SEWAKTU)
        assert sewaktu.berlaku_sampai == verifikasi.berlaku_maksimal(sewaktu) == dt.date(2027, 3, 7)
    tempat_kerja = Tuk.objects.get(jenis=Tuk.Jenis.TEMPAT_KERJA)
    assert sewaktu.status_on(dt.date(2027, 3, 7)) == Tuk.Status.TERVERIFIKASI
    assert sewaktu.sk_penetapan is not None
    assert sewaktu.siap_jarak_jauh and sewaktu.has_coordinates and sewaktu.fasilitas.count() >= 3
    assert tempat_kerja.status == Tuk.Status.DRAFT and tempat_kerja.fasilitas.exists()
    assert tempat_kerja.pengelola.email == "tuk@demo.lsp.id"
    assert StatusChange.objects.filter(to_status="terverifikasi").count() == 1


def test_demo_seed_twice_creates_nothing_new(db):
    seed_demo(journey=False)
    counts = (Tuk.objects.count(), Fasilitas.objects.count(), StatusChange.objects.count())
    audit = AuditEntry.objects.filter(content_type__app_label="tuk").count()
    seed_tuk_demo()
    assert (Tuk.objects.count(), Fasilitas.objects.count(), StatusChange.objects.count()) == counts
    assert counts[0] == 2
    assert AuditEntry.objects.filter(content_type__app_label="tuk").count() == audit


def test_the_demo_pengelola_edits_their_tuk_only(client, db):
    seed_demo(journey=False)
    from akun.models import User

    client.force_login(User.objects.get(email="tuk@demo.lsp.id"))
    own = Tuk.objects.get(kode="TUK-TK-001")
    other = Tuk.objects.get(kode="TUK-SWK-001")
    assert client.get(f"/tuk/{own.pk}/kesiapan/").status_code == 200
    assert client.get(f"/tuk/{other.pk}/kesiapan/").status_code == 404
