"""Who may open `eksekutif` (SE-A4.4); views and navigation ask only here."""

from akun.permissions import can_view_system_status, has_module


def can_open(user) -> bool:
    return bool(user and user.is_authenticated) and (has_module(user, "use_eksekutif"))


__all__ = ["can_open", "can_view_system_status"]
