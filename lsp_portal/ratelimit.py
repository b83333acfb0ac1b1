"""A fixed-window rate limit on the shared cache (Redis in production).

Why not allauth's limiter: its public `consume()` reads only ACCOUNT_RATE_LIMITS and lets
every GET through, and it needs a request, while the signature limit is counted in a
service, per signer.

On Django's Redis cache a hit is one round trip: a Lua script increments the counter and,
on the window's first hit, gives it the window's length as its expiry; Redis runs the script
atomically, so concurrent hits share one window and later hits never extend it. The public
register's pages count every request, where the generic path below took four round trips
(get, add, and `incr`'s exists and incr; bench/register.py).

Any other cache (the file cache of the embedded setup, locmem, database) takes the generic
path, with two keys: there `incr` is a get plus a set with the default timeout, so a counter
that outlived its window would be kept alive by every hit and the window would never close
while requests keep coming. Here the window's start is written once (`add`, with the
window's length as its timeout) and the counter's key includes that start, so whatever a
backend does with the counter's timeout, the next hit after the window reads no start and
begins a new window with a new counter.

On both paths a window opens at a client's first hit rather than at a clock boundary, so a
burst is never split in two by one.
"""

import functools
import hashlib
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

# KEYS[1] the counter, ARGV[1] the window in seconds. The count after this hit.
WINDOW_SCRIPT = """\
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return n
"""
WINDOW_SHA = hashlib.sha1(WINDOW_SCRIPT.encode()).hexdigest()


def hit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fell in this window.

    The window opens at the first hit and closes `seconds` later, on every cache backend;
    refused hits count too, so a client that keeps asking is refused until then, and no
    longer. Counting is atomic on Redis (one script, one round trip).
    """
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _redis_hit(backend, f"rl:{key}", seconds) <= limit
    return _generic_hit(key, limit=limit, seconds=seconds)


def reset(key: str) -> None:
    """Close `key`'s window now: its next hit opens a new one (on Redis the counter goes; on
    other caches the window's start, and the counter's key carries it, so the old count is
    never read again). For trusted code acting for a person outside any request (the demo
    seed), never on a client's say-so."""
    cache.delete_many([f"rl:{key}", f"rlw:{key}"])


def _redis_hit(backend: RedisCache, key: str, seconds: int) -> int:
    """The count after this hit, by WINDOW_SCRIPT on the cache's own connection pool (the
    server writes go to), under the cache's key prefix and version. EVALSHA; the script's
    text is sent only when the server does not know it yet (a first call, a restarted
    server)."""
    from redis.exceptions import NoScriptError

    raw_key = backend.make_and_validate_key(key)
    client = _client(backend._cache._client, backend._cache._get_connection_pool(write=True))
    try:
        return int(client.evalsha(WINDOW_SHA, 1, raw_key, seconds))
    except NoScriptError:
        return int(client.eval(WINDOW_SCRIPT, 1, raw_key, seconds))


@functools.lru_cache(maxsize=8)
def _client(client_class, pool):
    """One client object per connection pool (clients are thread-safe; the pool hands out the
    connections). The cache makes a new one for every command (`get_client`), and building
    redis-py's client (its table of reply handlers) cost as much as the round trip itself."""
    return client_class(connection_pool=pool)


def _generic_hit(key: str, *, limit: int, seconds: int) -> bool:
    now = time.time()
    start = _window_start(f"rlw:{key}", now, seconds)
    counter = f"rlw:{key}:{start!r}"
    # Kept a second past the window's end: after that no hit reads this counter.
    timeout = max(1, int(start + seconds - now) + 1)
    if cache.add(counter, 1, timeout=timeout):
        return limit >= 1
    try:
        return cache.incr(counter) <= limit
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, timeout=timeout)
        return limit >= 1


def _window_start(start_key: str, now: float, seconds: int) -> float:
    """When the current window opened; opens one at `now` if there is none."""
    start = cache.get(start_key)
    if start is not None and now < start + seconds:
        return start
    if start is None:
        # `add`, so that concurrent first hits share one window.
        if cache.add(start_key, now, timeout=seconds):
            return now
        return cache.get(start_key, now)
    # Closed by our clock; a backend may keep the key a moment past its timeout.
    cache.set(start_key, now, timeout=seconds)
    return now
