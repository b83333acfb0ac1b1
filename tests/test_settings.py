"""Settings come from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.embedded
ROOT = Path(__file__).resolve().parent.parent
PROD_KEY = "k3Y-" + "aZ9x" * 14


def manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "S3_", "CELERY_", "REDIS_", "PYTEST"))
    }
    for leaked in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_FILE_PATH"):
        env.pop(leaked, None)
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_stops_naming_the_variable(tmp_path):
    result = manage(
        "check", env_extra={"DEBUG": "0", "ALLOWED_HOSTS": "lsp.example", "LSP_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "wajib diisi" in result.stderr


def test_production_without_allowed_hosts_stops_naming_the_variable(tmp_path):
    result = manage("check", env_extra={"DEBUG": "0", "SECRET_KEY": PROD_KEY, "LSP_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def production(tmp_path):
    return {
        "DEBUG": "0",
        "SECRET_KEY": PROD_KEY,
        "ALLOWED_HOSTS": "lsp.example",
        "LSP_VAR_DIR": str(tmp_path),
    }


def test_check_deploy_reports_nothing_in_production_mode(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env_extra=production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_embedded_defaults_are_sqlite_local_files_eager_tasks_console_mail(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.DATABASES['default']['ENGINE'], s.STORAGES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER,"
        "s.EMAIL_BACKEND, s.LANGUAGE_CODE, s.TIME_ZONE, s.LSP_MFA_REQUIRED, s.DEBUG]))"
    )
    result = manage("shell", "-c", script, env_extra={"LSP_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.db.backends.sqlite3",
        "lsp_portal.storage.PrivateFileSystemStorage",
        True,
        "django.core.mail.backends.console.EmailBackend",
        "id",
        "Asia/Jakarta",
        False,
        True,
    ]


def test_mfa_is_required_by_default_in_production(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.LSP_MFA_REQUIRED)",
        env_extra=production(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_database_url_switches_to_postgresql():
    from lsp_portal.settings import database_from_url

    db = database_from_url("postgres://lsp:r%40hasia@db.internal:6543/lsp_prod?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "lsp",
        "r@hasia",
        "db.internal",
        "6543",
        "lsp_prod",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_unknown_database_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from lsp_portal.settings import database_from_url

    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://x@y/z")
