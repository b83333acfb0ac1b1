"""Issue 11 item 7: the WhatsApp channel against a real HTTP gateway on 127.0.0.1: off until
configured, the JSON it posts with its token, people without a number skipped, and a gateway
that fails recorded and retried."""

import socket

import pytest
from django.core import mail

from lsp_portal.models import PengirimanNotifikasi
from lsp_portal.notifications import enabled_channels, notify, whatsapp_number
from lsp_portal.tasks import deliver_notifikasi

pytestmark = pytest.mark.embedded

Status = PengirimanNotifikasi.Status


@pytest.fixture
def asesi_hp(asesi):
    asesi.nomor_hp = "081234567890"
    asesi.save(update_fields=["nomor_hp"])
    return asesi


def make(user):
    (row,) = notify(
        users=user,
        judul="Permohonan Anda dikembalikan",
        pesan="Perbaiki bukti persyaratan yang ditandai admin, lalu ajukan kembali.",
        url="/sertifikasi/permohonan/3/",
    )
    return row


def delivery(notifikasi):
    return PengirimanNotifikasi.objects.get(notifikasi=notifikasi, kanal="whatsapp")


def test_whatsapp_is_off_until_its_gateway_is_configured(settings):
    settings.WHATSAPP_GATEWAY_URL = ""
    assert [c.code for c in enabled_channels()] == ["email"]


def test_whatsapp_posts_the_message_to_the_gateway_with_its_token(asesi_hp, gateway, settings):
    """Issue 11 item 7: {"to": phone, "text": ...} with the bearer token, besides the e-mail."""
    settings.SITE_URL = "https://lsp.contoh.id"
    notifikasi = make(asesi_hp)
    assert deliver_notifikasi.delay(notifikasi.pk).get() == {"email": "terkirim", "whatsapp": "terkirim"}
    ((path, headers, body),) = gateway.requests
    assert path == "/kirim"
    assert headers["Authorization"] == "Bearer rahasia-gateway"
    assert headers["Content-Type"] == "application/json"
    assert body["to"] == "6281234567890"
    assert "Permohonan Anda dikembalikan" in body["text"]
    assert "Perbaiki bukti persyaratan yang ditandai admin" in body["text"]
    assert "https://lsp.contoh.id/sertifikasi/permohonan/3/" in body["text"]
    assert len(mail.outbox) == 1
    assert delivery(notifikasi).status == Status.TERKIRIM


def test_without_a_token_no_authorization_header_is_sent(asesi_hp, gateway, settings):
    settings.WHATSAPP_GATEWAY_TOKEN = ""
    deliver_notifikasi.delay(make(asesi_hp).pk)
    ((_, headers, _),) = gateway.requests
    assert "Authorization" not in headers


def test_running_the_task_twice_sends_one_whatsapp_message(asesi_hp, gateway):
    notifikasi = make(asesi_hp)
    deliver_notifikasi.delay(notifikasi.pk)
    deliver_notifikasi.delay(notifikasi.pk)
    assert len(gateway.requests) == 1


def test_a_person_without_a_phone_number_is_skipped_not_retried(asesi, gateway):
    notifikasi = make(asesi)
    deliver_notifikasi.delay(notifikasi.pk)
    assert gateway.requests == []
    row = delivery(notifikasi)
    assert (row.status, row.percobaan) == (Status.DILEWATI, 1)
    assert row.galat == "Penerima tidak memiliki nomor HP."


def test_a_gateway_error_is_recorded_and_retried_a_few_times(asesi_hp, gateway, retries_in_process):
    """Issue 11 item 7: an HTTP 500 is recorded with the answer; the task retries, then
    leaves it as failed without raising; the e-mail went once."""
    gateway.statuses = [500] * 10
    notifikasi = make(asesi_hp)
    outcome = deliver_notifikasi.delay(notifikasi.pk).get()  # retries in-process
    assert outcome == {"email": "terkirim", "whatsapp": "gagal"}
    attempts = deliver_notifikasi.max_retries + 1
    assert len(gateway.requests) == attempts
    row = delivery(notifikasi)
    assert (row.status, row.percobaan, row.terkirim_pada) == (Status.GAGAL, attempts, None)
    assert row.galat.startswith("OSError: Gateway WhatsApp menjawab HTTP 500")
    assert len(mail.outbox) == 1


def test_a_gateway_that_recovers_delivers_on_the_retry(asesi_hp, gateway, retries_in_process):
    gateway.statuses = [503]
    notifikasi = make(asesi_hp)
    deliver_notifikasi.delay(notifikasi.pk)
    assert len(gateway.requests) == 2
    row = delivery(notifikasi)
    assert (row.status, row.percobaan, row.galat) == (Status.TERKIRIM, 2, "")


def test_an_unreachable_gateway_is_recorded_as_failed(asesi_hp, settings, retries_in_process):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.WHATSAPP_GATEWAY_URL = f"http://127.0.0.1:{port}/kirim"
    notifikasi = make(asesi_hp)
    assert deliver_notifikasi.delay(notifikasi.pk).get()["whatsapp"] == "gagal"
    row = delivery(notifikasi)
    assert row.galat.startswith("URLError:") and row.percobaan == deliver_notifikasi.max_retries + 1


@pytest.mark.parametrize(
    "nomor, expected",
    [
        ("081234567890", "6281234567890"),
        ("+6281234567890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("", ""),
    ],
)
def test_phone_numbers_are_sent_with_the_country_code(nomor, expected):
    assert whatsapp_number(nomor) == expected
