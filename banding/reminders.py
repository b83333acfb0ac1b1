"""Deadline reminders of appeals (SE-A4.8j: decided within BANDING_BATAS_KEPUTUSAN_HARI): the
panel and the Manajer Sertifikasi are told when `batas_keputusan` is 7 days away and once it
has passed without a decision, once per threshold (the notification's key holds the appeal
and its deadline, so a second run, or a second worker, sends nothing new)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from akun.models import Role, User

from .models import Banding
from .services import notify

SOON_DAYS = 7


def _manajer():
    return User.objects.filter(is_active=True, groups__role__code=Role.Code.MANAJER_SERTIFIKASI).distinct()


def due(today: dt.date | None = None):
    """Appeals not yet decided whose deadline is within SOON_DAYS or past."""
    today = today or timezone.localdate()
    return (
        Banding.objects.filter(batas_keputusan__lte=today + dt.timedelta(days=SOON_DAYS))
        .exclude(status__in=Banding.DECIDED)
        .prefetch_related("panel__user")
        .order_by("batas_keputusan", "pk")
    )


def banding_remind(*, banding_ids: list[int] | None = None, today: dt.date | None = None) -> int:
    """Remind of every due appeal (or of `banding_ids` among them); returns how many were due.
    Idempotent: each person is told once per appeal, deadline and threshold."""
    today = today or timezone.localdate()
    qs = due(today)
    if banding_ids is not None:
        qs = qs.filter(pk__in=banding_ids)
    manajer = list(_manajer())
    count = 0
    for banding in qs:
        count += 1
        people = [a.user for a in banding.panel.all()] + manajer
        batas = date_format(banding.batas_keputusan, "j F Y")
        if banding.batas_keputusan < today:
            judul, pesan, tahap = (
                f"Banding {banding.nomor} melewati batas keputusan",
                f"Banding {banding.nomor} belum diputuskan, padahal batasnya {batas}. Segera putuskan.",
                "terlambat",
            )
        elif banding.batas_keputusan <= today + dt.timedelta(days=SOON_DAYS):
            judul, pesan, tahap = (
                f"Banding {banding.nomor}: batas keputusan {batas}",
                f"Keputusan banding {banding.nomor} paling lambat {batas} "
                f"({SOON_DAYS} hari lagi atau kurang).",
                f"batas-{SOON_DAYS}",
            )
        with transaction.atomic():
            notify(
                people,
                banding,
                judul=judul,
                pesan=pesan,
                kunci=f"banding-{tahap}-{banding.batas_keputusan:%Y%m%d}-{banding.pk}",
            )
    return count
