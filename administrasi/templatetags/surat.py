"""Filters for letter PDFs: a record's data is frozen JSON, so its dates are ISO strings."""

import datetime as dt

from django import template

from ..surat import tanggal

register = template.Library()


@register.filter
def tanggal_iso(value):
    """ "2026-01-15" → "15 Januari 2026"; anything else is shown as it is."""
    try:
        return tanggal(dt.date.fromisoformat(str(value)))
    except ValueError:
        return value
