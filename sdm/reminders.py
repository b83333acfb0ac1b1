"""Expiry reminders (X-3), the sending side: once per document, expiry date and threshold,
an e-mail to the document's people and the SDM staff, and the dashboards' panel with what was
sent. The documents come from the kernel registry `lsp_portal.reminders`, where sdm, tuk and
any other app register their sources; sdm keeps the reminders sent (`Pengingat`).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from akun.selectors import emails_with_right
from lsp_portal.reminders import Kedaluwarsa, collect, due_threshold, today

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Peringatan:
    """A document shown on the dashboards: the item, how many days are left on `hari_ini`,
    and the last reminder sent for its current expiry date (or None)."""

    item: Kedaluwarsa
    sisa_hari: int
    ambang_terkirim: int | None = None
    dapat_dibuka: bool = True  # whether the viewer may open item.url

    @property
    def kedaluwarsa(self) -> bool:
        return self.sisa_hari < 0

    @property
    def hari_lalu(self) -> int:
        return -self.sisa_hari


def upcoming(day: dt.date | None = None, *, user=None) -> list[Peringatan]:
    """The dashboard panel: documents ending within HORIZON_DAYS or already ended, with the
    last reminder sent for each (one query beyond the sources'), and for `user` whether
    each link leads somewhere they may go."""
    from akun.permissions import has_module

    from .models import Pengingat

    day = day or today()
    # A personal reminder (a holder's own certificate) is the holder's, not the staff panel's.
    items = [i for i in collect(day) if not i.pribadi]
    sent: dict[tuple[str, dt.date], int] = {}
    if items:
        rows = Pengingat.objects.filter(
            kunci__in=[i.key for i in items], dikirim_pada__isnull=False
        ).values_list("kunci", "tanggal_kedaluwarsa", "ambang_hari")
        for kunci, tanggal, ambang in rows:
            key = (kunci, tanggal)
            sent[key] = min(ambang, sent.get(key, ambang))
    return [
        Peringatan(
            item=i,
            sisa_hari=(i.tanggal - day).days,
            ambang_terkirim=sent.get((i.key, i.tanggal)),
            dapat_dibuka=user is None or not i.hak or has_module(user, i.hak),
        )
        for i in items
    ]


def staff_recipients() -> tuple[str, ...]:
    """The SDM staff (akun.manage_sdm), who get every reminder."""
    return emails_with_right("manage_sdm")


def _claim(item: Kedaluwarsa, ambang: int, recipients: tuple[str, ...]):
    """The reminder row for (document, date, threshold), created on first sight. Returns the
    row when this run must send it (new, or an earlier send failed), else None."""
    from .models import Pengingat

    try:
        with transaction.atomic():
            row, _ = Pengingat.objects.get_or_create(
                kunci=item.key,
                tanggal_kedaluwarsa=item.tanggal,
                ambang_hari=ambang,
                defaults={
                    "judul": item.judul[:300],
                    "url": item.url[:300],
                    "penerima": ", ".join(recipients),
                },
            )
    except IntegrityError:  # a concurrent run created it first; that run sends it
        return None
    # Claim the sending (healthchecks sendalerts): only the run whose update hits the row sends.
    claimed = Pengingat.objects.filter(pk=row.pk, dikirim_pada__isnull=True).update(
        dikirim_pada=timezone.now()
    )
    return row if claimed else None


def _message(item: Kedaluwarsa, sisa_hari: int, recipients) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        tanggal = formats.date_format(item.tanggal, "j F Y")
    when = "hari ini" if sisa_hari == 0 else f"dalam {sisa_hari} hari"
    link = item.url if item.url.startswith("http") else settings.SITE_URL + (item.url or reverse("sdm:home"))
    ajakan = item.ajakan or (
        "Mohon segera mengurus perpanjangannya dan memperbarui datanya di portal LSP agar "
        "kegiatan sertifikasi tidak terganggu:"
    )
    body = (
        "Yth. Bapak/Ibu,\n\n"
        f"Kami mengingatkan bahwa {item.judul} akan berakhir {when}, pada tanggal {tanggal}.\n\n"
        f"{ajakan}\n"
        f"{link}\n\n"
        "Abaikan pesan ini bila dokumen tersebut sudah diperpanjang dan datanya sudah diperbarui.\n\n"
        f"Hormat kami,\n{settings.LSP_NAME}\n\n"
        "Pesan ini dikirim otomatis oleh sistem informasi LSP; mohon tidak membalas email ini."
    )
    subject = f"[LSP] Pengingat: {item.judul} berakhir {when}"
    return EmailMessage(subject=subject[:200], body=body, to=list(recipients))


def reminders_send(day: dt.date | None = None) -> int:
    """Send every reminder due on `day` (default today): for each document in a threshold,
    one e-mail to its people and to the SDM staff (a personal item: to its people only),
    exactly once per (document, expiry date, threshold). Idempotent: a second run on the
    same day sends nothing new. A failed send is released and retried on the next run.
    Returns the number of e-mails sent."""
    from .models import Pengingat

    day = day or today()
    staff = staff_recipients()
    sent = 0
    for item in collect(day):
        sisa = (item.tanggal - day).days
        ambang = due_threshold(sisa, item.thresholds)
        if ambang is None:
            continue
        copies = () if item.pribadi else staff
        recipients = tuple(
            dict.fromkeys(r.strip().lower() for r in (*item.penerima, *copies) if r and r.strip())
        )
        row = _claim(item, ambang, recipients)
        if row is None or not recipients:
            continue
        try:
            _message(item, sisa, recipients).send()
        except Exception:
            Pengingat.objects.filter(pk=row.pk).update(dikirim_pada=None)
            log.warning(
                "Pengingat %s gagal dikirim; dicoba lagi pada proses berikutnya.", item.key, exc_info=True
            )
            continue
        sent += 1
    return sent
