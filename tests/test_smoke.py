"""The embedded setup (`make run`): public pages, health, demo data."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.embedded


def test_home_is_public_and_indonesian(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Alur sertifikasi" in html


def test_healthz_reports_the_three_checks_as_json(client, db):
    response = client.get("/healthz")
    checks = response.json()["checks"]
    assert set(checks) == {"database", "broker", "storage"}
    assert response.status_code == (200 if all(c["ok"] for c in checks.values()) else 503)


def test_seed_demo_is_idempotent_and_covers_every_role(db, capsys):
    from allauth.account.models import EmailAddress

    from akun.models import AuditEntry, Role, User

    call_command("seed_demo")
    counts = (User.objects.count(), EmailAddress.objects.count(), AuditEntry.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), EmailAddress.objects.count(), AuditEntry.objects.count()) == counts
    for role in Role.objects.filter(is_builtin=True):
        assert User.objects.filter(groups=role.group, is_active=True).exists(), role.code
    assert EmailAddress.objects.filter(verified=False).count() == 0
    assert "Demo#LSP2026" in capsys.readouterr().out


def test_demo_accounts_can_log_in_with_the_printed_password(client, db):
    from eksekutif.demo import DEMO_PASSWORD, seed_demo

    seed_demo()
    response = client.post("/akun/login/", {"login": "ketua@demo.lsp.id", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/akun/").context["user"].email == "ketua@demo.lsp.id"
