"""SE-A4.1: the public scope of certification. The scope page lists every active scheme with
its code, title, kind, reference, fee per mode and BNSP's remote approval; each scheme has a
public page with its units, basic requirements, fees, remote approval (letter number and
date), certificate validity and paperless approval. No login; inactive schemes are hidden."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muk import services as muk
from muk.demo import seed_sample_scheme

from ..muk.conftest import skema_data, unit_rows, upload
from .test_public_pages import description_of, title_of

pytestmark = pytest.mark.embedded

REMOTE = {
    "jarak_jauh_disetujui": True,
    "nomor_surat_bnsp": "1122/BNSP/IV/2025",
    "tanggal_surat_bnsp": dt.date(2025, 4, 7),
}


@pytest.fixture
def make_skema(manajer):
    def make(**overrides):
        return muk.skema_create(actor=manajer, **skema_data(**overrides))

    return make


@pytest.fixture
def sample(manajer):
    """The sample scheme (Junior Web Developer): six units, requirements, remote approval."""
    return seed_sample_scheme(actor=manajer)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_scope_page_lists_active_schemes_with_kind_reference_fees_and_remote_badge(client, make_skema):
    """SE-A4.1: scope, fee per scheme, schemes BNSP approved for remote (letter no./date)."""
    make_skema(kode="SKM/UJI/JJ", judul="Skema Jarak Jauh", jenis="klaster", **REMOTE)
    make_skema(kode="SKM/UJI/TM", judul="Skema Tatap Muka", acuan="SKKNI No. 100 Tahun 2020")
    make_skema(kode="SKM/UJI/OFF", judul="Skema Ditutup", aktif=False)
    response = client.get("/ruang-lingkup/")
    assert response.status_code == 200
    text = text_of(response.content.decode())
    for value in ("SKM/UJI/JJ", "Skema Jarak Jauh", "Klaster", "SKM/UJI/TM", "SKKNI No. 100 Tahun 2020"):
        assert value in text, value
    assert "Jarak jauh disetujui BNSP Surat BNSP nomor 1122/BNSP/IV/2025 tanggal 7 April 2025" in text
    assert "Biaya uji tatap muka Rp1.000.000 Biaya uji jarak jauh Rp900.000" in text
    assert "2 skema aktif, 1 di antaranya disetujui BNSP" in text
    assert "Skema Ditutup" not in text  # inactive: cannot be applied for, not shown


def test_remote_fee_is_shown_only_for_approved_schemes_and_once_when_equal(client, make_skema):
    """SE-A4.1: fee per mode; the remote fee only where remote certification is approved."""
    same = Decimal("750000")
    make_skema(kode="SKM/UJI/SAMA", biaya_tatap_muka=same, biaya_jarak_jauh=same, **REMOTE)
    tatap_muka = make_skema(kode="SKM/UJI/TM", biaya_jarak_jauh=Decimal("1"))
    text = text_of(client.get("/ruang-lingkup/").content.decode())
    assert "Biaya uji Rp750.000 tatap muka dan jarak jauh" in text
    assert "Rp1 " not in text and "Rp1<" not in text  # the unapproved scheme's remote fee
    detail = text_of(client.get(f"/ruang-lingkup/{tatap_muka.pk}/").content.decode())
    assert "Biaya uji tatap muka Rp1.000.000" in detail and "Biaya uji jarak jauh" not in detail
    assert "Belum disetujui BNSP; asesmen dilaksanakan tatap muka di TUK." in detail


def test_scheme_page_shows_units_requirements_fees_validity_and_remote_letter(client, sample):
    """SE-A4.1: units with codes, basic requirements, fee per mode, remote approval with the
    BNSP letter number and date, certificate validity, paperless approval, the flow link."""
    response = client.get(f"/ruang-lingkup/{sample.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "Junior Web Developer (Pengembang Web Pratama)" in text and "SKM/LSP-DEMO/JWD/01/2025" in text
    assert "Unit kompetensi (6)" in text
    assert "J.620100.004.02 Menggunakan Struktur Data" in text
    assert "Mengidentifikasi konsep data dan struktur data" in text  # an element, collapsed
    assert "<details>" in html
    assert "Persyaratan dasar" in text and "Pendidikan" in text
    for requirement in sample.persyaratan.all():
        assert text_of(requirement.teks) in text
    assert "Biaya uji tatap muka Rp1.500.000 Biaya uji jarak jauh Rp1.250.000" in text
    assert "Disetujui BNSP Surat nomor 0987/BNSP/III/2025 tanggal 14 Maret 2025" in text
    assert "Masa berlaku sertifikat 3 tahun" in text
    assert "Nirkertas Disetujui" in text
    assert 'href="/alur-sertifikasi/"' in html


def test_inactive_or_unknown_scheme_is_404(client, make_skema, manajer):
    """SE-A4.1: an inactive scheme is not public (its page answers 404), staff included."""
    closed = make_skema(kode="SKM/UJI/OFF", aktif=False)
    assert client.get(f"/ruang-lingkup/{closed.pk}/").status_code == 404
    assert client.get("/ruang-lingkup/999999/").status_code == 404
    client.force_login(manajer)
    assert client.get(f"/ruang-lingkup/{closed.pk}/").status_code == 404


def test_scheme_without_units_or_requirements_says_so(client, make_skema):
    skema = make_skema()
    text = text_of(client.get(f"/ruang-lingkup/{skema.pk}/").content.decode())
    assert "Daftar unit kompetensi skema ini sedang disiapkan." in text
    assert "Persyaratan dasar skema ini belum diumumkan." in text


def test_empty_scope_page_says_no_scheme_yet(client, db):
    assert "Belum ada skema sertifikasi yang dibuka." in client.get("/ruang-lingkup/").content.decode()


def test_scope_pages_have_their_own_title_and_description(client, sample):
    """SE-A4.1: a proper <title> and a page-specific meta description on every public page."""
    for url, title in (
        ("/ruang-lingkup/", "Ruang lingkup sertifikasi"),
        (f"/ruang-lingkup/{sample.pk}/", "Junior Web Developer (Pengembang Web Pratama)"),
    ):
        html = client.get(url).content.decode()
        assert title_of(html).startswith(f"{title} · "), url
        description = description_of(html)
        assert description.startswith(("Ruang lingkup", "Skema Junior Web Developer")), description
        assert len(description) <= 160


def test_long_scheme_title_keeps_the_description_short(client, make_skema):
    skema = make_skema(judul="Pengelolaan " * 16)
    assert len(description_of(client.get(f"/ruang-lingkup/{skema.pk}/").content.decode())) <= 160


def test_home_links_to_every_public_item(client, db):
    """SE-A4.1: profile (with the organisation chart), licence, scope, service flow, news and
    the appeal/complaint SOP are all reachable from the home page."""
    html = client.get("/").content.decode()
    for url in (
        "/profil/",
        "/profil/#h-struktur",
        "/lisensi/",
        "/ruang-lingkup/",
        "/alur-sertifikasi/",
        "/berita/",
        "/sop-banding-pengaduan/",
    ):
        assert f'href="{url}"' in html, url


def test_public_nav_marks_the_scope_page_current(client, sample):
    for url in ("/ruang-lingkup/", f"/ruang-lingkup/{sample.pk}/"):
        html = client.get(url).content.decode()
        assert '<a href="/ruang-lingkup/" aria-current="page">Ruang lingkup</a>' in html, url


def test_portal_admin_links_to_scheme_editing_for_those_who_manage_schemes(client, ketua, admin_lsp):
    """SE-A4.1: schemes are staff-editable in muk; the portal's staff home links there for
    those with akun.manage_skema, and to the public scope page for all its staff."""
    client.force_login(ketua)
    html = client.get("/portal-admin/").content.decode()
    assert 'href="/muk/skema/"' in html and 'href="/ruang-lingkup/"' in html
    client.force_login(admin_lsp)  # edits the portal, not schemes
    html = client.get("/portal-admin/").content.decode()
    assert 'href="/muk/skema/"' not in html and 'href="/ruang-lingkup/"' in html


def test_a_scheme_edited_in_muk_shows_on_the_public_page(client, make_skema, manajer):
    """SE-A4.1: staff-editable, shown at once: a new remote approval and fee appear."""
    skema = make_skema()
    muk.skema_update(skema=skema, actor=manajer, biaya_tatap_muka=Decimal("1250000"), **REMOTE)
    text = text_of(client.get(f"/ruang-lingkup/{skema.pk}/").content.decode())
    assert "Rp1.250.000" in text and "1122/BNSP/IV/2025" in text


# --- speed -----------------------------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_scope_page_queries_do_not_grow_with_schemes(client, make_skema):
    """SE-A4.1, STYLE §5: 10 and 500 schemes cost the same (single) query."""
    counts = []
    made = 0
    for total in (10, 500):
        while made < total:
            made += 1
            make_skema(kode=f"SKM/UJI/{made:04d}", **(REMOTE if made % 3 == 0 else {}))
        counts.append(queries(client, "/ruang-lingkup/"))
    assert counts[0] == counts[1] == 1


def test_scheme_page_queries_do_not_grow_with_units(client, make_skema, manajer):
    """SE-A4.1: a scheme of 2 units and one of 25 cost the same number of queries."""
    counts = []
    for n in (2, 25):
        skema = make_skema(kode=f"SKM/UJI/U{n}")
        rows = [r for u in range(1, n + 1) for r in unit_rows(f"J.620100.{u:03d}.02", judul=f"Unit {u}")]
        muk.skema_import_structure(skema=skema, upload=upload(rows), actor=manajer)
        muk.persyaratan_replace(
            skema=skema, items=[("pendidikan", "SMK"), ("administratif", "KTP")], actor=manajer
        )
        counts.append(queries(client, f"/ruang-lingkup/{skema.pk}/"))
    assert counts[0] == counts[1] <= 4
