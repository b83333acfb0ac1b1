"""Shared reads about accounts, for apps that e-mail whoever holds a right."""

from django.db.models import Q

from .models import User


def users_with_right(codename: str):
    """Active users holding the module right akun.<codename> through a role (group)."""
    return User.objects.filter(
        is_active=True,
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label="akun",
    ).distinct()


def emails_with_right(codename: str) -> tuple[str, ...]:
    """E-mail addresses of active accounts holding the module right akun.<codename>, through
    a role (group) or directly; sorted, each once. One query."""
    through_role = Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label="akun"
    )
    direct = Q(user_permissions__codename=codename, user_permissions__content_type__app_label="akun")
    users = User.objects.filter(through_role | direct, is_active=True)
    return tuple(sorted(set(users.values_list("email", flat=True))))
