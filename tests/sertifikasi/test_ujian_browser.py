"""The timed FR.IA.05 in a phone browser (SE-A4.8d, SE-D1.2d): the candidate starts the test,
answers some items (each saved by the script on its own), reloads the page in the middle
(the answers are still checked, the clock goes on from the server's time instead of starting
again), answers the rest, finishes, and the score is stored."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.test_browser import go_to_login, sign_in

from .test_apl02_browser import WIDTH, fits, shot

# Not `embedded`: these pages and scripts do not depend on the database backend, so once per
# `make test` (tests/test_browser.py and test_browser_records.py drive the embedded setup).
# `services`: run against PostgreSQL. The exam page autosaves and keeps its clock in requests
# that overlap; the embedded pass's test database (SQLite in memory, one connection the live
# server's threads share) serializes them, and an autosave can then miss the test's wait.
pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.usefixtures("demo_data")]


def candidate_in_assessment():
    """The demo candidate with FR.AK.01 signed and the assessment begun (see test_ujian)."""
    from .conftest import _demo_objects, planned, sign_ak01
    from .matrix_rows_ujian import begin_assessment, ia05_lembar

    demo = _demo_objects()
    p = begin_assessment(sign_ak01(demo, planned(demo)), demo["asesor"])
    return p, ia05_lembar(p)


def seconds_left(page: Page) -> int:
    return int(page.locator("#ujian").get_attribute("data-sisa"))


def test_timed_ia05_with_a_reload_in_the_middle(page: Page, live_server, demo_data):
    from muk.models import OpsiJawaban
    from sertifikasi.models import Isian, Lembar

    p, lembar = candidate_in_assessment()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.on("dialog", lambda dialog: dialog.accept())  # "Kirim jawaban dan selesaikan ujian?"
    go_to_login(page, live_server)
    sign_in(page, p.asesi.email, demo_data)
    page.goto(f"{live_server.url}/sertifikasi/permohonan/{p.pk}/ujian/{lembar.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pertanyaan tertulis pilihan ganda (FR.IA.05)")
    fits(page)
    page.get_by_role("button", name="Mulai ujian").click()
    expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^(29|30):\d\d$"))
    fits(page)
    shot(page, "ujian-soal.png")

    lembar.refresh_from_db()
    order = lembar.urutan["butir"]
    assert len(order) >= 3
    keys = dict(OpsiJawaban.objects.filter(butir_id__in=order, benar=True).values_list("butir_id", "pk"))
    wrong = {
        b: OpsiJawaban.objects.filter(butir_id=b, benar=False).order_by("pk").values_list("pk", flat=True)[0]
        for b in order
    }
    choice = {b: keys[b] for b in order[:-1]} | {order[-1]: wrong[order[-1]]}

    def answer(butir_id):
        page.locator(f'input[name="soal-{butir_id}"][value="{choice[butir_id]}"]').check()
        expect(page.locator(f'[data-saved-for="{butir_id}"]')).to_have_text(re.compile(r"^Tersimpan"))

    first_half = order[: len(order) // 2 + 1]
    for butir_id in first_half:
        answer(butir_id)
    expect(page.locator("[data-ujian-status]")).to_contain_text("Semua jawaban tersimpan")
    assert dict(Isian.objects.filter(lembar=lembar).values_list("butir_id", "opsi_id")) == {
        b: choice[b] for b in first_half
    }

    # Reload in the middle: the answers come back checked, the clock goes on.
    before = seconds_left(page)
    page.wait_for_timeout(1200)
    page.reload()
    after = seconds_left(page)
    assert after < before <= 30 * 60
    for butir_id in first_half:
        expect(page.locator(f'input[name="soal-{butir_id}"][value="{choice[butir_id]}"]')).to_be_checked()
    expect(page.locator("[data-progress]")).to_have_text(f"{len(first_half)} dari {len(order)} soal dijawab")
    assert Lembar.objects.get(pk=lembar.pk).batas_pada == lembar.batas_pada

    for butir_id in order[len(first_half) :]:
        answer(butir_id)
    page.get_by_role("button", name="Selesai dan kirim jawaban").click()
    expect(page.get_by_role("heading", name="Ujian selesai")).to_be_visible()
    expect(page.get_by_text(f"Skor {len(order) - 1} dari {len(order)} soal dijawab tepat.")).to_be_visible()
    fits(page)
    shot(page, "ujian-selesai.png")

    lembar.refresh_from_db()
    assert (lembar.benar, lembar.jumlah, lembar.otomatis) == (len(order) - 1, len(order), False)
    assert lembar.status == Lembar.Status.DIKIRIM and lembar.dokumen_id
