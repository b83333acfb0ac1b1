"""X-3: expiry reminders 90, 30 and 7 days before a document ends, by e-mail (once per
threshold) and on the dashboards, with time frozen at each day that matters."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from lsp_portal import reminders as kernel_reminders
from portal import services as portal_services
from sdm import reminders, services
from sdm.models import Pengingat
from sdm.tasks import send_expiry_reminders

from .conftest import cert_data, make_asesor, make_personel

pytestmark = pytest.mark.embedded

JAKARTA = ZoneInfo("Asia/Jakarta")
EXPIRY = dt.date(2026, 9, 30)


def at(day: dt.date, days_before: int):
    """Travel to 07:00 WIB (the beat time) `days_before` days before `day`."""
    moment = dt.datetime.combine(day - dt.timedelta(days=days_before), dt.time(7, 0), tzinfo=JAKARTA)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def certificate(admin_lsp):
    """An IT staff member's certificate ending on EXPIRY; admin_lsp holds akun.manage_sdm."""
    person = make_personel(admin_lsp, nama="Fajar", fungsi="pemelihara_si", email="fajar@lsp.id")
    return services.sertifikat_create(
        personel=person,
        actor=admin_lsp,
        **cert_data(jenis="web_developer", tanggal_terbit=dt.date(2023, 9, 30), berlaku_sampai=EXPIRY),
    )


def test_reminders_at_90_30_and_7_days_each_once(certificate, admin_lsp):
    """X-3: at 91 days nothing; at 90 one reminder and one e-mail to the person and the SDM
    staff; the same day again sends nothing new; 30 and 7 days send again."""
    with at(EXPIRY, 91):
        assert send_expiry_reminders() == 0
    assert mail.outbox == [] and not Pengingat.objects.exists()

    with at(EXPIRY, 90):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0  # the same day again: nothing new
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["admin.lsp@uji.lsp.id", "fajar@lsp.id"]
    assert "berakhir dalam 90 hari" in message.subject
    assert "30 September 2026" in message.body and "Mohon segera mengurus perpanjangannya" in message.body
    assert f"/sdm/personel/{certificate.personel.pk}/" in message.body

    with at(EXPIRY, 89):
        assert send_expiry_reminders() == 0
    with at(EXPIRY, 30):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0
    with at(EXPIRY, 7):
        assert send_expiry_reminders() == 1
    with at(EXPIRY, 3):
        assert send_expiry_reminders() == 0
    assert len(mail.outbox) == 3
    assert "berakhir dalam 30 hari" in mail.outbox[1].subject
    assert "berakhir dalam 7 hari" in mail.outbox[2].subject
    assert sorted(Pengingat.objects.values_list("ambang_hari", flat=True)) == [7, 30, 90]


def test_reminder_rows_are_unique_per_document_date_and_threshold(certificate):
    """X-3 edge: once per threshold, enforced by the database too."""
    from django.db import IntegrityError, transaction

    with at(EXPIRY, 90):
        reminders.reminders_send()
    row = Pengingat.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pengingat.objects.create(
            kunci=row.kunci, tanggal_kedaluwarsa=row.tanggal_kedaluwarsa, ambang_hari=90, judul="x"
        )


def test_a_missed_day_still_sends_the_threshold_once(certificate):
    """A document first seen 20 days before its end gets the 30-day reminder only."""
    with at(EXPIRY, 20):
        assert reminders.reminders_send() == 1
        assert reminders.reminders_send() == 0
    assert list(Pengingat.objects.values_list("ambang_hari", flat=True)) == [30]


def test_expired_document_shows_as_expired_and_sends_nothing(client, certificate, manajer):
    """X-3: after the end the document is on the panel as expired; no reminder e-mail."""
    client.force_login(manajer)
    with at(EXPIRY, -5):
        assert reminders.reminders_send() == 0
        [item] = reminders.upcoming()
        html = client.get("/sdm/").content.decode()
    assert item.kedaluwarsa and item.hari_lalu == 5
    assert "Kedaluwarsa</span> 5 hari lalu" in html
    assert mail.outbox == []


def test_renewal_with_a_new_certificate_replaces_the_old_one(certificate, admin_lsp):
    """A later certificate of the same kind and field replaces the expiring one on the panel
    and in the reminders."""
    services.sertifikat_create(
        personel=certificate.personel,
        actor=admin_lsp,
        **cert_data(
            nomor="CERT-002",
            jenis="web_developer",
            tanggal_terbit=dt.date(2026, 9, 1),
            berlaku_sampai=dt.date(2029, 9, 1),
        ),
    )
    with at(EXPIRY, 30):
        assert reminders.upcoming() == []
        assert reminders.reminders_send() == 0


def test_panel_on_sdm_home_and_staff_dashboard_shows_upcoming_expiries(client, certificate, ketua, admin_lsp):
    """X-3: the panel of upcoming expiries on the SDM home and the executive dashboard, with
    the reminder already sent."""
    make_asesor(admin_lsp, met_terbit=dt.date(2024, 1, 1), met_berlaku_sampai=EXPIRY + dt.timedelta(days=10))
    client.force_login(ketua)
    with at(EXPIRY, 60):
        reminders.reminders_send()
        for url in ("/sdm/", "/eksekutif/"):
            html = client.get(url).content.decode()
            assert "Masa berlaku yang akan berakhir" in html, url
            assert "60 hari lagi" in html and "70 hari lagi" in html, url
            assert "Registrasi MET MET.000.000001.2024" in html and "CERT-001" in html, url
            assert "pengingat 90 hari terkirim" in html, url


def test_the_dashboard_links_only_where_the_viewer_may_go(client, certificate, dewan):
    """X-3: the Dewan Pengarah sees the expiring certificate on the executive dashboard, as
    text: they hold no SDM right, so a link would only answer 403."""
    client.force_login(dewan)
    with at(EXPIRY, 60):
        html = client.get("/eksekutif/").content.decode()
    person_url = certificate.personel.get_absolute_url()
    assert "CERT-001" in html and f'href="{person_url}"' not in html
    assert client.get(person_url).status_code == 403


def test_licence_expiry_is_a_source_too(admin_lsp):
    """X-3: the LSP's BNSP licence (portal) is reminded like the SDM documents, also to those
    who edit the portal."""
    with at(EXPIRY, 400):
        portal_services.lisensi_update(
            data={
                "nomor_sk": "KEP.9/BNSP/2023",
                "tanggal_terbit": dt.date(2023, 1, 1),
                "tanggal_kedaluwarsa": EXPIRY,
            },
            actor=admin_lsp,
        )
    with at(EXPIRY, 7):
        assert reminders.reminders_send() == 1
    assert "Lisensi BNSP KEP.9/BNSP/2023" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["admin.lsp@uji.lsp.id"]


def test_other_apps_register_their_own_sources(db, admin_lsp):
    """The registry takes any app's expiring documents (e.g. SK TUK)."""

    def sk_tuk():
        return [
            kernel_reminders.Kedaluwarsa(
                "tuk.sk:1", "SK penetapan TUK Lab 1", EXPIRY, "/tuk/1/", ("tuk@lsp.id",)
            )
        ]

    kernel_reminders.register_source(sk_tuk)
    try:
        with at(EXPIRY, 30):
            assert reminders.reminders_send() == 1
        assert mail.outbox[0].to == ["tuk@lsp.id", "admin.lsp@uji.lsp.id"]
    finally:
        kernel_reminders.unregister_source(sk_tuk)


def test_a_failed_send_is_retried_on_the_next_run(certificate, monkeypatch):
    """A mail server outage loses no reminder: the claim is released and the next run sends."""
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise ConnectionError("SMTP down")

    with at(EXPIRY, 90):
        monkeypatch.setattr(EmailMessage, "send", broken)
        assert reminders.reminders_send() == 0
        monkeypatch.undo()
        assert reminders.reminders_send() == 1
    assert len(mail.outbox) == 1 and Pengingat.objects.get().dikirim_pada is not None


def test_inactive_person_gets_no_reminder(admin_lsp):
    person = make_personel(admin_lsp, aktif_sampai=dt.date(2025, 1, 1))
    services.sertifikat_create(
        personel=person,
        actor=admin_lsp,
        **cert_data(tanggal_terbit=dt.date(2024, 1, 1), berlaku_sampai=EXPIRY),
    )
    with at(EXPIRY, 30):
        assert reminders.reminders_send() == 0 and reminders.upcoming() == []


def test_the_beat_schedule_runs_the_reminders_daily(settings):
    """X-3: celery beat runs the task once a day."""
    entry = settings.CELERY_BEAT_SCHEDULE["sdm-expiry-reminders"]
    assert entry["task"] == send_expiry_reminders.name == "sdm.tasks.send_expiry_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
