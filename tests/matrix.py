"""Building blocks of the permission matrix (tests/test_permission_matrix.py), shared with
the rows each app keeps in `tests/<app>/matrix_rows.py`.

A row's `url` is a function of the context `c`: every persona by name (c["asesi"],
c["ketua"], ...; see ROLE_PERSONAS in conftest), plus c["dokumen"] (a signed SPT whose
subject is c["asesor"]). Build objects for the row inside that function, through services.

A row's `world` (optional) builds, from the same context, what several rows open (a candidate
taken to a step, a batch...): it runs once for a run of rows that name it, in a savepoint
they share, instead of once per row. It must be a function of its module (rows are grouped
by its name) whose objects the rows' `url` then finds rather than makes again (the builders
look for what they made first; `in_world` gives a group of rows one).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .conftest import ROLE_PERSONAS

PERSONAS = ["anon", *ROLE_PERSONAS, "superuser"]
SIGNED_IN = [p for p in PERSONAS if p != "anon"]


@dataclass
class Row:
    expect: dict  # persona -> status
    url: Callable = None  # ctx -> path; default reverse(key)
    method: str = "get"
    data: dict = field(default_factory=dict)
    world: Callable = None  # ctx -> anything; shared by the rows naming it (see above)


def gather(package: str, groups: list[str], *, base: Callable = None) -> dict:
    """The rows of `package`'s page groups (modules `<package>.matrix_rows_<group>`, each with
    ROWS; a group without its module yet is skipped), every world among them on `base` if given
    (made once for all of them: see Row.world)."""
    import importlib

    rows = {}
    for group in groups:
        try:
            module = importlib.import_module(f"{package}.matrix_rows_{group}")
        except ModuleNotFoundError:
            continue
        rows.update(module.ROWS)
    if base is not None:
        for row in rows.values():
            if row.world is not None:
                row.world.base = base
    return rows


def in_world(world: Callable, rows: dict) -> dict:
    """`rows` (url name -> Row) sharing `world`, but for those naming a world of their own."""
    return {name: replace(row, world=row.world or world) for name, row in rows.items()}


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
