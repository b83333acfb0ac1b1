"""The public pages of the TUK register (no login; issue 12, SE-A4.3): the TUK verified today
with the schemes each may host, and one page per verified (or once verified) TUK with its
verification status, validity and SK penetapan. No person in charge's phone or e-mail and no
Pengelola TUK account: what the LSP publishes, not its contacts."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lsp_portal.pagination import paginate
from lsp_portal.status import ERR, OK, WARN, Badge

from . import selectors
from .forms import PublicSearchForm
from .models import Tuk

PAGE_SIZE = 50


def public_status(tuk: Tuk, today) -> Badge:
    """The status the public sees: verified only while it is in force; a verification
    withdrawn (Kedaluwarsa before its date, or back to Draf) or past its date, as such."""
    S = Tuk.Status
    if tuk.status_on(today) == S.TERVERIFIKASI:
        return Badge("Terverifikasi", OK)
    if tuk.status == S.TERVERIFIKASI:  # past its date
        return Badge("Kedaluwarsa", WARN)
    if tuk.status == S.KEDALUWARSA:
        return Badge("Dicabut", ERR)
    return Badge("Tidak terverifikasi", ERR)


@require_safe
def public_list_view(request):
    """The TUK verified today, searchable by name and city, with type, city, the schemes
    each may host and the date its verification ends."""
    form = PublicSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.public_tuk_list(q=q), per_page=PAGE_SIZE)
    return render(request, "tuk/public_list.html", {"form": form, "page": page})


@require_safe
def public_detail_view(request, pk):
    """One TUK as the public sees it; a TUK never verified answers 404."""
    tuk = get_object_or_404(selectors.public_tuk_detail(), pk=pk)
    today = timezone.localdate()
    badge = public_status(tuk, today)
    return render(
        request,
        "tuk/public_detail.html",
        {
            "tuk": tuk,
            "badge": badge,
            "berlaku": badge.tone == OK,
            "hari_ini": today,
            "penetapan_terakhir": selectors.penetapan_terakhir(tuk),
        },
    )
