"""Issue 12 (SE-A4.3): the public TUK pages, no login: the TUK verified today with type,
city, the schemes each may host and the date; one page per TUK with its verification status
(an expired or withdrawn one never shown as verified), valid until, SK number and schemes.
No person in charge's phone or e-mail, no Pengelola TUK account."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuk import services

from .conftest import apply, future

pytestmark = pytest.mark.embedded


def names(client, query=None):
    html = client.get("/tuk-terverifikasi/", query or {}).content.decode()
    return re.findall(r'<h2><a href="/tuk-terverifikasi/\d+/">([^<]+)</a></h2>', html)


@pytest.fixture
def register(make_tuk, make_skema, admin_lsp, pengelola_tuk):
    """Alfa (Bandung, verified for two schemes, one of them ended), Bravo (Surabaya,
    verified), Charlie (withdrawn), Delta (ended), Echo (draft, never verified)."""
    s1, s2, s3 = make_skema("SKM/1"), make_skema("SKM/2"), make_skema("SKM/3")
    alfa = make_tuk(kode="A", nama="TUK Alfa", kota="Kota Bandung", pengelola=pengelola_tuk)
    with time_machine.travel(future(-30).isoformat() + "T09:00+07:00", tick=False):
        apply(alfa, [s2], days=10, sk_nomor="SK-ALFA-LAMA", actor=admin_lsp)
        delta = make_tuk(kode="D", nama="TUK Delta", kota="Kota Bandung")
        apply(delta, [s1], days=10, sk_nomor="SK-DELTA", actor=admin_lsp)
    apply(alfa, [s1], days=200, sk_nomor="SK-ALFA", actor=admin_lsp)
    bravo = make_tuk(kode="B", nama="TUK Bravo", kota="Kota Surabaya", jenis="mandiri")
    apply(bravo, [s3], days=100, sk_nomor="SK-BRAVO", actor=admin_lsp)
    charlie = make_tuk(kode="C", nama="TUK Charlie", kota="Kota Bandung")
    apply(charlie, [s1], days=100, sk_nomor="SK-CHARLIE", actor=admin_lsp)
    services.tuk_set_status(tuk=charlie, status="kedaluwarsa", note="Dicabut", actor=admin_lsp)
    echo = make_tuk(kode="E", nama="TUK Echo", kota="Kota Bandung")
    return {"alfa": alfa, "bravo": bravo, "charlie": charlie, "delta": delta, "echo": echo}


def test_the_list_shows_only_tuk_verified_today_searchable(client, register):
    assert names(client) == ["TUK Alfa", "TUK Bravo"]
    assert names(client, {"q": "bandung"}) == ["TUK Alfa"]
    assert names(client, {"q": "bravo"}) == ["TUK Bravo"]
    assert names(client, {"q": "charlie"}) == []


def test_the_list_shows_type_city_valid_schemes_and_date(client, register):
    html = client.get("/tuk-terverifikasi/").content.decode()
    alfa = html.split("TUK Alfa</a>", 1)[1].split("</li>", 1)[0]
    assert "TUK Sewaktu" in alfa and "Kota Bandung" in alfa
    assert "SKM/1" in alfa and "SKM/2" not in alfa  # SKM/2 ended 20 days ago
    assert future(200).strftime("%Y") in alfa


def test_no_contact_or_account_is_published(client, register, pengelola_tuk):
    for url in ("/tuk-terverifikasi/", f"/tuk-terverifikasi/{register['alfa'].pk}/"):
        html = client.get(url).content.decode()
        for private in ("081234567890", "andi@uji.lsp.id", "Andi Saputra", pengelola_tuk.email):
            assert private not in html, (url, private)


def test_the_detail_shows_status_date_sk_and_schemes(client, register):
    html = client.get(f"/tuk-terverifikasi/{register['alfa'].pk}/").content.decode()
    for text in (
        "TUK Alfa",
        "TUK Sewaktu",
        "Jl. Merdeka No. 1, Gambir",
        "Kota Bandung",
        "SK-ALFA",
        "SKM/1",
        "SKM/2",
    ):
        assert text in html, text
    assert '<span class="badge ok">Terverifikasi</span>' in html
    row2 = html.split("SKM/2</td>", 1)[1].split("</tr>", 1)[0]
    assert "Tidak berlaku" in row2


@pytest.mark.parametrize("name, label", [("charlie", "Dicabut"), ("delta", "Kedaluwarsa")])
def test_a_withdrawn_or_ended_tuk_is_never_shown_as_verified(client, register, name, label):
    html = client.get(f"/tuk-terverifikasi/{register[name].pk}/").content.decode()
    assert '<span class="badge' in html and f">{label}</span>" in html
    assert ">Terverifikasi</span>" not in html
    assert "Asesmen tidak dapat dijadwalkan di TUK ini." in html


def test_a_tuk_never_verified_answers_404(client, register):
    assert client.get(f"/tuk-terverifikasi/{register['echo'].pk}/").status_code == 404
    assert client.get("/tuk-terverifikasi/999999/").status_code == 404


def test_the_portal_links_to_the_public_list(client, db):
    assert 'href="/tuk-terverifikasi/"' in client.get("/").content.decode()


def test_public_pages_cost_the_same_as_the_register_grows(client, make_tuk, make_skema, admin_lsp):
    """STYLE.md §5: constant queries for the list and the detail, 1 vs 10 TUK and schemes."""

    def grow(start, end):
        last = None
        for i in range(start, end):
            last = make_tuk(kode=f"T{i}", nama=f"TUK {i:03d}")
            apply(last, [make_skema(f"SKM/P{i}/{j}") for j in range(i % 3 + 1)], actor=admin_lsp)
        return last

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = grow(0, 1)
    few = (count("/tuk-terverifikasi/"), count(f"/tuk-terverifikasi/{one.pk}/"))
    many_tuk = grow(1, 10)
    many = (count("/tuk-terverifikasi/"), count(f"/tuk-terverifikasi/{many_tuk.pk}/"))
    assert few == many
    assert len(names(client)) == 10
