"""A fixed-window rate limit on the shared cache (Redis in production).

Why not allauth's limiter: its public `consume()` reads only ACCOUNT_RATE_LIMITS and lets
every GET through, and it needs a request, while the signature limit is counted in a
service, per signer.

Why two keys: with the file or database cache `incr` is a get plus a set with the default
timeout, so a counter that outlived its window would be kept alive by every hit and the
window would never close while requests keep coming. Here the window's start is written
once (`add`, with the window's length as its timeout) and the counter's key includes that
start, so whatever a backend does with the counter's timeout, the next hit after the window
reads no start and begins a new window with a new counter. A window opens at a client's
first hit rather than at a clock boundary, so a burst is never split in two by one.
"""

import time

from django.core.cache import cache


def hit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fell in this window.

    The window opens at the first hit and closes `seconds` later, on every cache backend;
    refused hits count too, so a client that keeps asking is refused until then, and no
    longer. Counting is atomic on Redis (`incr`).
    """
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


def reset(key: str) -> None:
    """Close `key`'s window now: its next hit opens a new one (the counter's key carries the
    window's start, so the old count is never read again). For trusted code acting for a
    person outside any request (the demo seed), never on a client's say-so."""
    cache.delete(f"rlw:{key}")


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
