"""Who may see and do what in `muk` (SE-A4.4); views, templates and navigation ask only here."""

from akun.permissions import has_module


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (has_module(user, "use_muk"))


def can_manage_skema(user) -> bool:
    """Create and edit schemes, import their units/elements/KUK, edit requirements."""
    return has_module(user, "manage_skema")


def visible_skema(user):
    """Schemes are master data: whoever opens the app sees all of them (inactive too)."""
    from .models import Skema

    if can_open(user) or can_manage_skema(user):
        return Skema.objects.all()
    return Skema.objects.none()
