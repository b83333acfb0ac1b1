"""Readiness checks for /healthz: database, broker and storage."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection


def _timed(check):
    start = time.monotonic()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # a health check reports every failure, whatever its kind
        ok, detail = False, f"{type(exc).__name__}: {exc}"[:300]
    return {"ok": ok, "detail": detail, "ms": round((time.monotonic() - start) * 1000, 1)}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tanpa broker)"
    from lsp_portal.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport.driver_type


def check_storage():
    """S3: HEAD on the bucket proves endpoint, credentials and bucket without writing.
    Local: the media folder (or the folder it will be made in) must be writable."""
    if settings.S3_ENDPOINT_URL:
        default_storage.connection.meta.client.head_bucket(Bucket=default_storage.bucket_name)
        return f"s3 bucket {default_storage.bucket_name}"
    folder = Path(settings.MEDIA_ROOT)
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"{folder} tidak dapat ditulisi")
    return f"lokal {settings.MEDIA_ROOT}"


def run_checks():
    checks = {
        "database": _timed(check_database),
        "broker": _timed(check_broker),
        "storage": _timed(check_storage),
    }
    return all(c["ok"] for c in checks.values()), checks
