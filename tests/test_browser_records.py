"""Browser journey of a record (X-11), at 360 px in Debian's chromium: the asesi and the
asesor sign the demo FR.AK.01 in order, the sealed PDF appears, the QR page confirms it."""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_browser import assert_all_local, assert_fits_phone, open_menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.embedded]


def open_demo_agreement(page: Page):
    open_menu(page).get_by_role("link", name="Arsip dokumen").click()
    expect(page.get_by_role("heading", name="Arsip dokumen")).to_be_visible()
    # The [Demo] record (the journey's demo applications have their own FR.AK.01).
    page.get_by_role("row", name=re.compile(r"FR\.AK\.01.*\[Demo\]")).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Persetujuan Asesmen dan Kerahasiaan")).to_be_visible()


def sign_current(page: Page, password: str):
    page.get_by_role("link", name=re.compile("^Tandatangani sebagai")).click()
    page.get_by_label("Kata sandi atau kode autentikator").fill(password)
    page.get_by_label(re.compile("Saya menyatakan telah membaca dokumen ini")).check()
    page.get_by_role("button", name="Tandatangani").click()


def test_asesi_then_asesor_sign_and_the_sealed_pdf_is_verifiable(
    page: Page, live_server, demo_data, requested_urls
):
    page.goto(f"{live_server.url}/akun/login/")
    sign_in(page, "asesi@demo.lsp.id", demo_data)
    open_demo_agreement(page)
    assert_fits_phone(page)

    page.get_by_role("link", name="Tandatangani sebagai Asesi").click()
    page.get_by_label("Kata sandi atau kode autentikator").fill("salah-sandi")
    page.get_by_label(re.compile("Saya menyatakan")).check()
    page.get_by_role("button", name="Tandatangani").click()
    expect(page.get_by_text("Kata sandi atau kode autentikator salah.")).to_be_visible()
    assert_fits_phone(page)

    page.get_by_role("link", name="Kembali ke dokumen").click()
    sign_current(page, demo_data)
    expect(page.get_by_text("Dokumen berhasil ditandatangani.")).to_be_visible()
    expect(page.get_by_text("Dibuat setelah semua pihak menandatangani.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/login/")
    sign_in(page, "asesor@demo.lsp.id", demo_data)
    open_demo_agreement(page)
    sign_current(page, demo_data)
    expect(page.get_by_text(re.compile("Semua pihak telah menandatangani"))).to_be_visible()
    expect(page.get_by_role("link", name="Unduh PDF")).to_be_visible()
    assert_fits_phone(page)

    page.locator("a[href*='/verifikasi/dokumen/']").first.click()
    expect(page.get_by_role("heading", name="Verifikasi dokumen")).to_be_visible()
    expect(page.get_by_text("Sah (berlaku)")).to_be_visible()
    assert_fits_phone(page)
    assert_all_local(requested_urls, live_server)
