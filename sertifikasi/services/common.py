"""What every step of the journey shares: the journey's error, its notifications and the
signing act (which lives in the records engine, administrasi.services.acts, for every app)."""

from django.conf import settings

from administrasi.services import Tandatangan, issue_or_correct, issue_signed, sign  # noqa: F401
from akun.selectors import users_with_right  # noqa: F401
from lsp_portal.errors import ServiceError


class JourneyError(ServiceError):
    """A step of the certification journey the rules refuse; the message is for the user."""


def notify(users, *, judul: str, pesan: str, url: str, kunci: str = "") -> None:
    """In-app and e-mail (and any configured channel) after commit: lsp_portal.notifications."""
    from lsp_portal.notifications import notify as send

    send(users=[u for u in users if u is not None], judul=judul, pesan=pesan, url=url, kunci=kunci)


def upload_max_bytes() -> int:
    return int(settings.SERTIFIKASI_UPLOAD_MAX_MB * 1024 * 1024)
