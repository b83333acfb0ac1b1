"""X-3 with SE-A4.3 (issue 12): a TUK's verification is an expiring document like the SDM
ones, reminded 60 and 14 days before each date its SK penetapan ends (a scheme ending before
the TUK's last date too), and shown (expired too) on the dashboards."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from lsp_portal import reminders as kernel
from sdm.tasks import send_expiry_reminders
from tuk import reminders, services

pytestmark = pytest.mark.embedded

JAKARTA = ZoneInfo("Asia/Jakarta")
BERLAKU_SAMPAI = dt.date(2027, 3, 31)
SKEMA_AWAL = dt.date(2027, 1, 31)  # a scheme whose penetapan ends two months earlier


def at(days_before: int, until: dt.date = BERLAKU_SAMPAI):
    moment = dt.datetime.combine(until - dt.timedelta(days=days_before), dt.time(7), tzinfo=JAKARTA)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def verified_tuk(make_tuk, make_skema, admin_lsp, pengelola_tuk):
    """A TUK verified by two SKs: scheme A until SKEMA_AWAL, schemes B and C until
    BERLAKU_SAMPAI."""
    with at(200):
        tuk = make_tuk(pengelola=pengelola_tuk)
        a, b, c = make_skema("SKM/A"), make_skema("SKM/B"), make_skema("SKM/C")
        services.penetapan_apply(
            tuk=tuk, skema_ids=[a.pk], berlaku_sampai=SKEMA_AWAL, sk_nomor="SK-1", actor=admin_lsp
        )
        return services.penetapan_apply(
            tuk=tuk, skema_ids=[b.pk, c.pk], berlaku_sampai=BERLAKU_SAMPAI, sk_nomor="SK-2", actor=admin_lsp
        )


def test_an_item_may_carry_its_own_thresholds():
    """Kernel (X-3): the default stays 90/30/7; an item's own thresholds replace it."""
    assert [kernel.due_threshold(d, (60, 14)) for d in (61, 60, 15, 14, 0, -1)] == [
        None,
        60,
        60,
        14,
        14,
        None,
    ]
    assert kernel.due_threshold(90) == 90 and kernel.due_threshold(60) == 90
    assert max(reminders.THRESHOLDS) <= kernel.HORIZON_DAYS


def test_one_item_per_tuk_and_date_with_its_schemes_and_stable_keys(verified_tuk):
    """Issue 12: the dates come from the scheme lines; one item per (TUK, date)."""
    with at(30):
        items = sorted(reminders.verifikasi_expiries(), key=lambda i: i.tanggal)
        again = sorted(reminders.verifikasi_expiries(), key=lambda i: i.tanggal)
    assert [(i.tanggal, i.thresholds) for i in items] == [(SKEMA_AWAL, (60, 14)), (BERLAKU_SAMPAI, (60, 14))]
    assert items[0].judul.endswith("untuk skema SKM/A")
    assert items[1].judul.endswith("untuk skema SKM/B, SKM/C")
    assert [i.key for i in items] == [
        f"tuk.verifikasi:{verified_tuk.pk}:2027-01-31",
        f"tuk.verifikasi:{verified_tuk.pk}:2027-03-31",
    ]
    assert [i.key for i in again] == [i.key for i in items]


def test_a_tuk_verification_is_reminded_at_60_and_14_days(verified_tuk, pengelola_tuk, admin_lsp):
    """X-3, issue 12: the TUK's person in charge, its Pengelola account and the register's
    managers (akun.manage_tuk) get each threshold once, for the TUK's last date."""
    with at(61):  # two days before scheme A's date: its 14-day reminder, not the TUK's yet
        assert send_expiry_reminders() == 1
    assert "SKM/A" in mail.outbox[0].subject and "dalam 2 hari" in mail.outbox[0].subject
    mail.outbox.clear()
    with at(60):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0
    message = mail.outbox[0]
    assert f"Verifikasi {verified_tuk.kode}" in message.subject
    assert "berakhir dalam 60 hari" in message.subject
    assert {"andi@uji.lsp.id", pengelola_tuk.email, admin_lsp.email} <= set(message.to)
    assert f"/tuk/{verified_tuk.pk}/" in message.body
    with at(30):
        assert send_expiry_reminders() == 0  # no 30-day threshold for a TUK
    with at(14):
        assert send_expiry_reminders() == 1
    with at(7):
        assert send_expiry_reminders() == 0
    assert len(mail.outbox) == 2


def test_a_scheme_ending_before_the_tuk_is_reminded_on_its_own_date(verified_tuk):
    """Issue 12: scheme A ends two months before the TUK's last date: reminded at 60 and 14
    days before its own date, naming the scheme."""
    subjects = []
    for days in (61, 60, 14):
        with at(days, SKEMA_AWAL):
            mail.outbox.clear()
            send_expiry_reminders()
            subjects.append([m.subject for m in mail.outbox])
    assert subjects[0] == []
    assert len(subjects[1]) == 1 and "SKM/A" in subjects[1][0] and "dalam 60 hari" in subjects[1][0]
    assert len(subjects[2]) == 1 and "SKM/A" in subjects[2][0] and "dalam 14 hari" in subjects[2][0]


def test_a_renewal_starts_the_thresholds_again(verified_tuk, make_skema, admin_lsp):
    """A new SK for scheme A moves its date: a new key, reminded again at 60 days."""
    with at(60, SKEMA_AWAL):
        assert send_expiry_reminders() == 1
        skema_a = verified_tuk.skema_ditetapkan.get(sk_nomor="SK-1").skema
        services.penetapan_apply(
            tuk=verified_tuk,
            skema_ids=[skema_a.pk],
            berlaku_sampai=BERLAKU_SAMPAI,
            sk_nomor="SK-3",
            actor=admin_lsp,
        )
        assert send_expiry_reminders() == 0  # A now ends with B and C, 120 days away
        items = reminders.verifikasi_expiries()
    assert items == []  # its new date is beyond the horizon
    mail.outbox.clear()
    with at(60):
        assert send_expiry_reminders() == 1
    assert "untuk skema SKM/A, SKM/B, SKM/C" in mail.outbox[0].subject


def test_an_expired_verification_shows_on_the_staff_dashboard(client, verified_tuk, ketua):
    """X-3: after its date the TUK is listed as expired on the executive dashboard."""
    with at(-3):
        client.force_login(ketua)
        page = client.get("/eksekutif/").content.decode()
    assert f"Verifikasi {verified_tuk.kode}" in page
    assert "kedaluwarsa" in page.lower()


def test_a_draft_or_withdrawn_tuk_is_not_reminded(make_tuk, verified_tuk, admin_lsp):
    """X-3: only a verification in force (or run out) has an end to remind of; a draft TUK
    and a TUK withdrawn by hand are not reminded."""
    make_tuk(kode="TUK-DRAF-1")
    with at(100):
        services.tuk_set_status(tuk=verified_tuk, status="kedaluwarsa", note="Dicabut", actor=admin_lsp)
    for days in (60, 14):
        with at(days):
            assert send_expiry_reminders() == 0
            assert reminders.verifikasi_expiries() == []
    assert mail.outbox == []


def test_the_source_reads_in_constant_queries(
    verified_tuk, make_tuk, make_skema, admin_lsp, django_assert_max_num_queries
):
    """Three queries (TUK, scheme lines, managers) whatever the number of TUK and schemes."""
    with at(300):
        for i in range(5):
            services.penetapan_apply(
                tuk=make_tuk(kode=f"TUK-R-{i}"),
                skema_ids=[make_skema(f"SKM/R{i}").pk],
                berlaku_sampai=BERLAKU_SAMPAI,
                sk_nomor=f"SK-R{i}",
                actor=admin_lsp,
            )
    with at(30), django_assert_max_num_queries(3):
        assert len(reminders.verifikasi_expiries()) == 7
