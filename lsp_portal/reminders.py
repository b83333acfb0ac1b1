"""Expiry reminders (X-3): the registry of documents with a validity, from any app, reminded
90, 30 and 7 days before they end, by e-mail (once per threshold) and on the dashboards.

The kernel holds the registry so that every app can report its documents without importing
another app (STYLE.md §12): sdm sends the e-mails and keeps what was sent (`sdm.reminders`),
tuk and sdm (and the journey apps later) register sources here. An app adds its documents by
registering a source, usually in its AppConfig.ready():

    from lsp_portal.reminders import Kedaluwarsa, horizon, register_source

    def sk_tuk_expiries():
        return [Kedaluwarsa(key=f"tuk.sk:{sk.pk}", judul=f"SK penetapan {sk.tuk}",
                            tanggal=sk.berlaku_sampai, url=sk.get_absolute_url(),
                            penerima=(sk.tuk.email,))
                for sk in SK.objects.filter(berlaku_sampai__lte=horizon())]

    register_source(sk_tuk_expiries)

A source returns every document that matters now (expired ones too, so they show as
expired), at least those ending by `horizon()`; items further away are ignored. `key` must be
stable for the document (e.g. "<app>.<model>:<pk>"): a reminder is sent once per key, expiry
date and threshold, and a new expiry date (a renewal) starts the thresholds again. The
e-mail goes to `penerima` and to the SDM staff (see `sdm.reminders.reminders_send`), except
for a personal item (`pribadi`: a holder's own certificate), which goes to `penerima` alone,
is left off the staff panels and may ask for its own action (`ajakan`).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

THRESHOLDS = (90, 30, 7)  # days before the expiry date, X-3 (the default of every item)
# How far ahead sources report: the largest default threshold. An item with larger thresholds
# of its own (a certificate holder's 6 months) is kept up to its own largest one.
HORIZON_DAYS = max(THRESHOLDS)


@dataclass(frozen=True)
class Kedaluwarsa:
    """A document with an expiry date, as a source reports it."""

    key: str
    judul: str
    tanggal: dt.date
    url: str
    penerima: tuple[str, ...] = ()
    hak: str = ""  # the akun right `url` needs ("use_sdm"...); the link shows only to holders
    # Days before `tanggal` to remind at (a source reports the item that early: collect()
    # keeps it up to max(HORIZON_DAYS, its largest threshold) ahead).
    thresholds: tuple[int, ...] = THRESHOLDS
    # A personal reminder (X-3: a certificate to its holder): to `penerima` only, never on the
    # staff panels. `ajakan` replaces the e-mail's default request to renew (its link follows).
    pribadi: bool = False
    ajakan: str = ""


Source = Callable[[], Iterable[Kedaluwarsa]]
_sources: list[Source] = []


def register_source(fn: Source) -> Source:
    """Add a source of expiring documents (idempotent; usable as a decorator)."""
    if fn not in _sources:
        _sources.append(fn)
    return fn


def unregister_source(fn: Source) -> None:
    """Remove a source (for tests that register a temporary one). Absent: no-op."""
    if fn in _sources:
        _sources.remove(fn)


def sources() -> tuple[Source, ...]:
    return tuple(_sources)


def today() -> dt.date:
    return timezone.localdate()


def horizon(day: dt.date | None = None) -> dt.date:
    """The furthest expiry date that matters on `day` (the first threshold)."""
    return (day or today()) + dt.timedelta(days=HORIZON_DAYS)


def collect(day: dt.date | None = None) -> list[Kedaluwarsa]:
    """Every registered source's items that end by the horizon (an item with a larger
    threshold: by that one), expired ones included, soonest first. A key reported twice is
    kept once."""
    day = day or today()
    limit = horizon(day)
    seen, items = set(), []
    for source in _sources:
        for item in source():
            own = day + dt.timedelta(days=max(item.thresholds, default=0))
            if item.tanggal <= max(limit, own) and item.key not in seen:
                seen.add(item.key)
                items.append(item)
    return sorted(items, key=lambda i: (i.tanggal, i.judul, i.key))


def due_threshold(sisa_hari: int, thresholds: tuple[int, ...] = THRESHOLDS) -> int | None:
    """The threshold of `thresholds` (default THRESHOLDS; an item's own: `item.thresholds`) a
    document with `sisa_hari` days left is in: the smallest one not yet passed (a document
    first seen 20 days before its end gets the 30-day reminder, not also the 90-day one).
    None before the first threshold and after the end."""
    if sisa_hari < 0:
        return None
    crossed = [t for t in thresholds if sisa_hari <= t]
    return min(crossed) if crossed else None
