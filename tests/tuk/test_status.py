"""TUK status: draft, verified until a date, expired; every move kept with who and when;
expiry read from the date without a scheduled job (SE-A4.3)."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lsp_portal.models import StatusChange
from lsp_portal.status import labelled_history
from lsp_portal.workflow import TransitionError
from tuk import selectors, services
from tuk.models import Tuk

from .conftest import future

pytestmark = pytest.mark.embedded

TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Jakarta


def at(day, hour=9):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=TZ), tick=False)


def field_errors(html, field):
    match = re.search(rf'<div class="errors" id="id_{field}_error" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>(.*?)</p>", match.group(1)) if match else []


@pytest.fixture
def tuk(make_tuk):
    return make_tuk()


def test_verified_without_a_date_is_refused_and_nothing_changes(client, admin_lsp, tuk):
    """SE-A4.3 edge: Terverifikasi needs its validity date."""
    client.force_login(admin_lsp)
    html = client.post(f"/tuk/{tuk.pk}/status/", {"status": "terverifikasi"}).content.decode()
    assert field_errors(html, "berlaku_sampai") == [
        "Tanggal berlaku sampai wajib diisi untuk TUK terverifikasi."
    ]
    tuk.refresh_from_db()
    assert tuk.status == Tuk.Status.DRAFT and not StatusChange.objects.exists()


@pytest.mark.parametrize("days", [0, -1])
def test_verified_until_today_or_a_past_date_is_refused(client, admin_lsp, tuk, days):
    client.force_login(admin_lsp)
    html = client.post(
        f"/tuk/{tuk.pk}/status/", {"status": "terverifikasi", "berlaku_sampai": future(days).isoformat()}
    ).content.decode()
    assert field_errors(html, "berlaku_sampai") == [
        "Tanggal berlaku sampai harus setelah hari ini untuk TUK terverifikasi."
    ]
    tuk.refresh_from_db()
    assert tuk.status == Tuk.Status.DRAFT


def test_the_service_refuses_verified_without_a_future_date(admin_lsp, tuk):
    for until in (None, future(0)):
        with pytest.raises(ValidationError) as error:
            services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=until, actor=admin_lsp)
        assert "berlaku_sampai" in error.value.message_dict
    assert Tuk.objects.get(pk=tuk.pk).status == Tuk.Status.DRAFT


def test_verifying_records_who_when_and_until(client, admin_lsp, tuk):
    """SE-A4.3: the status history keeps the actor, the time and the validity."""
    until = future(200)
    client.force_login(admin_lsp)
    response = client.post(
        f"/tuk/{tuk.pk}/status/",
        {"status": "terverifikasi", "berlaku_sampai": until.isoformat(), "catatan": "BA 001/BA-VT/LSP/2026"},
    )
    assert response.status_code == 302
    tuk.refresh_from_db()
    assert (tuk.status, tuk.berlaku_sampai) == (Tuk.Status.TERVERIFIKASI, until)
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "terverifikasi", admin_lsp)
    assert change.note == f"Berlaku sampai {until:%d-%m-%Y}. BA 001/BA-VT/LSP/2026"
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert f"Draf → Terverifikasi oleh {admin_lsp.nama_lengkap}" in html
    assert "BA 001/BA-VT/LSP/2026" in html


def test_every_move_is_a_history_row_in_order(admin_lsp, ketua, tuk):
    services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=future(30), actor=admin_lsp)
    services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=future(400), actor=ketua)
    services.tuk_set_status(tuk=tuk, status="kedaluwarsa", note="Ruang direnovasi", actor=ketua)
    services.tuk_set_status(tuk=tuk, status="draft", actor=admin_lsp)
    rows = [(h.dari, h.ke, h.actor) for h in labelled_history(tuk)]
    assert rows == [
        ("Draf", "Terverifikasi", admin_lsp),
        ("Terverifikasi", "Terverifikasi", ketua),
        ("Terverifikasi", "Kedaluwarsa", ketua),
        ("Kedaluwarsa", "Draf", admin_lsp),
    ]
    tuk.refresh_from_db()
    assert tuk.status == Tuk.Status.DRAFT and tuk.berlaku_sampai is None


def test_a_move_the_table_does_not_allow_is_refused(admin_lsp, tuk):
    with pytest.raises(TransitionError):
        services.tuk_set_status(tuk=tuk, status="kedaluwarsa", actor=admin_lsp)
    assert not StatusChange.objects.exists()


def test_the_status_form_offers_only_allowed_moves(client, admin_lsp, tuk):
    client.force_login(admin_lsp)
    html = client.get(f"/tuk/{tuk.pk}/status/").content.decode()
    assert 'value="terverifikasi"' in html and 'value="kedaluwarsa"' not in html


def test_a_verified_tuk_shows_and_filters_as_expired_once_its_date_passes(client, admin_lsp, tuk):
    """SE-A4.3: expiry is read from berlaku_sampai on every page and filter, with no
    scheduled job and no write: on the last day it is verified, the next day expired."""
    until = dt.date(2026, 6, 30)
    with at(dt.date(2026, 1, 5)):
        services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=until, actor=admin_lsp)
    client.force_login(admin_lsp)
    for day, expected in ((until, "Terverifikasi"), (until + dt.timedelta(days=1), "Kedaluwarsa")):
        with at(day, hour=23):
            html = client.get(f"/tuk/{tuk.pk}/").content.decode()
            badge = re.search(r'<span class="badge[^"]*">([^<]+)</span>', html).group(1)
            assert badge == expected, day
            verified = client.get("/tuk/", {"status": "terverifikasi"}).content.decode()
            expired = client.get("/tuk/", {"status": "kedaluwarsa"}).content.decode()
            still_valid = expected == "Terverifikasi"
            assert (tuk.nama in verified, tuk.nama in expired) == (still_valid, not still_valid)
    tuk.refresh_from_db()
    assert tuk.status == Tuk.Status.TERVERIFIKASI and StatusChange.objects.count() == 1


def test_an_expired_tuk_is_not_verified_for_a_later_date(admin_lsp, tuk):
    """SE-A4.3 edge: unverified on the date → not schedulable."""
    until = future(10)
    services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=until, actor=admin_lsp)
    tuk.refresh_from_db()
    assert tuk.is_verified_on(until) and not tuk.is_verified_on(until + dt.timedelta(days=1))
    assert list(selectors.tuk_terverifikasi_pada(until)) == [tuk]
    assert list(selectors.tuk_terverifikasi_pada(until + dt.timedelta(days=1))) == []


def test_an_expired_tuk_can_be_verified_again(admin_lsp, tuk):
    with at(dt.date(2026, 1, 5)):
        services.tuk_set_status(
            tuk=tuk, status="terverifikasi", berlaku_sampai=dt.date(2026, 2, 1), actor=admin_lsp
        )
    with at(dt.date(2026, 3, 1)):
        assert Tuk.objects.get(pk=tuk.pk).status_efektif == Tuk.Status.KEDALUWARSA
        renewed = services.tuk_set_status(
            tuk=tuk, status="terverifikasi", berlaku_sampai=dt.date(2027, 3, 1), actor=admin_lsp
        )
        assert renewed.status_efektif == Tuk.Status.TERVERIFIKASI


def test_tuk_kedaluwarsa_segera_lists_verified_tuk_ending_within_the_window(admin_lsp, make_tuk):
    """For reminders: verified TUK whose validity ends within `days`, soonest first."""
    with at(dt.date(2026, 1, 1)):
        dates = {"A": dt.date(2026, 3, 1), "B": dt.date(2026, 1, 20), "C": dt.date(2026, 12, 1)}
        for kode, until in dates.items():
            services.tuk_set_status(
                tuk=make_tuk(kode=kode), status="terverifikasi", berlaku_sampai=until, actor=admin_lsp
            )
        make_tuk(kode="D")  # draft
    with at(dt.date(2026, 1, 10)):
        assert [t.kode for t in selectors.tuk_kedaluwarsa_segera()] == ["B", "A"]
        assert [t.kode for t in selectors.tuk_kedaluwarsa_segera(days=30)] == ["B"]
    with at(dt.date(2026, 1, 21)):  # B has expired: no longer "soon"
        assert [t.kode for t in selectors.tuk_kedaluwarsa_segera()] == ["A"]


def test_the_detail_page_warns_when_validity_ends_soon(client, admin_lsp, tuk):
    services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=future(20), actor=admin_lsp)
    client.force_login(admin_lsp)
    assert "berakhir dalam 20 hari" in client.get(f"/tuk/{tuk.pk}/").content.decode()


def test_the_database_refuses_a_verified_tuk_without_a_date(tuk):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Tuk.objects.filter(pk=tuk.pk).update(status="terverifikasi")


def test_no_move_is_preselected(client, admin_lsp, tuk):
    """A slip must not send a TUK back to draft: the status must be chosen."""
    services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=future(), actor=admin_lsp)
    client.force_login(admin_lsp)
    html = client.post(f"/tuk/{tuk.pk}/status/", {"status": "", "berlaku_sampai": ""}).content.decode()
    assert field_errors(html, "status") == ["Bidang ini tidak boleh kosong."]
    assert Tuk.objects.get(pk=tuk.pk).status == Tuk.Status.TERVERIFIKASI
