"""Every write of `akun`: role permissions and membership (SE-A4.4).

Each change is recorded in the audit trail by django-auditlog (Group.permissions and
User.groups are registered m2m fields), with the acting user and IP from the request.
"""

from django.contrib.auth.models import Permission
from django.db import transaction

from .audit import acting_as
from .models import Role, User


class RoleError(Exception):
    """A role change the rules refuse; the message is for the user (Indonesian)."""


@transaction.atomic
def role_set_permissions(*, role: Role, permissions, actor: User) -> Role:
    """Replace the role's permissions. Idempotent: the same set again records nothing."""
    wanted = set(Permission.objects.filter(pk__in=[p.pk for p in permissions]))
    if role.code == Role.Code.KETUA and not any(p.codename == "manage_roles" for p in wanted):
        raise RoleError("Peran Ketua/Direktur LSP harus tetap dapat mengelola peran.")
    with acting_as(actor):
        role.group.permissions.set(wanted)
    return role


@transaction.atomic
def role_add_member(*, role: Role, user: User, actor: User) -> User:
    """Give `user` the role. Idempotent."""
    if not user.is_active:
        raise RoleError("Pengguna nonaktif tidak dapat diberi peran.")
    with acting_as(actor):
        user.groups.add(role.group)
    return user


@transaction.atomic
def role_remove_member(*, role: Role, user: User, actor: User) -> User:
    """Take the role from `user`. Refuses to remove the last active Ketua (SE-A4.4)."""
    # Lock the Ketua role's members so two concurrent removals cannot both pass the check.
    members = list(
        User.objects.select_for_update()
        .filter(groups=role.group, is_active=True)
        .values_list("pk", flat=True)
    )
    if role.code == Role.Code.KETUA and members == [user.pk]:
        raise RoleError("Ketua/Direktur LSP terakhir tidak dapat dicabut perannya.")
    with acting_as(actor):
        user.groups.remove(role.group)
    return user


def user_register_applicant(*, user: User) -> User:
    """A self-registered person becomes an Asesi (pemohon)."""
    user.groups.add(Role.objects.get(code=Role.Code.ASESI).group)
    return user


@transaction.atomic
def role_create(*, name: str, description: str, is_staff_role: bool, actor: User) -> Role:
    """A role of the LSP's own, starting with no permissions."""
    from django.contrib.auth.models import Group
    from django.utils.text import slugify

    code = slugify(name).replace("-", "_")[:40]
    with acting_as(actor):
        group = Group.objects.create(name=f"peran:{code}")
        return Role.objects.create(
            code=code,
            name=name,
            description=description,
            group=group,
            is_builtin=False,
            is_staff_role=is_staff_role,
        )
