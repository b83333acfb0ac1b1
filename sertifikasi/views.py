from django.shortcuts import render

from akun.models import Role
from akun.permissions import has_module, has_role, module_required

from .permissions import can_open


@module_required(can_open)
def home_view(request):
    """One landing, a section per role the user holds: asesi, asesor, LSP staff."""
    user = request.user
    return render(
        request,
        "sertifikasi/home.html",
        {
            "is_asesi": has_role(user, Role.Code.ASESI),
            "is_asesor": has_role(user, Role.Code.ASESOR),
            "is_staff": has_module(user, "use_sertifikasi_staff"),
        },
    )
