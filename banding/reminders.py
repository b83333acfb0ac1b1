"""Deadline reminders of appeals (SE-A4.8j: decided within BANDING_BATAS_KEPUTUSAN_HARI): the
panel and the Manajer Sertifikasi are told when `batas_keputusan` is 7 days away and once it
has passed without a decision, once per threshold (the notification's key holds the appeal
and its deadline, so a second run, or a second worker, sends nothing new).

Complaints (X-5: answered within PENGADUAN_BATAS_JAWAB_HARI) the same way: the banding staff
who may handle one are told when its `batas_jawab` is 3 days away and once it has passed
unanswered, never the person it is about (`terkait`)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from akun.models import Role, User

from .models import Banding, Pengaduan
from .services import notify

SOON_DAYS = 7
PENGADUAN_SOON_DAYS = 3


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


# --- complaints (X-5) ----------------------------------------------------------------------------


def pengaduan_due(today: dt.date | None = None):
    """Complaints still waiting on the LSP (Pengaduan.OPEN: received, acknowledged or being
    looked into; not answered or closed) whose answer is due within PENGADUAN_SOON_DAYS or
    overdue."""
    today = today or timezone.localdate()
    return Pengaduan.objects.filter(
        status__in=Pengaduan.OPEN,
        batas_jawab__lte=today + dt.timedelta(days=PENGADUAN_SOON_DAYS),
    ).order_by("batas_jawab", "pk")


def pengaduan_remind(*, pengaduan_ids: list[int] | None = None, today: dt.date | None = None) -> int:
    """Remind the banding staff (use_banding_staff, who handle complaints) of every complaint
    due (pengaduan_due, or of `pengaduan_ids` among them): PENGADUAN_SOON_DAYS before its
    `batas_jawab`, and once it has passed unanswered. The person a complaint is about
    (`terkait`) is never told (X-5). Returns how many were due. Idempotent: each person is
    told once per complaint, deadline and threshold (the notification's key), so a second
    run, or a second worker, sends nothing new; answered or closed complaints are not due."""
    from lsp_portal.notifications import notify as send

    from .selectors import banding_staff
    from .services_pengaduan import staff_to_notify

    today = today or timezone.localdate()
    qs = pengaduan_due(today)
    if pengaduan_ids is not None:
        qs = qs.filter(pk__in=pengaduan_ids)
    staff = list(banding_staff())
    count = 0
    for pengaduan in qs:
        count += 1
        batas = date_format(pengaduan.batas_jawab, "j F Y")
        if pengaduan.is_overdue(today):
            judul, pesan, tahap = (
                f"Pengaduan {pengaduan.nomor} melewati batas jawaban",
                f"Pengaduan {pengaduan.nomor} ({pengaduan.get_subjek_display()}) belum dijawab, padahal "
                f"batasnya {batas}. Segera jawab pelapor secara tertulis.",
                "terlambat",
            )
        else:
            judul, pesan, tahap = (
                f"Pengaduan {pengaduan.nomor}: batas jawaban {batas}",
                f"Pengaduan {pengaduan.nomor} ({pengaduan.get_subjek_display()}) harus dijawab secara "
                f"tertulis paling lambat {batas} ({PENGADUAN_SOON_DAYS} hari lagi atau kurang).",
                f"batas-{PENGADUAN_SOON_DAYS}",
            )
        with transaction.atomic():
            send(
                users=staff_to_notify(pengaduan, staff),
                judul=judul,
                pesan=pesan,
                url=pengaduan.get_absolute_url(),
                kunci=f"pengaduan-{tahap}-{pengaduan.batas_jawab:%Y%m%d}-{pengaduan.pk}",
            )
    return count
