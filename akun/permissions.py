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


def needs_mfa(user) -> bool:
    """Staff roles and superusers must enrol MFA where the LSP requires it."""
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or user.is_staff or any(_role_flags(user).values())


def has_role(user, code: str) -> bool:
    return code in _role_flags(user)


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
