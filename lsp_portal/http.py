"""The client's IP address, read one way by everything that records or limits by it: the
audit trail, signature evidence, our rate limits and allauth's (through its adapter)."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The right-most address that no proxy of ours added.

    `TRUSTED_PROXY_COUNT` says how many reverse proxies of ours sit in front of the app.
    Each appends the address it received the request from to X-Forwarded-For, so with N
    proxies the client is the N-th address from the right; everything to its left was
    written by the client and proves nothing. With 0 (the default) the header is ignored
    and the peer's address (REMOTE_ADDR) is the client.

    When the header holds fewer addresses than proxies, or the one we would take is not an
    IP address, the request did not come through all our proxies: the peer's address is
    the only one nobody could forge, so that is returned.
    """
    remote = _clean(request.META.get("REMOTE_ADDR", ""))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    return _clean(hops[-count]) or remote


def _clean(value: str) -> str | None:
    """An IP address in canonical form, or None. A proxy may add a port ("1.2.3.4:5678",
    "[2001:db8::1]:443")."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
