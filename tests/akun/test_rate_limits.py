"""Rate limits: allauth's live on the shared cache (Redis under make test and in production)
and count failed logins per client; ours (lsp_portal.ratelimit) close on time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

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


# --- failed logins are counted per client (issue 10, item 4) ----------------------------


@pytest.fixture
def own_cache(settings, tmp_path):
    """A cache of this test's own: what is counted here is only what this test did."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }


def fail_five_times(client, user, **extra):
    for _ in range(5):
        client.post("/akun/login/", {"login": user.email, "password": "salah-sandi"}, **extra)


def test_failed_logins_from_one_client_do_not_lock_the_owner_out_elsewhere(client, own_cache, asesi):
    """SE-A4.4, X-4: someone failing with the owner's e-mail locks out only themselves."""
    fail_five_times(client, asesi, REMOTE_ADDR="203.0.113.66")
    assert (
        LIMITED
        in client.post(
            "/akun/login/", {"login": asesi.email, "password": "Rahasia#Kuat2026"}, REMOTE_ADDR="203.0.113.66"
        ).content.decode()
    )

    response = client.post(
        "/akun/login/", {"login": asesi.email, "password": "Rahasia#Kuat2026"}, REMOTE_ADDR="198.51.100.20"
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(asesi.pk)


def test_behind_our_proxy_failed_logins_are_counted_per_forwarded_client(client, own_cache, asesi, settings):
    """X-4: behind one proxy every request comes from the proxy's address; the limit still
    tells the clients apart (ALLAUTH_TRUSTED_PROXY_COUNT follows TRUSTED_PROXY_COUNT)."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail_five_times(client, asesi, HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)

    response = client.post(
        "/akun/login/",
        {"login": asesi.email, "password": "Rahasia#Kuat2026"},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **proxy,
    )

    assert response.status_code == 302


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_forwarded_for_does_not_escape_the_failed_login_limit(
    client, own_cache, asesi, settings, proxies
):
    """X-4: the addresses a client writes into X-Forwarded-For are not believed, so
    changing them on every try does not reset the count."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    for i in range(5):
        client.post(
            "/akun/login/",
            {"login": asesi.email, "password": "salah-sandi"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.66",
        )
    response = client.post(
        "/akun/login/",
        {"login": asesi.email, "password": "Rahasia#Kuat2026"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.66",
    )
    assert LIMITED in response.content.decode()


# --- our own limit closes on time (issue 10, item 10) --------------------------------------

VERIFY = "/verifikasi/dokumen/tidak-ada-token-seperti-ini/"
START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
WINDOW = 60  # seconds: the verification page's limit is per minute


@pytest.fixture(params=["file", "locmem", "db"])
def any_cache(request, settings, tmp_path):
    """The limit on the file cache (the embedded setup), an in-memory and a database cache
    (both of whose `incr` is a get plus a set); Redis runs the same code under make test."""
    backend = {
        "file": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
        "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl-test"},
        "db": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rl_test_cache"},
    }[request.param]
    settings.CACHES = {"default": backend}
    if request.param == "db":
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
    clear_own_cache()  # an in-memory cache outlives the test that filled it
    return request.param


def test_verification_page_answers_again_once_the_window_has_passed(client, db, settings, any_cache):
    """X-11 (issue 10, item 10): after a burst the page answers 429, and normally again
    once the minute that began with the burst's first request is over."""
    settings.LSP_VERIFY_LIMIT = 3
    with time_machine.travel(START, tick=False) as clock:
        assert [client.get(VERIFY).status_code for _ in range(4)] == [404, 404, 404, 429]
        clock.move_to(START + timedelta(seconds=WINDOW))
        assert client.get(VERIFY).status_code == 404


def test_requests_during_the_window_do_not_keep_it_open(client, db, settings, any_cache):
    """X-11 (issue 10, item 10): a client that keeps asking is refused until the window's
    end, not for five minutes after its last request."""
    settings.LSP_VERIFY_LIMIT = 2
    with time_machine.travel(START, tick=False) as clock:
        codes = [client.get(VERIFY).status_code for _ in range(3)]
        for second in (10, 20, 30, 40, 50, 59):
            clock.move_to(START + timedelta(seconds=second))
            codes.append(client.get(VERIFY).status_code)
        clock.move_to(START + timedelta(seconds=WINDOW))
        codes.append(client.get(VERIFY).status_code)
    assert codes == [404, 404, 429, 429, 429, 429, 429, 429, 429, 404]


def test_a_burst_across_a_clock_minute_is_still_one_window(client, db, settings, any_cache):
    """X-11: the window opens at the first request, so a burst at 09:00:59-09:01:00 is not
    split into two fresh allowances (and a test's burst never depends on the clock)."""
    settings.LSP_VERIFY_LIMIT = 2
    edge = datetime(2026, 3, 2, 9, 0, 59, tzinfo=UTC)
    with time_machine.travel(edge, tick=False) as clock:
        codes = [client.get(VERIFY).status_code for _ in range(2)]
        clock.move_to(edge + timedelta(seconds=1))
        codes.append(client.get(VERIFY).status_code)
    assert codes == [404, 404, 429]


def test_the_limit_is_counted_per_client(client, own_cache, db, settings):
    """X-11: one client's burst does not refuse another."""
    settings.LSP_VERIFY_LIMIT = 1
    with time_machine.travel(START, tick=False):
        assert client.get(VERIFY, REMOTE_ADDR="203.0.113.66").status_code == 404
        assert client.get(VERIFY, REMOTE_ADDR="203.0.113.66").status_code == 429
        assert client.get(VERIFY, REMOTE_ADDR="198.51.100.20").status_code == 404


# --- on Redis: one round trip per hit (issue 13, the public register's speed) ----------------


@pytest.fixture
def redis_cache(settings):
    """Django's Redis cache on the real Redis (REDIS_URL), under a key prefix of this test's
    own; what it counted is deleted afterwards."""
    import os

    from tests.conftest import need

    url = need("REDIS_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"rltest{os.getpid()}",
        }
    }
    from django.core.cache import caches

    backend = caches["default"]
    client = backend._cache.get_client(write=True)
    yield backend
    for key in client.scan_iter(match=f"rltest{os.getpid()}:*"):
        client.delete(key)


def counter_key(backend, key):
    """The Redis key of `key`'s counter, as lsp_portal.ratelimit names it."""
    return backend.make_and_validate_key(f"rl:{key}")


@pytest.mark.services
def test_on_redis_each_hit_is_one_round_trip(redis_cache, monkeypatch):
    """The register's pages count every request: on Redis a hit is one command (the window's
    script), where the generic path took four."""
    from redis import Redis

    from lsp_portal.ratelimit import hit

    sent = []
    original = Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(Redis, "execute_command", counting)
    assert hit("rt", limit=5, seconds=60)
    assert sent in (["EVALSHA"], ["EVALSHA", "EVAL"])  # EVAL once if the server lacked the script
    sent.clear()
    assert hit("rt", limit=5, seconds=60)
    assert sent == ["EVALSHA"]


@pytest.mark.services
def test_on_redis_hits_past_the_limit_are_refused_and_counted_per_key(redis_cache):
    from lsp_portal.ratelimit import hit

    assert [hit("a", limit=2, seconds=60) for _ in range(4)] == [True, True, False, False]
    assert hit("b", limit=2, seconds=60)
    # Refused hits count too.
    assert int(redis_cache._cache.get_client(write=True).get(counter_key(redis_cache, "a"))) == 4


@pytest.mark.services
def test_on_redis_the_window_opens_at_the_first_hit_and_later_hits_do_not_extend_it(redis_cache):
    """X-11: the counter expires `seconds` after the first hit; a client that keeps asking
    does not push the end of its window further."""
    from lsp_portal.ratelimit import hit

    client = redis_cache._cache.get_client(write=True)
    key = counter_key(redis_cache, "w")
    assert hit("w", limit=1, seconds=60)
    assert 0 < client.ttl(key) <= 60
    client.expire(key, 5)  # as if 55 of the 60 seconds had passed
    assert not hit("w", limit=1, seconds=60)
    assert 0 < client.ttl(key) <= 5


@pytest.mark.services
def test_on_redis_a_new_window_opens_once_the_old_one_expired(redis_cache):
    from lsp_portal.ratelimit import hit

    client = redis_cache._cache.get_client(write=True)
    assert [hit("e", limit=1, seconds=60) for _ in range(2)] == [True, False]
    client.expire(counter_key(redis_cache, "e"), 0)  # Redis ends the window (EXPIRE 0 removes the key)
    assert hit("e", limit=1, seconds=60)
    assert 0 < client.ttl(counter_key(redis_cache, "e")) <= 60


@pytest.mark.services
def test_on_redis_reset_closes_the_window(redis_cache):
    from lsp_portal.ratelimit import hit, reset

    assert [hit("r", limit=1, seconds=60) for _ in range(2)] == [True, False]
    reset("r")
    assert hit("r", limit=1, seconds=60)


@pytest.mark.services
def test_on_redis_the_limit_survives_a_server_that_forgot_the_script(redis_cache):
    """A restarted Redis has no scripts: the hit sends the script's text and counts on."""
    from lsp_portal.ratelimit import hit

    assert hit("f", limit=2, seconds=60)
    redis_cache._cache.get_client(write=True).script_flush()
    assert hit("f", limit=2, seconds=60)
    assert not hit("f", limit=2, seconds=60)


@pytest.mark.services
def test_on_redis_the_verification_page_is_limited(client, db, settings, redis_cache):
    settings.LSP_VERIFY_LIMIT = 3
    assert [client.get(VERIFY).status_code for _ in range(4)] == [404, 404, 404, 429]
