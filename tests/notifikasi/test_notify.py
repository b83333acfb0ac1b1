"""Issue 11 item 7: notify() writes in-app notifications in the caller's transaction, once per
person and key, and queues their delivery only after the commit."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from lsp_portal.models import Notifikasi
from lsp_portal.notifications import notify

pytestmark = pytest.mark.embedded

URL = "/sertifikasi/permohonan/12/"


def send(users, **kwargs):
    fields = {"judul": "Permohonan Anda dikembalikan", "pesan": "Perbaiki bukti yang ditandai.", "url": URL}
    return notify(users=users, **{**fields, **kwargs})


def test_notify_writes_one_unread_notification_per_active_person(asesi, asesi_lain, asesor):
    """Issue 11 item 7: None, inactive people and duplicates are skipped."""
    asesor.is_active = False
    asesor.save(update_fields=["is_active"])
    rows = send([asesi, None, asesor, asesi_lain, asesi])
    assert sorted(r.penerima_id for r in rows) == sorted([asesi.pk, asesi_lain.pk])
    stored = Notifikasi.objects.get(penerima=asesi)
    assert (stored.judul, stored.pesan, stored.url, stored.kunci, stored.dibaca_pada) == (
        "Permohonan Anda dikembalikan",
        "Perbaiki bukti yang ditandai.",
        URL,
        "",
        None,
    )
    assert Notifikasi.objects.count() == 2


def test_notify_takes_a_single_person_too(asesi):
    (row,) = send(asesi)
    assert row.penerima == asesi


def test_without_a_key_each_call_notifies_again(asesi):
    send(asesi)
    send(asesi)
    assert Notifikasi.objects.filter(penerima=asesi).count() == 2


def test_the_same_key_notifies_each_person_once(asesi, asesi_lain):
    """Issue 11 item 7: a repeated call with a key is a no-op for those already notified."""
    assert len(send(asesi, kunci="permohonan:12:dikembalikan:1")) == 1
    again = send([asesi, asesi_lain], kunci="permohonan:12:dikembalikan:1")
    assert [r.penerima_id for r in again] == [asesi_lain.pk]
    assert Notifikasi.objects.filter(penerima=asesi).count() == 1
    assert len(send(asesi, kunci="permohonan:12:dikembalikan:2")) == 1  # a new key: notified


def test_the_database_refuses_a_second_notification_with_the_same_key(asesi):
    """Issue 11 item 7: the key is a constraint, not only a check (two racing callers)."""
    send(asesi, kunci="k1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notifikasi.objects.create(penerima=asesi, judul="J", pesan="P", url=URL, kunci="k1")


@pytest.mark.parametrize(
    "url",
    [
        "https://jahat.example/",
        "//jahat.example/masuk",
        "javascript:alert(1)",
        "sertifikasi/12/",
        "/\\jahat.example",
        "",
    ],
)
def test_notify_refuses_a_link_that_is_not_a_path_on_this_site(asesi, url):
    with pytest.raises(ValueError):
        send(asesi, url=url)
    assert not Notifikasi.objects.exists()


def test_notify_refuses_an_empty_message(asesi):
    with pytest.raises(ValueError):
        send(asesi, pesan="  ")


def test_a_long_title_is_cut_to_fit(asesi):
    (row,) = send(asesi, judul="Tanda tangani FR.AK.01 " * 20)
    assert len(row.judul) == 150 and row.judul.endswith("…")


def test_delivery_is_queued_only_after_the_commit(asesi, asesi_lain, django_capture_on_commit_callbacks):
    """Issue 11 item 7: one delivery per notification, run once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            send([asesi, asesi_lain])
            assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([asesi.email, asesi_lain.email])


def test_a_rolled_back_transaction_leaves_no_notification_and_queues_nothing(
    asesi, django_capture_on_commit_callbacks
):
    """Issue 11 item 7: the caller's rollback takes the notification and its delivery."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send(asesi)
            raise RuntimeError("the caller's service fails after notify()")
    assert callbacks == []
    assert not Notifikasi.objects.exists()
    assert mail.outbox == []


def test_nothing_is_queued_when_no_channel_is_enabled(asesi, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_CHANNELS = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send(asesi)
    assert callbacks == [] and Notifikasi.objects.count() == 1
