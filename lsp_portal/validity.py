"""Documents valid through a date (X-3): certificates, MET registrations, contracts, the LSP's
licence. One rule says whether one is in force, ending soon or ended, and one badge shows it.
Computed from the date on every read, never stored, so no nightly job has to flip it.
"""

import datetime as dt

from django.db import models
from django.utils import timezone

from .status import ERR, OK, WARN, Badge

# a document is flagged this many days before it ends (the first reminder threshold).
WARNING_DAYS = 90


class Validity(models.TextChoices):
    BERLAKU = "berlaku", "Berlaku"
    AKAN_BERAKHIR = "akan_berakhir", "Akan berakhir"
    KEDALUWARSA = "kedaluwarsa", "Kedaluwarsa"

    @property
    def badge(self) -> Badge:
        """The status badge (templates/_status_badge.html): in force green, ending amber, ended red."""
        return Badge.of(self, self.label, VALIDITY_TONES)


VALIDITY_TONES = {Validity.BERLAKU: OK, Validity.AKAN_BERAKHIR: WARN, Validity.KEDALUWARSA: ERR}


def validity_on(expiry: dt.date | None, day: dt.date | None = None) -> Validity | None:
    """The validity on `day` (default today) of a document that ends on `expiry`: in force
    through the expiry date itself, 'akan berakhir' in its last WARNING_DAYS days, then
    'kedaluwarsa'. None for a document without an expiry date."""
    if expiry is None:
        return None
    day = day or timezone.localdate()
    if day > expiry:
        return Validity.KEDALUWARSA
    if (expiry - day).days <= WARNING_DAYS:
        return Validity.AKAN_BERAKHIR
    return Validity.BERLAKU
