"""Issue 11 item 7 in Debian's chromium at 360 px: the bell and /notifikasi/ with unread and
read notifications break no CSP rule and pass axe-core without a serious or critical issue,
and the bell, "Buka" and "Tandai semua sudah dibaca" work as plain links and forms."""

import pytest

from tests.conftest import make_user
from tests.test_browser_crawl import check_page, new_page, signed_in_context

pytestmark = [pytest.mark.browser]


def test_the_bell_and_the_list_in_a_browser(browser, live_server, transactional_db):
    from lsp_portal.models import Notifikasi
    from lsp_portal.notifications import notify

    user = make_user("asesi.lonceng@uji.lsp.id", "asesi", name="Dewi Lestari")
    for n in range(3):
        notify(users=user, judul=f"Tugas {n}", pesan=f"Kerjakan tugas {n}.", url="/akun/profil/")
    Notifikasi.objects.filter(judul="Tugas 0").update(dibaca_pada="2026-01-01T00:00:00Z")
    context = signed_in_context(browser, live_server, user.email)
    page = new_page(context)
    problems = []
    check_page(page, live_server.url + "/akun/profil/", problems)
    bell = page.locator("header a.bell")
    assert bell.get_attribute("aria-label") == "Notifikasi, 2 belum dibaca"
    assert bell.locator(".bell-count").inner_text() == "2"
    bell.click()
    page.wait_for_url(live_server.url + "/notifikasi/")
    check_page(page, live_server.url + "/notifikasi/", problems)
    assert problems == [], "\n".join(problems)

    page.get_by_role("button", name="Buka Tugas 2").click()
    page.wait_for_url(live_server.url + "/akun/profil/")
    assert page.locator("header a.bell").get_attribute("aria-label") == "Notifikasi, 1 belum dibaca"
    page.goto(live_server.url + "/notifikasi/")
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    page.wait_for_url(live_server.url + "/notifikasi/")
    assert page.locator("header a.bell").get_attribute("aria-label") == "Notifikasi"
    assert page.get_by_text("1 notifikasi ditandai sudah dibaca.").is_visible()
    context.close()
