"""Record numbers: patterns and the per-kind, per-year sequence."""

import datetime as dt
import string

from django.db import transaction

from lsp_portal import counters

from ..models import JenisDokumen
from .common import RecordError

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
PATTERN_FIELDS = {"seq", "tahun", "bulan", "bulan_romawi", "kode"}


def validate_pattern(pattern: str) -> None:
    """Raise RecordError unless `pattern` is a usable numbering pattern."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise RecordError(f"Pola nomor tidak valid: {exc}.") from None
    unknown = fields - PATTERN_FIELDS
    if unknown:
        raise RecordError(f"Pola nomor memakai kolom yang tidak dikenal: {', '.join(sorted(unknown))}.")
    if "seq" not in fields:
        raise RecordError("Pola nomor harus memuat nomor urut {seq}.")
    format_number(pattern, seq=1, when=dt.date(2000, 1, 1), kode="X")


def format_number(pattern: str, *, seq: int, when: dt.date, kode: str) -> str:
    try:
        return pattern.format(
            seq=seq, tahun=when.year, bulan=f"{when.month:02d}", bulan_romawi=ROMAN[when.month - 1], kode=kode
        )
    except (ValueError, KeyError, IndexError) as exc:
        raise RecordError(f"Pola nomor tidak valid: {exc}.") from None


@transaction.atomic
def number_take(*, jenis: JenisDokumen, when: dt.date) -> tuple[int, int, str]:
    """Take the next number of `jenis` for the year of `when`: (year, seq, formatted).

    Gap-free and unique under concurrent callers: the counter row is locked until the
    caller's transaction commits, and rolled back with it if the caller fails.
    """
    seq = counters.take(counter_key(jenis.kode), when.year)
    pattern = jenis.pola_nomor or "{seq:03d}/" + jenis.kode + "/{bulan_romawi}/{tahun}"
    return (when.year, seq, format_number(pattern, seq=seq, when=when, kode=jenis.kode))


def counter_key(kode: str) -> str:
    """The kernel counter of the record kind `kode` (lsp_portal.counters); a kind's code is
    not editable."""
    return f"dokumen:{kode}"


def last_number(kode: str, tahun: int) -> int:
    """The last number taken of the record kind `kode` in `tahun` (0 when none)."""
    return counters.last(counter_key(kode), tahun)
