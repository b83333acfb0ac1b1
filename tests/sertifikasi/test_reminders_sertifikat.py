"""X-3: a certificate's holder is reminded 6 months (182 days) and 1 month (30 days) before
it ends, by e-mail and on their dashboard, once per threshold, with the link that starts the
re-certification (FLOW.md state 18). Personal reminders: to the holder alone (not the SDM
staff, who get every other kind) and off the staff panels. None for a certificate that is
suspended, revoked, expired, imported without an account, already renewed, or being renewed.

The certificates are of the older register, as its import records them (no record,
`sumber` impor; the import's service belongs to the register's step): the reminders read
only the register."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lsp_portal import worklist
from sdm.reminders import upcoming
from sdm.tasks import send_expiry_reminders
from sertifikasi import reminders
from sertifikasi.models import Permohonan, Sertifikat

from .conftest import bare_skema

pytestmark = [pytest.mark.django_db]

JAKARTA = ZoneInfo("Asia/Jakarta")
END = dt.date(2027, 9, 30)
LABEL = "Sertifikat Anda akan berakhir: ajukan sertifikasi ulang"


def at(days_before: int, until: dt.date = END):
    moment = dt.datetime.combine(until - dt.timedelta(days=days_before), dt.time(7), tzinfo=JAKARTA)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def skema(manajer):
    with at(400):
        return bare_skema(manajer, "SKM/ULANG/01", "Pemrogram Junior")


_numbers = iter(range(1, 1000))


def certificate(holder, skema, *, until=END, **over) -> Sertifikat:
    n = next(_numbers)
    fields = {
        "pemegang": holder,
        "nama": holder.nama_lengkap if holder else "Pemegang Lama",
        "skema": skema,
        "skema_kode": skema.kode,
        "skema_judul": skema.judul,
        "nomor": f"LSP/SERT/{n:04d}",
        "tanggal_terbit": until - dt.timedelta(days=3 * 365),
        "berlaku_sampai": until,
        "terbit": True,
        "sumber": Sertifikat.Sumber.IMPOR,
        **over,
    }
    return Sertifikat.objects.create(**fields)


def ulang_url(cert) -> str:
    return reverse("sertifikasi:sertifikasi-ulang", args=[cert.pk])


def test_holder_is_reminded_at_182_and_30_days_once_each(asesi, skema, admin_lsp):
    """X-3: one e-mail at 6 months and one at 1 month, to the holder's account e-mail only
    (the SDM staff, admin_lsp here, get no copy), with the re-certification link; a second
    run the same day, or a day between thresholds, sends nothing."""
    cert = certificate(asesi, skema)
    sent = {}
    for days in (183, 182, 182, 100, 31, 30, 30, 29, 0):
        with at(days):
            sent.setdefault(days, 0)
            sent[days] += send_expiry_reminders()
    assert sent == {183: 0, 182: 1, 100: 0, 31: 0, 30: 1, 29: 0, 0: 0}
    first, second = mail.outbox
    assert first.to == [asesi.email] and second.to == [asesi.email]
    assert "berakhir dalam 182 hari" in first.subject and cert.nomor in first.subject
    assert "berakhir dalam 30 hari" in second.subject
    assert settings.SITE_URL + ulang_url(cert) in first.body
    assert "ajukan sertifikasi ulang" in first.body
    assert admin_lsp.email not in first.to + second.to


def test_a_certificate_first_seen_a_month_before_gets_only_the_30_day_reminder(asesi, skema):
    """X-3 edge (once per threshold): one met already past 6 months gets the 1-month one only."""
    with at(20):
        certificate(asesi, skema)
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0
    assert "berakhir dalam 20 hari" in mail.outbox[0].subject


def test_no_reminder_for_suspended_revoked_expired_or_accountless_certificates(
    asesi, asesi_lain, asesor, komite, skema, outsider
):
    """X-3: only a certificate in force with an active holder account is reminded."""
    certificate(asesi, skema)  # the one reminded
    certificate(asesi_lain, skema, status=Sertifikat.Status.DIBEKUKAN, alasan_status="Klarifikasi.")
    certificate(asesor, skema, status=Sertifikat.Status.DICABUT, alasan_status="Bukti palsu.")
    certificate(None, skema)  # imported without an account
    certificate(komite, skema, terbit=False)
    outsider.is_active = False
    outsider.save(update_fields=["is_active"])
    certificate(outsider, skema)
    with at(30):
        assert send_expiry_reminders() == 1
        keys = [i.key for i in reminders.sertifikat_expiries()]
    assert mail.outbox[0].to == [asesi.email] and len(keys) == 1
    with at(-1):  # expired: nothing more, not even as an item
        assert send_expiry_reminders() == 0
        assert reminders.sertifikat_expiries() == []


def test_no_reminder_once_renewed_or_while_being_renewed(asesi, asesi_lain, skema):
    """A later certificate of the scheme renewed it; an open re-certification is renewing it."""
    old = certificate(asesi, skema)
    certificate(asesi, skema, until=END + dt.timedelta(days=3 * 365))
    renewing = certificate(asesi_lain, skema)
    Permohonan.objects.create(
        asesi=asesi_lain, skema=skema, sertifikat_lama=renewing, tujuan="sertifikasi_ulang"
    )
    with at(30):
        assert reminders.sertifikat_expiries() == []
        assert send_expiry_reminders() == 0
    assert Sertifikat.objects.berlaku(END).filter(pk__in=[old.pk, renewing.pk]).count() == 2  # in force


def test_holder_sees_the_reminder_on_their_dashboard_with_the_link(
    client, asesi, asesi_lain, admin_lsp, skema
):
    """X-3: the holder's dashboard lists it (linking to the re-certification of that
    certificate); another person's dashboard and the staff's expiry panel do not."""
    cert = certificate(asesi, skema)
    with at(100):
        client.force_login(asesi)
        response = client.get("/akun/")
        items = {i.label: (i.count, i.url) for i in response.context["reminders"]}
        assert items[LABEL] == (1, ulang_url(cert))
        assert f'href="{ulang_url(cert)}"' in response.content.decode()
        client.force_login(asesi_lain)
        assert LABEL not in {i.label for i in client.get("/akun/").context["reminders"]}
        assert all(not p.item.key.startswith("sertifikasi.sertifikat:") for p in upcoming())
    with at(200):  # before the 6-month mark: not yet
        assert reminders.own_certificates_ending(asesi) == []


def other_schemes(manajer, n):
    with at(400):
        return [bare_skema(manajer, f"SKM/ULANG/{i + 2:02d}", f"Skema Lain {i + 2}") for i in range(n)]


def test_several_certificates_link_to_the_holders_list(asesi, skema, manajer):
    """Two certificates (two schemes) ending: one item, linking to the holder's certificates."""
    certificate(asesi, skema)
    certificate(asesi, other_schemes(manajer, 1)[0], until=END - dt.timedelta(days=5))
    with at(30):
        assert reminders.own_certificates_ending(asesi) == [
            worklist.WorkItem(LABEL, 2, reverse("sertifikasi:sertifikat-saya"))
        ]


def test_the_holders_dashboard_item_costs_one_query_at_1_and_8_certificates(asesi, skema, manajer):
    """STYLE §5: the provider's query count does not grow with the holder's certificates."""
    certificate(asesi, skema)

    def count():
        with at(30), CaptureQueriesContext(connection) as captured:
            found = reminders.own_certificates_ending(asesi)
        return len(captured), found[0].count

    one = count()
    for i, other in enumerate(other_schemes(manajer, 7)):
        certificate(asesi, other, until=END - dt.timedelta(days=i + 1))
    assert one == (1, 1) and count() == (1, 8)
