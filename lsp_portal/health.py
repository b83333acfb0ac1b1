"""Readiness checks for /healthz: database, broker and storage."""

import time

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

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport_cls if isinstance(conn.transport_cls, str) else "redis"


def check_storage():
    # exists() is a HEAD on S3: it proves reachability and credentials without writing.
    default_storage.exists("healthz/probe")
    return type(default_storage).__name__


def run_checks():
    checks = {
        "database": _timed(check_database),
        "broker": _timed(check_broker),
        "storage": _timed(check_storage),
    }
    return all(c["ok"] for c in checks.values()), checks
