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


# --- status and verification (issue 12) ------------------------------------------------------

# The status page only withdraws: Terverifikasi, its date and its SK come from the TUK
# verification (verifikasi_tuk → tuk.services.penetapan_apply) or a recorded external SK.
MANUAL_STATUS_REFUSED = (
    "Status Terverifikasi tidak dapat diberikan dari halaman ini. Ajukan verifikasi TUK; "
    "status, tanggal berlaku, dan SK penetapan ditetapkan melalui verifikasi TUK atau "
    "pencatatan SK penetapan dari luar sistem."
)


def can_set_status_manually(user, status: str) -> bool:
    """Staff with manage_tuk may withdraw a TUK by hand (Kedaluwarsa = dicabut, or Draf),
    never verify it: that is the verification workflow's."""
    from .models import Tuk

    return can_manage(user) and status != Tuk.Status.TERVERIFIKASI


def verification_requestable_tuk(user):
    """TUK `user` may ask to have verified (verifikasi_tuk's request, the "Ajukan verifikasi"
    button here): every TUK for staff with manage_tuk, their own TUK for a Pengelola TUK;
    holding use_verifikasi_tuk either way."""
    from .models import Tuk

    if not (user and user.is_authenticated and has_module(user, "use_verifikasi_tuk")):
        return Tuk.objects.none()
    if can_manage(user):
        return Tuk.objects.all()
    return Tuk.objects.filter(pengelola=user)


def can_request_verification(user, tuk) -> bool:
    """The rule of verification_requestable_tuk for one TUK, without a query."""
    if not (user and user.is_authenticated and has_module(user, "use_verifikasi_tuk")):
        return False
    return can_manage(user) or tuk.pengelola_id == user.pk
