"""Shared reads of `banding`."""

from akun.selectors import users_with_right


def banding_staff():
    """Who handles appeals on the LSP's side (use_banding_staff): told of a new filing and of
    an upheld appeal's follow-up."""
    return users_with_right("use_banding_staff")
