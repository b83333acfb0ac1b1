"""Who may open `sertifikasi` (SE-A4.4); views and navigation ask only here."""

from akun.models import Role
from akun.permissions import has_module, has_role


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (
        has_module(user, "use_sertifikasi_staff")
        or has_role(user, Role.Code.ASESI)
        or has_role(user, Role.Code.ASESOR)
    )
