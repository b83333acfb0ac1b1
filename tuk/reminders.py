"""TUK verifications as an expiry source for the reminders (X-3, SE-A4.3, issue 12): a verified
TUK is reminded 60 and 14 days before each date its SK penetapan ends, to its person in
charge, the linked Pengelola TUK account and whoever manages the register (akun.manage_tuk).

The dates come from the TUK's scheme lines (TukSkema): a scheme whose penetapan ends before
the TUK's last date is reminded on its own date too. One reminder per (TUK, date), naming the
schemes that end that day; a renewal gives a new date and starts the thresholds again. A TUK
withdrawn by hand (Kedaluwarsa, Draf) is not reminded. A TUK verified before scheme lines
existed (no TukSkema) is reminded of its own `berlaku_sampai`.
"""

from collections import defaultdict

from django.db.models import Prefetch, Q

from akun.selectors import emails_with_right
from lsp_portal.reminders import Kedaluwarsa, horizon

from .models import Tuk, TukSkema

THRESHOLDS = (60, 14)  # days before the date, as the TUK verification asks


def expiring_verifications():
    """Verified TUK (status Terverifikasi, expired ones included) with a date by the horizon,
    their own or a scheme line's (also what tuk.worklist lists)."""
    limit = horizon()
    return (
        Tuk.objects.filter(status=Tuk.Status.TERVERIFIKASI)
        .filter(Q(berlaku_sampai__lte=limit) | Q(skema_ditetapkan__berlaku_sampai__lte=limit))
        .distinct()
    )


def _recipients(tuk: Tuk, managers) -> tuple[str, ...]:
    own = {tuk.penanggung_jawab_email, tuk.pengelola and tuk.pengelola.email}
    return tuple(sorted({e for e in own if e} | set(managers)))


def verifikasi_expiries() -> list[Kedaluwarsa]:
    """The reminders of expiring_verifications(), one per TUK and date. One query when
    there are none; three when there are (their scheme lines, the managers' addresses)."""
    limit = horizon()
    due = TukSkema.objects.filter(berlaku_sampai__lte=limit).select_related("skema").order_by("skema__kode")
    tuks = list(
        expiring_verifications()
        .select_related("pengelola")
        .prefetch_related(Prefetch("skema_ditetapkan", queryset=due, to_attr="lines_due"))
        .order_by("nama", "kode")
    )
    if not tuks:
        return []
    managers = emails_with_right("manage_tuk")
    items = []
    for tuk in tuks:
        by_date = defaultdict(list)
        for line in tuk.lines_due:
            by_date[line.berlaku_sampai].append(line.skema.kode)
        if tuk.berlaku_sampai and tuk.berlaku_sampai <= limit:
            by_date.setdefault(tuk.berlaku_sampai, [])
        penerima = _recipients(tuk, managers)
        for tanggal, kode_skema in sorted(by_date.items()):
            skema = f" untuk skema {', '.join(kode_skema)}" if kode_skema else ""
            items.append(
                Kedaluwarsa(
                    key=f"tuk.verifikasi:{tuk.pk}:{tanggal.isoformat()}",
                    judul=f"Verifikasi {tuk.kode} {tuk.nama}{skema}",
                    tanggal=tanggal,
                    url=tuk.get_absolute_url(),
                    hak="use_tuk",
                    penerima=penerima,
                    thresholds=THRESHOLDS,
                )
            )
    return items
