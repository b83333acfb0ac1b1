"""Building blocks of the permission matrix (tests/test_permission_matrix.py), shared with
the rows each app keeps in `tests/<app>/matrix_rows.py`.

A row's `url` is a function of the context `c`: every persona by name (c["asesi"],
c["ketua"], ...; see ROLE_PERSONAS in conftest), plus c["dokumen"] (a signed SPT whose
subject is c["asesor"]). Build objects for the row inside that function, through services.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .conftest import ROLE_PERSONAS

PERSONAS = ["anon", *ROLE_PERSONAS, "superuser"]
SIGNED_IN = [p for p in PERSONAS if p != "anon"]


@dataclass
class Row:
    expect: dict  # persona -> status
    url: Callable = None  # ctx -> path; default reverse(key)
    method: str = "get"
    data: dict = field(default_factory=dict)


def grid(anon, signed_in=None, **overrides):
    """Statuses per persona: `anon` for anonymous, `signed_in` for every signed-in persona
    unless overridden by name."""
    statuses = {"anon": anon}
    for persona in SIGNED_IN:
        statuses[persona] = signed_in
    statuses.update(overrides)
    assert None not in statuses.values(), statuses
    return statuses


def only(allowed, *, ok=200, denied=403, anon=302):
    """A page for signed-in personas in `allowed` (superuser always); others 403."""
    return {"anon": anon, **{p: ok if p in allowed or p == "superuser" else denied for p in SIGNED_IN}}


PUBLIC = grid(200, 200)
LOGIN_REQUIRED = grid(302, 200)
ANON_ONLY = grid(200, 302)  # allauth sends a signed-in user on to their home page
