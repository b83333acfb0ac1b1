from django.db.models import Prefetch
from django.shortcuts import render

from akun.models import Role, User
from akun.permissions import module_required

from .permissions import can_open


@module_required(can_open)
def home_view(request):
    """SDM landing: the LSP's people by function, from their roles (SE-A4.2)."""
    active = User.objects.filter(is_active=True).order_by("nama_lengkap")
    roles = (
        Role.objects.exclude(code=Role.Code.ASESI)
        .select_related("group")
        .prefetch_related(Prefetch("group__user_set", queryset=active, to_attr="members"))
    )
    return render(request, "sdm/home.html", {"roles": roles})
