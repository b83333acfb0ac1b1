"""A fixed-window rate limit on the shared cache (Redis in production)."""

from django.core.cache import cache


def hit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fell in this window."""
    cache_key = f"rl:{key}"
    if cache.add(cache_key, 1, timeout=seconds):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=seconds)
        return True
