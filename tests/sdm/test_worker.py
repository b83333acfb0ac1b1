"""X-3 under real services: the daily reminder task runs in a separate Celery worker process
on Redis against PostgreSQL, sends the e-mail once, and a second run sends nothing."""

import datetime as dt

import pytest

from sdm import services
from sdm.models import Pengingat
from sdm.tasks import send_expiry_reminders

from ..conftest import need
from .conftest import cert_data, make_personel

pytestmark = pytest.mark.services


def test_the_worker_sends_each_reminder_once(celery_worker_process, transactional_db, admin_lsp):
    need("CELERY_BROKER_URL")
    person = make_personel(
        admin_lsp, nama="Operator Pekerja", fungsi="operator_si", email="pekerja@uji.lsp.id"
    )
    ends = dt.date.today() + dt.timedelta(days=30)
    services.sertifikat_create(
        personel=person,
        actor=admin_lsp,
        **cert_data(nomor="WORKER-1", tanggal_terbit=dt.date(2024, 1, 1), berlaku_sampai=ends),
    )
    assert send_expiry_reminders.delay().get(timeout=120) == 1
    assert send_expiry_reminders.delay().get(timeout=120) == 0
    assert list(Pengingat.objects.values_list("ambang_hari", flat=True)) == [30]
    sent = b"".join(path.read_bytes() for path in celery_worker_process.mail_dir.iterdir())
    assert sent.count(b"Subject: [LSP] Pengingat") == 1 and b"WORKER-1" in sent
    assert b"pekerja@uji.lsp.id" in sent and b"admin.lsp@uji.lsp.id" in sent
