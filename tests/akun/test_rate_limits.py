"""allauth rate limits live on the shared cache (Redis under make test and in production)."""

import pytest

from ..conftest import clear_own_cache

pytestmark = pytest.mark.embedded
LIMITED = "Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti."


def test_repeated_failed_logins_are_stopped_with_an_indonesian_message(client, asesi):
    """SE-A4.4: after five wrong passwords for one account even the right one is refused
    for a while, and the page says why."""
    for _ in range(5):
        client.post("/akun/login/", {"login": asesi.email, "password": "salah-sandi"})
    response = client.post("/akun/login/", {"login": asesi.email, "password": "Rahasia#Kuat2026"})
    assert response.status_code == 200
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_is_kept_in_the_shared_cache(client, asesi):
    """Every web process sees the same counters: they are in the configured cache, so
    emptying it lifts the limit (Redis when REDIS_URL is set)."""
    for _ in range(5):
        client.post("/akun/login/", {"login": asesi.email, "password": "salah-sandi"})
    assert LIMITED in client.post("/akun/login/", {"login": asesi.email, "password": "x"}).content.decode()
    clear_own_cache()
    response = client.post("/akun/login/", {"login": asesi.email, "password": "Rahasia#Kuat2026"})
    assert response.status_code == 302


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, asesi, asesi_lain):
    for _ in range(5):
        client.post("/akun/login/", {"login": asesi.email, "password": "salah-sandi"})
    response = client.post("/akun/login/", {"login": asesi_lain.email, "password": "Rahasia#Kuat2026"})
    assert response.status_code == 302
