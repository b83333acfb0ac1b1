"""Every write of `akun`: role permissions and membership (SE-A4.4).

Each change is recorded in the audit trail by django-auditlog (Group.permissions and
User.groups are registered m2m fields), with the acting user and IP from the request, and
e-mailed to the Ketua after commit. The rules of who may change what are in
`permissions.py`; each refusal is kept in the audit trail too (`refusal_record`).
"""

import contextlib

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lsp_portal.errors import ServiceError

from . import permissions as rules
from .audit import acting_as, current_actor
from .models import AuditEntry, Role, User
from .roles import SIGNUP_ROLES


class RoleError(ServiceError):
    """A role change the rules refuse; the message is for the user (Indonesian)."""


def refusal_record(*, obj, actor: User | None, reason: str, attempt: dict) -> AuditEntry:
    """Keep a refused action in the audit trail (X-4): on `obj`, by `actor` (from the
    request's IP when there is one), what was tried and why it was refused. Call it
    outside the refused action's transaction, so the entry outlives its rollback."""
    with acting_as(actor):
        return AuditEntry.objects.log_create(
            obj,
            force_log=True,
            action=AuditEntry.Action.ACCESS,
            additional_data={"ditolak": reason, **attempt},
        )


@contextlib.contextmanager
def _refusals_recorded(*, role: Role, actor: User, attempt: dict):
    """Run a role change in one transaction; a RoleError rolls it back and is recorded."""
    try:
        with transaction.atomic():
            yield
    except RoleError as error:
        refusal_record(obj=role, actor=actor, reason=str(error), attempt=attempt)
        raise


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise RoleError(reason)


def _notify_ketua_after_commit(*, role: Role, actor: User, change: str) -> None:
    from .tasks import notify_role_change

    _, ip = current_actor()
    transaction.on_commit(
        lambda: notify_role_change.delay(role_id=role.pk, actor_id=actor.pk, change=change, ip=ip or "")
    )


def role_set_permissions(*, role: Role, permissions, actor: User) -> Role:
    """Replace the role's permissions, if `permissions.rights_change_refusal` allows it;
    raises RoleError (recorded in the audit trail) otherwise. Idempotent: the same set
    again records and mails nothing."""
    wanted = set(Permission.objects.filter(pk__in=[p.pk for p in permissions]).select_related("content_type"))
    current = set(role.group.permissions.select_related("content_type"))
    granted, removed = wanted - current, current - wanted
    attempt = {
        "tindakan": "ubah hak akses",
        "diberikan": sorted(p.codename for p in granted),
        "dicabut": sorted(p.codename for p in removed),
    }
    with _refusals_recorded(role=role, actor=actor, attempt=attempt):
        _refuse_if(rules.rights_change_refusal(actor, role, granted=granted, removed=removed))
        if not granted and not removed:
            return role
        with acting_as(actor):
            role.group.permissions.set(wanted)
        parts = []
        if granted:
            parts.append("memberikan " + ", ".join(sorted(p.name for p in granted)))
        if removed:
            parts.append("mencabut " + ", ".join(sorted(p.name for p in removed)))
        _notify_ketua_after_commit(role=role, actor=actor, change="; ".join(parts))
    return role


def role_add_member(*, role: Role, user: User, actor: User) -> User:
    """Give `user` the role, if `permissions.member_add_refusal` allows it; raises RoleError
    (recorded) otherwise. Idempotent: a member already in the role changes nothing."""
    attempt = {"tindakan": "tambah anggota", "anggota": user.email}
    with _refusals_recorded(role=role, actor=actor, attempt=attempt):
        _refuse_if(rules.member_add_refusal(actor, role, user))
        if not user.is_active:
            raise RoleError("Pengguna nonaktif tidak dapat diberi peran.")
        if user.groups.filter(pk=role.group_id).exists():
            return user
        with acting_as(actor):
            user.groups.add(role.group)
        change = f"menambahkan {user} ({user.email}) sebagai anggota"
        _notify_ketua_after_commit(role=role, actor=actor, change=change)
    return user


def role_remove_member(*, role: Role, user: User, actor: User) -> User:
    """Take the role from `user`, if `permissions.member_remove_refusal` allows it; never
    the last active Ketua (SE-A4.4). Raises RoleError (recorded) otherwise."""
    attempt = {"tindakan": "cabut anggota", "anggota": user.email}
    with _refusals_recorded(role=role, actor=actor, attempt=attempt):
        _refuse_if(rules.member_remove_refusal(actor, role, user))
        # Lock the role's members so two concurrent removals cannot both pass the check.
        members = list(
            User.objects.select_for_update()
            .filter(groups=role.group, is_active=True)
            .values_list("pk", flat=True)
        )
        if role.code == Role.Code.KETUA and members == [user.pk]:
            raise RoleError("Ketua/Direktur LSP terakhir tidak dapat dicabut perannya.")
        with acting_as(actor):
            user.groups.remove(role.group)
        change = f"mencabut peran dari {user} ({user.email})"
        _notify_ketua_after_commit(role=role, actor=actor, change=change)
    return user


def user_register_applicant(*, user: User) -> User:
    """A self-registered person becomes an Asesi (pemohon): the only role sign-up gives."""
    (code,) = SIGNUP_ROLES
    user.groups.add(Role.objects.get(code=code).group)
    return user


@transaction.atomic
def role_create(*, name: str, description: str, is_staff_role: bool, actor: User) -> Role:
    """A role of the LSP's own, starting with no permissions."""
    from django.contrib.auth.models import Group
    from django.utils.text import slugify

    code = slugify(name).replace("-", "_")[:40]
    with acting_as(actor):
        group = Group.objects.create(name=f"peran:{code}")
        role = Role.objects.create(
            code=code,
            name=name,
            description=description,
            group=group,
            is_builtin=False,
            is_staff_role=is_staff_role,
        )
    _notify_ketua_after_commit(role=role, actor=actor, change="membuat peran baru")
    return role


def role_notify_ketua(*, role_id: int, actor_id: int, change: str, ip: str = "") -> int:
    """E-mail every active Ketua that a role changed: which, by whom, from where, what.
    Returns how many were mailed (0 when the LSP has no Ketua yet). Safe to repeat: it
    only sends mail."""
    role = Role.objects.get(pk=role_id)
    actor = User.objects.get(pk=actor_id)
    recipients = list(
        User.objects.filter(groups__role__code=Role.Code.KETUA, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    when = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    where = f" dari alamat IP {ip}" if ip else ""
    body = (
        "Yth. Ketua/Direktur LSP,\n\n"
        f"Pada {when} WIB, {actor} ({actor.email}){where} {change} pada peran {role.name}.\n\n"
        "Periksa perubahan ini di halaman peran dan di jejak audit:\n"
        f"{settings.SITE_URL}{reverse('akun:role-detail', args=[role.code])}\n\n"
        "Bila perubahan ini tidak Anda kenali, segera cabut kembali dan periksa jejak audit.\n\n"
        f"Hormat kami,\n{settings.LSP_NAME}\n\n"
        "Pesan ini dikirim otomatis oleh sistem informasi LSP; mohon tidak membalas email ini."
    )
    EmailMessage(subject=f"[LSP] Perubahan peran {role.name}"[:200], body=body, to=recipients).send()
    return len(recipients)
