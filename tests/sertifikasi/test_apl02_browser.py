"""FR.APL.02 in a phone browser (SE-A4.8b): the page fits 390 px, units fold, a K/BK choice
is saved by the autosave script without pressing Simpan, and the assessor's review page
fits too."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.test_browser import go_to_login, sign_in

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_data_journey")]
WIDTH = 390


def fits(page: Page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} scrolls sideways: {width} px"


def shot(page: Page, name: str):
    folder = os.environ.get("LSP_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_apl02_on_a_phone_autosaves_and_the_review_fits(page: Page, live_server, demo_data_journey):
    from sertifikasi.models import JawabanKuk, Permohonan

    page.set_viewport_size({"width": WIDTH, "height": 800})
    p = Permohonan.objects.get(asesi__email="asesi4@demo.lsp.id")
    go_to_login(page, live_server)
    sign_in(page, "asesi4@demo.lsp.id", demo_data_journey)
    page.goto(f"{live_server.url}/sertifikasi/permohonan/{p.pk}/apl02/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Asesmen mandiri (FR.APL.02)")
    fits(page)
    shot(page, "apl02-isi.png")
    unit = page.locator("details[open]").first
    radio = unit.get_by_label("BK (belum kompeten)").last  # the open unit's last KUK
    kuk_id = int(radio.get_attribute("name").removeprefix("kuk-"))
    radio.check()
    expect(page.locator("[data-autosave-status]")).to_have_text(
        re.compile(r"^Tersimpan otomatis \d\d\.\d\d"), timeout=8000
    )
    assert JawabanKuk.objects.get(permohonan=p, kuk_id=kuk_id).jawaban == "BK"
    page.get_by_role("button", name="Simpan dan lanjut ke tanda tangan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tandatangani asesmen mandiri (FR.APL.02)")
    fits(page)
    shot(page, "apl02-ajukan.png")

    # The candidate's assessor reviews another candidate's APL.02 on the phone.
    reviewed = Permohonan.objects.get(asesi__email="asesi6@demo.lsp.id")
    page.context.clear_cookies()
    go_to_login(page, live_server)
    sign_in(page, "asesor@demo.lsp.id", demo_data_journey)
    page.goto(f"{live_server.url}/sertifikasi/permohonan/{reviewed.pk}/apl02/reviu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviu asesmen mandiri (FR.APL.02)")
    expect(page.get_by_role("group", name="Rekomendasi")).to_be_visible()
    fits(page)
    shot(page, "apl02-reviu.png")
