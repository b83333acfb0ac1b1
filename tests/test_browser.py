"""Browser smoke test: Debian's chromium, driven by Playwright, at a 360 px phone viewport.

The demo accounts (eksekutif.demo) sign in through allauth's real login page and walk the
per-role menu. Every page must fit 360 px without horizontal scrolling and load nothing
from outside the live server (no CDN, no remote fonts).

Set LSP_SCREENSHOT_DIR to keep full-page screenshots of the asesi's "Akun saya" page and
the admin's role page (browser-asesi.png, browser-admin.png) for a look at the layout.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE

# Not `embedded`: the pages in a phone's browser, the same on either database (once per make test).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data")]


def assert_all_local(urls, live_server):
    assert urls, "the browser requested nothing"
    outside = [url for url in urls if not url.startswith(live_server.url + "/")]
    assert outside == [], f"resources loaded from outside the live server: {outside}"


def assert_fits_phone(page: Page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (
        f"{page.url} scrolls sideways: scrollWidth {width} px > {PHONE['width']} px"
    )


def screenshot(page: Page, name: str):
    folder = os.environ.get("LSP_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def open_menu(page: Page):
    """Open the header's <details> menu and return its navigation."""
    menu = page.locator("header details.menu")
    menu.locator("summary", has_text="Menu").click()
    expect(menu).to_have_attribute("open", "")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav).to_be_visible()
    return nav


def go_to_login(page: Page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sertifikasi kompetensi")
    open_menu(page).get_by_role("link", name="Masuk", exact=True).click()
    expect(page).to_have_url(live_server.url + "/akun/login/")
    expect(page.get_by_role("heading", name="Masuk", level=1)).to_be_visible()


def sign_in(page: Page, email: str, password: str):
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Sandi")).fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_asesi_logs_in_from_menu_and_sees_own_certification(
    page: Page, live_server, demo_data, requested_urls
):
    go_to_login(page, live_server)
    assert_fits_phone(page)
    sign_in(page, "asesi@demo.lsp.id", demo_data)

    expect(page).to_have_url(live_server.url + "/akun/")
    expect(page.get_by_role("heading", name="Dasbor saya", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Menunggu tindakan Anda")).to_be_visible()
    assert_fits_phone(page)
    page.get_by_role("link", name="Akun saya: data diri, peran, dan keamanan").click()
    expect(page).to_have_url(live_server.url + "/akun/profil/")
    expect(page.get_by_role("heading", name="Akun saya", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Data diri")).to_contain_text("Sari Wulandari")
    expect(page.get_by_role("region", name="Peran").locator(".badge")).to_have_text(["Asesi"])
    expect(page.locator("header .whoami")).to_contain_text("Sari Wulandari")
    screenshot(page, "browser-asesi.png")
    assert_fits_phone(page)

    nav = open_menu(page)
    expect(nav.get_by_role("link", name="Akun saya", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Peran & hak akses")).to_have_count(0)
    nav.get_by_role("link", name="Sertifikasi", exact=True).click()

    expect(page).to_have_url(live_server.url + "/sertifikasi/")
    expect(page.get_by_role("heading", name="Permohonan saya", level=2)).to_be_visible()
    assert_fits_phone(page)
    assert_all_local(requested_urls, live_server)


def test_admin_opens_role_table_and_asesi_members(page: Page, live_server, demo_data, requested_urls):
    go_to_login(page, live_server)
    sign_in(page, "admin@demo.lsp.id", demo_data)
    expect(page).to_have_url(live_server.url + "/akun/")
    expect(page.get_by_role("heading", name="Dasbor saya", level=1)).to_be_visible()
    page.goto(live_server.url + "/akun/profil/")
    expect(page.get_by_role("region", name="Peran").locator(".badge")).to_have_text(["Admin LSP"])

    open_menu(page).get_by_role("link", name="Peran & hak akses", exact=True).click()
    expect(page).to_have_url(live_server.url + "/akun/peran/")
    expect(page.get_by_role("heading", name="Peran dan hak akses", level=1)).to_be_visible()
    roles = page.get_by_role("table", name="Daftar peran")
    expect(roles.get_by_role("link", name="Ketua/Direktur LSP", exact=True)).to_be_visible()
    assert_fits_phone(page)

    roles.get_by_role("link", name="Asesi", exact=True).click()
    expect(page).to_have_url(live_server.url + "/akun/peran/asesi/")
    expect(page.get_by_role("heading", name="Peran Asesi", level=1)).to_be_visible()
    members = page.get_by_role("table", name="Anggota peran Asesi")
    expect(members.get_by_role("cell", name="Sari Wulandari", exact=True)).to_be_visible()
    expect(members.get_by_role("cell", name="asesi@demo.lsp.id", exact=True)).to_be_visible()
    screenshot(page, "browser-admin.png")
    assert_fits_phone(page)
    assert_all_local(requested_urls, live_server)


def test_wrong_password_shows_indonesian_error_on_login_page(
    page: Page, live_server, demo_data, requested_urls
):
    go_to_login(page, live_server)
    sign_in(page, "asesi@demo.lsp.id", demo_data + "salah")

    error = page.locator("main form .form-errors[role=alert]")
    expect(error).to_have_text("Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar.")
    expect(page).to_have_url(live_server.url + "/akun/login/")
    expect(page.get_by_role("heading", name="Masuk", level=1)).to_be_visible()
    expect(page.locator("header .whoami")).to_have_count(0)
    assert_fits_phone(page)
    assert_all_local(requested_urls, live_server)
