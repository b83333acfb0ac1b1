"""SE-A4.1: staff edit every piece of the public portal on pages of the portal (not only in
Django admin), with Indonesian messages for bad input, nothing half-saved, and every change
in the audit trail (X-4) with its actor."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from akun.models import AuditEntry
from portal.models import Berita, HalamanPublik, Lisensi, ProfilLSP

from .conftest import PROFIL_DATA, days, pdf_upload, png_bytes, png_upload

pytestmark = pytest.mark.embedded

STAFF_URLS = [
    "/portal-admin/",
    "/portal-admin/profil/",
    "/portal-admin/lisensi/",
    "/portal-admin/berita/",
    "/portal-admin/berita/baru/",
    "/portal-admin/halaman/alur-sertifikasi/",
    "/portal-admin/halaman/sop-banding-pengaduan/",
]


def audit_of(obj, action=None):
    entries = AuditEntry.objects.filter(content_type__model=obj._meta.model_name, object_pk=str(obj.pk))
    if action is not None:
        entries = entries.filter(action=action)
    return entries.latest("pk")


def profil_post(**overrides):
    return {**PROFIL_DATA, **overrides}


def lisensi_post(terbit, kedaluwarsa, **extra):
    return {
        "nomor_sk": "KEP.0099/BNSP/II/2025",
        "tanggal_terbit": days(terbit).isoformat(),
        "tanggal_kedaluwarsa": days(kedaluwarsa).isoformat(),
        **extra,
    }


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_URLS)
def test_asesi_gets_403_on_staff_pages(client, asesi, url):
    """SE-A4.1, SE-A4.4: only akun.manage_portal edits the portal."""
    client.force_login(asesi)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", STAFF_URLS)
def test_anonymous_is_sent_to_login_from_staff_pages(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")


@pytest.mark.parametrize("url", STAFF_URLS)
def test_portal_managers_open_every_staff_page(client, admin_lsp, url):
    client.force_login(admin_lsp)
    assert client.get(url).status_code == 200


def test_menu_offers_kelola_portal_only_to_portal_managers(client, ketua, asesi):
    client.force_login(ketua)
    assert '<a href="/portal-admin/">Kelola portal</a>' in client.get("/akun/").content.decode()
    client.force_login(asesi)
    assert "Kelola portal" not in client.get("/akun/").content.decode()


def test_asesi_cannot_post_to_staff_pages(client, asesi, make_berita):
    berita = make_berita(terbit=False)
    client.force_login(asesi)
    assert client.post("/portal-admin/profil/", profil_post()).status_code == 403
    assert client.post(f"/portal-admin/berita/{berita.pk}/terbitkan/").status_code == 403
    assert client.post(f"/portal-admin/berita/{berita.pk}/hapus/").status_code == 403
    berita.refresh_from_db()
    assert not berita.terbit
    assert not ProfilLSP.objects.exists()


# --- profile ------------------------------------------------------------------------------


def test_staff_create_the_profile_with_a_chart_and_it_is_audited(client, admin_lsp):
    """SE-A4.1, X-4: the profile is edited over HTTP; the change carries its actor."""
    client.force_login(admin_lsp)
    response = client.post("/portal-admin/profil/", profil_post(struktur_organisasi=png_upload()))
    assert response.status_code == 302
    profil = ProfilLSP.objects.get()
    assert profil.nama == "LSP Uji Nusantara" and profil.struktur_organisasi.name.endswith(".png")
    assert (profil.struktur_lebar, profil.struktur_tinggi) == (40, 20)
    entry = audit_of(profil, AuditEntry.Action.CREATE)
    assert entry.actor == admin_lsp and entry.changes["nama"][1] == "LSP Uji Nusantara"


def test_staff_edit_the_profile_and_the_change_is_audited(client, ketua, profil):
    client.force_login(ketua)
    response = client.post("/portal-admin/profil/", profil_post(kota="Cimahi"))
    assert response.status_code == 302
    profil.refresh_from_db()
    assert profil.kota == "Cimahi"
    assert profil.struktur_organisasi  # no new upload: the chart stays
    entry = audit_of(profil, AuditEntry.Action.UPDATE)
    assert entry.actor == ketua and entry.changes["kota"] == ["Bandung", "Cimahi"]


def test_a_non_image_chart_is_refused_in_indonesian_and_the_old_one_kept(client, admin_lsp, profil):
    """SE-A4.1 Edge: an image that is not an image: Indonesian message, nothing half-saved."""
    old_name = profil.struktur_organisasi.name
    files_before = portal_files()
    client.force_login(admin_lsp)
    fake = SimpleUploadedFile("bagan.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    response = client.post("/portal-admin/profil/", profil_post(nama="Nama baru", struktur_organisasi=fake))
    assert response.status_code == 200
    assert "Bagan struktur organisasi bukan gambar yang dapat dibaca" in response.content.decode()
    profil.refresh_from_db()
    assert profil.nama == "LSP Uji Nusantara"  # nothing else saved either
    assert profil.struktur_organisasi.name == old_name
    assert default_storage.exists(old_name)
    assert portal_files() == files_before  # no stray file


def test_a_chart_over_2_mb_is_refused(client, admin_lsp, profil):
    client.force_login(admin_lsp)
    big = SimpleUploadedFile("bagan.png", png_bytes() + b"\0" * (2 * 1024 * 1024), content_type="image/png")
    response = client.post("/portal-admin/profil/", profil_post(struktur_organisasi=big))
    assert "terlalu besar (maksimal 2 MB)" in response.content.decode()


def test_an_svg_or_gif_chart_is_refused(client, admin_lsp, profil):
    client.force_login(admin_lsp)
    gif = SimpleUploadedFile("bagan.gif", png_bytes(image_format="GIF"), content_type="image/gif")
    response = client.post("/portal-admin/profil/", profil_post(struktur_organisasi=gif))
    assert "harus berupa gambar PNG, JPEG, atau WebP" in response.content.decode()
    svg = SimpleUploadedFile(
        "bagan.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml"
    )
    response = client.post("/portal-admin/profil/", profil_post(struktur_organisasi=svg))
    assert "bukan gambar yang dapat dibaca" in response.content.decode()


def test_replacing_the_chart_removes_the_old_file_after_commit(
    client, admin_lsp, profil, django_capture_on_commit_callbacks
):
    old_name = profil.struktur_organisasi.name
    client.force_login(admin_lsp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/portal-admin/profil/",
            profil_post(struktur_organisasi=png_upload("baru.jpg", image_format="JPEG")),
        )
    profil.refresh_from_db()
    assert profil.struktur_organisasi.name.endswith(".jpg")
    assert not default_storage.exists(old_name)
    assert client.get("/profil/struktur-organisasi/")["Content-Type"] == "image/jpeg"


def test_staff_remove_the_chart(client, admin_lsp, profil, django_capture_on_commit_callbacks):
    old_name = profil.struktur_organisasi.name
    client.force_login(admin_lsp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal-admin/profil/", profil_post(hapus_struktur_organisasi="on"))
    profil.refresh_from_db()
    assert not profil.struktur_organisasi and not default_storage.exists(old_name)
    assert client.get("/profil/struktur-organisasi/").status_code == 404


def test_missing_profile_fields_are_refused_in_indonesian(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/portal-admin/profil/", profil_post(nama="", email="bukan-email"))
    html = response.content.decode()
    assert "Bidang ini tidak boleh kosong." in html
    assert "alamat email yang valid" in html
    assert not ProfilLSP.objects.exists()


# --- licence ------------------------------------------------------------------------------


def test_staff_create_the_licence_when_none_exists_and_it_is_audited(client, admin_lsp):
    """SE-A4.1, X-4: edit licence (create if none) over HTTP."""
    client.force_login(admin_lsp)
    assert "Isi lisensi BNSP" in client.get("/portal-admin/lisensi/").content.decode()
    response = client.post("/portal-admin/lisensi/", lisensi_post(-10, 1800, berkas_sk=pdf_upload()))
    assert response.status_code == 302
    lisensi = Lisensi.objects.get()
    assert lisensi.nomor_sk == "KEP.0099/BNSP/II/2025" and lisensi.berkas_sk.name.endswith(".pdf")
    assert audit_of(lisensi, AuditEntry.Action.CREATE).actor == admin_lsp


def test_staff_renew_the_licence_and_the_old_values_stay_in_the_audit_trail(client, ketua, make_lisensi):
    lisensi = make_lisensi(terbit=-2000, kedaluwarsa=-5)
    client.force_login(ketua)
    client.post("/portal-admin/lisensi/", lisensi_post(-1, 1825))
    lisensi.refresh_from_db()
    assert lisensi.status == Lisensi.Status.BERLAKU
    entry = audit_of(lisensi, AuditEntry.Action.UPDATE)
    assert entry.actor == ketua and entry.changes["nomor_sk"] == [
        "KEP.0042/BNSP/I/2025",
        "KEP.0099/BNSP/II/2025",
    ]


def portal_files():
    """Files under portal/ in the default storage (local folder or S3 prefix)."""
    try:
        return set(default_storage.listdir("portal")[1])
    except FileNotFoundError:
        return set()


def test_licence_expiry_before_issue_is_refused_in_indonesian_and_nothing_saved(client, admin_lsp):
    """SE-A4.1 Edge: dates where expiry precedes issue: Indonesian message per field."""
    files_before = portal_files()
    client.force_login(admin_lsp)
    response = client.post("/portal-admin/lisensi/", lisensi_post(-10, -20, berkas_sk=pdf_upload()))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["tanggal_kedaluwarsa"] == ["Tanggal berlaku sampai harus setelah tanggal terbit."]
    assert "Tanggal berlaku sampai harus setelah tanggal terbit." in response.content.decode()
    assert not Lisensi.objects.exists()
    assert portal_files() == files_before  # the SK upload was not stored


def test_licence_expiry_equal_to_issue_is_refused_and_the_old_licence_kept(client, admin_lsp, make_lisensi):
    make_lisensi()
    client.force_login(admin_lsp)
    response = client.post("/portal-admin/lisensi/", lisensi_post(-10, -10))
    assert "harus setelah tanggal terbit" in response.content.decode()
    assert Lisensi.objects.get().nomor_sk == "KEP.0042/BNSP/I/2025"


def test_licence_issued_in_the_future_is_refused(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/portal-admin/lisensi/", lisensi_post(3, 1000))
    assert "Tanggal terbit tidak boleh setelah hari ini." in response.content.decode()


def test_licence_sk_that_is_not_a_pdf_is_refused(client, admin_lsp, make_lisensi):
    make_lisensi()
    client.force_login(admin_lsp)
    fake = SimpleUploadedFile("sk.pdf", b"PK\x03\x04 a zip renamed", content_type="application/pdf")
    response = client.post("/portal-admin/lisensi/", lisensi_post(-10, 1000, berkas_sk=fake))
    assert "Berkas SK bukan berkas PDF." in response.content.decode()
    lisensi = Lisensi.objects.get()
    assert lisensi.nomor_sk == "KEP.0042/BNSP/I/2025" and not lisensi.berkas_sk


def test_licence_sk_over_10_mb_is_refused(client, admin_lsp):
    client.force_login(admin_lsp)
    big = pdf_upload(content=b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    response = client.post("/portal-admin/lisensi/", lisensi_post(-10, 1000, berkas_sk=big))
    assert "Berkas SK terlalu besar (maksimal 10 MB)." in response.content.decode()
    assert not Lisensi.objects.exists()


def test_a_date_in_the_wrong_format_is_refused_in_indonesian(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/portal-admin/lisensi/", {**lisensi_post(-10, 100), "tanggal_terbit": "kemarin"})
    assert "Masukkan tanggal yang valid." in response.content.decode()


# --- news ---------------------------------------------------------------------------------


def test_staff_write_news_as_a_draft_and_it_is_audited(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post(
        "/portal-admin/berita/baru/",
        {"judul": "Jadwal Uji Kompetensi Mei", "slug": "", "ringkasan": "Jadwal baru.", "isi": "Isi."},
    )
    berita = Berita.objects.get()
    assert response["Location"] == f"/portal-admin/berita/{berita.pk}/"
    assert berita.slug == "jadwal-uji-kompetensi-mei" and not berita.terbit
    assert audit_of(berita, AuditEntry.Action.CREATE).actor == admin_lsp


def test_unpublished_news_is_visible_to_staff_in_the_staff_list(client, admin_lsp, make_berita):
    """SE-A4.1: drafts are hidden from the public but listed for staff."""
    make_berita("Draf pengumuman", terbit=False)
    make_berita("Sudah terbit")
    client.force_login(admin_lsp)
    html = client.get("/portal-admin/berita/").content.decode()
    assert "Draf pengumuman" in html and "Sudah terbit" in html
    assert '<span class="badge">Draf</span>' in html


def test_staff_edit_news_and_the_change_is_audited(client, ketua, make_berita):
    berita = make_berita("Judul lama")
    client.force_login(ketua)
    response = client.post(
        f"/portal-admin/berita/{berita.pk}/",
        {"judul": "Judul baru", "slug": berita.slug, "ringkasan": "R.", "isi": "Isi baru."},
    )
    assert response.status_code == 302
    berita.refresh_from_db()
    assert berita.judul == "Judul baru" and berita.terbit
    entry = audit_of(berita, AuditEntry.Action.UPDATE)
    assert entry.actor == ketua and entry.changes["judul"] == ["Judul lama", "Judul baru"]


def test_a_slug_in_use_is_refused_in_indonesian(client, admin_lsp, make_berita):
    make_berita("Sama")
    other = make_berita("Lain")
    client.force_login(admin_lsp)
    response = client.post(
        f"/portal-admin/berita/{other.pk}/", {"judul": "Lain", "slug": "sama", "ringkasan": "R.", "isi": "I."}
    )
    assert "Alamat (slug) ini sudah dipakai berita lain." in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "lain"


def test_same_title_gets_a_distinct_slug(make_berita):
    assert make_berita("Pengumuman").slug == "pengumuman"
    assert make_berita("Pengumuman").slug == "pengumuman-2"


def test_publish_asks_first_then_publishes_and_is_audited(client, admin_lsp, make_berita):
    """STYLE §5: GET confirmation page, POST action."""
    berita = make_berita("Draf", terbit=False)
    client.force_login(admin_lsp)
    confirm = client.get(f"/portal-admin/berita/{berita.pk}/terbitkan/")
    assert "Terbitkan “Draf”?" in confirm.content.decode()
    berita.refresh_from_db()
    assert not berita.terbit  # GET changes nothing
    response = client.post(f"/portal-admin/berita/{berita.pk}/terbitkan/")
    assert response.status_code == 302
    berita.refresh_from_db()
    assert berita.terbit and berita.diterbitkan_pada is not None
    entry = audit_of(berita, AuditEntry.Action.UPDATE)
    assert entry.actor == admin_lsp and entry.changes["terbit"] == [False, True]
    client.logout()
    assert client.get(berita.get_absolute_url()).status_code == 200


def test_unpublish_hides_news_from_the_public_and_keeps_the_first_date(client, admin_lsp, make_berita):
    berita = make_berita("Kabar")
    first_date = berita.diterbitkan_pada
    client.force_login(admin_lsp)
    assert (
        "Tarik “Kabar” dari portal?"
        in client.get(f"/portal-admin/berita/{berita.pk}/tarik/").content.decode()
    )
    client.post(f"/portal-admin/berita/{berita.pk}/tarik/")
    berita.refresh_from_db()
    assert not berita.terbit and audit_of(berita, AuditEntry.Action.UPDATE).actor == admin_lsp
    client.post(f"/portal-admin/berita/{berita.pk}/terbitkan/")
    berita.refresh_from_db()
    assert berita.terbit and berita.diterbitkan_pada == first_date
    client.post(f"/portal-admin/berita/{berita.pk}/tarik/")
    client.logout()
    assert client.get(berita.get_absolute_url()).status_code == 404


def test_publishing_published_news_again_changes_nothing(client, admin_lsp, make_berita):
    berita = make_berita("Kabar")
    client.force_login(admin_lsp)
    response = client.get(f"/portal-admin/berita/{berita.pk}/terbitkan/")
    assert response.status_code == 302
    count = AuditEntry.objects.count()
    client.post(f"/portal-admin/berita/{berita.pk}/terbitkan/")
    assert AuditEntry.objects.count() == count


def test_staff_delete_news_after_confirming_and_it_is_audited(client, admin_lsp, make_berita):
    berita = make_berita("Salah ketik")
    pk = berita.pk
    client.force_login(admin_lsp)
    assert "Hapus “Salah ketik”?" in client.get(f"/portal-admin/berita/{pk}/hapus/").content.decode()
    assert Berita.objects.filter(pk=pk).exists()
    client.post(f"/portal-admin/berita/{pk}/hapus/")
    assert not Berita.objects.filter(pk=pk).exists()
    entry = audit_of(berita, AuditEntry.Action.DELETE)
    assert entry.actor == admin_lsp
    assert client.get(f"/portal-admin/berita/{pk}/").status_code == 404


# --- keyed pages --------------------------------------------------------------------------


@pytest.mark.parametrize("kunci", ["alur-sertifikasi", "sop-banding-pengaduan"])
def test_staff_edit_each_public_page_and_it_is_audited(client, admin_lsp, kunci):
    client.force_login(admin_lsp)
    response = client.post(
        f"/portal-admin/halaman/{kunci}/",
        {"judul": "Judul baru", "meta_deskripsi": "Deskripsi baru.", "isi": "Teks baru."},
    )
    assert response.status_code == 302
    halaman = HalamanPublik.objects.get(kunci=kunci)
    assert (halaman.judul, halaman.isi) == ("Judul baru", "Teks baru.")
    entry = audit_of(halaman, AuditEntry.Action.UPDATE)
    assert entry.actor == admin_lsp and entry.changes["judul"][1] == "Judul baru"
    assert "<h1>Judul baru</h1>" in client.get(f"/{kunci}/").content.decode()


def test_a_page_without_text_or_with_a_long_description_is_refused(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post(
        "/portal-admin/halaman/alur-sertifikasi/", {"judul": "Alur", "meta_deskripsi": "x" * 161, "isi": ""}
    )
    html = response.content.decode()
    assert "Bidang ini tidak boleh kosong." in html and "paling banyak 160 karakter" in html
    assert HalamanPublik.objects.get(kunci="alur-sertifikasi").judul == "Alur sertifikasi"


def test_an_unknown_page_key_is_404(client, admin_lsp):
    client.force_login(admin_lsp)
    assert client.get("/portal-admin/halaman/tidak-ada/").status_code == 404


def test_staff_forms_label_every_control(client, admin_lsp, profil, make_lisensi, make_berita):
    """The accessible form partial: every input has a label."""
    from tests.test_ui import _inputs_without_label

    make_lisensi(berkas_sk=pdf_upload())
    berita = make_berita()
    client.force_login(admin_lsp)
    for url in [*STAFF_URLS, f"/portal-admin/berita/{berita.pk}/"]:
        assert _inputs_without_label(client.get(url).content.decode()) == [], url
