"""Staff register and edit the LSP's people by function (SE-A4.2): Indonesian message per
field, nothing saved on bad input; akun.use_sdm views, akun.manage_sdm edits."""

import re

import pytest

from akun.models import AuditEntry
from sdm.models import Asesor, Personel

from .conftest import make_asesor, make_personel

pytestmark = pytest.mark.embedded


def field_errors(html, field):
    """The error texts shown under one field (the accessible form partial's markup)."""
    match = re.search(rf'<div class="errors" id="id_{field}_error" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>(.*?)</p>", match.group(1)) if match else []


def form(**overrides):
    data = {
        "nama": "Rudi Hartanto",
        "fungsi": "operator_si",
        "jabatan": "Operator Sistem Informasi",
        "akun_email": "",
        "nik": "",
        "telepon": "081234567890",
        "email": "rudi@lsp.id",
        "aktif_dari": "2025-01-02",
        "aktif_sampai": "",
    }
    data.update(overrides)
    return data


def test_admin_creates_personel_linked_to_an_account_and_it_is_audited(client, admin_lsp, staf_ti):
    """SE-A4.2: the person is saved in their function, linked to the account; audited (X-4)."""
    client.force_login(admin_lsp)
    response = client.post("/sdm/personel/baru/", form(akun_email=staf_ti.email.upper()))
    personel = Personel.objects.get(nama="Rudi Hartanto")
    assert response.status_code == 302 and response.url == f"/sdm/personel/{personel.pk}/"
    assert personel.user == staf_ti and personel.fungsi == Personel.Fungsi.OPERATOR_SI
    entry = AuditEntry.objects.filter(content_type__model="personel", object_pk=str(personel.pk)).latest("pk")
    assert entry.actor == admin_lsp and entry.action == AuditEntry.Action.CREATE


def test_new_asesor_goes_on_to_the_met_form(client, admin_lsp):
    """SE-A4.2: an asesor is completed with the MET registration right after."""
    client.force_login(admin_lsp)
    response = client.post("/sdm/personel/baru/", form(fungsi="asesor", jabatan="Asesor"))
    personel = Personel.objects.get()
    assert response.url == f"/sdm/personel/{personel.pk}/asesor/"


def test_asesor_profile_saves_met_and_schemes(client, admin_lsp, ketua):
    """SE-A4.2: MET number (normalised), validity and the schemes the asesor may assess."""
    from muk import services as muk_services
    from tests.muk.conftest import skema_data

    skema = muk_services.skema_create(actor=ketua, **skema_data())
    personel = make_personel(admin_lsp, fungsi="asesor", nama="Nia")
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{personel.pk}/asesor/",
        {
            "nomor_met": " met.000.000777.2024 ",
            "met_terbit": "2024-02-01",
            "met_berlaku_sampai": "2027-02-01",
            "nomor_sk_penetapan": "001/SK/2024",
            "skema": [skema.pk],
        },
    )
    assert response.status_code == 302
    asesor = Asesor.objects.get(personel=personel)
    assert asesor.nomor_met == "MET.000.000777.2024" and list(asesor.skema.all()) == [skema]


def test_duplicate_met_is_refused_on_the_field(client, admin_lsp):
    """SE-A4.2 edge: a MET number already used (whatever its case) gives an Indonesian field
    error, and the second profile is not saved."""
    make_asesor(admin_lsp, met="MET.000.000001.2024")
    personel = make_personel(admin_lsp, fungsi="asesor", nama="Kedua")
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{personel.pk}/asesor/",
        {"nomor_met": "met.000.000001.2024", "met_terbit": "2024-01-01", "met_berlaku_sampai": "2029-01-01"},
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "nomor_met") == [
        "Nomor registrasi MET ini sudah dipakai asesor lain."
    ]
    assert not Asesor.objects.filter(personel=personel).exists()


def test_met_expiry_before_issue_is_refused_on_the_field(client, admin_lsp):
    personel = make_personel(admin_lsp, fungsi="asesor")
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{personel.pk}/asesor/",
        {"nomor_met": "MET.1", "met_terbit": "2024-01-01", "met_berlaku_sampai": "2023-12-31"},
    )
    assert field_errors(response.content.decode(), "met_berlaku_sampai") == [
        "Tanggal berlaku sampai harus setelah tanggal terbit."
    ]
    assert not Asesor.objects.exists()


def test_duplicate_nik_and_unknown_account_are_refused_per_field(client, admin_lsp):
    """SE-A4.2 edge: a NIK in use and an e-mail with no account each get their message."""
    make_personel(admin_lsp, nik="3201010101010001")
    client.force_login(admin_lsp)
    response = client.post("/sdm/personel/baru/", form(nik="3201010101010001", akun_email="tidak.ada@lsp.id"))
    html = response.content.decode()
    assert field_errors(html, "nik") == ["NIK/nomor identitas ini sudah dipakai personel lain."]
    assert field_errors(html, "akun_email") == ["Tidak ada akun aktif dengan email ini."]
    assert Personel.objects.count() == 1


def test_account_linked_to_another_person_is_refused(client, admin_lsp, staf_ti):
    make_personel(admin_lsp, user=staf_ti, nama="Pertama")
    client.force_login(admin_lsp)
    response = client.post("/sdm/personel/baru/", form(akun_email=staf_ti.email))
    assert field_errors(response.content.decode(), "akun_email") == [
        "Akun ini sudah terhubung dengan personel lain."
    ]
    assert Personel.objects.count() == 1


def test_active_to_before_from_is_refused(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/sdm/personel/baru/", form(aktif_dari="2025-01-02", aktif_sampai="2025-01-01"))
    assert field_errors(response.content.decode(), "aktif_sampai") == [
        "Tanggal akhir aktif tidak boleh sebelum tanggal mulai aktif."
    ]
    assert not Personel.objects.exists()


def test_edit_personel_keeps_the_saved_name_in_the_heading_on_error(client, admin_lsp):
    personel = make_personel(admin_lsp, nama="Nama Lama")
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{personel.pk}/ubah/", form(nama="Nama Baru", aktif_sampai="2000-01-01")
    )
    assert "Ubah data Nama Lama" in response.content.decode()
    personel.refresh_from_db()
    assert personel.nama == "Nama Lama"
    response = client.post(f"/sdm/personel/{personel.pk}/ubah/", form(nama="Nama Baru"))
    personel.refresh_from_db()
    assert response.status_code == 302 and personel.nama == "Nama Baru"


def test_asesor_with_profile_cannot_be_moved_to_another_function(client, admin_lsp):
    asesor = make_asesor(admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{asesor.personel.pk}/ubah/", form(nama=asesor.personel.nama, fungsi="admin")
    )
    assert "fungsinya tidak dapat diubah dari Asesor" in response.content.decode()
    asesor.personel.refresh_from_db()
    assert asesor.personel.fungsi == "asesor"


def test_list_filters_by_function_and_searches(client, manajer, admin_lsp):
    """SE-A4.2: the register per function, searchable by name or MET number; NIK masked (X-10)."""
    make_personel(admin_lsp, nama="Operator Satu", fungsi="operator_si", nik="3201010101010001")
    make_personel(admin_lsp, nama="Admin Dua", fungsi="admin")
    make_asesor(admin_lsp, nama="Asesor Tiga", met="MET.000.555555.2024")
    client.force_login(manajer)
    html = client.get("/sdm/personel/?fungsi=operator_si").content.decode()
    assert "Operator Satu" in html and "Admin Dua" not in html
    assert "3201010101010001" not in html and "3201••••••••0001" in html
    html = client.get("/sdm/personel/?q=555555").content.decode()
    assert "Asesor Tiga" in html and "Operator Satu" not in html


def test_home_groups_people_by_function(client, ketua, admin_lsp):
    """SE-A4.2: pengarah, pelaksana, SI staff and asesor, each with their people."""
    make_personel(admin_lsp, nama="Bapak Dewan", fungsi="dewan_pengarah")
    make_personel(admin_lsp, nama="Ibu Operator", fungsi="operator_si")
    make_personel(admin_lsp, nama="Mantan Admin", fungsi="admin", aktif_sampai="2021-01-01")
    client.force_login(ketua)
    html = client.get("/sdm/").content.decode()
    for heading in ("Dewan Pengarah", "Pelaksana", "Sistem informasi", "Asesor"):
        assert heading in html
    assert "Bapak Dewan" in html and "Ibu Operator" in html
    assert "Mantan Admin" not in html  # no longer active


def test_manajer_views_but_cannot_edit(client, manajer, admin_lsp):
    """SE-A4.4: use_sdm without manage_sdm sees the pages, edit pages answer 403."""
    personel = make_personel(admin_lsp)
    client.force_login(manajer)
    assert client.get(f"/sdm/personel/{personel.pk}/").status_code == 200
    assert client.get(f"/sdm/personel/{personel.pk}/ubah/").status_code == 403
    assert client.post("/sdm/personel/baru/", form()).status_code == 403
    assert Personel.objects.count() == 1


def test_home_lists_staff_accounts_not_yet_recorded_as_personel(client, ketua, asesor, asesi, admin_lsp):
    """SE-A4.2: staff accounts (an asesor too) without a Personel row are listed with a link to
    record them; applicants are not staff and are not listed."""
    client.force_login(ketua)
    html = client.get("/sdm/").content.decode()
    assert asesor.email in html and asesi.email not in html
    assert f"/sdm/personel/baru/?akun={asesor.email.replace('@', '%40')}" in html
    form_page = client.get(f"/sdm/personel/baru/?akun={asesor.email}").content.decode()
    assert f'value="{asesor.email}"' in form_page
    make_personel(admin_lsp, user=asesor, nama="Tercatat", fungsi="asesor")
    assert asesor.email not in client.get("/sdm/").content.decode()
