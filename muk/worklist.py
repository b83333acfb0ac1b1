"""What MUK puts on a person's dashboard (lsp_portal.worklist)."""

from django.db.models import Q
from django.urls import reverse

from lsp_portal.worklist import WorkItem

from .models import MukVersi
from .permissions import can_validate_muk


def versions_to_validate(user) -> list[WorkItem]:
    """MUK versions under review that the user may validate (sign FR.VA): for holders of
    validate_muk, every submitted version they neither drafted nor submitted (the rule of
    permissions.can_validate_versi). One item per version, linking to its review; one query."""
    if not can_validate_muk(user):
        return []
    versions = (
        MukVersi.objects.filter(status=MukVersi.Status.DIAJUKAN)
        .exclude(Q(disusun_oleh=user) | Q(diajukan_oleh=user))
        .select_related("skema")
        .order_by("skema__kode", "nomor")
    )
    return [
        WorkItem(
            label=f"MUK {v.skema.kode} versi {v.nomor} menunggu validasi Anda (FR.VA)",
            count=1,
            url=reverse("muk:versi-review", args=[v.skema_id, v.nomor]),
        )
        for v in versions
    ]
