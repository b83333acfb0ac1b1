"""Batch pages on a phone (Debian's chromium at 360 px, the demo with its batch): the
manager's list, detail, form, assessors and candidates pages and the assessor's view of the
batch fit without sideways scrolling and load nothing from outside; the manager creates a
batch with the date and time inputs.

Set LSP_SCREENSHOT_DIR to keep jadwal-detail.png and jadwal-asesor.png."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ..test_browser import assert_all_local, assert_fits_phone, screenshot, sign_in

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser]


def test_batch_pages_fit_a_phone_and_a_batch_is_created(
    page: Page, live_server, demo_data_journey, requested_urls
):
    """SE-E3: the manager's batch pages and the assessor's batch page at 360 px; a new
    batch from the form (WIB date and time) opens as a draft."""
    from sertifikasi.demo import BATCH_NAME
    from sertifikasi.models import Jadwal

    jadwal = Jadwal.objects.get(nama=BATCH_NAME)
    page.goto(live_server.url + "/akun/login/?next=/sertifikasi/jadwal/")
    sign_in(page, "manajer@demo.lsp.id", demo_data_journey)
    expect(page.get_by_role("heading", name="Jadwal asesmen", level=1)).to_be_visible()
    assert_fits_phone(page)
    for path, name in [
        (f"/sertifikasi/jadwal/{jadwal.pk}/", "detail"),
        (f"/sertifikasi/jadwal/{jadwal.pk}/asesor/", "asesor"),
        (f"/sertifikasi/jadwal/{jadwal.pk}/peserta/", "peserta"),
        (f"/sertifikasi/jadwal/{jadwal.pk}/ubah/", "ubah"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, f"jadwal-{name}.png")
        assert_fits_phone(page)

    page.goto(live_server.url + "/sertifikasi/jadwal/baru/")
    assert_fits_phone(page)
    day = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Nama jadwal").fill("Batch Ponsel")
    page.get_by_label("Skema").select_option(str(jadwal.skema_id))
    page.get_by_label(re.compile(r"^TUK")).select_option(str(jadwal.tuk_id))
    page.locator("#id_mulai_0").fill(day.isoformat())
    page.locator("#id_mulai_1").fill("08:00")
    page.locator("#id_selesai_0").fill(day.isoformat())
    page.locator("#id_selesai_1").fill("15:30")
    page.get_by_label("Kuota peserta").fill("5")
    page.get_by_label("Penandatangan SPT asesor").select_option(str(jadwal.penandatangan_spt_id))
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Batch Ponsel", level=1)).to_be_visible()
    created = Jadwal.objects.get(nama="Batch Ponsel")
    assert timezone.localtime(created.selesai).time() == dt.time(15, 30)
    assert_fits_phone(page)

    page.context.clear_cookies()
    page.goto(live_server.url + f"/akun/login/?next=/sertifikasi/jadwal/{jadwal.pk}/")
    sign_in(page, "asesor@demo.lsp.id", demo_data_journey)
    expect(page.get_by_role("heading", name=BATCH_NAME, level=1)).to_be_visible()
    assert_fits_phone(page)
    assert_all_local(requested_urls, live_server)
