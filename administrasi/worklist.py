"""What the records engine puts on a person's dashboard (lsp_portal.worklist)."""

from django.urls import reverse

from lsp_portal.worklist import links_provider

from .permissions import dokumen_to_sign


def _sign_pages(user):
    pks = dokumen_to_sign(user).order_by("pk").values_list("pk", flat=True)
    return [reverse("administrasi:dokumen-sign", args=[pk]) for pk in pks]


# Records on which the user is the next signer (one query): a single one links to its
# signing page, several to the batch-signing list (choose some or all, sign once).
records_to_sign = links_provider(
    "Dokumen yang menunggu tanda tangan Anda",
    visible=lambda user: user.is_authenticated,
    links=_sign_pages,
    list_url="administrasi:tanda-tangan-list",
)
