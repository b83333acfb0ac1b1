"""Who may see and do what in `akun` (SE-A4.4). Views and templates ask only here."""


def has_module(user, codename: str) -> bool:
    """A module-level right from the user's roles (akun.AccessRight permissions)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(f"akun.{codename}"))


def can_manage_roles(user) -> bool:
    return has_module(user, "manage_roles")


def can_view_audit(user) -> bool:
    return has_module(user, "view_audit")


def can_view_system_status(user) -> bool:
    return has_module(user, "view_system_status")


def can_publish_privacy(user) -> bool:
    """Publish a new version of the privacy notice (UU PDP, X-10): the portal's editors."""
    return has_module(user, "manage_portal")


def roles_of(user):
    from .models import Role

    if not (user and user.is_authenticated):
        return Role.objects.none()
    return Role.objects.filter(group__user=user)


def _role_flags(user) -> dict:
    """{role code: is_staff_role} for the user, read once per user object (request)."""
    if not (user and user.is_authenticated):
        return {}
    if not hasattr(user, "_lsp_role_flags"):
        user._lsp_role_flags = dict(roles_of(user).values_list("code", "is_staff_role"))
    return user._lsp_role_flags


def is_staff_right(full_name: str) -> bool:
    """A right beyond an applicant's ("akun.use_sdm", any app's "app.codename")."""
    from .roles import APPLICANT_RIGHTS

    return full_name not in APPLICANT_RIGHTS


def holds_staff_right(user) -> bool:
    """True when any of the user's rights (through roles or granted directly) is a staff
    right: use_*, manage_*, view_*, validate_muk, issue_letters, ..."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(is_staff_right(p) for p in user.get_all_permissions())


def needs_mfa(user) -> bool:
    """Whoever can see or change other people's data must enrol MFA where the LSP requires
    it: superusers, Django staff, members of a role marked as a staff role, and anyone
    holding a staff right whatever their role's flag says (a custom role without the flag
    that is given `view_audit` still needs MFA)."""
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or user.is_staff or any(_role_flags(user).values()) or holds_staff_right(user)


def role_requires_mfa(role) -> bool:
    """Its members must enrol MFA: the role is marked as a staff role or holds a staff right.
    Reads `role.group.permissions.all()`, so a list can prefetch them."""
    return role.is_staff_role or any(
        is_staff_right(f"{p.content_type.app_label}.{p.codename}") for p in role.group.permissions.all()
    )


def has_role(user, code: str) -> bool:
    return code in _role_flags(user)


# --- the role screen (SE-A4.4): who may change which role ---------------------------------
# Each rule answers with the Indonesian reason it refuses, or None; `can_*` asks the same
# rules for views and templates, and the services refuse (and audit) with the reason.


def is_ketua(user) -> bool:
    """A member of the Ketua role. A superuser counts: it installs the portal and names the
    first Ketua, and it could change the groups in the Django admin anyway."""
    from .models import Role

    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or has_role(user, Role.Code.KETUA))
    )


def _names(permissions) -> str:
    return ", ".join(sorted(p.name for p in permissions))


def _held(user, permission) -> bool:
    return user.has_perm(f"{permission.content_type.app_label}.{permission.codename}")


def role_change_refusal(user, role) -> str | None:
    """Why `user` may not change the role's members or rights at all, or None."""
    from .roles import KETUA_ONLY_ROLES

    if not can_manage_roles(user):
        return "Anda tidak berhak mengelola peran."
    if role.code in KETUA_ONLY_ROLES and not is_ketua(user):
        return f"Hanya Ketua/Direktur LSP yang dapat mengubah anggota atau hak akses peran {role.name}."
    return None


def rights_change_refusal(user, role, *, granted=(), removed=()) -> str | None:
    """Why `user` may not give the role `granted` and take `removed` (Permission rows).

    Nobody changes the rights of a role they hold; a right is given only by someone who
    holds it; a role that self-sign-up gives never holds a staff right; the Ketua role keeps
    `manage_roles`, or nobody could repair the roles.
    """
    from .models import Role
    from .roles import SIGNUP_ROLES

    reason = role_change_refusal(user, role)
    if reason:
        return reason
    if has_role(user, role.code):
        return f"Anda tidak dapat mengubah hak akses peran Anda sendiri ({role.name})."
    if role.code in SIGNUP_ROLES:
        staff = [p for p in granted if is_staff_right(f"{p.content_type.app_label}.{p.codename}")]
        if staff:
            return (
                f"Peran {role.name} diberikan kepada siapa pun yang mendaftar sendiri, sehingga "
                f"tidak boleh memiliki hak akses staf: {_names(staff)}."
            )
    not_held = [p for p in granted if not _held(user, p)]
    if not_held:
        return (
            "Anda hanya dapat memberikan hak akses yang Anda miliki sendiri. "
            f"Anda tidak memiliki: {_names(not_held)}."
        )
    if role.code == Role.Code.KETUA and any(p.codename == "manage_roles" for p in removed):
        return "Peran Ketua/Direktur LSP harus tetap dapat mengelola peran."
    return None


def member_add_refusal(user, role, member=None) -> str | None:
    """Why `user` may not add `member` (anyone, when None) to the role. Adding a member
    hands over the role's rights, so only someone holding all of them may do it."""
    reason = role_change_refusal(user, role)
    if reason:
        return reason
    if member is not None and member.pk == user.pk:
        return "Anda tidak dapat mengubah peran Anda sendiri."
    not_held = [p for p in role.group.permissions.select_related("content_type") if not _held(user, p)]
    if not_held:
        return (
            f"Anda tidak dapat menambahkan anggota ke peran {role.name}, karena peran ini "
            f"memiliki hak akses yang tidak Anda miliki: {_names(not_held)}."
        )
    return None


def member_remove_refusal(user, role, member) -> str | None:
    """Why `user` may not take the role from `member`."""
    reason = role_change_refusal(user, role)
    if reason:
        return reason
    if member.pk == user.pk:
        return "Anda tidak dapat mengubah peran Anda sendiri."
    return None


def can_change_rights(user, role) -> bool:
    return rights_change_refusal(user, role) is None


def can_grant(user, permission) -> bool:
    return _held(user, permission)


def can_add_members(user, role) -> bool:
    return member_add_refusal(user, role) is None


def can_add_member(user, role, member) -> bool:
    return member_add_refusal(user, role, member) is None


def can_remove_member(user, role, member) -> bool:
    return member_remove_refusal(user, role, member) is None


def module_required(check):
    """View decorator: anonymous → login page; signed in without `check(user)` → 403."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
