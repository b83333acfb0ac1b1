"""Issue 11 item 7: the bell in the header (unread count, one query, none for visitors), the
list of one's notifications, opening one (marked read, then its page; never elsewhere) and
marking all read. Someone else's notification is 404 (SE-A4.4)."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lsp_portal.models import Notifikasi
from lsp_portal.notifications import notify

pytestmark = pytest.mark.embedded

LIST = "/notifikasi/"
PAGE = "/akun/profil/"  # any page with the header
START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)


def notify_many(user, count, *, url="/akun/profil/"):
    """`count` notifications for `user`, one a minute from START (the last is the newest)."""
    rows = []
    for n in range(count):
        with time_machine.travel(START + dt.timedelta(minutes=n), tick=False):
            rows += notify(users=user, judul=f"Tugas {n}", pesan=f"Kerjakan tugas {n}.", url=url)
    return rows


def open_url(n):
    return f"/notifikasi/{n.pk}/buka/"


def bell(html):
    return re.search(r'<a class="bell"[^>]*>.*?</a>', html, re.S).group(0)


def test_the_bell_shows_the_unread_count_with_an_accessible_label(client, asesi):
    """Issue 11 item 7: a visible count and "Notifikasi, 3 belum dibaca" for screen readers."""
    rows = notify_many(asesi, 4)
    Notifikasi.objects.filter(pk=rows[0].pk).update(dibaca_pada=START)
    client.force_login(asesi)
    html = bell(client.get(PAGE).content.decode())
    assert 'href="/notifikasi/"' in html
    assert 'aria-label="Notifikasi, 3 belum dibaca"' in html
    assert '<span class="bell-count" aria-hidden="true">3</span>' in html


def test_the_bell_shows_no_count_when_all_is_read(client, asesi):
    client.force_login(asesi)
    html = bell(client.get(PAGE).content.decode())
    assert 'aria-label="Notifikasi"' in html and "bell-count" not in html


def test_the_bell_caps_a_large_count(client, asesi):
    for _ in range(101):
        notify(users=asesi, judul="J", pesan="P", url="/akun/")
    client.force_login(asesi)
    html = bell(client.get(PAGE).content.decode())
    assert 'aria-label="Notifikasi, 101 belum dibaca"' in html and ">99+</span>" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("url", [PAGE, LIST])
def test_the_bell_and_the_list_cost_the_same_queries_at_1_and_50_notifications(
    client, asesi, django_assert_num_queries, url
):
    """Issue 11 item 7, STYLE §5: the unread count is one query whatever the number of
    notifications; the list page (25 a page) does not grow either."""
    notify_many(asesi, 1)
    client.force_login(asesi)
    client.get(url)  # warm per-process caches
    few = _queries(client, url)
    if url == PAGE:
        assert len([q for q in few if "lsp_portal_notifikasi" in q]) == 1
    notify_many(asesi, 49)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_visitors_get_no_bell_and_no_notification_query(client, db):
    """Issue 11 item 7: nothing is counted for someone not signed in."""
    queries = _queries(client, "/")
    assert not [q for q in queries if "lsp_portal_notifikasi" in q]
    assert 'class="bell"' not in client.get("/").content.decode()


def test_the_list_shows_ones_own_notifications_newest_first_unread_emphasised(client, asesi, asesi_lain):
    """Issue 11 item 7: own notifications only, newest first, unread marked in words."""
    rows = notify_many(asesi, 3)
    notify(users=asesi_lain, judul="Milik orang lain", pesan="P", url="/akun/")
    Notifikasi.objects.filter(pk=rows[0].pk).update(dibaca_pada=START)
    client.force_login(asesi)
    response = client.get(LIST)
    html = response.content.decode()
    assert [n.judul for n in response.context["page"].object_list] == ["Tugas 2", "Tugas 1", "Tugas 0"]
    assert html.index("Kerjakan tugas 2.") < html.index("Kerjakan tugas 1.") < html.index("Kerjakan tugas 0.")
    assert "Milik orang lain" not in html
    assert html.count('class="card notif notif-baru"') == 2
    assert html.count("Belum dibaca</span>") == 2
    assert "Kerjakan tugas 2." in html
    assert "3 notifikasi, 2 belum dibaca." in html


def test_the_list_is_paginated(client, asesi):
    notify_many(asesi, 30)
    client.force_login(asesi)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    assert 'href="?halaman=2"' in first.content.decode()
    second = client.get(LIST, {"halaman": 2})
    assert [n.judul for n in second.context["page"].object_list] == [f"Tugas {n}" for n in range(4, -1, -1)]


def test_the_list_works_without_script_or_inline_style(client, asesi):
    """Issue 11 item 7: plain forms and links, under the CSP (no inline script or style)."""
    notify_many(asesi, 2)
    client.force_login(asesi)
    response = client.get(LIST)
    html = response.content.decode()
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert html.count('<form method="post" action="/notifikasi/') == 3  # 2 items + read all


def test_the_empty_list_says_so(client, asesi):
    client.force_login(asesi)
    html = client.get(LIST).content.decode()
    assert "Belum ada notifikasi." in html and "Tandai semua sudah dibaca" not in html


def test_opening_marks_read_and_goes_to_the_page_where_to_act(client, asesi):
    """Issue 11 item 7: POST marks the notification read and redirects to its link."""
    (n,) = notify_many(asesi, 1, url="/akun/profil/?bagian=hp")
    client.force_login(asesi)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        response = client.post(open_url(n))
    assert response.status_code == 302 and response["Location"] == "/akun/profil/?bagian=hp"
    n.refresh_from_db()
    assert n.dibaca_pada == START + dt.timedelta(hours=1)
    client.post(open_url(n))  # opening again keeps the first reading time
    n.refresh_from_db()
    assert n.dibaca_pada == START + dt.timedelta(hours=1)
    assert 'aria-label="Notifikasi"' in client.get(PAGE).content.decode()


def test_opening_needs_a_post(client, asesi):
    (n,) = notify_many(asesi, 1)
    client.force_login(asesi)
    assert client.get(open_url(n)).status_code == 405
    n.refresh_from_db()
    assert n.dibaca_pada is None


@pytest.mark.parametrize(
    "url", ["https://jahat.example/masuk", "//jahat.example/masuk", "/\\jahat.example", "javascript:alert(1)"]
)
def test_a_stored_link_off_this_site_is_never_followed(client, asesi, url):
    """Issue 11 item 7: no open redirect, even for a row written around notify()."""
    n = Notifikasi.objects.create(penerima=asesi, judul="J", pesan="P", url=url)
    client.force_login(asesi)
    response = client.post(open_url(n), follow=True)
    assert response.redirect_chain == [("/notifikasi/", 302)]
    assert "Tautan notifikasi ini tidak dapat dibuka." in response.content.decode()


def test_someone_elses_notification_is_404_and_stays_unread(client, asesi, asesi_lain):
    """SE-A4.4: another person's notification does not exist for you."""
    (n,) = notify_many(asesi, 1)
    client.force_login(asesi_lain)
    assert client.post(open_url(n)).status_code == 404
    n.refresh_from_db()
    assert n.dibaca_pada is None


def test_mark_all_read_marks_only_ones_own(client, asesi, asesi_lain):
    """Issue 11 item 7: "Tandai semua sudah dibaca" (POST) for the signed-in person only."""
    notify_many(asesi, 3)
    (theirs,) = notify_many(asesi_lain, 1)
    client.force_login(asesi)
    response = client.post("/notifikasi/baca-semua/", follow=True)
    assert response.redirect_chain == [("/notifikasi/", 302)]
    assert "3 notifikasi ditandai sudah dibaca." in response.content.decode()
    assert not Notifikasi.objects.filter(penerima=asesi, dibaca_pada__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.dibaca_pada is None
    again = client.post("/notifikasi/baca-semua/", follow=True).content.decode()
    assert "Tidak ada notifikasi yang belum dibaca." in again


def test_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
