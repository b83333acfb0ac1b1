"""X-3 with SE-A4.3: a TUK's verification is an expiring document like the SDM ones, reminded
90, 30 and 7 days before its `berlaku_sampai` and shown (expired too) on the dashboards."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from sdm.tasks import send_expiry_reminders
from tuk import services

pytestmark = pytest.mark.embedded

JAKARTA = ZoneInfo("Asia/Jakarta")
BERLAKU_SAMPAI = dt.date(2027, 3, 31)


def at(days_before: int):
    moment = dt.datetime.combine(BERLAKU_SAMPAI - dt.timedelta(days=days_before), dt.time(7), tzinfo=JAKARTA)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def verified_tuk(make_tuk, admin_lsp, pengelola_tuk):
    with at(200):
        tuk = make_tuk(pengelola=pengelola_tuk)
        return services.tuk_set_status(
            tuk=tuk, status="terverifikasi", berlaku_sampai=BERLAKU_SAMPAI, actor=admin_lsp
        )


def test_a_tuk_verification_is_reminded_at_90_30_and_7_days(verified_tuk, pengelola_tuk, admin_lsp):
    """X-3: the TUK's person in charge, its Pengelola account and the register's managers
    (akun.manage_tuk) get each threshold once; a draft TUK is never reminded."""
    with at(91):
        assert send_expiry_reminders() == 0
    with at(90):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0
    message = mail.outbox[0]
    assert f"Verifikasi {verified_tuk.kode}" in message.subject
    assert "berakhir dalam 90 hari" in message.subject
    assert {"andi@uji.lsp.id", pengelola_tuk.email, admin_lsp.email} <= set(message.to)
    assert f"/tuk/{verified_tuk.pk}/" in message.body
    with at(30):
        assert send_expiry_reminders() == 1
    with at(7):
        assert send_expiry_reminders() == 1
    assert len(mail.outbox) == 3


def test_an_expired_verification_shows_on_the_staff_dashboard(client, verified_tuk, ketua):
    """X-3: after its date the TUK is listed as expired on the executive dashboard."""
    with at(-3):
        client.force_login(ketua)
        page = client.get("/eksekutif/").content.decode()
    assert f"Verifikasi {verified_tuk.kode}" in page
    assert "kedaluwarsa" in page.lower()


def test_a_draft_tuk_is_not_reminded(make_tuk):
    """X-3: only a verification that is in force has an end to remind of."""
    make_tuk(kode="TUK-DRAF-1")
    with at(7):
        assert send_expiry_reminders() == 0
    assert mail.outbox == []
