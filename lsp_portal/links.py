"""A file kept outside the portal, named by its https link and its SHA-256 (session recordings
of the journey, X-9; recordings of appeal hearings): one check of each for every app."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .errors import ServiceError

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_LINK = 500


def https_link(value: str, *, field: str, error: type[ServiceError] = ServiceError) -> str:
    """`value` stripped, when it is a complete https:// address of at most MAX_LINK characters;
    else `error` (the caller's ServiceError subclass) on `field`, in Indonesian."""
    value = (value or "").strip()
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        raise error("Tautan harus alamat https:// yang lengkap.", field=field, code="tautan") from None
    if len(value) > MAX_LINK:
        raise error(f"Tautan paling banyak {MAX_LINK} karakter.", field=field, code="max_length")
    return value


def sha256_hex(value: str, *, field: str, error: type[ServiceError] = ServiceError) -> str:
    """`value` stripped and lower-cased, when it is 64 hexadecimal characters (sha256sum's
    output); else `error` on `field`, in Indonesian."""
    value = (value or "").strip().lower()
    if not SHA256.match(value):
        raise error(
            "SHA-256 harus 64 karakter heksadesimal (0-9, a-f), seperti keluaran sha256sum.",
            field=field,
            code="sha256",
        )
    return value
