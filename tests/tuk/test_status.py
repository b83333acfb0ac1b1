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
from tuk.permissions import can_set_status_manually

from .conftest import apply, future

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


REFUSED = (
    "Status Terverifikasi tidak dapat diberikan dari halaman ini. Ajukan verifikasi TUK; "
    "status, tanggal berlaku, dan SK penetapan ditetapkan melalui verifikasi TUK atau "
    "pencatatan SK penetapan dari luar sistem."
)


@pytest.mark.parametrize("verified_first", [False, True])
def test_the_status_page_refuses_terverifikasi_and_points_to_the_verification(
    client, admin_lsp, tuk, make_skema, verified_first
):
    """Issue 12 (SE-A4.3): verified status, date and SK come only from the TUK verification;
    the status page refuses Terverifikasi with a message naming it, and nothing changes."""
    if verified_first:
        apply(tuk, [make_skema()], days=100, actor=admin_lsp)
    before = (Tuk.objects.get(pk=tuk.pk).status, Tuk.objects.get(pk=tuk.pk).berlaku_sampai)
    changes = StatusChange.objects.count()
    client.force_login(admin_lsp)
    response = client.post(
        f"/tuk/{tuk.pk}/status/",
        {"status": "terverifikasi", "berlaku_sampai": future(400).isoformat(), "catatan": "Diverifikasi"},
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "status") == [REFUSED]
    tuk.refresh_from_db()
    assert (tuk.status, tuk.berlaku_sampai) == before and StatusChange.objects.count() == changes


def test_the_manual_rule_refuses_terverifikasi_for_everyone(admin_lsp, ketua, manajer):
    """The rule the view and template ask (tuk.permissions): withdraw yes, verify never."""
    assert not can_set_status_manually(ketua, "terverifikasi")
    assert can_set_status_manually(ketua, "kedaluwarsa") and can_set_status_manually(admin_lsp, "draft")
    assert not can_set_status_manually(manajer, "kedaluwarsa")  # no manage_tuk


def test_the_service_refuses_verified_without_a_future_date(admin_lsp, tuk):
    for until in (None, future(0)):
        with pytest.raises(ValidationError) as error:
            services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=until, actor=admin_lsp)
        assert "berlaku_sampai" in error.value.message_dict
    assert Tuk.objects.get(pk=tuk.pk).status == Tuk.Status.DRAFT


def test_verifying_records_who_when_until_and_the_sk(admin_lsp, tuk, make_skema):
    """SE-A4.3: verified by an SK penetapan (penetapan_apply); the status history keeps the
    actor, the time, the validity and the SK number."""
    tuk = apply(tuk, [make_skema()], days=200, sk_nomor="SK 001/SK-TUK/LSP/2026", actor=admin_lsp)
    until = future(200)
    assert (tuk.status, tuk.berlaku_sampai) == (Tuk.Status.TERVERIFIKASI, until)
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "terverifikasi", admin_lsp)
    assert change.note == f"Berlaku sampai {until:%d-%m-%Y}. SK SK 001/SK-TUK/LSP/2026."


def test_withdrawing_records_who_when_and_why(client, admin_lsp, tuk, make_skema):
    """Issue 12: the status page withdraws a verified TUK (Kedaluwarsa = dicabut) with the
    reason in its history; it is no longer verified, its date kept."""
    apply(tuk, [make_skema()], days=200, actor=admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(
        f"/tuk/{tuk.pk}/status/", {"status": "kedaluwarsa", "catatan": "Ruang asesmen direnovasi."}
    )
    assert response.status_code == 302
    tuk.refresh_from_db()
    assert (tuk.status, tuk.berlaku_sampai) == (Tuk.Status.KEDALUWARSA, future(200))
    assert not tuk.is_verified_on(future(1))
    change = StatusChange.objects.latest("pk")
    assert (change.to_status, change.actor) == ("kedaluwarsa", admin_lsp)
    assert change.note == "Ruang asesmen direnovasi."
    html = client.get(f"/tuk/{tuk.pk}/").content.decode()
    assert f"Terverifikasi → Kedaluwarsa oleh {admin_lsp.nama_lengkap}" in html


def test_a_withdrawal_needs_its_reason(client, admin_lsp, tuk, make_skema):
    apply(tuk, [make_skema()], actor=admin_lsp)
    client.force_login(admin_lsp)
    html = client.post(f"/tuk/{tuk.pk}/status/", {"status": "draft", "catatan": "  "}).content.decode()
    assert field_errors(html, "catatan") == ["Alasan pencabutan wajib diisi."]
    assert Tuk.objects.get(pk=tuk.pk).status == Tuk.Status.TERVERIFIKASI


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


def test_the_status_page_offers_only_withdrawal(client, admin_lsp, tuk, make_skema):
    """Issue 12: a draft TUK has nothing to withdraw (the page points to the verification);
    a verified one may go to Kedaluwarsa or Draf, never (again) Terverifikasi."""
    client.force_login(admin_lsp)
    html = client.get(f"/tuk/{tuk.pk}/status/").content.decode()
    assert 'name="status"' not in html
    assert "tidak ada status yang dapat dicabut" in html
    assert f'href="/verifikasi-tuk/permintaan/baru/?tuk={tuk.pk}"' in html
    apply(tuk, [make_skema()], actor=admin_lsp)
    html = client.get(f"/tuk/{tuk.pk}/status/").content.decode()
    assert 'value="kedaluwarsa"' in html and 'value="draft"' in html
    assert 'value="terverifikasi"' not in html


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
