"""What waits on each person: the items of their dashboard, the page they land on after login.

Each app registers providers in AppConfig.ready(); the kernel imports no app (as with
`lsp_portal.navigation`). A provider answers for one user with the items waiting on them,
each with a count and a link to where they act on it:

    from lsp_portal import worklist

    def versions_to_validate(user):          # muk/worklist.py
        if not can_validate_muk(user):
            return []
        return [worklist.WorkItem(f"MUK {v.skema.kode} versi {v.nomor} menunggu validasi Anda",
                                  1, reverse("muk:versi-review", args=[v.skema_id, v.nomor]))
                for v in MukVersi.objects.filter(status="diajukan").select_related("skema")]

    worklist.register(versions_to_validate, order=20)   # in MukConfig.ready()

`links_provider` builds the common one: a count of things, linking to the single one or to
the page that lists them. Providers live in `<app>/worklist.py`, made once at import, so a
second ready() registers nothing twice.

A provider asks the app's permissions.py whether the user may open the link, returns []
when not (or when nothing waits), and costs at most a query or two whatever the number of
items: the dashboard's query count does not grow with the data (asserted in tests/test_home.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

TASKS = "tasks"  # something for the person to do (sign, validate, declare)
REMINDERS = "reminders"  # something ending soon that they look after (X-3 expiries)
SECTIONS = (TASKS, REMINDERS)


@dataclass(frozen=True)
class WorkItem:
    label: str  # what waits, in words that say where the link goes
    count: int
    url: str

    @classmethod
    def of(cls, label: str, urls: list[str], *, list_url: str) -> "WorkItem":
        """`len(urls)` things: a single one links straight to it, several to `list_url`."""
        return cls(label=label, count=len(urls), url=urls[0] if len(urls) == 1 else list_url)


Provider = Callable[[object], Iterable[WorkItem]]


def links_provider(
    label: str, *, visible: Callable, links: Callable[[object], Iterable[str]], list_url: str, query: str = ""
) -> Provider:
    """A provider of one item for users `visible(user)` lets in (the app's permissions.py):
    the things `links(user)` returns, one URL each, linking to the single one or, when there
    are several, to the page named `list_url` (with `query`) that lists them."""

    def provider(user):
        if not visible(user):
            return []
        urls = list(links(user))
        return [WorkItem.of(label, urls, list_url=reverse(list_url) + (f"?{query}" if query else ""))]

    provider.__qualname__ = f"links_provider({label!r})"
    return provider


@dataclass(frozen=True)
class _Entry:
    provider: Provider
    section: str
    order: int


_registry: list[_Entry] = []


def register(provider: Provider, *, section: str = TASKS, order: int = 100) -> Provider:
    """Add a provider (idempotent: ready() may run twice in tests)."""
    if section not in SECTIONS:
        raise ValueError(f"Unknown worklist section {section!r}; one of {SECTIONS}.")
    if all(e.provider is not provider for e in _registry):
        _registry.append(_Entry(provider, section, order))
    return provider


def items_for(user) -> dict[str, list[WorkItem]]:
    """{section: items with a count above zero}, in registration order within each section."""
    found: dict[str, list[WorkItem]] = {section: [] for section in SECTIONS}
    if not (user and user.is_authenticated):
        return found
    for entry in sorted(_registry, key=lambda e: e.order):
        found[entry.section].extend(item for item in entry.provider(user) if item.count > 0)
    return found
