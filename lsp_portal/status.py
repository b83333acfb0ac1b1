"""Statuses shown one way on every page: a badge whose colour (tone) comes from a
status→tone map next to the status's definition, and a status history with labels.

    class Dokumen(TimeStampedModel):
        STATUS_TONES = {Status.FINAL: OK, Status.VOID: ERR, Status.SUPERSEDED: ERR}

        @property
        def status_badge(self) -> Badge:
            return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    {% include "_status_badge.html" with badge=dokumen.status_badge %}

A status without an entry in the map gets the plain badge.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .workflow import status_history

OK, WARN, ERR = "ok", "warn", "err"  # the badge classes of static/css/app.css
TONES = (OK, WARN, ERR)


@dataclass(frozen=True)
class Badge:
    """What `templates/_status_badge.html` shows: a label and a tone ("" plain, or one of TONES)."""

    label: str
    tone: str = ""

    @classmethod
    def of(cls, status, label, tones: Mapping) -> "Badge":
        """The badge of `status` (a stored value or a TextChoices member), labelled `label`,
        toned by `tones` ({status: tone})."""
        tone = tones.get(status, "")
        if tone not in ("", *TONES):
            raise ValueError(f"Unknown badge tone {tone!r}; use one of {TONES}.")
        return cls(label=str(label), tone=tone)


@dataclass(frozen=True)
class HistoryRow:
    """One status change as `templates/_status_history.html` shows it."""

    when: dt.datetime
    dari: str
    ke: str
    actor: object
    note: str


def labelled_history(obj) -> list[HistoryRow]:
    """`obj`'s status changes (lsp_portal.workflow), oldest first, with the Indonesian labels
    of its model's `Status` choices instead of the stored values. One query."""
    labels = dict(type(obj).Status.choices)
    return [
        HistoryRow(
            when=h.created_at,
            dari=labels.get(h.from_status, h.from_status),
            ke=labels.get(h.to_status, h.to_status),
            actor=h.actor,
            note=h.note,
        )
        for h in status_history(obj)
    ]
