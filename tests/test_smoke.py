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


def test_healthz_tells_an_anonymous_caller_only_the_status(client, db):
    """Issue 10 item 8: no versions, bucket names or error texts for anyone."""
    response = client.get("/healthz")
    assert response.json() == {"status": "ok" if response.status_code == 200 else "error"}


def test_healthz_reports_the_three_checks_to_a_caller_with_the_token(client, db, settings):
    """Issue 10 item 8: monitoring sends HEALTHZ_TOKEN in X-Healthz-Token."""
    settings.HEALTHZ_TOKEN = "pantau-123"
    response = client.get("/healthz", headers={"X-Healthz-Token": "pantau-123"})
    checks = response.json()["checks"]
    assert set(checks) == {"database", "broker", "storage"}
    assert response.status_code == (200 if all(c["ok"] for c in checks.values()) else 503)


def test_healthz_hides_the_checks_from_a_wrong_token(client, db, settings):
    settings.HEALTHZ_TOKEN = "pantau-123"
    response = client.get("/healthz", headers={"X-Healthz-Token": "pantau-124"})
    assert "checks" not in response.json()


def test_healthz_hides_the_checks_when_no_token_is_configured(client, db, settings):
    """An empty HEALTHZ_TOKEN is no token: an empty header must not match it."""
    settings.HEALTHZ_TOKEN = ""
    response = client.get("/healthz", headers={"X-Healthz-Token": ""})
    assert "checks" not in response.json()


def test_healthz_reports_the_checks_to_staff_with_view_system_status(login, staf_ti):
    """Issue 10 item 8: Staf TI (view_system_status) signed in sees the details."""
    response = login(staf_ti).get("/healthz")
    assert set(response.json()["checks"]) == {"database", "broker", "storage"}


def test_healthz_hides_the_checks_from_a_signed_in_user_without_the_right(login, asesor):
    response = login(asesor).get("/healthz")
    assert "checks" not in response.json()


def test_seed_demo_is_idempotent_and_covers_every_role(db, capsys, settings):
    from allauth.account.models import EmailAddress

    from akun.models import AuditEntry, Role, User

    settings.DEBUG = True  # the demo data loads only outside production (tests/test_safe_defaults.py)
    call_command("seed_demo")
    counts = (User.objects.count(), EmailAddress.objects.count(), AuditEntry.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), EmailAddress.objects.count(), AuditEntry.objects.count()) == counts
    for role in Role.objects.filter(is_builtin=True):
        assert User.objects.filter(groups=role.group, is_active=True).exists(), role.code
    assert EmailAddress.objects.filter(verified=False).count() == 0
    assert "Demo#LSP2026" in capsys.readouterr().out


def test_demo_accounts_can_log_in_with_the_printed_password(client, seeded_demo):
    from eksekutif.demo import DEMO_PASSWORD  # the accounts; the journey's applications are test_demo's

    response = client.post("/akun/login/", {"login": "ketua@demo.lsp.id", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/akun/").context["user"].email == "ketua@demo.lsp.id"
