"""Gap-free numbers per counter and year (records of each kind, complaints): one mechanism for
every app that numbers things."""

from django.db import transaction

from .models import Penghitung


@transaction.atomic
def take(kunci: str, tahun: int) -> int:
    """The next number of counter `kunci` in `tahun` (1 for the first).

    Gap-free and unique under concurrent callers: the counter row is locked until the
    caller's transaction commits, and rolled back with it if the caller fails."""
    Penghitung.objects.bulk_create([Penghitung(kunci=kunci, tahun=tahun)], ignore_conflicts=True)
    counter = Penghitung.objects.select_for_update().get(kunci=kunci, tahun=tahun)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir


def last(kunci: str, tahun: int) -> int:
    """The last number taken of `kunci` in `tahun` (0 when none)."""
    return Penghitung.objects.filter(kunci=kunci, tahun=tahun).values_list("terakhir", flat=True).first() or 0
