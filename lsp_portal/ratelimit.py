"""A fixed-window rate limit on the shared cache (Redis in production).

Why not allauth's limiter: its public `consume()` reads only ACCOUNT_RATE_LIMITS and lets
every GET through, and it needs a request, while the signature limit is counted in a
service, per signer. Why the window number is in the key: with the file or database cache
`incr` is a get plus a set with the default timeout, so a key counted across windows would
be kept alive by every hit and the window would never close while requests keep coming.
"""

import time

from django.core.cache import cache


def hit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fell in this window.

    Windows are fixed and aligned to multiples of `seconds` since the epoch, so a burst is
    refused at most until the window it fell in ends, on every cache backend. Across a
    boundary up to 2 × `limit` hits can pass; that is the price of a counter per window.
    """
    now = time.time()
    window = int(now // seconds)
    cache_key = f"rl:{key}:{window}"
    # Kept a second past the window's end: the key is never read after it anyway.
    timeout = int((window + 1) * seconds - now) + 1
    if cache.add(cache_key, 1, timeout=timeout):
        return limit >= 1
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=timeout)
        return limit >= 1
