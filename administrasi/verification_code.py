"""The verification code printed beside the QR code of every record PDF (X-11), for a person
who holds the paper and types rather than scans.

The code is the first 80 bits of the record's token (`Dokumen.token`, 192 random bits in
base64url) in Crockford base32: 16 characters from 0-9 and A-Z without I, L, O and U, shown
in four groups of four (`7K3M 9QXA 2B4D HT6W`). Nothing has to be stored: the code follows
from the token, and a typed code finds its record by the token's prefix. Typing is forgiving:
case does not matter, spaces and hyphens are ignored, I and L read as 1, O as 0.
"""

import base64
import re

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BYTES = 10  # 80 bits
CODE_LENGTH = CODE_BYTES * 8 // 5  # 16 characters
GROUP = 4
# Base64 characters fully set by the code's 80 bits (13 x 6 = 78; the 14th holds 2 more).
TOKEN_PREFIX_CHARS = CODE_BYTES * 8 // 6
TYPO = str.maketrans({"I": "1", "L": "1", "O": "0"})
IGNORED = re.compile(r"[\s\-‐‑–—]+")


def code_for(token: str) -> str:
    """The grouped code of a token: '7K3M 9QXA 2B4D HT6W'."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))[:CODE_BYTES]
    number = int.from_bytes(raw, "big")
    chars = "".join(ALPHABET[(number >> shift) & 31] for shift in range(5 * (CODE_LENGTH - 1), -1, -5))
    return " ".join(chars[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalize(typed: str) -> str | None:
    """The code as printed (grouped, upper case) from what a person typed, or None when it
    cannot be one (wrong length, a character outside the alphabet)."""
    chars = IGNORED.sub("", typed or "").upper().translate(TYPO)
    if len(chars) != CODE_LENGTH or any(c not in ALPHABET for c in chars):
        return None
    return " ".join(chars[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def token_prefix(code: str) -> str:
    """The base64url characters every token with this (normalized) code starts with."""
    number = 0
    for char in code.replace(" ", ""):
        number = number * 32 + ALPHABET.index(char)
    return base64.urlsafe_b64encode(number.to_bytes(CODE_BYTES, "big")).decode()[:TOKEN_PREFIX_CHARS]
