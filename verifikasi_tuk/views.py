"""The app's home (the requests the user may see, with what waits on them first) and the
declaration of conflicts of interest with a TUK (X-6)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.pagination import paginate

from . import permissions, services
from .forms import KonflikForm
from .models import KonflikTuk
from .views_permintaan import scheme_map
from .worklist import actionable, with_relations

PAGE_SIZE = 25


@module_required(permissions.can_open)
def home_view(request):
    user = request.user
    page = paginate(request, with_relations(permissions.visible_permintaan(user)), per_page=PAGE_SIZE)
    by_id = scheme_map()
    rows = [{"p": p, "skema": [by_id.get(i) or f"Skema #{i}" for i in p.skema_ids]} for p in page.object_list]
    return render(
        request,
        "verifikasi_tuk/home.html",
        {
            "page": page,
            "rows": rows,
            "todo": actionable(user),
            "can_request": permissions.can_request(user),
            "can_declare_konflik": permissions.can_declare_konflik(user),
        },
    )


@module_required(permissions.can_declare_konflik)
def konflik_view(request):
    """X-6: the user's own personnel row declares a conflict with a TUK; their declarations."""
    from sdm.models import Personel

    personel = Personel.objects.filter(user=request.user).first()
    if personel is None:  # can_declare_konflik asked for one; a race answers 403
        raise PermissionDenied
    form = KonflikForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.konflik_declare(
                personel=personel,
                tuk=form.cleaned_data["tuk"],
                alasan=form.cleaned_data["alasan"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"Benturan kepentingan dengan {form.cleaned_data['tuk'].nama} dicatat. Anda tidak akan "
                "ditugaskan memverifikasi TUK ini.",
            )
            return redirect("verifikasi_tuk:konflik")
    daftar = KonflikTuk.objects.filter(personel=personel).select_related("tuk").order_by("-created_at", "-pk")
    return render(
        request, "verifikasi_tuk/konflik_form.html", {"form": form, "daftar": daftar, "personel": personel}
    )
