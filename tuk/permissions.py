"""Who may see and do what in `tuk` (SE-A4.3, SE-A4.4); views, templates and navigation
ask only here.

The register is master data: whoever opens the app sees every TUK. Staff with
`manage_tuk` edit everything; a Pengelola TUK linked as a TUK's account (`Tuk.pengelola`,
the domain row) updates that TUK's remote readiness and facilities only, and another
TUK's edit pages answer 404 for them.
"""

from akun.permissions import has_module


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (has_module(user, "use_tuk"))


def can_manage(user) -> bool:
    """Register and edit TUK, set their status, edit any TUK's readiness and facilities."""
    return has_module(user, "manage_tuk")


def visible_tuk(user):
    from .models import Tuk

    if can_open(user) or can_manage(user):
        return Tuk.objects.all()
    return Tuk.objects.none()


def kesiapan_editable_tuk(user):
    """TUK whose readiness and facilities `user` may edit: all for staff with
    manage_tuk; for a Pengelola TUK only the TUK they are linked to."""
    from .models import Tuk

    if can_manage(user):
        return Tuk.objects.all()
    if can_open(user):
        return Tuk.objects.filter(pengelola=user)
    return Tuk.objects.none()


def can_edit_any_kesiapan(user) -> bool:
    """The page-level right behind the readiness and facility pages: without it → 403;
    with it, a TUK outside kesiapan_editable_tuk(user) → 404."""
    return can_manage(user) or (can_open(user) and kesiapan_editable_tuk(user).exists())


def can_edit_kesiapan(user, tuk) -> bool:
    return can_manage(user) or (can_open(user) and tuk.pengelola_id == user.pk)
