"""Who may open `administrasi` (SE-A4.4); views and navigation ask only here."""

from akun.permissions import has_module


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (has_module(user, "use_administrasi"))
