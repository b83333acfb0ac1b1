"""Certificates of competence as an expiry source for the reminders (X-3): a holder is
reminded 6 months and 1 month before their certificate ends, by e-mail (once per threshold:
the kernel's sending keeps what was sent, sdm.reminders) and on their dashboard, with the
link that starts a re-certification (FLOW.md state 18, sertifikasi:sertifikasi-ulang).

Personal reminders (Kedaluwarsa.pribadi): to the holder's account e-mail only, never to the
staff nor on their panels (the register has thousands). Reminded: a certificate that is
issued, in force (not suspended, revoked or expired) and held by an active account. Not
reminded: one imported without an account, one the holder already renewed (a later valid
certificate of the scheme), one with a re-certification under way.
"""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse

from lsp_portal.reminders import Kedaluwarsa, today
from lsp_portal.worklist import WorkItem

from .models import Permohonan, Sertifikat

# 6 months and 1 month before the end, in days (the kernel counts days).
THRESHOLDS = (182, 30)
AJAKAN = (
    "Agar kompetensi Anda tetap diakui, ajukan sertifikasi ulang sebelum sertifikat berakhir. "
    "Permohonan sertifikasi ulang dapat dimulai melalui tautan berikut:"
)


def expiring_certificates(day: dt.date | None = None):
    """Certificates to remind on `day` (today): in force, ending within the largest threshold,
    held by an active account, not renewed by a later certificate of the scheme, no
    re-certification of it open."""
    day = day or today()
    renewed = Sertifikat.objects.berlaku(day).filter(
        pemegang=OuterRef("pemegang"), skema=OuterRef("skema"), berlaku_sampai__gt=OuterRef("berlaku_sampai")
    )
    renewing = Permohonan.objects.filter(sertifikat_lama=OuterRef("pk")).exclude(status__in=Permohonan.CLOSED)
    return (
        Sertifikat.objects.berlaku(day)
        .filter(
            berlaku_sampai__lte=day + dt.timedelta(days=max(THRESHOLDS)),
            pemegang__isnull=False,
            pemegang__is_active=True,
        )
        .exclude(Exists(renewed))
        .exclude(Exists(renewing))
    )


def sertifikat_expiries() -> list[Kedaluwarsa]:
    """The reminders of expiring_certificates(), one per certificate, to its holder (one query)."""
    rows = expiring_certificates().select_related("pemegang").order_by("berlaku_sampai", "pk")
    return [
        Kedaluwarsa(
            key=f"sertifikasi.sertifikat:{s.pk}",
            judul=f"Sertifikat kompetensi {s.nomor} ({s.skema_judul}) atas nama {s.nama}",
            tanggal=s.berlaku_sampai,
            url=reverse("sertifikasi:sertifikasi-ulang", args=[s.pk]),
            penerima=(s.pemegang.email,),
            thresholds=THRESHOLDS,
            pribadi=True,
            ajakan=AJAKAN,
        )
        for s in rows
    ]


def own_certificates_ending(user) -> list[WorkItem]:
    """The holder's dashboard (X-3): their certificates ending within 6 months, linking to the
    start of the re-certification (one certificate) or to their certificates (several).
    One query."""
    if not (user and user.is_authenticated):
        return []
    pks = list(
        expiring_certificates().filter(pemegang=user).order_by("berlaku_sampai").values_list("pk", flat=True)
    )
    if not pks:
        return []
    return [
        WorkItem.of(
            "Sertifikat Anda akan berakhir: ajukan sertifikasi ulang",
            [reverse("sertifikasi:sertifikasi-ulang", args=[pk]) for pk in pks],
            list_url=reverse("sertifikasi:sertifikat-saya"),
        )
    ]
