"""The audit trail's hash chain (X-4): appending under a lock, and verifying it."""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F

from .models import AuditChainHead, AuditEntry

_context: ContextVar = ContextVar("lsp_audit_context", default=None)


def client_ip(request):
    """The client's address. X-Forwarded-For is believed only when TRUST_X_FORWARDED_FOR
    says a proxy of ours sets it; otherwise any client could write any address here."""
    if settings.LSP_TRUST_X_FORWARDED_FOR and request.headers.get("X-Forwarded-For"):
        return request.headers["X-Forwarded-For"].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


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
