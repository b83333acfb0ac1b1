"""What TUK puts on a person's dashboard (lsp_portal.worklist)."""

from lsp_portal.worklist import links_provider

from . import permissions
from .reminders import expiring_verifications


def _tuk_pages(user):
    """The TUK whose verification ends soon that the user looks after: every one for the
    register's managers, their own TUK for a Pengelola TUK. One query."""
    looked_after = permissions.kesiapan_editable_tuk(user).values("pk")
    rows = expiring_verifications().filter(pk__in=looked_after).order_by("berlaku_sampai", "pk")
    return [tuk.get_absolute_url() for tuk in rows.only("pk")]


# X-3, SE-A4.3: verifications to renew; a single one links to its TUK, several to the register.
verifications_ending = links_provider(
    "Verifikasi TUK yang akan atau sudah berakhir",
    visible=permissions.can_open,
    links=_tuk_pages,
    list_url="tuk:home",
)
