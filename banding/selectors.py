"""Shared reads of `banding`."""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.utils import timezone

from akun.selectors import users_with_right


def banding_staff():
    """Who handles appeals on the LSP's side (use_banding_staff): told of a new filing and of
    an upheld appeal's follow-up."""
    return users_with_right("use_banding_staff")


def banding_list(qs):
    """`qs` (a visible_banding queryset) for a list page: what each row shows, in one query."""
    return qs.select_related("keputusan__permohonan__skema").order_by("batas_keputusan", "pk")


# --- counts and durations (issue 14 item 5; read by the executive dashboard) -------------------


@dataclass(frozen=True)
class Durasi:
    """How many, and their average and median in days (None when there are none)."""

    jumlah: int
    rata_rata_hari: float | None
    median_hari: float | None

    @classmethod
    def of(cls, spans) -> "Durasi":
        days = [span.total_seconds() / 86400 for span in spans]
        if not days:
            return cls(0, None, None)
        return cls(len(days), round(statistics.fmean(days), 1), round(statistics.median(days), 1))


@dataclass(frozen=True)
class RingkasanBandingPengaduan:
    """Appeals and complaints of one period [dari, sampai] (local dates, both included)."""

    dari: dt.date
    sampai: dt.date
    banding_diajukan: int
    banding_diputuskan: Durasi  # decided in the period; days from filing to decision
    banding_terbuka: int  # filed in the period and not yet decided
    pengaduan_diterima: int  # e-mail verified in the period
    pengaduan_dijawab: Durasi  # answered in the period; days from receipt to response
    pengaduan_terlambat: int  # answered in the period after their due date
    pengaduan_terbuka: int  # received in the period and not yet answered


def _bounds(dari: dt.date, sampai: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(dari, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(sampai + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def ringkasan_banding_pengaduan(*, dari: dt.date, sampai: dt.date) -> RingkasanBandingPengaduan:
    """Counts and durations of appeals and complaints in the period (issue 14 item 5): a few
    queries whatever the number of rows; durations are computed from the rows' own times."""
    from .models import Banding, Pengaduan

    start, end = _bounds(dari, sampai)
    banding = Banding.objects.filter(diajukan_pada__gte=start, diajukan_pada__lt=end)
    decided = Banding.objects.filter(diputuskan_pada__gte=start, diputuskan_pada__lt=end).values_list(
        "diajukan_pada", "diputuskan_pada"
    )
    received = Pengaduan.objects.filter(diterima_pada__gte=start, diterima_pada__lt=end)
    answered = list(
        Pengaduan.objects.filter(dijawab_pada__gte=start, dijawab_pada__lt=end).values_list(
            "diterima_pada", "dijawab_pada", "batas_jawab"
        )
    )
    return RingkasanBandingPengaduan(
        dari=dari,
        sampai=sampai,
        banding_diajukan=banding.count(),
        banding_diputuskan=Durasi.of(b - a for a, b in decided),
        banding_terbuka=banding.filter(diputuskan_pada__isnull=True).count(),
        pengaduan_diterima=received.count(),
        pengaduan_dijawab=Durasi.of(b - a for a, b, _ in answered),
        pengaduan_terlambat=sum(1 for _, b, due in answered if timezone.localdate(b) > due),
        pengaduan_terbuka=received.filter(dijawab_pada__isnull=True).count(),
    )


def pengaduan_list(queryset, *, status: str = ""):
    """The staff's list of complaints (visible_pengaduan), optionally of one status; one query
    (the handler joined)."""
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("ditangani_oleh").order_by("-diterima_pada", "-pk")
