"""What SDM puts on a person's dashboard (lsp_portal.worklist): the asesor's yearly
declaration (X-6) and the expiry reminders (X-3) of the documents SDM looks after, each for
whoever may open the page the item links to."""

from django.urls import reverse

from akun.permissions import has_module
from lsp_portal.worklist import WorkItem, links_provider

from . import permissions, selectors, services, sources
from .models import today


def declaration_to_sign(user) -> list[WorkItem]:
    """X-6: an active asesor without a declaration in force this year (none, or its record
    voided) is asked to sign it. Two queries, for asesor only."""
    if not permissions.is_asesor(user):
        return []
    asesor = selectors.own_asesor(user)
    if asesor is None or not asesor.personel.aktif:
        return []
    year = today().year
    if services.deklarasi_this_year(asesor, year) is not None:
        return []
    return [
        WorkItem(
            label=f"Pernyataan imparsialitas {year} yang perlu Anda tandatangani",
            count=1,
            url=reverse("sdm:deklarasi"),
        )
    ]


def own_documents_ending(user) -> list[WorkItem]:
    """X-3: the user's own competency certificates and MET registration ending within the
    reminder horizon (or ended), on their own profile. Two queries."""
    if not permissions.can_open_own(user):
        return []
    count = (
        sources.expiring_sertifikat().filter(personel__user=user).count()
        + sources.expiring_met().filter(personel__user=user).count()
    )
    return [
        WorkItem(
            "Sertifikat atau registrasi MET Anda yang akan atau sudah berakhir", count, reverse("sdm:saya")
        )
    ]


def _urls(source):
    return lambda user: [item.url for item in source()]


# X-3, for the SDM staff (the SDM home lists them with their dates): one query each.
certificates_ending = links_provider(
    "Sertifikat kompetensi personel yang akan atau sudah berakhir",
    visible=permissions.can_open,
    links=_urls(sources.sertifikat_expiries),
    list_url="sdm:home",
)
met_ending = links_provider(
    "Registrasi MET asesor yang akan atau sudah berakhir",
    visible=permissions.can_open,
    links=_urls(sources.met_expiries),
    list_url="sdm:home",
)
contracts_ending = links_provider(
    "Kontrak pemeliharaan sistem yang akan atau sudah berakhir",
    visible=permissions.can_open,
    links=_urls(sources.kontrak_expiries),
    list_url="sdm:home",
)
# The LSP's licence, for whoever edits the portal (where the licence is renewed).
licence_ending = links_provider(
    "Lisensi BNSP LSP yang akan atau sudah berakhir",
    visible=lambda user: has_module(user, "manage_portal"),
    links=_urls(sources.lisensi_expiries),
    list_url="portal:lisensi-edit",
)

REMINDERS = [own_documents_ending, certificates_ending, met_ending, contracts_ending, licence_ending]
