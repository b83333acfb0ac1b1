"""SDM on a phone (Debian's chromium at 360 px): the staff pages fit without sideways
scrolling and load nothing from outside, and an asesor signs the yearly declaration (X-6)
through the real page.

Set LSP_SCREENSHOT_DIR to keep sdm-home.png and sdm-deklarasi.png."""

import pytest
from playwright.sync_api import Page, expect

from ..test_browser import assert_all_local, assert_fits_phone, screenshot, sign_in

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser]


def test_staff_pages_fit_a_phone(page: Page, live_server, demo_data, requested_urls):
    """SE-A4.2, X-3: the admin's SDM pages, including the expiry panel of the demo's
    certificate ending in 60 days."""
    from sdm.models import Personel

    dewi = Personel.objects.get(user__email="asesor@demo.lsp.id")
    page.goto(live_server.url + "/akun/login/?next=/sdm/")
    sign_in(page, "admin@demo.lsp.id", demo_data)
    expect(page.get_by_role("heading", name="Sumber daya manusia LSP", level=1)).to_be_visible()
    expect(page.get_by_text("60 hari lagi")).to_be_visible()
    screenshot(page, "sdm-home.png")
    assert_fits_phone(page)
    for path in [
        "/sdm/personel/",
        f"/sdm/personel/{dewi.pk}/",
        f"/sdm/personel/{dewi.pk}/sertifikat/baru/",
        "/sdm/asesor/",
        "/sdm/sistem-informasi/",
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_fits_phone(page)
    assert_all_local(requested_urls, live_server)


def test_asesor_signs_the_yearly_declaration_in_the_browser(page: Page, live_server, demo_data):
    """X-6: the asesor opens the declaration from their menu, declares a potential conflict,
    signs with password and consent, and sees it signed."""
    import datetime as dt

    from akun.models import User
    from sdm import services
    from sdm.models import Deklarasi
    from tests.conftest import make_user

    user = make_user("asesor.baru@demo.lsp.id", "asesor", name="Yoga Pratama", password=demo_data)
    personel = services.personel_create(
        actor=User.objects.get(email="admin@demo.lsp.id"),
        user=user,
        nama="Yoga Pratama",
        fungsi="asesor",
        jabatan="Asesor Kompetensi",
        nik="",
        telepon="",
        email="",
        aktif_dari=dt.date(2024, 1, 1),
        aktif_sampai=None,
    )
    services.asesor_save(
        personel=personel,
        actor=None,
        nomor_met="MET.000.000999.2025",
        met_terbit=dt.date(2025, 1, 1),
        met_berlaku_sampai=dt.date(2028, 1, 1),
        nomor_sk_penetapan="",
    )
    page.goto(live_server.url + "/akun/login/?next=/sdm/deklarasi/")
    sign_in(page, user.email, demo_data)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pernyataan imparsialitas")
    page.get_by_label("Potensi benturan kepentingan").fill("Tidak ada hubungan keluarga dengan asesi.")
    page.get_by_label("Kata sandi atau kode autentikator").fill(demo_data)
    page.get_by_label("Saya menyatakan telah membaca").check()
    screenshot(page, "sdm-deklarasi.png")
    assert_fits_phone(page)
    page.get_by_role("button", name="Tandatangani pernyataan").click()
    expect(page.get_by_text("telah ditandatangani (nomor")).to_be_visible()
    expect(page.get_by_role("heading", name="Sudah ditandatangani")).to_be_visible()
    assert Deklarasi.objects.get(asesor__personel=personel).dokumen.is_final
