"""Staff register and edit TUK on their own pages: Indonesian message per field, nothing
saved on bad input; the detail page shows every field (SE-A4.3)."""

import re

import pytest

from akun.models import AuditEntry
from tuk import services
from tuk.models import Tuk

from .conftest import form_data

pytestmark = pytest.mark.embedded


def field_errors(html, field):
    """The error texts shown under one field (the accessible form partial's markup)."""
    match = re.search(rf'<div class="errors" id="id_{field}_error" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>(.*?)</p>", match.group(1)) if match else []


def test_admin_registers_a_tuk_as_draft_and_it_is_audited(client, admin_lsp):
    """SE-A4.3: a new TUK is saved in Draf; the audit trail names the actor."""
    client.force_login(admin_lsp)
    response = client.post("/tuk/baru/", form_data(kode="TUK-UJI-010"))
    tuk = Tuk.objects.get(kode="TUK-UJI-010")
    assert response.status_code == 302 and response.url == f"/tuk/{tuk.pk}/"
    assert tuk.status == Tuk.Status.DRAFT and tuk.berlaku_sampai is None
    entry = AuditEntry.objects.filter(content_type__model="tuk", object_pk=str(tuk.pk)).latest("pk")
    assert entry.actor == admin_lsp and entry.action == AuditEntry.Action.CREATE


def test_a_duplicate_tuk_code_is_refused_per_field(client, admin_lsp, make_tuk):
    """SE-A4.3 edge: a code already used, also differing only in case."""
    make_tuk(kode="TUK-UJI-001")
    client.force_login(admin_lsp)
    for kode in ("TUK-UJI-001", "tuk-uji-001"):
        html = client.post("/tuk/baru/", form_data(kode=kode, nama="Lain")).content.decode()
        assert field_errors(html, "kode") == ["Kode TUK ini sudah dipakai TUK lain."]
    assert Tuk.objects.count() == 1


def test_coordinates_out_of_range_are_refused_per_field(client, admin_lsp):
    """SE-A4.3: latitude 100 and longitude 200 are not places on Earth."""
    client.force_login(admin_lsp)
    html = client.post("/tuk/baru/", form_data(latitude="100", longitude="200")).content.decode()
    assert field_errors(html, "latitude") == ["Lintang (latitude) harus di antara -90 dan 90."]
    assert field_errors(html, "longitude") == ["Bujur (longitude) harus di antara -180 dan 180."]
    assert not Tuk.objects.exists()


def test_one_coordinate_without_the_other_is_refused(client, admin_lsp):
    client.force_login(admin_lsp)
    html = client.post("/tuk/baru/", form_data(longitude="")).content.decode()
    assert field_errors(html, "longitude") == ["Isi lintang dan bujur sekaligus, atau kosongkan keduanya."]
    assert not Tuk.objects.exists()


def test_a_tuk_without_coordinates_is_accepted(client, admin_lsp):
    client.force_login(admin_lsp)
    client.post("/tuk/baru/", form_data(latitude="", longitude=""))
    assert Tuk.objects.get().latitude is None


def test_required_fields_and_a_bad_phone_are_named(client, admin_lsp):
    """Every bad field gets its own Indonesian message."""
    client.force_login(admin_lsp)
    html = client.post(
        "/tuk/baru/", form_data(nama="", jenis="", penanggung_jawab_telepon="12345", bandwidth_mbps="-5")
    ).content.decode()
    assert field_errors(html, "nama") == ["Bidang ini tidak boleh kosong."]
    assert field_errors(html, "jenis") == ["Bidang ini tidak boleh kosong."]
    assert field_errors(html, "penanggung_jawab_telepon") == [
        "Nomor telepon harus nomor Indonesia, misalnya 081234567890 atau 0215551234."
    ]
    assert field_errors(html, "bandwidth_mbps") == ["Kecepatan internet tidak boleh kurang dari nol."]
    assert not Tuk.objects.exists()


def test_a_phone_written_with_spaces_and_dashes_is_stored_plain(client, admin_lsp):
    client.force_login(admin_lsp)
    client.post("/tuk/baru/", form_data(penanggung_jawab_telepon="(021) 555-1234"))
    assert Tuk.objects.get().penanggung_jawab_telepon == "0215551234"


def test_only_pengelola_tuk_accounts_can_be_linked(admin_lsp, asesor, pengelola_tuk, make_tuk):
    """SE-A4.3: the linked account must hold the Pengelola TUK role."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_tuk(pengelola=asesor)
    assert error.value.message_dict["pengelola"] == [
        "Akun ini tidak aktif atau tidak berperan Pengelola TUK."
    ]
    assert make_tuk(pengelola=pengelola_tuk).pengelola == pengelola_tuk


def test_the_form_offers_only_pengelola_tuk_accounts(client, admin_lsp, asesor, pengelola_tuk):
    client.force_login(admin_lsp)
    html = client.get("/tuk/baru/").content.decode()
    assert pengelola_tuk.email in html and asesor.email not in html


def test_a_bad_edit_changes_nothing(client, admin_lsp, make_tuk):
    """Bad input loses nothing already saved."""
    tuk = make_tuk()
    client.force_login(admin_lsp)
    response = client.post(f"/tuk/{tuk.pk}/ubah/", form_data(nama="Nama Baru", latitude="100"))
    assert response.status_code == 200
    tuk.refresh_from_db()
    assert tuk.nama == "TUK Uji Lab Komputer" and str(tuk.latitude) == "-6.175400"


def test_admin_edits_a_tuk(client, admin_lsp, make_tuk, pengelola_tuk):
    tuk = make_tuk()
    client.force_login(admin_lsp)
    response = client.post(
        f"/tuk/{tuk.pk}/ubah/", form_data(nama="TUK Uji Lab 2", jenis="mandiri", pengelola=pengelola_tuk)
    )
    assert response.status_code == 302
    tuk.refresh_from_db()
    assert (tuk.nama, tuk.jenis, tuk.pengelola) == ("TUK Uji Lab 2", "mandiri", pengelola_tuk)


def test_the_detail_page_shows_every_field_and_a_plain_map_link(client, manajer, make_tuk):
    """SE-A4.3: type, address, person in charge, equipment, readiness; coordinates as text
    and an OpenStreetMap link, with no embedded map or remote script."""
    tuk = make_tuk(catatan_kesiapan="Koneksi cadangan 4G.")
    services.fasilitas_add(tuk=tuk, nama="Kamera web", jumlah=12, kondisi="baik", actor=None)
    client.force_login(manajer)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    for text in (
        "TUK Uji Lab Komputer",
        "TUK-UJI-001",
        "TUK Sewaktu",
        "Jl. Merdeka No. 1, Gambir",
        "Kota Jakarta Pusat",
        "DKI Jakarta",
        "10110",
        "Andi Saputra",
        "081234567890",
        "andi@uji.lsp.id",
        "50 Mbps",
        "Koneksi cadangan 4G.",
        "Kamera web",
        "<td>12</td>",
        "-6.175400, 106.827200",
        "Draf",
    ):
        assert text in html, text
    assert (
        'href="https://www.openstreetmap.org/?mlat=-6.175400&amp;mlon=106.827200#map=17/-6.175400/106.827200"'
        in html
    )
    assert "<iframe" not in html and "<script" not in html
    assert "Ubah data TUK" not in html  # manajer: use_tuk without manage_tuk


def test_readiness_conclusion_names_what_is_missing(client, manajer, make_tuk):
    tuk = make_tuk(bandwidth_mbps="5", kamera_tersedia=False)
    client.force_login(manajer)
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert "Belum siap" in html
    assert "kecepatan internet di bawah 10 Mbps; kamera belum tersedia" in html


def test_the_list_filters_by_type_and_status_and_searches_name_and_city(client, admin_lsp, make_tuk):
    """SE-A4.3: the register is filtered by type and status and searched by name or city."""
    from .conftest import future

    make_tuk(kode="A", nama="TUK Alfa", kota="Kota Bandung", jenis="sewaktu")
    make_tuk(kode="B", nama="TUK Bravo", kota="Kota Surabaya", jenis="mandiri")
    verified = make_tuk(kode="C", nama="TUK Charlie", kota="Kota Bandung", jenis="mandiri")
    services.tuk_set_status(tuk=verified, status="terverifikasi", berlaku_sampai=future(), actor=admin_lsp)
    client.force_login(admin_lsp)

    def names(query):
        html = client.get("/tuk/", query).content.decode()
        return re.findall(r'<a href="/tuk/\d+/">([^<]+)</a>', html)

    assert names({}) == ["TUK Alfa", "TUK Bravo", "TUK Charlie"]
    assert names({"jenis": "mandiri"}) == ["TUK Bravo", "TUK Charlie"]
    assert names({"status": "terverifikasi"}) == ["TUK Charlie"]
    assert names({"status": "draft"}) == ["TUK Alfa", "TUK Bravo"]
    assert names({"q": "bandung"}) == ["TUK Alfa", "TUK Charlie"]
    assert names({"q": "bravo"}) == ["TUK Bravo"]
    assert names({"q": "bandung", "jenis": "mandiri"}) == ["TUK Charlie"]


def test_an_unknown_filter_value_lists_everything_with_a_message(client, admin_lsp, make_tuk):
    make_tuk()
    client.force_login(admin_lsp)
    html = client.get("/tuk/", {"status": "hilang"}).content.decode()
    assert "TUK Uji Lab Komputer" in html
    assert field_errors(html, "status")


def test_the_list_is_the_apps_landing_page(client, pengelola_tuk):
    """tuk:home is the register."""
    client.force_login(pengelola_tuk)
    html = client.get("/tuk/").content.decode()
    assert "<h1>Tempat Uji Kompetensi (TUK)</h1>" in html
    assert "Tambah TUK" not in html
