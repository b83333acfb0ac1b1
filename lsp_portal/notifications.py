"""Notifications (issue 11 item 7): tell a person that something waits on them and where to
act, in the portal (the bell in the header, /notifikasi/) and outside it (e-mail, WhatsApp
or a gateway the LSP adds).

Any app calls `notify()` inside the transaction of the service that makes the work, with
the people who must act, what to do (Indonesian) and the path of the page where they do it:

    from lsp_portal.notifications import notify

    notify(
        users=[permohonan.asesi.user],
        judul="Permohonan Anda dikembalikan",
        pesan="Perbaiki bukti persyaratan yang ditandai admin, lalu ajukan kembali.",
        url=permohonan.get_absolute_url(),
        kunci=f"permohonan:{permohonan.pk}:dikembalikan:{versi}",
    )

The in-app rows are written in the caller's transaction (a rollback leaves none); after the
commit one Celery task per row delivers it through every enabled channel (tasks.py). Each
channel is delivered at most once per notification (a PengirimanNotifikasi row per channel,
claimed with a conditional update), failures are recorded and retried with backoff, and
nothing about delivery ever raises into the request.

Channels: a `Channel` subclass with a `code`, a `label`, `enabled()` and `send(notifikasi)`;
`send` raises `Lewati` when the person has no address on the channel (recorded as skipped,
not retried) and any other exception on failure (recorded, retried). The built-in ones are
registered here; settings.NOTIFICATION_CHANNELS lists which are used, by code or by the dotted
path of a Channel subclass (an LSP's own gateway, without editing the kernel).
"""

import datetime as dt
import functools
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from celery.exceptions import Retry
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.text import Truncator

from .errors import ServiceError
from .models import Notifikasi, PengirimanNotifikasi

log = logging.getLogger(__name__)

Status = PengirimanNotifikasi.Status
# A claim older than this belongs to a sender that died (worker killed mid-send); another
# run may take it over. Longer than any send may take (the gateway timeout, an SMTP dialogue).
CLAIM_TIMEOUT = dt.timedelta(minutes=15)
# The periodic sweep (deliver_pending_notifications) looks at notifications this recent whose
# delivery never started, once the task queued at commit should long have run.
PENDING_WINDOW = dt.timedelta(days=1)
PENDING_GRACE = dt.timedelta(minutes=10)

JUDUL_MAX = Notifikasi._meta.get_field("judul").max_length
KUNCI_MAX = Notifikasi._meta.get_field("kunci").max_length
URL_MAX = Notifikasi._meta.get_field("url").max_length


# --- channels ---------------------------------------------------------------------------------


class Lewati(Exception):
    """Raised by Channel.send when the person cannot be reached on that channel (no e-mail
    address, no phone number): the delivery is recorded as skipped and never retried."""


class Channel:
    """A way to deliver a notification outside the portal. Subclass it, set `code` (stable:
    it keys the delivery rows) and `label`, and implement `send`; `enabled()` says whether
    the channel acts now (e.g. only when its gateway is configured)."""

    code: str = ""
    label: str = ""

    def enabled(self) -> bool:
        return True

    def send(self, notifikasi: Notifikasi) -> None:
        """Deliver `notifikasi` to `notifikasi.penerima`. Return on success; raise Lewati when
        the person has no address here; raise anything else on failure (it is retried)."""
        raise NotImplementedError


_channels: dict[str, Channel] = {}


def register_channel(channel: Channel | type[Channel]):
    """Make a channel available under its code (an instance or a class; usable as a class
    decorator). Registering the same code again replaces it. It still acts only when
    settings.NOTIFICATION_CHANNELS lists its code."""
    instance = channel() if isinstance(channel, type) else channel
    if not instance.code:
        raise ValueError("A notification channel needs a code.")
    _channels[instance.code] = instance
    return channel


def unregister_channel(code: str) -> None:
    """Remove a registered channel (for tests that add a temporary one). Absent: no-op."""
    _channels.pop(code, None)


def registered_channels() -> tuple[Channel, ...]:
    return tuple(_channels.values())


@functools.cache
def _channel_from_path(path: str) -> Channel:
    cls = import_string(path)
    if not (isinstance(cls, type) and issubclass(cls, Channel) and cls.code):
        raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: {path} is not a Channel subclass with a code.")
    return cls()


def enabled_channels() -> list[Channel]:
    """The channels settings.NOTIFICATION_CHANNELS lists, in its order, that are on now. An
    entry is a registered code ("email") or the dotted path of a Channel subclass; an
    unknown or unloadable entry is logged and ignored (a request or a delivery must not fail
    over a typo in the settings)."""
    found = []
    for entry in settings.NOTIFICATION_CHANNELS:
        channel = _channels.get(entry)
        if channel is None and "." in entry:
            try:
                channel = _channel_from_path(entry)
            except (ImportError, ImproperlyConfigured):
                log.exception("NOTIFICATION_CHANNELS: kanal %r tidak dapat dimuat; diabaikan.", entry)
                continue
        if channel is None:
            log.error("NOTIFICATION_CHANNELS: kanal %r tidak dikenal; diabaikan.", entry)
            continue
        if channel.enabled() and channel not in found:
            found.append(channel)
    return found


def absolute_url(path: str) -> str:
    """The link for a message read outside the portal: SITE_URL + the path (as the role and
    expiry e-mails build theirs)."""
    return settings.SITE_URL + path


def _greeting(user) -> str:
    return f"Yth. {user.nama_lengkap or user.email},"


@register_channel
class EmailChannel(Channel):
    """E-mail to the person's account address: subject "[LSP] <judul>", the message and the
    absolute link in plain text. On by default (it uses the portal's e-mail settings)."""

    code = "email"
    label = "Email"

    def send(self, notifikasi: Notifikasi) -> None:
        user = notifikasi.penerima
        if not user.email:
            raise Lewati("Penerima tidak memiliki alamat email.")
        body = (
            f"{_greeting(user)}\n\n"
            f"{notifikasi.pesan}\n\n"
            "Buka tautan berikut untuk menindaklanjutinya:\n"
            f"{absolute_url(notifikasi.url)}\n\n"
            f"Hormat kami,\n{settings.LSP_NAME}\n\n"
            "Pesan ini dikirim otomatis oleh sistem informasi LSP; mohon tidak membalas email ini."
        )
        subject = f"[LSP] {notifikasi.judul}"
        EmailMessage(subject=subject[:200], body=body, to=[user.email]).send()


def whatsapp_number(nomor_hp: str) -> str:
    """An Indonesian mobile number as WhatsApp gateways take it: digits, country code first
    ("081234567890" and "+6281234567890" -> "6281234567890"); "" for none."""
    digits = "".join(c for c in nomor_hp or "" if c.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


@register_channel
class WhatsAppChannel(Channel):
    """A WhatsApp message through the LSP's HTTP gateway: POST of JSON {"to": "62812...",
    "text": ...} to settings.WHATSAPP_GATEWAY_URL, with `Authorization: Bearer
    <WHATSAPP_GATEWAY_TOKEN>` when a token is set. Acts only when the URL is set; people
    without a nomor HP are skipped. Any answer but 2xx is a failure (retried)."""

    code = "whatsapp"
    label = "WhatsApp"
    timeout = 10  # seconds

    def enabled(self) -> bool:
        return bool(settings.WHATSAPP_GATEWAY_URL)

    def text(self, notifikasi: Notifikasi) -> str:
        return (
            f"*{notifikasi.judul}*\n\n{notifikasi.pesan}\n\n{absolute_url(notifikasi.url)}\n\n"
            f"{settings.LSP_NAME}"
        )

    def send(self, notifikasi: Notifikasi) -> None:
        phone = whatsapp_number(notifikasi.penerima.nomor_hp)
        if not phone:
            raise Lewati("Penerima tidak memiliki nomor HP.")
        url = settings.WHATSAPP_GATEWAY_URL
        if urlsplit(url).scheme not in {"http", "https"}:
            raise ImproperlyConfigured("WHATSAPP_GATEWAY_URL harus alamat http:// atau https://.")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if settings.WHATSAPP_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.WHATSAPP_GATEWAY_TOKEN}"
        payload = json.dumps({"to": phone, "text": self.text(notifikasi)}).encode()
        request = urllib.request.Request(url, data=payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(4096)
        except urllib.error.HTTPError as e:
            detail = e.read(300).decode("utf-8", "replace").strip()
            raise OSError(f"Gateway WhatsApp menjawab HTTP {e.code}: {detail}") from e


# --- sending ----------------------------------------------------------------------------------


def is_site_path(url: str) -> bool:
    """Whether `url` is a path on this site ("/sertifikasi/12/"): no scheme, no host, not
    protocol-relative. Only such a link is stored and followed, so opening a notification
    can never redirect elsewhere (no open redirect)."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and not any(ord(c) < 32 or ord(c) == 127 for c in url)
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def _recipients(users) -> list:
    """Distinct active people among `users` (one user or an iterable; None skipped)."""
    if users is None or isinstance(users, models.Model):
        users = [users]
    people, seen = [], set()
    for user in users:
        if user is None or user.pk is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        people.append(user)
    return people


def notify(*, users, judul: str, pesan: str, url: str, kunci: str = "") -> list[Notifikasi]:
    """Notify `users` (a user, or an iterable of users) that they must act: one in-app
    notification each, written in the caller's transaction, then, after it commits, one
    delivery task each through the enabled channels (a rollback leaves neither).

    `judul` is a short line (longer is cut to 150 characters), `pesan` says in Indonesian
    what to do, `url` is the path of the page where to do it ("/sertifikasi/12/"). Skipped:
    None, inactive people, duplicates, and with a `kunci`, anyone already notified with that
    key (the same key twice is a no-op for that person, also under a race). Returns the
    notifications created. Raises ValueError for an empty text, a key over 200 characters
    or a `url` that is not a path on this site (a programming error)."""
    judul = " ".join((judul or "").split())
    pesan = (pesan or "").strip()
    if not judul or not pesan:
        raise ValueError("notify() needs a judul and a pesan.")
    if not is_site_path(url) or len(url) > URL_MAX:
        raise ValueError(f"notify() needs a path on this site, not {url!r}.")
    if len(kunci) > KUNCI_MAX:
        raise ValueError(f"notify() kunci is longer than {KUNCI_MAX} characters.")
    judul = Truncator(judul).chars(JUDUL_MAX)
    people = _recipients(users)
    if kunci and people:
        done = set(
            Notifikasi.objects.filter(kunci=kunci, penerima__in=[p.pk for p in people]).values_list(
                "penerima_id", flat=True
            )
        )
        people = [p for p in people if p.pk not in done]
    if not people:
        return []
    fields = {"judul": judul, "pesan": pesan, "url": url, "kunci": kunci}
    if kunci:
        rows = []
        for person in people:
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
                    rows.append(Notifikasi.objects.create(penerima=person, **fields))
            except IntegrityError:  # a concurrent notify() with this key got there first
                continue
    else:
        rows = Notifikasi.objects.bulk_create([Notifikasi(penerima=p, **fields) for p in people])
    if rows and enabled_channels():
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: _enqueue(ids))
    return rows


def withdraw(*, user, url: str) -> int:
    """Take back `user`'s notifications that lead to `url`, when they may no longer be told
    of it (a complaint that turns out to be about them): gone from their list, and a delivery
    not yet made is not made (notifikasi_deliver finds nothing). What was already e-mailed
    cannot be taken back. Returns how many were removed."""
    if user is None:
        return 0
    deleted, _ = Notifikasi.objects.filter(penerima=user, url=url).delete()
    return deleted


def _enqueue(ids: Iterable[int]) -> None:
    """Queue one delivery task per notification. Runs after commit: a broker that is down
    is logged, never raised into the request; the periodic sweep sends those later."""
    from .tasks import deliver_notifikasi  # tasks imports this module

    for pk in ids:
        try:
            deliver_notifikasi.delay(pk)
        except Retry:
            # Only without a broker (the embedded setup runs tasks in-process and propagates):
            # the first attempt failed and is recorded; no worker will try again later.
            log.warning("Notifikasi %s gagal dikirim; tanpa broker tidak dicoba ulang.", pk)
        except Exception:
            log.exception("Notifikasi %s gagal diantrekan; dikirim oleh pemeriksaan berkala.", pk)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _deliver(notifikasi: Notifikasi, channel: Channel) -> str:
    try:
        with transaction.atomic():
            row, _ = PengirimanNotifikasi.objects.get_or_create(notifikasi=notifikasi, kanal=channel.code)
    except IntegrityError:  # a concurrent run made the row
        row = PengirimanNotifikasi.objects.get(notifikasi=notifikasi, kanal=channel.code)
    if row.status in (Status.TERKIRIM, Status.DILEWATI):
        return row.status
    # Claim this attempt (healthchecks sendalerts): only the run whose update hits the row sends.
    now = timezone.now()
    claimable = Q(status__in=[Status.MENUNGGU, Status.GAGAL]) | Q(
        status=Status.MENGIRIM, diklaim_pada__lt=now - CLAIM_TIMEOUT
    )
    claimed = PengirimanNotifikasi.objects.filter(claimable, pk=row.pk).update(
        status=Status.MENGIRIM, diklaim_pada=now, percobaan=F("percobaan") + 1
    )
    if not claimed:
        return Status.MENGIRIM  # another run is sending it now
    try:
        if not notifikasi.penerima.is_active:
            raise Lewati("Akun penerima sudah tidak aktif.")
        channel.send(notifikasi)
    except Lewati as e:
        outcome = {"status": Status.DILEWATI, "galat": str(e)}
    except Exception as e:
        log.warning("Notifikasi %s gagal dikirim lewat %s.", notifikasi.pk, channel.code, exc_info=True)
        outcome = {"status": Status.GAGAL, "galat": _describe(e)}
    else:
        outcome = {"status": Status.TERKIRIM, "terkirim_pada": timezone.now(), "galat": ""}
    PengirimanNotifikasi.objects.filter(pk=row.pk).update(**outcome)
    return outcome["status"]


def notifikasi_deliver(*, notifikasi_id: int) -> dict[str, str]:
    """Deliver one notification through every enabled channel; returns {channel code:
    status}. Idempotent: a channel already delivered (or skipped) is not sent again, one
    being sent by another run is left to it. A failure is recorded on its row (status
    `gagal`, the error, the attempt count) and never raised: the task retries `gagal`. A
    notification that no longer exists is a no-op ({})."""
    notifikasi = Notifikasi.objects.select_related("penerima").filter(pk=notifikasi_id).first()
    if notifikasi is None:
        return {}
    return {channel.code: _deliver(notifikasi, channel) for channel in enabled_channels()}


def pending_notifikasi_ids(*, now: dt.datetime | None = None) -> list[int]:
    """Notifications of the last day whose delivery never started (the task queued at commit
    was lost: broker down), or whose sender died mid-send: what the periodic sweep queues
    again. Given up failures (`gagal` after the retries) are not among them."""
    now = now or timezone.now()
    unfinished = (
        Q(pengiriman__isnull=True)
        | Q(pengiriman__status=Status.MENUNGGU)
        | Q(pengiriman__status=Status.MENGIRIM, pengiriman__diklaim_pada__lt=now - CLAIM_TIMEOUT)
    )
    return list(
        Notifikasi.objects.filter(dibuat_pada__gte=now - PENDING_WINDOW, dibuat_pada__lt=now - PENDING_GRACE)
        .filter(unfinished)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


# --- in the portal ----------------------------------------------------------------------------


def visible_notifikasi(user) -> models.QuerySet:
    """The user's own notifications, newest first; none for anyone else (views: 404)."""
    if user is None or not user.is_authenticated:
        return Notifikasi.objects.none()
    return Notifikasi.objects.filter(penerima=user).order_by("-dibuat_pada", "-pk")


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one query)."""
    return visible_notifikasi(user).filter(dibaca_pada__isnull=True).count()


def notifikasi_mark_read(*, notifikasi: Notifikasi, actor) -> Notifikasi:
    """Mark `notifikasi` read by its recipient. Idempotent: the first reading time is kept.
    Raises ServiceError for anyone but the recipient."""
    if actor is None or actor.pk != notifikasi.penerima_id:
        raise ServiceError("Notifikasi ini bukan untuk Anda.")
    if notifikasi.dibaca_pada is None:
        now = timezone.now()
        if Notifikasi.objects.filter(pk=notifikasi.pk, dibaca_pada__isnull=True).update(dibaca_pada=now):
            notifikasi.dibaca_pada = now
    return notifikasi


def notifikasi_mark_all_read(*, actor) -> int:
    """Mark every unread notification of `actor` read; returns how many. Idempotent."""
    return visible_notifikasi(actor).filter(dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())


def context(request) -> dict:
    """Template context: `notifikasi_belum_dibaca`, the signed-in user's unread count for the
    header's bell. Counted on first use in the page (one query), never for anonymous users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifikasi_belum_dibaca": SimpleLazyObject(lambda: unread_count(user))}
