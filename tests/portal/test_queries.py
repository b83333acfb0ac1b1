"""SE-A4.1: pages are fast. The number of queries of each public page and of the staff news
list does not grow with the amount of news (STYLE §5: asserted at two data sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.embedded


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def news_counts(make_berita):
    """queries(url, client) at 3 and at 30 published news (plus a draft each time)."""

    def measure(client, url):
        counts = []
        made = 0
        for total in (3, 30):
            while made < total:
                made += 1
                make_berita(f"Berita {made:02d}")
            make_berita(f"Draf {total}", terbit=False)
            counts.append(queries_for(client, url))
        return counts

    return measure


@pytest.mark.parametrize("url", ["/", "/berita/", "/profil/", "/lisensi/", "/alur-sertifikasi/"])
def test_public_page_queries_do_not_grow_with_news(client, profil, make_lisensi, news_counts, url):
    """SE-A4.1: constant queries at 3 and 30 news, and few of them."""
    make_lisensi()
    small, large = news_counts(client, url)
    assert small == large
    assert large <= 4


def test_news_detail_is_one_query(client, make_berita):
    berita = make_berita()
    assert queries_for(client, berita.get_absolute_url()) == 1


def test_staff_news_list_queries_do_not_grow_with_news(client, admin_lsp, news_counts):
    client.force_login(admin_lsp)
    small, large = news_counts(client, "/portal-admin/berita/")
    assert small == large
