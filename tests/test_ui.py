"""Base UI: Indonesian error pages, per-role navigation, no remote assets, labelled forms."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.test import RequestFactory

pytestmark = pytest.mark.embedded
ROOT = Path(__file__).resolve().parent.parent


def test_unknown_url_gets_the_indonesian_404_page(client, db):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert '<html lang="id">' in html


def test_forbidden_page_explains_in_indonesian(client, asesi):
    client.force_login(asesi)
    response = client.get("/sdm/")
    assert response.status_code == 403
    assert "Peran Anda tidak memiliki hak" in response.content.decode()


def test_server_error_page_is_indonesian_and_needs_no_database():
    from lsp_portal.views import error_500

    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_csrf_failure_page_is_indonesian(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/login/", {"login": "a@b.id", "password": "x"})
    assert response.status_code == 403
    assert "Sesi formulir kedaluwarsa" in response.content.decode()


REMOTE = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//"""
)


def test_no_template_or_stylesheet_loads_a_remote_asset():
    """The portal must work on a closed network: nothing from a CDN."""
    offenders = []
    for path in [
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("static/**/*.css"),
        *ROOT.glob("static/**/*.js"),
    ]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if REMOTE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


@pytest.mark.parametrize(
    "persona, shown, hidden",
    [
        (
            "asesi",
            {"Sertifikasi", "Banding", "Akun saya"},
            {"SDM", "Peran & hak akses", "Jejak audit", "Dasbor eksekutif"},
        ),
        ("asesor", {"Sertifikasi", "Skema & MUK", "Verifikasi TUK"}, {"SDM", "Banding", "Administrasi"}),
        (
            "ketua",
            {
                "Sertifikasi",
                "SDM",
                "TUK",
                "Administrasi",
                "Peran & hak akses",
                "Jejak audit",
                "Status sistem",
                "Dasbor eksekutif",
            },
            set(),
        ),
        ("auditor", {"Jejak audit", "Dasbor eksekutif"}, {"Peran & hak akses", "Sertifikasi"}),
        ("staf_ti", {"Status sistem"}, {"Jejak audit", "Sertifikasi"}),
        ("outsider", {"Akun saya"}, {"Sertifikasi", "Banding"}),
    ],
)
def test_navigation_offers_each_role_its_pages_only(client, request, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/akun/").content.decode()
    nav = html[html.index('aria-label="Navigasi utama"') : html.index("</nav>")]
    labels = {unescape(x) for x in re.findall(r'<a href="[^"]+"(?: aria-current="page")?>([^<]+)</a>', nav)}
    assert shown <= labels
    assert not (hidden & labels)


def test_every_menu_entry_opens_for_the_user_it_is_shown_to(client, ketua, asesi, pengelola_tuk):
    for user in (ketua, asesi, pengelola_tuk):
        client.force_login(user)
        nav = client.get("/akun/").context["nav_items"]
        for item in nav:
            assert client.get(item["url"]).status_code == 200, (user.email, item["url"])


def test_current_page_is_marked_for_screen_readers(client, ketua):
    client.force_login(ketua)
    html = client.get("/sdm/").content.decode()
    assert '<a href="/sdm/" aria-current="page">SDM</a>' in html


def _inputs_without_label(html):
    ids = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    missing = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(?:hidden|submit)"', tag):
            continue
        field_id = re.search(r'id="([^"]+)"', tag)
        if not field_id or field_id.group(1) not in ids:
            missing.append(tag)
    return missing


@pytest.mark.parametrize(
    "url, persona",
    [
        ("/akun/signup/", None),
        ("/akun/login/", None),
        ("/akun/password/reset/", None),
        ("/akun/profil/ubah/", "asesi"),
        ("/akun/audit/", "auditor"),
        ("/akun/peran/baru/", "ketua"),
        ("/akun/peran/asesi/", "ketua"),
    ],
)
def test_every_form_control_has_a_label(client, request, db, url, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    html = client.get(url).content.decode()
    assert _inputs_without_label(html) == []


def test_field_errors_are_tied_to_their_input(client, db):
    html = client.post(
        "/akun/signup/", {"email": "bukan-email", "nama_lengkap": "", "nomor_hp": "123"}
    ).content.decode()
    assert 'aria-invalid="true"' in html
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for ref in described.split():
            assert f'id="{ref}"' in html


def test_pages_have_a_skip_link_and_a_main_landmark(client, db):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#konten">Langsung ke konten</a>' in html
    assert '<main id="konten"' in html


@pytest.mark.parametrize(
    "persona, url, heading",
    [
        ("ketua", "/sdm/", "Sumber daya manusia LSP"),
        ("pengelola_tuk", "/tuk/", "Tempat Uji Kompetensi (TUK)"),
        ("admin_lsp", "/administrasi/", "Administrasi dan arsip"),
        ("komite", "/muk/", "Skema sertifikasi dan MUK"),
        ("asesi", "/sertifikasi/", "Sertifikasi"),
        ("asesor", "/verifikasi-tuk/", "Verifikasi TUK"),
        ("asesi", "/banding/", "Banding dan pengaduan"),
        ("dewan", "/eksekutif/", "Dasbor eksekutif"),
        ("staf_ti", "/eksekutif/sistem/", "Status sistem"),
    ],
)
def test_each_application_has_a_landing_page_for_its_users(client, request, persona, url, heading):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in html


def test_sertifikasi_landing_shows_each_role_its_own_section(client, asesi, asesor, manajer):
    sections = {}
    for user in (asesi, asesor, manajer):
        client.force_login(user)
        sections[user.email] = client.get("/sertifikasi/").content.decode()
    assert "Permohonan saya" in sections[asesi.email] and "Tugas asesmen saya" not in sections[asesi.email]
    assert "Tugas asesmen saya" in sections[asesor.email] and "Permohonan saya" not in sections[asesor.email]
    assert "Proses sertifikasi LSP" in sections[manajer.email]


def test_sdm_lists_staff_by_function_not_applicants(client, ketua, asesi, asesor):
    client.force_login(ketua)
    html = client.get("/sdm/").content.decode()
    assert asesor.nama_lengkap in html
    assert asesi.nama_lengkap not in html


def test_only_the_most_specific_menu_entry_is_current(client, ketua):
    client.force_login(ketua)
    html = client.get("/eksekutif/sistem/").content.decode()
    assert html.count('aria-current="page"') == 1
    assert '<a href="/eksekutif/sistem/" aria-current="page">Status sistem</a>' in html
