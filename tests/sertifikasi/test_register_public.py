"""The public register of certificate holders (issue 13 item 7; SE-A4.12, X-1): search by a
fragment of name, certificate number or registration number with a scheme filter, each
certificate's page (the QR code's target), verification by number, rate limit, NIK never
shown, drafts never public.

Register rows are created directly (Sertifikat rows of the older register, `sumber` impor,
bulk-created for the volume tests): the pages read the register and do not care how a row
got there. One test checks the whole path with a certificate issued and signed through the
decision's services (decision.sk_signed)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sertifikasi import register
from sertifikasi.identitas import samarkan_nik
from sertifikasi.models import Sertifikat
from tests.conftest import need

from .conftest import NIK_L, NIK_P

pytestmark = [pytest.mark.django_db]

CARI = reverse("sertifikat_publik:cari")
PERIKSA = reverse("sertifikat_publik:periksa")
TODAY = dt.date(2026, 6, 15)
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def holder(skema, n, **over) -> Sertifikat:
    """Certificate n of the older register: issued, valid 2025-01-10..2028-01-10, NIK on file."""
    values = {
        "nama": f"Pemegang Nomor {n:04d}",
        "nik": f"3273015505{n:06d}",
        "skema": skema,
        "skema_kode": skema.kode,
        "skema_judul": skema.judul,
        "nomor": f"{n:05d}/SERT/LSP/2025",
        "nomor_registrasi": f"KOM.1234.{n:05d} 2025",
        "tanggal_terbit": dt.date(2025, 1, 10),
        "berlaku_sampai": dt.date(2028, 1, 10),
        "terbit": True,
        "sumber": Sertifikat.Sumber.IMPOR,
        **over,
    }
    return Sertifikat.objects.create(**values)


def grow(skema, start, end):
    return Sertifikat.objects.bulk_create(
        [
            Sertifikat(
                nama=f"Pemegang Nomor {n:04d}",
                nik=f"3273015505{n:06d}",
                skema=skema,
                skema_kode=skema.kode,
                skema_judul=skema.judul,
                nomor=f"{n:05d}/SERT/LSP/2025",
                nomor_registrasi=f"KOM.1234.{n:05d} 2025",
                tanggal_terbit=dt.date(2025, 1, 10),
                berlaku_sampai=dt.date(2028, 1, 10),
                terbit=True,
                sumber=Sertifikat.Sumber.IMPOR,
            )
            for n in range(start, end)
        ]
    )


@pytest.fixture
def skema(demo):
    return demo["skema"]


@pytest.fixture
def skema_lain(demo):
    from decimal import Decimal

    from muk import services as muk_services

    return muk_services.skema_create(
        actor=demo["manajer"],
        kode="SKM/LSP-DEMO/ADM/02/2025",
        judul="Administrasi Perkantoran",
        jenis="okupasi",
        acuan="SKKNI No. 1 Tahun 2020",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("900000"),
    )


def names(response) -> list[str]:
    return [s.nama for s in response.context["page"]] if response.context["page"] else []


def suspend(s: Sertifikat, status: str, reason="Pelanggaran kode etik.") -> Sertifikat:
    Sertifikat.objects.filter(pk=s.pk).update(status=status, alasan_status=reason, status_diubah_pada=NOW)
    s.refresh_from_db()
    return s


# --- search ---------------------------------------------------------------------------------------


def test_search_finds_a_holder_by_a_fragment_of_the_name_in_any_case(client, skema):
    """SE-A4.12: a fragment of the holder's name, any case, finds them."""
    sari = holder(skema, 1, nama="Sari Wulandari")
    holder(skema, 2, nama="Budi Santoso")
    response = client.get(CARI, {"q": "  wULAN  "})
    assert response.status_code == 200
    assert names(response) == ["Sari Wulandari"]
    html = response.content.decode()
    assert "00001/SERT/LSP/2025" in html and "KOM.1234.00001 2025" in html
    assert "Masih berlaku" in html and f'href="{sari.get_public_url()}"' in html


def test_search_finds_a_holder_by_a_fragment_of_the_certificate_number(client, skema):
    holder(skema, 1)
    holder(skema, 2)
    response = client.get(CARI, {"q": "00002/sert"})
    assert names(response) == ["Pemegang Nomor 0002"]


def test_search_finds_a_holder_by_a_fragment_of_the_registration_number(client, skema):
    holder(skema, 1)
    holder(skema, 2, nomor_registrasi="MET.9988.00077 2024")
    response = client.get(CARI, {"q": "9988.000"})
    assert names(response) == ["Pemegang Nomor 0002"]


def test_a_fragment_matches_as_typed_not_word_by_word(client, skema):
    """The index is asked word by word (register._contains), the fragment still matches as
    typed: its words in that order, next to each other; a short word counts too."""
    holder(skema, 1, nama="Sari Wulandari")
    holder(skema, 2, nama="Wulan Sarinah")
    holder(skema, 3, nama="Lestari Wulan", nomor="00003/XYZ/2024", nomor_registrasi="")
    assert names(client.get(CARI, {"q": "sari wula"})) == ["Sari Wulandari"]
    assert names(client.get(CARI, {"q": "wulan sari"})) == ["Wulan Sarinah"]
    assert names(client.get(CARI, {"q": "ari wul"})) == ["Lestari Wulan", "Sari Wulandari"]
    assert names(client.get(CARI, {"q": "sari w"})) == ["Sari Wulandari"]
    assert names(client.get(CARI, {"q": "wulan"})) == ["Lestari Wulan", "Sari Wulandari", "Wulan Sarinah"]
    assert names(client.get(CARI, {"q": "00003/sert"})) == []
    assert names(client.get(CARI, {"q": "00003/xyz"})) == ["Lestari Wulan"]
    assert names(client.get(CARI, {"q": "0003/"})) == ["Lestari Wulan"]


def test_search_by_scheme_narrows_to_that_scheme(client, skema, skema_lain):
    holder(skema, 1, nama="Rina Pratiwi")
    holder(skema_lain, 2, nama="Rina Kusuma", skema_kode=skema_lain.kode, skema_judul=skema_lain.judul)
    assert names(client.get(CARI, {"q": "rina"})) == ["Rina Kusuma", "Rina Pratiwi"]
    response = client.get(CARI, {"q": "rina", "skema": skema_lain.pk})
    assert names(response) == ["Rina Kusuma"]
    assert "Administrasi Perkantoran" in response.content.decode()


def test_search_shows_only_valid_certificates_unless_asked_for_all(client, skema):
    """X-1: by default only certificates valid today; with the option, expired, suspended and
    revoked ones too, each labelled as such and never as valid."""
    holder(skema, 1, nama="Ani Berlaku")
    holder(
        skema,
        2,
        nama="Ani Kedaluwarsa",
        tanggal_terbit=dt.date(2022, 1, 1),
        berlaku_sampai=dt.date(2025, 1, 1),
    )
    suspend(holder(skema, 3, nama="Ani Dibekukan"), Sertifikat.Status.DIBEKUKAN)
    suspend(holder(skema, 4, nama="Ani Dicabut"), Sertifikat.Status.DICABUT)
    assert names(client.get(CARI, {"q": "ani "})) == ["Ani Berlaku"]
    response = client.get(CARI, {"q": "ani", "semua": "on"})
    rows = {s.nama: s.status_badge.label for s in response.context["page"]}
    assert rows == {
        "Ani Berlaku": "Masih berlaku",
        "Ani Kedaluwarsa": "Kedaluwarsa",
        "Ani Dibekukan": "Dibekukan",
        "Ani Dicabut": "Dicabut",
    }
    html = response.content.decode()
    assert html.count("Masih berlaku</span>") == 1


def test_drafts_are_never_in_the_public_register(client, skema):
    """A certificate waiting for the Ketua's signature (terbit False) is not public: not in a
    search, its page and its number answer the neutral not found."""
    draft = holder(skema, 1, nama="Draf Belum Terbit", terbit=False)
    assert names(client.get(CARI, {"q": "draf belum", "semua": "on"})) == []
    response = client.get(draft.get_public_url())
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in response.content.decode()
    response = client.get(PERIKSA, {"nomor": draft.nomor})
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("q", ["a", "ab", " a  b ", "%%"])
def test_a_query_under_three_characters_lists_nothing_and_says_why(client, skema, q):
    """A one- or two-character query would list the register: refused with the reason."""
    grow(skema, 1, 4)
    response = client.get(CARI, {"q": q})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Ketik paling sedikit 3 huruf atau angka" in response.content.decode()
    assert "Pemegang Nomor" not in response.content.decode()


def test_a_like_wildcard_is_searched_as_a_character(client, skema):
    grow(skema, 1, 4)
    assert names(client.get(CARI, {"q": "%%%"})) == []
    assert names(client.get(CARI, {"q": "___"})) == []


def test_search_without_a_query_shows_the_form_and_no_holder(client, skema):
    grow(skema, 1, 4)
    response = client.get(CARI)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Register pemegang sertifikat" in html and "Pemegang Nomor" not in html
    assert 'action="/sertifikat/periksa/"' in html


def test_a_broad_search_shows_at_most_the_cap_and_says_to_narrow_it(client, skema, monkeypatch):
    monkeypatch.setattr(register, "PUBLIC_CAP", 5)
    grow(skema, 1, 9)
    response = client.get(CARI, {"q": "pemegang"})
    assert len(response.context["hasil"].rows) == 5 and response.context["hasil"].terpotong
    assert "Lebih dari 5 sertifikat cocok" in response.content.decode()
    response = client.get(CARI, {"q": "/sert/lsp/2025"})
    assert response.context["hasil"].terpotong
    response = client.get(CARI, {"q": "00003/sert"})
    assert not response.context["hasil"].terpotong and names(response) == ["Pemegang Nomor 0003"]


def test_search_results_are_paginated_by_name(client, skema):
    grow(skema, 1, 26)
    response = client.get(CARI, {"q": "pemegang"})
    assert len(names(response)) == 10 and names(response)[0] == "Pemegang Nomor 0001"
    assert "Halaman 1 dari 3" in response.content.decode()
    third = client.get(CARI, {"q": "pemegang", "halaman": 3})
    assert names(third) == [f"Pemegang Nomor {n:04d}" for n in range(21, 26)]


@pytest.mark.parametrize(
    "query",
    [
        None,
        {"q": "sari wula", "skema": "SKEMA", "semua": "on"},
        {"q": "a"},  # too short: the error, tied to the input
        {"q": '"><b>x', "skema": "999999"},  # a scheme that is not on the list, markup typed
        {"q": "abc", "skema": ""},
    ],
)
def test_the_search_form_is_the_portal_s_form_markup(client, skema, skema_lain, query):
    """publik_cari.html writes the search's fields itself (the select's widget renders one
    template per scheme, bench/register.py): the same markup as _form_fields.html gives the
    bound form, so the same labels, help, errors, aria attributes and chosen scheme."""
    from django.template.loader import render_to_string
    from django.test.html import parse_html

    if query and query.get("skema") == "SKEMA":
        query["skema"] = str(skema_lain.pk)
    response = client.get(CARI, query)
    form = response.context["form"]
    html = response.content.decode()
    fields = html.split('class="filters card" aria-label="Cari pemegang sertifikat" novalidate>', 1)[1]
    fields = fields.split('<div class="actions">', 1)[0]
    assert parse_html(fields) == parse_html(render_to_string("_form_fields.html", {"form": form}))
    assert f">{skema_lain.kode} {skema_lain.judul}</option>" in fields


def test_search_rows_link_each_page_and_badge_as_the_portal_does(client, skema):
    """Each row's link is the certificate's public URL and its badge the one status badge's
    markup (_status_badge.html), written inline (bench/register.py)."""
    from django.template.loader import render_to_string

    from sertifikasi.views_publik import detail_url

    s = holder(skema, 1, nama="Ani Berlaku")
    suspend(holder(skema, 2, nama="Ani Dibekukan"), Sertifikat.Status.DIBEKUKAN)
    html = client.get(CARI, {"q": "ani", "semua": "on"}).content.decode()
    for row in Sertifikat.objects.all():
        assert detail_url(row.token) == row.get_public_url()
        assert f'<a href="{row.get_public_url()}">{row.nama}</a>' in html
        assert render_to_string("_status_badge.html", {"badge": row.status_badge}).strip() in html
    assert detail_url(s.token) == f"/sertifikat/{s.token}/"


# --- the certificate's page -----------------------------------------------------------------------


def test_detail_shows_holder_scheme_numbers_dates_and_valid_status(client, skema):
    s = holder(skema, 7, nama="Sari Wulandari")
    response = client.get(s.get_public_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Sari Wulandari", skema.kode, skema.judul, "00007/SERT/LSP/2025", "KOM.1234.00007 2025"):
        assert text in html
    assert "10 Januari 2025" in html and "10 Januari 2028" in html
    assert "masih berlaku</strong> sampai 10 Januari 2028" in html
    assert '<meta name="robots" content="noindex">' in html


def test_detail_of_an_expired_certificate_says_expired_never_valid(client, skema):
    """X-1: the day after its end a certificate reads Kedaluwarsa, with no change stored."""
    s = holder(skema, 1, berlaku_sampai=dt.date(2026, 6, 15))
    assert "Masih berlaku" in client.get(s.get_public_url()).content.decode()
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        html = client.get(s.get_public_url()).content.decode()
        assert names(client.get(CARI, {"q": "pemegang"})) == []
    assert "Kedaluwarsa" in html and "Masih berlaku" not in html and "masih berlaku" not in html
    assert "masa berlakunya berakhir 15 Juni 2026" in html


@pytest.mark.parametrize(
    "status, label, sentence",
    [("dibekukan", "Dibekukan", "dibekukan oleh"), ("dicabut", "Dicabut", "dicabut oleh")],
)
def test_detail_of_a_suspended_or_revoked_certificate_says_so(client, skema, status, label, sentence):
    s = suspend(holder(skema, 1, nama="Joko Widodo"), status, reason="Alasan rahasia internal.")
    html = client.get(s.get_public_url()).content.decode()
    assert '<span class="badge' in html and f">{label}</span>" in html and sentence in html
    assert "Masih berlaku" not in html and "masih berlaku" not in html
    assert "Alasan rahasia internal" not in html  # the reason is for staff


def test_an_unknown_or_malformed_token_answers_a_neutral_404(client, skema):
    holder(skema, 1)
    for token in ("tidakAdaToken123", "x" * 60, "a.b"):
        response = client.get(reverse("sertifikat_publik:detail", args=[token]))
        assert response.status_code == 404
        assert "Sertifikat tidak ditemukan" in response.content.decode()


def test_nik_is_never_in_any_public_response(client, skema):
    """X-1: the NIK never leaves the staff side: not in a search, a page, a verification."""
    a = holder(skema, 1, nama="Sari Wulandari", nik=NIK_P)
    b = suspend(holder(skema, 2, nama="Budi Santoso", nik=NIK_L), Sertifikat.Status.DICABUT)
    responses = [
        client.get(CARI, {"q": "sari"}),
        client.get(CARI, {"q": "santoso", "semua": "on"}),
        client.get(a.get_public_url()),
        client.get(b.get_public_url()),
        client.get(PERIKSA, {"nomor": a.nomor}, follow=True),
    ]
    for response in responses:
        html = response.content.decode()
        assert response.status_code == 200
        assert NIK_P not in html and NIK_L not in html
        assert samarkan_nik(NIK_P) not in html and samarkan_nik(NIK_L) not in html  # not even masked
    # A NIK typed in finds nobody (the page only repeats what was typed).
    by_nik = client.get(CARI, {"q": NIK_P, "semua": "on"})
    assert names(by_nik) == [] and "Sari Wulandari" not in by_nik.content.decode()
    assert client.get(PERIKSA, {"nomor": NIK_L}).status_code == 404


def test_public_reads_never_load_the_nik(skema):
    holder(skema, 1, nama="Sari Wulandari", nik=NIK_P)
    found = register.public_search(q="sari").rows
    assert found and "nik" in found[0].get_deferred_fields()
    assert "nik" in register.public_detail(found[0].token).get_deferred_fields()


def test_the_page_s_lookup_gives_what_the_public_queryset_gives(skema):
    """register.public_detail reads the row with SQL and converters the ORM made once per
    process (bench/register.py): the same instance as public_rows(), typed values included."""
    s = suspend(holder(skema, 1, nama="Sari Wulandari"), Sertifikat.Status.DIBEKUKAN)
    found = register.public_detail(s.token)
    expected = register.public_rows().get(token=s.token)
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    for name in register.PUBLIC_FIELDS:
        assert getattr(found, name) == getattr(expected, name), name
        assert type(getattr(found, name)) is type(getattr(expected, name)), name
    assert isinstance(found.berlaku_sampai, dt.date) and found.status_diubah_pada == NOW
    assert not found._state.adding and found._state.db == "default"
    assert register.public_detail(s.token[:-1] + ("A" if s.token[-1] != "A" else "B")) is None
    Sertifikat.objects.filter(pk=s.pk).update(terbit=False)
    assert register.public_detail(s.token) is None


# --- verification by number -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["00007/SERT/LSP/2025", "  00007/sert/lsp/2025 ", "kom.1234.00007   2025"])
def test_verification_by_exact_number_opens_the_certificate_page(client, skema, typed):
    s = holder(skema, 7)
    holder(skema, 8)
    response = client.get(PERIKSA, {"nomor": typed})
    assert response.status_code == 302 and response.url == s.get_public_url()


def test_verification_of_a_revoked_certificate_opens_its_page_marked_revoked(client, skema):
    s = suspend(holder(skema, 7), Sertifikat.Status.DICABUT)
    response = client.get(PERIKSA, {"nomor": s.nomor}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(s.get_public_url(), 302)]
    assert "Dicabut" in html and "tidak berlaku" in html


@pytest.mark.parametrize("typed", ["00099/SERT/LSP/2025", "00007/SERT/LSP/202", "0007/SERT/LSP/2025"])
def test_an_unknown_or_mistyped_number_answers_a_neutral_not_found(client, skema, typed):
    """A fragment is not a verification: only the exact number opens a page."""
    holder(skema, 7)
    response = client.get(PERIKSA, {"nomor": typed})
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in html and "Periksa kembali nomor yang Anda ketik" in html
    assert "Pemegang Nomor" not in html


@pytest.mark.parametrize(
    "typed, message",
    [
        ("<script>alert(1)</script>", "Nomor hanya terdiri atas huruf, angka"),
        ("00007/SERT/LSP/2025'; DROP TABLE x;--", "Nomor hanya terdiri atas huruf, angka"),
        ("12", "Nomor terlalu pendek"),
        ("", "Ketik nomor sertifikat atau nomor registrasi"),
    ],
)
def test_a_forged_number_is_refused_with_a_clear_message(client, skema, typed, message):
    holder(skema, 7)
    response = client.get(PERIKSA, {"nomor": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<script>alert" not in html


def test_verification_page_without_a_number_shows_the_form(client):
    response = client.get(PERIKSA)
    assert response.status_code == 200
    assert 'name="nomor"' in response.content.decode()


def test_a_signed_certificate_is_found_by_its_number_and_its_qr_target(demo, client):
    """The whole path: issued and signed through the decision's services, the certificate's
    QR target (get_public_url) and its number open its page, valid."""
    from .decision import certificate_of, sk_signed

    _, p_k, _ = sk_signed(demo)
    s = certificate_of(p_k)
    assert s.terbit
    response = client.get(PERIKSA, {"nomor": s.nomor.lower()}, follow=True)
    assert response.redirect_chain == [(s.get_public_url(), 302)]
    html = response.content.decode()
    assert s.nama in html and "Masih berlaku" in html and s.nik not in html


# --- rate limit, navigation, queries --------------------------------------------------------------


def test_the_public_register_is_rate_limited_per_client_with_an_indonesian_429(client, skema, settings):
    settings.LSP_REGISTER_LIMIT = 3
    s = holder(skema, 1)
    assert client.get(CARI, {"q": "pemegang"}).status_code == 200
    assert client.get(s.get_public_url()).status_code == 200
    assert client.get(PERIKSA, {"nomor": "nomor tidak ada"}).status_code == 404
    for path, params in ((CARI, {"q": "pemegang"}), (s.get_public_url(), {}), (PERIKSA, {"nomor": s.nomor})):
        response = client.get(path, params)
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert "Terlalu banyak permintaan" in response.content.decode()
        assert "Pemegang Nomor" not in response.content.decode()
    other = client.get(s.get_public_url(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_the_search_form_alone_is_not_counted(client, settings):
    settings.LSP_REGISTER_LIMIT = 1
    for _ in range(3):
        assert client.get(CARI).status_code == 200
        assert client.get(PERIKSA).status_code == 200


def test_the_public_navigation_links_the_register(client):
    html = client.get(reverse("tuk_public:list")).content.decode()
    assert f'href="{CARI}"' in html and "Register sertifikat" in html


def _queries(client, path, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.status_code
    return len(captured)


def test_search_and_detail_cost_the_same_queries_at_5_and_50_certificates(client, skema):
    """Issue 13 speed: the public pages' queries do not grow with the register (bench/register.py
    measures them on 1,000,000 holders)."""
    grow(skema, 1, 6)
    first = Sertifikat.objects.order_by("pk").first()
    small = [
        _queries(client, CARI, {"q": "pemegang"}),
        _queries(client, CARI, {"q": "pemegang", "semua": "on", "skema": skema.pk}),
        _queries(client, first.get_public_url()),
    ]
    grow(skema, 6, 51)
    large = [
        _queries(client, CARI, {"q": "pemegang"}),
        _queries(client, CARI, {"q": "pemegang", "semua": "on", "skema": skema.pk}),
        _queries(client, first.get_public_url()),
    ]
    assert small == large
    assert large == [2, 2, 1]  # the scheme list and the search; the certificate


@pytest.mark.services
def test_the_register_queries_can_use_their_indexes_on_postgresql(skema):
    """The SQL of the search and of the verification matches the expressions migrations 0003
    and 0005 index (UPPER(col::text)): with sequential scans off, PostgreSQL answers a name
    fragment from the name's trigram index, a number fragment from the two numbers' trigram
    indexes and an exact number from the btree indexes (a mismatch would leave it only a
    scan). The plans on 1,000,000 rows are in bench/RESULTS.md."""
    need("DATABASE_URL")
    if connection.vendor != "postgresql":
        pytest.fail("Uji ini membutuhkan PostgreSQL (DATABASE_URL).")
    grow(skema, 1, 6)
    nomor = "00001/SERT/LSP/2025"
    queries = {
        # All statuses (the search's option): no other index could answer these.
        "nama": register._matching(register.public_rows(), "PEMEGANG NOMOR").order_by()[:201],
        "nomor": register._matching(register.public_rows(), "00001/SERT").order_by()[:201],
        "persis": register.public_rows().filter(Q(nomor__iexact=nomor) | Q(nomor_registrasi__iexact=nomor)),
    }
    plans = {}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for key, qs in queries.items():
            sql, params = qs.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plans[key] = "\n".join(line for (line,) in cursor.fetchall())
    assert "sertifikasi_sert_nama_trgm" in plans["nama"] and "sert_nomor" not in plans["nama"], plans["nama"]
    # The index is asked word by word; the fragment as typed is checked on LOWER(nama).
    assert "Index Cond: ((upper((nama)::text) ~~ '%PEMEGANG%'::text)" in plans["nama"], plans["nama"]
    assert "lower((nama)::text) ~~ '%pemegang nomor%'::text" in plans["nama"], plans["nama"]
    for index in ("sertifikasi_sert_nomor_trgm", "sertifikasi_sert_nomor_registrasi_trgm"):
        assert index in plans["nomor"], plans["nomor"]
    for index in ("sertifikasi_sert_nomor_upper", "sertifikasi_sert_nomor_registrasi_upper"):
        assert index in plans["persis"], plans["persis"]
