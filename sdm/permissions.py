"""Who may see and do what in `sdm` (SE-A4.4); views, templates and navigation ask only here.

Staff with akun.use_sdm see everyone; akun.manage_sdm edits. An asesor (role) sees their own
profile and signs their own declaration; another person's profile answers 404 for them.
"""

from akun.models import Role
from akun.permissions import has_module, has_role


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (has_module(user, "use_sdm"))


def can_manage(user) -> bool:
    """Create and edit personnel, asesor profiles, certificates and contracts."""
    return has_module(user, "manage_sdm")


def is_asesor(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and has_role(user, Role.Code.ASESOR)


def can_open_own(user) -> bool:
    """The asesor's own pages (profile, declaration); also staff who open the app."""
    return is_asesor(user) or can_open(user)


def visible_personel(user):
    """Everyone for staff who open the app; for anyone else only their own row."""
    from .models import Personel

    if can_open(user):
        return Personel.objects.all()
    if is_asesor(user):
        return Personel.objects.filter(user=user)
    return Personel.objects.none()


def visible_asesor_ids(user):
    """Subject rule for the records engine: the asesor sees the records about their own
    Asesor profile (the yearly declaration)."""
    from .models import Asesor

    if not (user and user.is_authenticated):
        return Asesor.objects.none().values_list("pk", flat=True)
    return Asesor.objects.filter(personel__user=user).values_list("pk", flat=True)
