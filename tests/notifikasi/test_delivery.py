"""Issue 11 item 7: delivering a notification outside the portal: the e-mail, once per
channel however often the task runs, failures recorded and retried, channels an LSP adds,
and the periodic sweep for deliveries that never started."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from lsp_portal.models import Notifikasi, PengirimanNotifikasi
from lsp_portal.notifications import CLAIM_TIMEOUT, Channel, enabled_channels, notify
from lsp_portal.tasks import deliver_notifikasi, deliver_pending_notifications

pytestmark = pytest.mark.embedded

Status = PengirimanNotifikasi.Status
MOMENT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def make(user, **kwargs):
    """A notification for `user`, its delivery not queued (no commit in the test)."""
    fields = {
        "judul": "Tanda tangani FR.AK.01",
        "pesan": "Asesor Anda sudah menandatangani FR.AK.01. Tanda tangani juga sebelum asesmen dimulai.",
        "url": "/sertifikasi/asesmen/7/ak01/",
    }
    (row,) = notify(users=user, **{**fields, **kwargs})
    return row


def delivery(notifikasi, kanal="email"):
    return PengirimanNotifikasi.objects.get(notifikasi=notifikasi, kanal=kanal)


def test_the_email_says_what_to_do_and_links_to_the_page(asesi, settings):
    """Issue 11 item 7: subject "[LSP] <judul>", the message and the absolute link."""
    settings.SITE_URL = "https://lsp.contoh.id"
    notifikasi = make(asesi)
    assert deliver_notifikasi.delay(notifikasi.pk).get() == {"email": "terkirim"}
    (message,) = mail.outbox
    assert message.to == [asesi.email]
    assert message.subject == "[LSP] Tanda tangani FR.AK.01"
    assert message.body.startswith(f"Yth. {asesi.nama_lengkap},")
    assert "Tanda tangani juga sebelum asesmen dimulai." in message.body
    assert "https://lsp.contoh.id/sertifikasi/asesmen/7/ak01/" in message.body
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])


def test_running_the_task_twice_sends_one_email(asesi):
    """Issue 11 item 7: delivery is idempotent per channel."""
    notifikasi = make(asesi)
    deliver_notifikasi.delay(notifikasi.pk)
    deliver_notifikasi.delay(notifikasi.pk)
    assert len(mail.outbox) == 1
    row = delivery(notifikasi)
    assert (row.status, row.percobaan, row.galat) == (Status.TERKIRIM, 1, "")
    assert row.terkirim_pada is not None


def test_a_notification_that_is_gone_is_a_no_op(db):
    assert deliver_notifikasi.delay(123456).get() == {}
    assert mail.outbox == []


def test_a_person_deactivated_before_delivery_gets_nothing(asesi):
    notifikasi = make(asesi)
    asesi.is_active = False
    asesi.save(update_fields=["is_active"])
    deliver_notifikasi.delay(notifikasi.pk)
    assert mail.outbox == []
    assert delivery(notifikasi).status == Status.DILEWATI


def test_a_delivery_being_sent_by_another_run_is_left_to_it(asesi):
    """Issue 11 item 7: a second run (a redelivered task) does not send what another run has
    claimed, until the claim is so old that its sender must have died."""
    with time_machine.travel(MOMENT, tick=False):
        notifikasi = make(asesi)
        PengirimanNotifikasi.objects.create(
            notifikasi=notifikasi, kanal="email", status=Status.MENGIRIM, percobaan=1, diklaim_pada=MOMENT
        )
        assert deliver_notifikasi.delay(notifikasi.pk).get() == {"email": "mengirim"}
    assert mail.outbox == []
    with time_machine.travel(MOMENT + CLAIM_TIMEOUT + dt.timedelta(seconds=1), tick=False):
        assert deliver_notifikasi.delay(notifikasi.pk).get() == {"email": "terkirim"}
    assert len(mail.outbox) == 1
    assert delivery(notifikasi).percobaan == 2


class Catat(Channel):
    """An LSP's own gateway, listed in NOTIFICATION_CHANNELS by dotted path."""

    code = "catat"
    label = "Catatan uji"
    sent: list = []

    def send(self, notifikasi):
        self.sent.append(notifikasi.pk)


class Rusak(Channel):
    """A gateway that always fails (a programming error in an LSP's channel, say)."""

    code = "rusak"
    label = "Rusak"

    def send(self, notifikasi):
        raise RuntimeError("gateway rusak")


CATAT = f"{__name__}.Catat"
RUSAK = f"{__name__}.Rusak"


def test_an_lsp_adds_a_channel_by_listing_its_class(asesi, settings):
    """Issue 11 item 7: a Channel subclass named in NOTIFICATION_CHANNELS is used."""
    Catat.sent.clear()
    settings.NOTIFICATION_CHANNELS = ["email", CATAT]
    notifikasi = make(asesi)
    assert deliver_notifikasi.delay(notifikasi.pk).get() == {"email": "terkirim", "catat": "terkirim"}
    assert Catat.sent == [notifikasi.pk] and len(mail.outbox) == 1


def test_unknown_channels_in_the_settings_are_ignored(settings):
    settings.NOTIFICATION_CHANNELS = ["email", "merpati", "tidak.ada.Kanal"]
    assert [c.code for c in enabled_channels()] == ["email"]


def test_a_failing_channel_is_recorded_and_never_reaches_the_caller(
    asesi, settings, django_capture_on_commit_callbacks
):
    """Issue 11 item 7: a channel's failure after the commit is recorded on its delivery row;
    the caller (the request) sees no exception, and the other channels are delivered."""
    settings.NOTIFICATION_CHANNELS = ["email", RUSAK]
    with django_capture_on_commit_callbacks(execute=True):
        notifikasi = make(asesi)
    assert len(mail.outbox) == 1
    failed = delivery(notifikasi, "rusak")
    assert (failed.status, failed.percobaan, failed.galat) == (Status.GAGAL, 1, "RuntimeError: gateway rusak")


def test_a_failing_channel_is_retried_a_few_times_without_resending_the_others(
    asesi, settings, retries_in_process
):
    """Issue 11 item 7: the task retries a failed channel (Celery retry with backoff), then
    leaves it recorded as failed without raising; the e-mail delivered on the first try is
    not sent again on the retries."""
    settings.NOTIFICATION_CHANNELS = ["email", RUSAK]
    notifikasi = make(asesi)
    result = deliver_notifikasi.delay(notifikasi.pk)
    assert result.get() == {"email": "terkirim", "rusak": "gagal"}
    assert delivery(notifikasi, "rusak").percobaan == deliver_notifikasi.max_retries + 1
    assert delivery(notifikasi).percobaan == 1 and len(mail.outbox) == 1


def test_the_sweep_sends_what_was_never_queued(asesi):
    """Issue 11 item 7: a delivery whose task was lost (no commit callback ran here, as with a
    broker down at commit) is queued by the periodic sweep, once, after a grace period."""
    with time_machine.travel(MOMENT, tick=False):
        notifikasi = make(asesi)
        old = make(asesi, judul="Lama")
    Notifikasi.objects.filter(pk=old.pk).update(dibuat_pada=MOMENT - dt.timedelta(days=2))
    with time_machine.travel(MOMENT + dt.timedelta(minutes=5), tick=False):
        assert deliver_pending_notifications() == 0  # its task may still be on its way
    with time_machine.travel(MOMENT + dt.timedelta(minutes=11), tick=False):
        assert deliver_pending_notifications() == 1
        assert deliver_pending_notifications() == 0
    assert [m.subject for m in mail.outbox] == ["[LSP] Tanda tangani FR.AK.01"]
    assert delivery(notifikasi).status == Status.TERKIRIM
