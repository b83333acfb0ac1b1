"""Issue 11 "Done when": the applicant's part of the journey in Debian's chromium on a phone
(390×844): sign-up and the e-mail's confirmation link, sign-in, the scheme, FR.APL.01 typed
with its autosave, the evidence files, submission with consent and password, FR.APL.02 and
finally FR.AK.01, signed, until the application says "Siap asesmen". The staff's steps in
between go through the services (each is the HTTP test's subject, test_journey_http.py).

On every page: no sideways scrolling at 390 px, no Content-Security-Policy violation; on
four key pages axe-core finds no serious or critical issue (tests/test_browser_crawl.py).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connections
from playwright.sync_api import Page, expect

from tests.hostile_files import valid_pdf
from tests.test_browser import sign_in
from tests.test_browser_crawl import check_page, new_page, watch

from .conftest import (
    all_ok,
    join_batch,
    png_bytes,
    review_apl02,
    save_plan,
    staffed_jadwal,
    ttd,
)

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
EMAIL = "dewi.anggraini@contoh.id"
PASSWORD = "Sandi#Asesi2026"
# A woman born 15-05-1995 in Kota Bandung (day 15 + 40 = 55).
NIK = "3273015505950007"


@pytest.fixture
def world(demo_committed, live_server, settings):
    """The demo LSP (seed_demo(journey=False)) in a transactional database the live server
    sees; staff MFA not enforced, as with `make run`."""
    settings.LSP_MFA_REQUIRED = False
    yield demo_committed
    # Playwright runs an event loop in this thread: close the connection Django keyed to it.
    connections.close_all()


def look(page: Page, problems: list, *, axe=False):
    """The page now shown: fits 390 px, broke no CSP rule; with `axe`, reloaded through
    check_page (the response's policy checked too) and run through axe-core."""
    page.wait_for_load_state("load")
    path = urlsplit(page.url).path
    if axe:
        check_page(page, page.url, problems)
    else:
        violations = page.evaluate("window.__cspViolations || []")
        violations += [t for t in page.console_texts if "Content Security Policy" in t]
        problems.extend(f"{path}: CSP: {v}" for v in dict.fromkeys(violations))
        page.console_texts.clear()
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{path}: scrolls sideways, scrollWidth {width} px > {PHONE['width']} px")


def field(page: Page, label: str):
    """The input labelled exactly `label` (Django's label may end with a colon)."""
    return page.get_by_label(re.compile("^" + re.escape(label) + ":?$"))


def sign_form(page: Page, password: str, button: str):
    """The signing act of a journey form: password, consent, a drawn signature, the button."""
    page.get_by_label("Kata sandi atau kode autentikator").fill(password)
    page.get_by_label(re.compile("^Saya menyatakan")).check()
    canvas = page.locator("#kanvas")
    if canvas.is_visible():
        box = canvas.bounding_box()
        page.mouse.move(box["x"] + 20, box["y"] + 60)
        page.mouse.down()
        page.mouse.move(box["x"] + 120, box["y"] + 30, steps=5)
        page.mouse.move(box["x"] + 220, box["y"] + 80, steps=5)
        page.mouse.up()
    page.get_by_role("button", name=button).click()


def test_the_applicant_goes_from_sign_up_to_a_signed_ak01_on_a_phone(browser, live_server, world):
    """SE-A4.7 SE-A4.8a SE-A4.8b SE-A4.8c SE-D1.2a SE-D1.2b SE-D1.2c X-10: the applicant's
    part of the journey in a phone browser, every page fitting 390 px without a CSP
    violation, the key pages without a serious accessibility issue."""
    from administrasi.models import Dokumen
    from muk.models import PersyaratanDasar
    from sertifikasi import services
    from sertifikasi.models import Permohonan
    from sertifikasi.services.permohonan import persyaratan_wajib

    demo = world
    S = Permohonan.Status
    problems: list[str] = []
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    watch(context)
    page = new_page(context)
    base = live_server.url

    # 1. Sign-up, then the confirmation link of the e-mail (the live server shares this
    # process's locmem outbox).
    page.goto(base + "/akun/signup/")
    look(page, problems)
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Dewi Anggraini")
    page.get_by_label(re.compile("^Email")).fill(EMAIL)
    page.get_by_label("Nomor HP").fill("081233334444")
    field(page, "Sandi").fill(PASSWORD)
    field(page, "Kata sandi (lagi)").fill(PASSWORD)
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", name="Verifikasi Alamat E-mail Anda")).to_be_visible()
    look(page, problems)
    link = re.search(r"(http://\S+/akun/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    look(page, problems)
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_text(f"Anda telah mengkonfirmasi {EMAIL}.")).to_be_visible()

    # 2. Signed out and in again through the login page.
    context.clear_cookies()
    page.goto(base + "/akun/login/")
    sign_in(page, EMAIL, PASSWORD)
    expect(page).to_have_url(base + "/akun/")
    look(page, problems)

    # 3. The scheme.
    page.goto(base + "/sertifikasi/")
    look(page, problems)
    page.get_by_role("link", name="Ajukan permohonan baru").click()
    look(page, problems)
    card = page.locator("li.card", has_text=demo["skema"].kode)
    card.get_by_role("button", name="Ajukan permohonan skema ini").click()
    expect(page.get_by_role("heading", name="Permohonan sertifikasi (FR.APL.01)")).to_be_visible()
    p = Permohonan.objects.get(asesi__email=EMAIL)
    look(page, problems, axe=True)

    # 4. FR.APL.01, typed; the autosave (the request sent after the last change) saves it and
    # says so; "Simpan" keeps the rest.
    def autosave_of_all(response):
        if response.request.method != "POST" or not response.url.endswith(f"/permohonan/{p.pk}/ubah/"):
            return False
        body = response.request.post_data or ""
        return all(value in body for value in (NIK, "Bandung", "1995-05-15", 'name="jenis_kelamin"\r\n\r\nP'))

    with page.expect_response(autosave_of_all) as autosave:
        field(page, "Nama lengkap (sesuai KTP/paspor)").fill("Dewi Anggraini")
        field(page, "NIK").fill(NIK)
        field(page, "Tempat lahir").fill("Bandung")
        field(page, "Tanggal lahir").fill("1995-05-15")
        page.get_by_label("Perempuan").check()
    assert autosave.value.json()["errors"] == {}
    expect(page.locator("[data-autosave-status]")).to_have_text(
        re.compile(r"^Tersimpan otomatis \d\d\.\d\d$")
    )
    p.refresh_from_db()
    assert (p.nik, p.tempat_lahir, p.jenis_kelamin) == (NIK, "Bandung", "P")
    field(page, "Alamat rumah").fill("Jl. Dago No. 12, Bandung")
    field(page, "Kode pos").fill("40135")
    field(page, "Nomor HP").fill("081233334444")
    field(page, "Email").fill(EMAIL)
    field(page, "Pendidikan terakhir").select_option("s1")
    field(page, "Nama institusi/perusahaan").fill("PT Aplikasi Priangan")
    field(page, "Jabatan").fill("Pengembang web")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text(re.compile("^Tersimpan"))).to_be_visible()
    look(page, problems)

    # Evidence files: each mandatory administrative requirement and one basic requirement.
    persyaratan = list(PersyaratanDasar.objects.filter(skema=demo["skema"]).order_by("urutan", "pk"))
    wanted = [r for r in persyaratan if persyaratan_wajib(r)]
    wanted.append(next(r for r in persyaratan if r.jenis != PersyaratanDasar.Jenis.ADMINISTRATIF))
    for n, r in enumerate(wanted):
        if "foto" in r.teks.lower():
            upload = {"name": "pasfoto.png", "mimeType": "image/png", "buffer": png_bytes()}
        else:
            upload = {"name": f"bukti-{n}.pdf", "mimeType": "application/pdf", "buffer": valid_pdf()}
        item = page.locator(f"#persyaratan-{r.pk}")
        item.locator("input[type=file]").set_input_files(upload)
        item.get_by_role("button", name=re.compile("^Unggah")).click()
        expect(page.get_by_text(f"Bukti “{r.teks}” tersimpan ({upload['name']}).")).to_be_visible()
    look(page, problems)

    # 5. Check and submit: the privacy notice, the password, the consent.
    page.get_by_role("link", name="Periksa dan ajukan permohonan").click()
    expect(page.get_by_role("heading", name="Periksa dan ajukan permohonan")).to_be_visible()
    expect(page.get_by_text("Belum dapat diajukan")).to_have_count(0)
    look(page, problems, axe=True)
    page.get_by_label(re.compile("^Saya telah membaca dan menyetujui Kebijakan Privasi")).check()
    sign_form(page, PASSWORD, "Tandatangani dan ajukan")
    expect(page.get_by_text("Permohonan diajukan dan FR.APL.01 ditandatangani.")).to_be_visible()
    expect(page.locator("h1 + p .badge")).to_have_text("Menunggu verifikasi")
    look(page, problems)
    p.refresh_from_db()
    assert p.status == S.DIAJUKAN

    # The Admin LSP accepts (services).
    services.permohonan_verify(
        permohonan=p, hasil="diterima", butir=all_ok(p), catatan="", actor=demo["admin"], ttd=ttd()
    )

    # 6. FR.APL.02: every KUK K, saved, signed.
    page.reload()
    expect(page.locator("h1 + p .badge")).to_have_text("Asesmen mandiri")
    page.get_by_role("link", name="Isi asesmen mandiri (FR.APL.02)").click()
    expect(page.get_by_role("heading", name="Asesmen mandiri (FR.APL.02)")).to_be_visible()
    look(page, problems, axe=True)
    for unit in page.locator("details.card").all():
        if unit.get_attribute("open") is None:
            unit.locator("summary").click()
        for radio in unit.locator("input[type=radio][value=K]").all():
            radio.check()
    page.get_by_role("button", name="Simpan dan lanjut ke tanda tangan").click()
    expect(page.get_by_role("button", name="Tandatangani FR.APL.02")).to_be_visible()
    look(page, problems)
    sign_form(page, PASSWORD, "Tandatangani FR.APL.02")
    expect(page.get_by_text(re.compile("^Asesmen mandiri \\(FR.APL.02\\) ditandatangani"))).to_be_visible()
    expect(page.locator("h1 + p .badge")).to_have_text("Menunggu jadwal")
    look(page, problems)

    # The Manajer, the Ketua and the assessor (services): a batch with the demo assessor, the
    # SPT signed and confirmed, the candidate in, APL.02 reviewed, the plan, FR.AK.01 proposed.
    p.refresh_from_db()
    jadwal = staffed_jadwal(demo)
    p = join_batch(demo, p, jadwal)
    services.spt_confirm(jadwal=jadwal, actor=demo["asesor"])
    p = save_plan(demo, review_apl02(demo, p))
    services.ak01_propose(permohonan=p, actor=demo["asesor"])

    # 7. The bell says what to do; the notification leads to the application; FR.AK.01 signed.
    page.goto(base + "/sertifikasi/")
    look(page, problems)
    page.locator("header a.bell").click()
    expect(page).to_have_url(base + "/notifikasi/")
    look(page, problems)
    page.get_by_role("button", name="Buka Tanda tangani persetujuan asesmen (FR.AK.01)").click()
    expect(page).to_have_url(base + p.get_absolute_url())
    expect(page.locator("h1 + p .badge")).to_have_text("Pra-asesmen")
    page.get_by_role("link", name="Tandatangani FR.AK.01").click()
    look(page, problems)
    sign_form(page, PASSWORD, "Tandatangani FR.AK.01")
    expect(
        page.get_by_text("FR.AK.01 Anda tandatangani. Asesor akan menandatanganinya berikutnya.")
    ).to_be_visible()
    look(page, problems)
    p.refresh_from_db()
    signed = p.ak01.tanda_tangan.get(pihak="asesi")
    assert signed.ditandatangani_pada is not None and signed.gambar.startswith("data:image/png;base64,")

    # The assessor signs (services): the agreement is final.
    services.ak01_sign(permohonan=p, actor=demo["asesor"], ttd=ttd())

    # 8. "Siap asesmen" on the applicant's page, FR.AK.01 final among the records.
    page.goto(base + p.get_absolute_url())
    expect(page.locator("h1 + p .badge")).to_have_text("Siap asesmen")
    expect(page.locator(".stepper [aria-current=step] .step-label")).to_have_text("Asesmen")
    expect(page.locator(".dokumen-list li", has_text="FR.AK.01").locator(".badge")).to_have_text("Final")
    look(page, problems, axe=True)
    p.refresh_from_db()
    assert p.status == S.SIAP_ASESMEN and p.ak01.status == Dokumen.Status.FINAL
    context.close()
    assert problems == [], "\n".join(problems)
