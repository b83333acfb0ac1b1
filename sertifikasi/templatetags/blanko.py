"""The BNSP blanko link of a batch page (X-2):

    {% load blanko %}{% blanko_link user jadwal as blanko %}

None for whoever may not download it (permissions.can_manage_sertifikat); else the link and,
while the batch has none (no final SK keputusan, a trial batch), the reason instead. One or
two queries, only for those holders."""

from django import template
from django.urls import reverse

from ..permissions import can_manage_sertifikat
from ..services.blanko import blanko_refusal

register = template.Library()


@register.simple_tag
def blanko_link(user, jadwal) -> dict | None:
    if not can_manage_sertifikat(user):
        return None
    return {
        "url": reverse("sertifikasi:blanko", args=[jadwal.pk]),
        "kolom_url": reverse("sertifikasi:blanko-kolom"),
        "refusal": blanko_refusal(jadwal),
    }
