"""SE-A4.1: the portal is readable on a phone. Debian's chromium at 360 px: no page scrolls
sideways, and nothing is loaded from outside the server.

Set LSP_SCREENSHOT_DIR to keep a full-page screenshot of the home page (portal-home.png)."""

import pytest
from playwright.sync_api import Page, expect

from ..test_browser import assert_all_local, assert_fits_phone, screenshot, sign_in

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser]

PUBLIC = ["/", "/profil/", "/lisensi/", "/berita/", "/alur-sertifikasi/", "/sop-banding-pengaduan/"]
STAFF = ["/portal-admin/", "/portal-admin/profil/", "/portal-admin/lisensi/", "/portal-admin/berita/"]


@pytest.fixture
def portal_demo(demo_data):
    from portal.demo import seed_portal_demo

    seed_portal_demo()
    return demo_data


def test_public_pages_fit_a_phone(page: Page, live_server, portal_demo, requested_urls):
    """SE-A4.1: readable on a phone, with the chart image loaded through the portal."""
    for path in PUBLIC:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_fits_phone(page)
        if path == "/":
            screenshot(page, "portal-home.png")
    page.goto(live_server.url + "/profil/")
    chart = page.get_by_role("img", name="Bagan struktur organisasi")
    expect(chart).to_be_visible()
    # The image is lazy and its space is reserved before the bytes arrive (S3 is slower than
    # local disk): bring it into view, then wait until it has decoded.
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(), timeout=10_000
    )
    assert chart.evaluate("img => img.naturalWidth > 0")
    assert_all_local(requested_urls, live_server)


def test_staff_pages_fit_a_phone(page: Page, live_server, portal_demo):
    page.goto(live_server.url + "/akun/login/")
    sign_in(page, "admin@demo.lsp.id", portal_demo)
    expect(page).to_have_url(live_server.url + "/akun/")
    for path in STAFF:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_fits_phone(page)
