"""A Pengelola TUK updates their own TUK's readiness and facilities only; another TUK's
edit pages answer 404 for them; the TUK's data and status stay with staff (SE-A4.3, SE-A4.4)."""

import pytest

from tuk import services
from tuk.models import Fasilitas, Tuk

pytestmark = pytest.mark.embedded


@pytest.fixture
def own_and_other(make_tuk, pengelola_tuk, admin_lsp):
    own = make_tuk(kode="TUK-SENDIRI", nama="TUK Sendiri", pengelola=pengelola_tuk, bandwidth_mbps=None)
    other = make_tuk(kode="TUK-LAIN", nama="TUK Lain")
    for tuk in (own, other):
        services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=3, kondisi="baik", actor=admin_lsp)
    return own, other


def test_pengelola_updates_their_own_tuks_readiness(client, pengelola_tuk, own_and_other):
    """SE-A4.3: the Pengelola TUK keeps the remote readiness of their TUK current."""
    own, _ = own_and_other
    client.force_login(pengelola_tuk)
    assert client.get(f"/tuk/{own.pk}/kesiapan/").status_code == 200
    response = client.post(
        f"/tuk/{own.pk}/kesiapan/",
        {
            "bandwidth_mbps": "30",
            "kamera_tersedia": "on",
            "ruang_sesuai": "on",
            "catatan_kesiapan": "Siap.",
            # fields outside the readiness form are ignored, never saved
            "nama": "Diganti",
            "status": "terverifikasi",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (str(own.bandwidth_mbps), own.kamera_tersedia, own.catatan_kesiapan) == ("30.0", True, "Siap.")
    assert (own.nama, own.status) == ("TUK Sendiri", Tuk.Status.DRAFT)


def test_a_negative_bandwidth_is_refused_and_nothing_changes(client, pengelola_tuk, own_and_other):
    own, _ = own_and_other
    client.force_login(pengelola_tuk)
    html = client.post(f"/tuk/{own.pk}/kesiapan/", {"bandwidth_mbps": "-1"}).content.decode()
    assert "Kecepatan internet tidak boleh kurang dari nol." in html
    own.refresh_from_db()
    assert own.bandwidth_mbps is None


def test_pengelola_adds_edits_and_removes_their_tuks_facilities(client, pengelola_tuk, own_and_other):
    own, _ = own_and_other
    client.force_login(pengelola_tuk)
    assert (
        client.post(
            f"/tuk/{own.pk}/fasilitas/tambah/", {"nama": "Kamera web", "jumlah": "4", "kondisi": "baik"}
        ).status_code
        == 302
    )
    kamera = own.fasilitas.get(nama="Kamera web")
    client.post(
        f"/tuk/{own.pk}/fasilitas/{kamera.pk}/ubah/",
        {"nama": "Kamera web", "jumlah": "5", "kondisi": "perlu_perbaikan", "keterangan": "Satu buram"},
    )
    kamera.refresh_from_db()
    assert (kamera.jumlah, kamera.kondisi, kamera.keterangan) == (5, "perlu_perbaikan", "Satu buram")
    laptop = own.fasilitas.get(nama="Laptop")
    assert client.get(f"/tuk/{own.pk}/fasilitas/{laptop.pk}/hapus/").status_code == 200
    assert Fasilitas.objects.filter(pk=laptop.pk).exists()  # GET only asks
    client.post(f"/tuk/{own.pk}/fasilitas/{laptop.pk}/hapus/")
    assert list(own.fasilitas.values_list("nama", flat=True)) == ["Kamera web"]


def test_another_tuks_edit_pages_answer_404_for_a_pengelola(client, pengelola_tuk, own_and_other):
    """SE-A4.4: another TUK's edit pages do not exist for them, and POSTs change nothing."""
    _, other = own_and_other
    laptop = other.fasilitas.get()
    client.force_login(pengelola_tuk)
    for url in (
        f"/tuk/{other.pk}/kesiapan/",
        f"/tuk/{other.pk}/fasilitas/tambah/",
        f"/tuk/{other.pk}/fasilitas/{laptop.pk}/ubah/",
        f"/tuk/{other.pk}/fasilitas/{laptop.pk}/hapus/",
    ):
        assert client.get(url).status_code == 404, url
        data = {"nama": "X", "jumlah": "1", "kondisi": "baik", "bandwidth_mbps": "1"}
        assert client.post(url, data).status_code == 404, url
    assert list(other.fasilitas.values_list("nama", "jumlah")) == [("Laptop", 3)]
    other.refresh_from_db()
    assert other.bandwidth_mbps is not None and str(other.bandwidth_mbps) == "50.0"


def test_a_facility_of_another_tuk_is_not_reachable_through_their_own(client, pengelola_tuk, own_and_other):
    own, other = own_and_other
    client.force_login(pengelola_tuk)
    assert client.get(f"/tuk/{own.pk}/fasilitas/{other.fasilitas.get().pk}/ubah/").status_code == 404


def test_pengelola_may_not_edit_data_or_status_even_of_their_own_tuk(client, pengelola_tuk, own_and_other):
    """Data and status are staff work (manage_tuk): 403."""
    own, _ = own_and_other
    client.force_login(pengelola_tuk)
    assert client.get(f"/tuk/{own.pk}/ubah/").status_code == 403
    assert client.get(f"/tuk/{own.pk}/status/").status_code == 403
    assert client.get("/tuk/baru/").status_code == 403


def test_the_detail_page_offers_edit_links_only_on_their_own_tuk(client, pengelola_tuk, own_and_other):
    own, other = own_and_other
    client.force_login(pengelola_tuk)
    own_html = client.get(f"/tuk/{own.pk}/").content.decode()
    other_html = client.get(f"/tuk/{other.pk}/").content.decode()
    assert f"/tuk/{own.pk}/kesiapan/" in own_html and "Ubah data TUK" not in own_html
    assert "/kesiapan/" not in other_html and "/fasilitas/" not in other_html


def test_a_pengelola_without_a_linked_tuk_has_no_edit_right(client, pengelola_tuk, make_tuk):
    """A Pengelola TUK not linked to any TUK has no readiness page at all: 403."""
    tuk = make_tuk()
    client.force_login(pengelola_tuk)
    assert client.get(f"/tuk/{tuk.pk}/kesiapan/").status_code == 403


def test_staff_with_manage_tuk_edit_any_tuks_readiness(client, ketua, own_and_other):
    _, other = own_and_other
    client.force_login(ketua)
    assert client.get(f"/tuk/{other.pk}/kesiapan/").status_code == 200
    assert client.get(f"/tuk/{other.pk}/fasilitas/tambah/").status_code == 200
