"""Shared reads of the TUK register: a constant number of queries whatever the size."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from .models import Tuk
from .permissions import visible_tuk


def tuk_list(*, user, q: str = "", jenis: str = "", status: str = "", today: dt.date | None = None):
    """TUK `user` may see, filtered by type, status as of `today` (an expired date counts
    as Kedaluwarsa) and a search in code, name and city; with their facility counts."""
    tuks = visible_tuk(user)
    if jenis:
        tuks = tuks.filter(jenis=jenis)
    if status:
        tuks = tuks.with_status_efektif(status, today=today)
    q = (q or "").strip()
    if q:
        tuks = tuks.filter(Q(nama__icontains=q) | Q(kota__icontains=q) | Q(kode__icontains=q))
    return tuks.annotate(jumlah_fasilitas=Count("fasilitas")).order_by("nama", "kode")


def tuk_detail(*, user):
    """TUK `user` may see, with the linked account, SK record and facilities (three queries)."""
    return visible_tuk(user).select_related("pengelola", "sk_penetapan").prefetch_related("fasilitas")


def tuk_kedaluwarsa_segera(days: int = 90, today: dt.date | None = None):
    """Verified TUK whose validity ends within `days` days from `today` (still valid
    today), soonest first: for reminders to renew the verification."""
    today = today or timezone.localdate()
    return (
        Tuk.objects.filter(
            status=Tuk.Status.TERVERIFIKASI,
            berlaku_sampai__gte=today,
            berlaku_sampai__lte=today + dt.timedelta(days=days),
        )
        .select_related("pengelola")
        .order_by("berlaku_sampai", "nama")
    )


def tuk_terverifikasi_pada(day: dt.date):
    """TUK verified on `day` (SE-A4.3 edge: only these may be scheduled on that day)."""
    return Tuk.objects.filter(status=Tuk.Status.TERVERIFIKASI, berlaku_sampai__gte=day)
