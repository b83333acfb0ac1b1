"""SE-A4.1 end to end: an anonymous visitor starts at the home page and, only by clicking
links, reaches and reads every item the circular asks the public portal for: the LSP's
name, address, contacts, vision and mission and organisation chart; the licence number and
dates with its status; the list of schemes; one scheme's units with codes, its basic
requirements, fees and remote approval (BNSP letter number and date); the service flow
(face-to-face and remote); the news; the appeal and complaint SOP. On a phone (360 px,
nothing scrolls sideways) and on a desktop, with every request to the live server only.

Set LSP_SCREENSHOT_DIR to keep full-page screenshots of the scope page and the scheme page
(portal-ruang-lingkup-<viewport>.png, portal-skema-<viewport>.png)."""

import re

import pytest
from django.template.defaultfilters import date as date_filter
from playwright.sync_api import Page, expect

from ..conftest import PHONE
from ..test_browser import assert_all_local, assert_fits_phone, screenshot

# Not `embedded`: the pages in a browser, the same on either database (once per make test).
pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def portal_demo(demo_data):
    """The embedded demo: the portal's profile, licence and news, and the sample scheme."""
    from muk.demo import seed_sample_scheme
    from portal.demo import seed_portal_demo

    seed_portal_demo()
    seed_sample_scheme()
    return demo_data


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_visitor_reaches_every_public_item_from_home_by_clicking(
    page: Page, live_server, portal_demo, requested_urls, viewport
):
    """SE-A4.1: all reachable from home, no login; readable on a phone and a desktop."""
    from portal.selectors import lisensi_get

    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    main = page.locator("main")

    def arrive(path, heading):
        expect(page).to_have_url(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        if viewport == "phone":
            assert_fits_phone(page)

    def home():
        page.locator("header a.brand").click()
        arrive("/", re.compile("^Sertifikasi kompetensi"))

    page.goto(live_server.url + "/")
    arrive("/", re.compile("^Sertifikasi kompetensi"))

    # Profile: name, address, contacts, vision, mission, organisation chart.
    main.get_by_role("link", name="Profil, visi dan misi, struktur organisasi").click()
    arrive("/profil/", "LSP Contoh Nusantara (LSP-CN)")
    for text in ("Jl. Merdeka No. 10", "Jakarta Pusat", "021 555 0101", "sekretariat@lsp-contoh.or.id"):
        expect(main).to_contain_text(text)
    expect(page.get_by_role("heading", name="Visi", exact=True)).to_be_visible()
    expect(main).to_contain_text("Menjadi lembaga sertifikasi profesi yang tepercaya")
    expect(page.get_by_role("heading", name="Misi", exact=True)).to_be_visible()
    expect(main).to_contain_text("Melayani sertifikasi tatap muka dan jarak jauh tanpa kertas.")
    chart = page.get_by_role("img", name=re.compile("^Bagan struktur organisasi"))
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(), timeout=10_000
    )

    # Licence: number, issue and expiry dates, status.
    home()
    main.get_by_role("link", name="Rincian lisensi").click()
    arrive("/lisensi/", "Lisensi BNSP")
    lisensi = lisensi_get()
    facts = main.locator("dl.facts")
    expect(facts).to_contain_text("KEP.1234/BNSP/XII/2024")
    expect(facts).to_contain_text(date_filter(lisensi.tanggal_terbit, "j F Y"))
    expect(facts).to_contain_text(date_filter(lisensi.tanggal_kedaluwarsa, "j F Y"))
    expect(facts.locator(".badge")).to_have_text("Berlaku")

    # Scope: the list of schemes, then one scheme's units, requirements, fees, approval.
    home()
    main.get_by_role("link", name="Lihat skema sertifikasi").click()
    arrive("/ruang-lingkup/", "Ruang lingkup sertifikasi")
    card = main.locator("li.card", has_text="SKM/LSP-DEMO/JWD/01/2025")
    expect(card).to_contain_text("Jarak jauh disetujui BNSP")
    expect(card).to_contain_text("0987/BNSP/III/2025")
    screenshot(page, f"portal-ruang-lingkup-{viewport}.png")
    card.get_by_role("link", name="Junior Web Developer (Pengembang Web Pratama)").click()
    expect(page).to_have_url(re.compile(r"/ruang-lingkup/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Junior Web Developer (Pengembang Web Pratama)")
    if viewport == "phone":
        assert_fits_phone(page)
    units = main.locator("ol.portal-units > li")
    expect(units).to_have_count(6)
    expect(units.first).to_contain_text("J.620100.004.02")
    expect(units.first).to_contain_text("Menggunakan Struktur Data")
    element = units.first.get_by_text("Mengidentifikasi konsep data dan struktur data")
    expect(element).to_be_hidden()  # elements are collapsed until asked for
    units.first.locator("summary").click()
    expect(element).to_be_visible()
    expect(page.get_by_role("heading", name="Persyaratan dasar")).to_be_visible()
    requirements = main.locator("section", has=page.get_by_role("heading", name="Persyaratan dasar"))
    expect(requirements).to_contain_text("Pendidikan")
    expect(main).to_contain_text("Rp1.500.000")
    expect(main).to_contain_text("Rp1.250.000")
    expect(main).to_contain_text("Surat nomor 0987/BNSP/III/2025 tanggal 14 Maret 2025")
    screenshot(page, f"portal-skema-{viewport}.png")

    # Service flow, face-to-face and remote, linked from the scheme.
    main.get_by_role("link", name="Alur sertifikasi tatap muka dan jarak jauh").click()
    arrive("/alur-sertifikasi/", "Alur sertifikasi")
    expect(page.get_by_role("heading", name="Asesmen tatap muka")).to_be_visible()
    expect(page.get_by_role("heading", name="Asesmen jarak jauh")).to_be_visible()

    # News: the list, then one item.
    home()
    main.get_by_role("link", name="Semua berita").click()
    arrive("/berita/", "Berita dan pengumuman")
    first = main.locator(".news-list h2 a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # Appeal and complaint SOP, and the flow again straight from home.
    home()
    main.locator("a.tile", has_text="SOP banding dan pengaduan").click()
    arrive("/sop-banding-pengaduan/", "SOP banding dan pengaduan")
    expect(page.get_by_role("heading", name="Banding atas keputusan asesmen")).to_be_visible()
    expect(page.get_by_role("heading", name="Pengaduan", exact=True)).to_be_visible()
    home()
    main.locator("a.tile", has_text="Alur sertifikasi").click()
    arrive("/alur-sertifikasi/", "Alur sertifikasi")

    assert_all_local(requested_urls, live_server)
