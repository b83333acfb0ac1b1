"""SE-A4.1: the public portal. Every page opens without login, has its own title and meta
description, shows its content, and is reachable from the home page."""

import re
from html import unescape

import pytest

from portal.models import HalamanPublik

from .conftest import pdf_upload, png_bytes

pytestmark = pytest.mark.embedded


def title_of(html):
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())


def description_of(html):
    return unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))


DEFAULT_DESCRIPTION = "Portal sertifikasi kompetensi"


@pytest.mark.parametrize(
    "url, title",
    [
        ("/", "Beranda"),
        ("/profil/", "Profil"),
        ("/lisensi/", "Lisensi BNSP"),
        ("/berita/", "Berita dan pengumuman"),
        ("/alur-sertifikasi/", "Alur sertifikasi"),
        ("/sop-banding-pengaduan/", "SOP banding dan pengaduan"),
    ],
)
def test_public_page_opens_without_login_with_its_own_title_and_description(
    client, url, title, profil, make_lisensi
):
    """SE-A4.1: no login; a proper <title> and a page-specific meta description."""
    make_lisensi()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert title_of(html).startswith(f"{title} · ")
    description = description_of(html)
    assert description and not description.startswith(DEFAULT_DESCRIPTION)
    assert len(description) <= 160


def test_public_pages_work_before_any_content_is_entered(client, db):
    """SE-A4.1: a fresh installation shows 'not yet filled in' rather than an error."""
    for url in ("/", "/profil/", "/lisensi/", "/berita/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/profil/struktur-organisasi/").status_code == 404
    assert client.get("/lisensi/sk/").status_code == 404


def test_home_shows_profile_licence_status_latest_news_and_links(client, profil, make_lisensi, make_berita):
    """SE-A4.1: all reachable from home; the licence with its status; the latest 3 news."""
    make_lisensi()
    for n in range(1, 5):
        make_berita(f"Berita nomor {n}")
    html = client.get("/").content.decode()
    assert "LSP Uji Nusantara" in html and "Bandung" in html and "022 555 0199" in html
    assert "KEP.0042/BNSP/I/2025" in html and "Berlaku" in html
    assert "Berita nomor 4" in html and "Berita nomor 2" in html
    assert "Berita nomor 1" not in html  # only the latest three
    for url in ("/profil/", "/lisensi/", "/berita/", "/alur-sertifikasi/", "/sop-banding-pengaduan/"):
        assert f'href="{url}"' in html, url


def test_profile_page_shows_contacts_vision_mission_and_the_chart(client, profil):
    """SE-A4.1: name, address, contacts, vision and mission, organisation chart."""
    html = client.get("/profil/").content.decode()
    for value in (
        "LSP Uji Nusantara",
        "Jl. Kenanga No. 5",
        "sekretariat@lsp-uji.or.id",
        "Menjadi LSP tepercaya.",
    ):
        assert value in html
    assert "<li>Melayani sertifikasi yang adil.</li>" in html  # the mission as a numbered list
    assert f'src="/profil/struktur-organisasi/?v={profil.struktur_versi}"' in html
    assert 'width="40" height="20"' in html  # space reserved: no layout shift


def test_organisation_chart_is_streamed_as_the_stored_image(client, profil):
    """SE-A4.1: the chart has no public file URL; a portal view streams it."""
    response = client.get("/profil/struktur-organisasi/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert "max-age" in response["Cache-Control"]


def test_licence_page_shows_number_dates_and_a_valid_status(client, make_lisensi):
    """SE-A4.1: licence number, issue and expiry dates, shown with its status."""
    make_lisensi(terbit=-30, kedaluwarsa=1000)
    html = client.get("/lisensi/").content.decode()
    assert "KEP.0042/BNSP/I/2025" in html
    assert '<span class="badge ok">Berlaku</span>' in html
    assert "Kedaluwarsa" not in html


def test_expired_licence_is_shown_as_expired(client, make_lisensi):
    """SE-A4.1 Edge: an expired licence is shown as expired, on its page and at home."""
    make_lisensi(terbit=-2000, kedaluwarsa=-1)
    for url in ("/lisensi/", "/"):
        html = client.get(url).content.decode()
        assert '<span class="badge err">Kedaluwarsa</span>' in html, url
        assert ">Berlaku<" not in html, url
    assert "telah <strong>kedaluwarsa</strong>" in client.get("/lisensi/").content.decode()


def test_licence_ending_within_90_days_is_flagged(client, make_lisensi):
    """SE-A4.1, X-3: 'akan berakhir' in the last 90 days."""
    make_lisensi(kedaluwarsa=30)
    html = client.get("/lisensi/").content.decode()
    assert ">Akan berakhir<" in html and "akan berakhir dalam 30 hari" in html


def test_licence_sk_pdf_is_streamed(client, make_lisensi):
    make_lisensi(berkas_sk=pdf_upload())
    assert "/lisensi/sk/?v=" in client.get("/lisensi/").content.decode()
    response = client.get("/lisensi/sk/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_news_list_shows_published_news_newest_first_and_paginates(client, make_berita):
    """SE-A4.1: news and announcements, paginated."""
    for n in range(1, 13):
        make_berita(f"Kabar {n:02d}")
    first = client.get("/berita/").content.decode()
    assert first.index("Kabar 12") < first.index("Kabar 03")
    assert "Kabar 02" not in first and "?halaman=2" in first
    second = client.get("/berita/?halaman=2")
    assert second.status_code == 200
    assert "Kabar 01" in second.content.decode()
    assert title_of(second.content.decode()).startswith("Berita dan pengumuman, halaman 2")


def test_news_detail_renders_paragraphs_and_never_raw_html(client, make_berita):
    """SE-A4.1: the body is plain text with paragraphs; HTML typed into it is shown as text."""
    berita = make_berita(
        "Pengumuman",
        ringkasan="Ringkas untuk mesin pencari.",
        isi="Paragraf satu.\n\n<script>alert(1)</script>",
    )
    response = client.get(f"/berita/{berita.slug}/")
    html = response.content.decode()
    assert "<p>Paragraf satu.</p>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert title_of(html).startswith("Pengumuman · ")
    assert description_of(html) == "Ringkas untuk mesin pencari."


def test_unpublished_news_is_404_to_the_public(client, asesi, make_berita):
    """SE-A4.1: a draft or withdrawn item is not public: 404, not listed, not at home."""
    draft = make_berita("Draf rahasia", terbit=False)
    assert client.get(f"/berita/{draft.slug}/").status_code == 404
    client.force_login(asesi)
    assert client.get(f"/berita/{draft.slug}/").status_code == 404
    assert "Draf rahasia" not in client.get("/berita/").content.decode()
    assert "Draf rahasia" not in client.get("/").content.decode()


def test_staff_preview_a_draft_marked_as_not_public(client, admin_lsp, make_berita):
    draft = make_berita("Draf rahasia", terbit=False)
    client.force_login(admin_lsp)
    html = client.get(f"/berita/{draft.slug}/").content.decode()
    assert "Pratinjau: berita ini belum diterbitkan" in html
    assert '<meta name="robots" content="noindex">' in html


def test_flow_page_explains_face_to_face_and_remote_assessment(client, db):
    """SE-A4.1: the service flow (alur sertifikasi), face-to-face and remote."""
    html = client.get("/alur-sertifikasi/").content.decode()
    assert "<h2>Asesmen tatap muka</h2>" in html and "<h2>Asesmen jarak jauh</h2>" in html
    assert "<strong>Ajukan permohonan (FR.APL.01).</strong>" in html
    assert "FR.AK.01" in html and "SE.007/BNSP/V/2023" in html
    assert 'href="/sop-banding-pengaduan/"' in html


def test_sop_page_describes_appeals_and_complaints_and_shows_contacts(client, profil):
    """SE-A4.1 / SE-A4.13: the page for the appeal and complaint SOPs; with no SOP approved
    yet (SE-A1.4) it says the formal document is still being prepared, and offers no PDF."""
    html = client.get("/sop-banding-pengaduan/").content.decode()
    assert "FR.AK.04" in html and "<h2>Pengaduan</h2>" in html
    assert "disahkan Ketua LSP" in html and "Dokumen SOP yang berlaku" in html
    assert "belum disahkan" in html and "/sop-banding-pengaduan/unduh/" not in html
    assert "sekretariat@lsp-uji.or.id" in html


def test_public_pages_show_the_edited_text(client, admin_lsp):
    from portal import services

    halaman = HalamanPublik.objects.get(kunci="alur-sertifikasi")
    services.halaman_update(
        halaman=halaman,
        judul="Alur layanan",
        isi="## Tahap\n\n- Satu\n- Dua",
        meta_deskripsi="Alur.",
        actor=admin_lsp,
    )
    html = client.get("/alur-sertifikasi/").content.decode()
    assert "<h1>Alur layanan</h1>" in html and "<ul><li>Satu</li><li>Dua</li></ul>" in html


def test_public_files_refuse_other_methods(client, profil):
    assert client.post("/profil/struktur-organisasi/").status_code == 405
    assert client.post("/").status_code == 405
