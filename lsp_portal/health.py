"""Readiness checks for /healthz: database, broker and storage."""

import hmac
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

TOKEN_HEADER = "X-Healthz-Token"


def may_see_details(request) -> bool:
    """The checks' details are for monitoring that sends settings.HEALTHZ_TOKEN in the
    X-Healthz-Token header, or a signed-in user holding view_system_status (Staf TI, Ketua).
    The right is named as a string: the kernel imports no app."""
    token = settings.HEALTHZ_TOKEN
    sent = request.headers.get(TOKEN_HEADER, "")
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("akun.view_system_status"))


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
