"""Who may see and do what in `muk` (SE-A4.4); views, templates and navigation ask only here."""

from akun.permissions import has_module


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (has_module(user, "use_muk"))


def can_manage_skema(user) -> bool:
    """Create and edit schemes, import their units/elements/KUK, edit requirements; draft
    MUK versions (MAPA, instruments) and submit them for validation."""
    return has_module(user, "manage_skema")


def can_validate_muk(user) -> bool:
    """Review submitted MUK versions and sign FR.VA (komite teknis, ketua)."""
    return has_module(user, "validate_muk")


def visible_skema(user):
    """Schemes are master data: whoever opens the app sees all of them (inactive too)."""
    from .models import Skema

    if can_open(user) or can_manage_skema(user):
        return Skema.objects.all()
    return Skema.objects.none()


def visible_versi(user):
    """MUK versions `user` may open. Drafters and validators see every version; other staff
    of the app (asesor, admin) only validated ones (in force or superseded): drafts and
    versions under review stay with their authors and validators (404 to others)."""
    from .models import MukVersi

    if can_manage_skema(user) or can_validate_muk(user):
        return MukVersi.objects.all()
    if can_open(user):
        return MukVersi.objects.filter(status__in=[MukVersi.Status.TERVALIDASI, MukVersi.Status.DIGANTI])
    return MukVersi.objects.none()


def can_edit_versi(user, versi) -> bool:
    """Change MAPA and instruments, submit: drafts only, by staff who manage schemes."""
    return can_manage_skema(user) and versi.is_draft


def can_delete_versi(user, versi) -> bool:
    """Delete ("Hapus draf"): a draft never submitted and without FR.VA, by staff who
    manage schemes (selectors.versi_delete_refusal says why not)."""
    from .selectors import versi_delete_refusal  # selectors import this module

    return can_edit_versi(user, versi) and not versi_delete_refusal(versi)


def can_review_versi(user, versi) -> bool:
    """Open the review page of a version under review (sign FR.VA or return it)."""
    return can_validate_muk(user) and versi.status == versi.Status.DIAJUKAN


def can_validate_versi(user, versi) -> bool:
    """Sign FR.VA for `versi`: a validator who neither drafted nor submitted it."""
    return can_review_versi(user, versi) and user.pk not in (versi.disusun_oleh_id, versi.diajukan_oleh_id)


def fr_va_visible_ids(user):
    """administrasi subject rule: staff who may open a MUK version may open its FR.VA."""
    if not (can_open(user) or can_manage_skema(user) or can_validate_muk(user)):
        return []
    return visible_versi(user).values_list("pk", flat=True)
