"""The audit trail's hash chain (X-4): appending under a lock, and verifying it."""

import contextlib
import json
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max

from lsp_portal.http import client_ip

from .models import AuditChainHead, AuditEntry

_context: ContextVar = ContextVar("lsp_audit_context", default=None)


@contextlib.contextmanager
def request_context(request):
    """Entries written while handling `request` get its user (read at write time, so a
    login or sign-up in the same request is attributed to the person) and client IP."""
    token = _context.set({"request": request})
    try:
        yield
    finally:
        _context.reset(token)


@contextlib.contextmanager
def acting_as(actor, remote_addr=None):
    """Entries written inside the block are attributed to `actor` (services, commands,
    tasks). Inside a request the request's client IP is kept unless one is given."""
    outer_actor, outer_addr = current_actor()
    token = _context.set({"actor": actor, "remote_addr": remote_addr or outer_addr})
    try:
        yield
    finally:
        _context.reset(token)


def current_actor():
    """(actor, remote_addr) for an entry written now."""
    ctx = _context.get()
    if not ctx:
        return None, None
    if "request" in ctx:
        request = ctx["request"]
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        return actor, client_ip(request)
    return ctx["actor"], ctx["remote_addr"]


def _locked_head():
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def chain_append(entry: AuditEntry, insert) -> None:
    """Link `entry` to the newest entry and insert it, holding the chain head's row lock
    until the surrounding transaction commits, so that two writers never share a parent."""
    if entry.actor_id is None:
        actor, remote_addr = current_actor()
        if actor is not None:
            entry.actor = actor
            entry.actor_email = actor.email
        if entry.remote_addr is None:
            entry.remote_addr = remote_addr
    with transaction.atomic():
        head = _locked_head()
        entry.prev_hash = head.last_hash
        # The id is hashed (version 2), so it is given here, under the lock, rather than by
        # the database's sequence after the hash is made: the next after both the head's
        # last entry and the table's highest id (a tail deleted behind our back is not
        # reused). Every entry is inserted this way, so the sequence is never used.
        newest = AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0
        entry.pk = max(newest, head.last_entry_id or 0) + 1
        entry.entry_hash = entry.compute_hash()
        insert()
        AuditChainHead.objects.filter(pk=1).update(
            last_entry_id=entry.pk, last_hash=entry.entry_hash, count=F("count") + 1
        )


@dataclass
class Problem:
    entry_id: int | None
    message: str


def verify_chain(batch_size: int = 2000) -> tuple[int, list[Problem]]:
    """Walk every entry oldest first; return (entries checked, problems found).

    An edited entry no longer matches its own hash; a deleted entry leaves its successor
    pointing at a hash that is not its predecessor's; a deleted tail leaves the head's
    hash and count ahead of the last entry.
    """
    problems: list[Problem] = []
    previous = AuditEntry.GENESIS
    checked = 0
    last_id = 0
    newest_version = 1
    while True:
        batch = list(AuditEntry.objects.filter(pk__gt=last_id).order_by("pk")[:batch_size])
        if not batch:
            break
        for entry in batch:
            checked += 1
            if entry.prev_hash != previous:
                problems.append(
                    Problem(
                        entry.pk,
                        (f"Entri #{entry.pk}: rantai terputus; entri sebelumnya telah dihapus atau diubah."),
                    )
                )
            if entry.hash_version not in AuditEntry.HASH_VERSIONS or entry.hash_version < newest_version:
                # Versions only rise along the chain: an entry set back to version 1 to
                # leave its newer fields out of the hash is an edit.
                problems.append(
                    Problem(
                        entry.pk,
                        f"Entri #{entry.pk}: versi hash {entry.hash_version} tidak sah; "
                        "entri ini telah diubah.",
                    )
                )
            newest_version = max(newest_version, entry.hash_version)
            if entry.compute_hash() != entry.entry_hash:
                problems.append(
                    Problem(
                        entry.pk,
                        (f"Entri #{entry.pk}: isi tidak cocok dengan hash-nya; entri ini telah diubah."),
                    )
                )
            previous = entry.entry_hash
            last_id = entry.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.count != checked):
        problems.append(
            Problem(
                None,
                (
                    f"Kepala rantai mencatat {head.count} entri (terakhir #{head.last_entry_id}), "
                    f"tetapi ditemukan {checked}: entri terakhir telah dihapus atau diubah."
                ),
            )
        )
    return checked, problems


def mask_secret(value: str) -> str:
    """AUDITLOG_MASK_CALLABLE: a masked field (password, TOTP secret and recovery-code seed
    in mfa.Authenticator.data, ...) is recorded as changed, never with any part of its value
    (django-auditlog's own mask keeps the second half visible)."""
    return "[disembunyikan]" if value not in ("", "None") else value


def _stored(value):
    """A value as a JSONField keeps it: dates and other objects as their string."""
    return json.loads(json.dumps(value, default=str))


def record_change(obj, changes: dict | None = None, *, actor=None, action=None) -> AuditEntry:
    """Write one audit entry for a write that Django's model signals never see, so that
    django-auditlog would miss it: `QuerySet.update()` and `bulk_create()`.

    `changes`: {field: (old, new)}; omitted for a created object, whose fields are then
    recorded as auditlog records an insert. Masked fields (AUDITLOG_MASK_TRACKING_FIELDS) are
    masked here too. `actor`: by default the acting user of the context (`acting_as`, the
    request), as for every other entry. Returns the entry.
    """
    from auditlog.diff import get_mask_function, model_instance_diff
    from auditlog.registry import auditlog

    if action is None:
        action = AuditEntry.Action.CREATE if changes is None else AuditEntry.Action.UPDATE
    if changes is None:
        changes = model_instance_diff(None, obj, use_json_for_changes=True) or {}
    masked = (
        set(auditlog.get_model_fields(type(obj))["mask_fields"]) if auditlog.contains(type(obj)) else set()
    )
    mask = get_mask_function()
    recorded = {}
    for field, (old, new) in changes.items():
        if field in masked:
            old, new = mask(str(old)), mask(str(new))
        recorded[field] = [_stored(old), _stored(new)]
    extra = {"actor": actor, "actor_email": actor.email} if actor is not None else {}
    return AuditEntry.objects.log_create(obj, force_log=True, action=action, changes=recorded, **extra)


# --- the daily check (Celery beat: akun.tasks.verify_audit) --------------------------------


def verify_and_alert() -> list[Problem]:
    """Verify the whole chain; on a break, e-mail every active Ketua and Staf TI what was
    found. Returns the problems (none: no mail). Safe to repeat: it reads and mails only,
    and a break that stays is reported again by the next day's run."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import timezone

    from .models import Role, User

    checked, problems = verify_chain()
    if not problems:
        return problems
    recipients = sorted(
        set(
            User.objects.filter(
                is_active=True, groups__role__code__in=[Role.Code.KETUA, Role.Code.STAF_TI]
            ).values_list("email", flat=True)
        )
    )
    if not recipients:
        return problems
    shown = "\n".join(f"- {p.message}" for p in problems[:20])
    more = f"\n- ... dan {len(problems) - 20} masalah lain." if len(problems) > 20 else ""
    when = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    body = (
        "Yth. Ketua/Direktur LSP dan Staf TI,\n\n"
        f"Pemeriksaan harian jejak audit pada {when} WIB menemukan {len(problems)} masalah "
        f"pada {checked} entri. Rantai hash jejak audit RUSAK: ada entri yang diubah atau dihapus "
        "di luar aplikasi.\n\n"
        f"{shown}{more}\n\n"
        "Langkah berikutnya: amankan salinan basis data saat ini, bandingkan dengan cadangan "
        "terakhir dan dengan salinan hash kepala rantai di luar server, lalu jalankan "
        "`python manage.py verify_audit` untuk rinciannya.\n\n"
        f"Hormat kami,\n{settings.LSP_NAME}\n\n"
        "Pesan ini dikirim otomatis oleh sistem informasi LSP; mohon tidak membalas email ini."
    )
    EmailMessage(subject="[LSP] PERINGATAN: jejak audit rusak", body=body, to=recipients).send()
    return problems
