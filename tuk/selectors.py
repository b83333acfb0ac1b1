"""Shared reads of the TUK register: a constant number of queries whatever the size."""

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import Tuk, TukSkema
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


def _skema_lines():
    """A TUK's scheme lines (TukSkema) with the scheme and the in-system SK: one query."""
    return TukSkema.objects.select_related("skema", "sk").order_by("skema__kode")


def tuk_detail(*, user):
    """TUK `user` may see, with the linked account, SK record, facilities and the schemes of
    its SK penetapan (four queries whatever their number)."""
    return (
        visible_tuk(user)
        .select_related("pengelola", "sk_penetapan")
        .prefetch_related("fasilitas", Prefetch("skema_ditetapkan", queryset=_skema_lines()))
    )


# --- the public pages (no login): what the LSP publishes about its TUK ------------------------


def public_tuk_list(*, q: str = "", today: dt.date | None = None):
    """TUK verified on `today` (status Terverifikasi and not past its date), searched in name
    and city, each with `skema_berlaku`: its scheme lines still valid on `today`. Two queries."""
    today = today or timezone.localdate()
    tuks = Tuk.objects.with_status_efektif(Tuk.Status.TERVERIFIKASI, today=today)
    q = (q or "").strip()
    if q:
        tuks = tuks.filter(Q(nama__icontains=q) | Q(kota__icontains=q))
    valid = TukSkema.objects.filter(berlaku_sampai__gte=today).select_related("skema").order_by("skema__kode")
    lines = Prefetch("skema_ditetapkan", queryset=valid, to_attr="skema_berlaku")
    return tuks.prefetch_related(lines).order_by("nama", "kode")


def public_tuk_detail():
    """TUK the public pages show one by one: any that is or was verified (its status is not
    Draf, or an SK listed schemes for it); a TUK never verified answers 404. With its scheme
    lines (two queries)."""
    return (
        Tuk.objects.filter(~Q(status=Tuk.Status.DRAFT) | Q(skema_ditetapkan__isnull=False))
        .distinct()
        .prefetch_related(Prefetch("skema_ditetapkan", queryset=_skema_lines()))
    )


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


def penetapan_terakhir(tuk):
    """The scheme line of `tuk` with the latest date (its SK is the TUK's current SK
    penetapan), or None; read from the prefetched lines of tuk_detail/public_tuk_detail."""
    lines = list(tuk.skema_ditetapkan.all())
    return max(lines, key=lambda line: (line.berlaku_sampai, line.updated_at), default=None)
