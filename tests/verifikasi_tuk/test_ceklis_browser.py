"""The verifier's remote session on a phone (SE-A4.9): Debian's chromium through Playwright
at 390x844 (a mobile, touch viewport). The verifier signs in, opens the checklist, answers
every line, uploads a photo of a line and the speed-test image, and sends the checklist
with the recommendation 'layak', the recording and the signing act; the request is then
Sesuai with its berita acara final. No page scrolls sideways."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.test_browser import go_to_login, screenshot, sign_in

from .conftest import REKAMAN, REKAMAN_SHA256, spt_signed

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def png(color) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), color).save(buffer, "PNG")
    return buffer.getvalue()


def fits(page: Page):
    """No sideways scroll at 390 px, nor at the narrowest phone the portal serves (360 px)."""
    for width in (PHONE["width"], 360):
        page.set_viewport_size({**PHONE, "width": width})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px: {scroll} px"
    page.set_viewport_size(PHONE)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_verifier_does_the_checklist_on_a_phone(phone: Page, live_server, vt_committed, settings):
    """SE-A4.9: the whole session on a phone, with a photo upload."""
    from verifikasi_tuk.models import Permintaan

    from .conftest import DEMO_PASSWORD

    settings.LSP_MFA_REQUIRED = False
    page = phone
    p = spt_signed(vt_committed)
    items = list(p.ceklis.all())
    go_to_login(page, live_server)
    sign_in(page, "asesor@demo.lsp.id", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("verifikasi_tuk:ceklis", args=[p.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceklis verifikasi TUK")
    expect(page.get_by_role("link", name="Buka konferensi video")).to_have_attribute("href", p.tautan_video)
    fits(page)

    for item in items:
        card = page.locator(f"#item-{item.pk}")
        card.get_by_label("Sesuai", exact=True).check()
        if item.minimal is not None:
            card.locator(f"#nilai-{item.pk}").fill(f"{item.minimal + 5:g}")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("Ceklis tersimpan")
    assert not p.ceklis.filter(hasil="").exists()

    first = page.locator(f"#item-{items[0].pk}")
    first.locator(f"#foto-{items[0].pk}").set_input_files(
        {"name": "ruang.png", "mimeType": "image/png", "buffer": png((180, 40, 40))}
    )
    first.get_by_role("button", name="Unggah foto").click()
    expect(page.locator(".messages")).to_contain_text("terunggah")
    page.locator("#id_uji_kecepatan").set_input_files(
        {"name": "speedtest.png", "mimeType": "image/png", "buffer": png((20, 120, 200))}
    )
    page.get_by_role("button", name="Unggah uji kecepatan").click()
    expect(page.locator(".messages")).to_contain_text("terunggah")
    assert set(p.bukti.values_list("jenis", flat=True)) == {"foto", "uji_kecepatan"}
    fits(page)
    screenshot(page, "verifikasi-tuk-ceklis.png")

    page.get_by_role("button", name="Simpan dan lanjut ke pengiriman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirim ceklis dan tandatangani berita acara")
    expect(page.locator(".message-error")).to_have_count(0)
    fits(page)
    page.get_by_label("Layak (sesuai persyaratan)").check()
    page.get_by_label("Tautan rekaman sesi").fill(REKAMAN)
    page.get_by_label("SHA-256 rekaman").fill(REKAMAN_SHA256)
    page.get_by_label("Kata sandi atau kode autentikator").fill(DEMO_PASSWORD)
    page.locator("input[name=consent]").check()
    screenshot(page, "verifikasi-tuk-kirim.png")
    page.get_by_role("button", name="Kirim dan tandatangani berita acara").click()
    expect(page).to_have_url(re.compile(rf"/permintaan/{p.pk}/$"))

    p.refresh_from_db()
    assert p.status == Permintaan.Status.SESUAI and p.rekomendasi == "layak"
    assert p.berita_acara.status == "final" and p.berita_acara.jenis.kode == "BA-VERIFIKASI-TUK"
