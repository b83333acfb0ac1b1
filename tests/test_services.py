"""Health endpoint, storage and the real Celery worker against the real services."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .conftest import need

pytestmark = pytest.mark.services


@pytest.fixture
def services(db):
    for var in ("DATABASE_URL", "CELERY_BROKER_URL", "S3_ENDPOINT_URL"):
        need(var)


@pytest.fixture
def healthz(client, settings):
    """GET /healthz as monitoring does, with the token that shows the checks' details."""
    settings.HEALTHZ_TOKEN = "pantau"
    return lambda: client.get("/healthz", headers={"X-Healthz-Token": "pantau"})


def test_healthz_reports_database_broker_and_storage_ok(healthz, services, s3_bucket):
    response = healthz()
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert body["checks"]["broker"]["detail"] == "redis"
    assert body["checks"]["storage"]["detail"] == f"s3 bucket {s3_bucket}"


def test_healthz_answers_503_naming_storage_when_the_bucket_is_missing(
    healthz, services, monkeypatch, settings
):
    from django.core.files.storage import storages

    config = settings.STORAGES["default"]
    missing = storages.create_storage(
        {**config, "OPTIONS": {**config["OPTIONS"], "bucket_name": "tidak-ada"}}
    )
    monkeypatch.setattr("lsp_portal.health.default_storage", missing)
    response = healthz()
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["storage"]["ok"] is False
    assert checks["database"]["ok"] is True


def test_healthz_answers_503_naming_broker_when_redis_is_unreachable(healthz, services, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = healthz()
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["broker"]["ok"] is False
    assert checks["storage"]["ok"] is True


def test_s3_files_round_trip_and_are_never_overwritten(services, s3_bucket):
    first = default_storage.save("uji/berkas.txt", ContentFile(b"versi satu"))
    second = default_storage.save("uji/berkas.txt", ContentFile(b"versi dua"))
    assert first != second  # a second file with the same name gets its own key
    with default_storage.open(first) as fh:
        assert fh.read() == b"versi satu"


def test_s3_urls_are_presigned_for_five_minutes(services, s3_bucket):
    name = default_storage.save("uji/tautan.txt", ContentFile(b"isi"))
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url


def test_real_worker_process_sends_account_email(services, celery_worker_process):
    """The worker is a separate process on Redis: the e-mail file it writes proves it ran."""
    from akun.tasks import send_account_email

    result = send_account_email.delay(
        subject="[LSP] Konfirmasi alamat email",
        body="Klik tautan berikut.",
        to=["pemohon@uji.lsp.id"],
        from_email="noreply@uji.lsp.id",
    )
    assert result.get(timeout=60) is None
    assert result.successful()
    sent = b"".join(path.read_bytes() for path in celery_worker_process.mail_dir.iterdir())
    assert b"pemohon@uji.lsp.id" in sent
    assert b"Konfirmasi alamat email" in sent
