"""Appeals and complaints in Debian's chromium (SE-A1.4, SE-A4.13, X-5): a visitor on a phone
reads the appeal SOP in force, downloads its signed PDF and files a complaint confirmed from
the e-mailed link; the Admin LSP writes the SOP's next version and the Ketua approves it by
signing, after which the public page shows it. Every request stays on the live server.

Set LSP_SCREENSHOT_DIR to keep sop-publik.png, pengaduan-diterima.png and sop-versi-2.png."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from ..test_browser import assert_all_local, assert_fits_phone, screenshot, sign_in

# Not `embedded`: the pages in a browser, the same on either database (once per make test).
pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


def test_visitor_reads_the_sop_downloads_it_and_files_a_complaint_on_a_phone(
    page: Page, live_server, demo_data, requested_urls
):
    """SE-A1.4, SE-A4.13: the SOP in force with its number, version and text, its PDF; X-5:
    the complaint form without an account, confirmed through the e-mailed link, numbered."""
    from administrasi.models import Sop
    from administrasi.sop import in_force

    sop = in_force(Sop.Jenis.BANDING)
    page.goto(live_server.url + "/")
    page.locator("main a.tile", has_text="SOP banding dan pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SOP banding dan pengaduan")
    section = page.locator("section", has=page.get_by_role("heading", name="Dokumen SOP yang berlaku"))
    expect(section).to_contain_text(sop.nomor)
    expect(section).to_contain_text("SKKNI Nomor 333 Tahun 2020")
    section.get_by_text(f"Baca isi SOP versi {sop.versi}").click()
    expect(section.get_by_role("heading", name="5. Prosedur banding")).to_be_visible()
    assert_fits_phone(page)
    screenshot(page, "sop-publik.png")
    with page.expect_download() as download:
        section.get_by_role("link", name="Unduh dokumen SOP (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    mail.outbox.clear()
    page.goto(live_server.url + "/pengaduan/")
    page.get_by_label("Nama Anda").fill("Rina Maharani")
    page.get_by_label("Email").fill("rina@contoh.id")
    page.get_by_label("Yang diadukan").select_option("tuk")
    page.get_by_label("Uraian pengaduan").fill(
        "Koneksi internet di TUK terputus berkali-kali saat asesmen saya."
    )
    assert_fits_phone(page)
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    link = re.search(r"https?://\S+/pengaduan/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/pengaduan/") :])
    page.get_by_role("button", name="Konfirmasi pengaduan saya").click()
    expect(page.locator("main")).to_contain_text(f"PGD/{timezone.localdate().year}/")
    assert_fits_phone(page)
    screenshot(page, "pengaduan-diterima.png")
    assert_all_local(requested_urls, live_server)


def test_admin_writes_the_next_version_and_the_ketua_approves_it(page: Page, live_server, demo_data):
    """SE-A1.1–A1.4: version 2 is written and submitted by the Admin LSP, stays off the public
    page while it waits, and is in force once the Ketua signs it; version 1 is superseded."""
    from administrasi.models import Sop

    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/akun/login/?next=/administrasi/sop/")
    sign_in(page, "admin@demo.lsp.id", demo_data)
    page.get_by_role("link", name="SOP banding dan pengaduan").click()
    page.get_by_role("button", name="Susun versi baru").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("versi 2")
    isi = page.get_by_label("Isi SOP")
    isi.fill(isi.input_value() + "\n\n## 8. Perubahan\n\nSidang banding dapat diadakan di luar jam kerja.")
    page.get_by_label("Catatan perubahan").fill("Menambah ketentuan sidang di luar jam kerja.")
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_role("link", name="Ajukan untuk disahkan").click()
    page.get_by_label("Tanggal berlaku").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("SOP diajukan dan menunggu tanda tangan")).to_be_visible()
    page.goto(live_server.url + "/sop-banding-pengaduan/")
    expect(page.locator("main")).not_to_contain_text("Sidang banding dapat diadakan di luar jam kerja.")

    page.context.clear_cookies()
    page.goto(live_server.url + "/akun/login/?next=/administrasi/sop/")
    sign_in(page, "ketua@demo.lsp.id", demo_data)
    page.get_by_role("link", name="Versi 2").click()
    page.get_by_role("link", name="Sahkan (tandatangani)").click()
    page.get_by_label("Kata sandi atau kode autentikator").fill(demo_data)
    page.get_by_label("Saya menyatakan telah membaca").check()
    page.get_by_role("button", name="Tandatangani").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    versions = dict(Sop.objects.filter(jenis=Sop.Jenis.BANDING).values_list("versi", "status"))
    assert versions == {1: Sop.Status.DIGANTIKAN, 2: Sop.Status.BERLAKU}

    page.context.clear_cookies()
    page.goto(live_server.url + "/sop-banding-pengaduan/")
    section = page.locator("section", has=page.get_by_role("heading", name="Dokumen SOP yang berlaku"))
    expect(section).to_contain_text("2")
    section.get_by_text("Baca isi SOP versi 2").click()
    expect(section).to_contain_text("Sidang banding dapat diadakan di luar jam kerja.")
    screenshot(page, "sop-versi-2.png")
