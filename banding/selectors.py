"""Shared reads of `banding`."""

from akun.selectors import users_with_right


def banding_staff():
    """Who handles appeals on the LSP's side (use_banding_staff): told of a new filing and of
    an upheld appeal's follow-up."""
    return users_with_right("use_banding_staff")


def banding_list(qs):
    """`qs` (a visible_banding queryset) for a list page: what each row shows, in one query."""
    return qs.select_related("keputusan__permohonan__skema").order_by("batas_keputusan", "pk")
