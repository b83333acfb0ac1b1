from django.shortcuts import render

from akun.models import Role
from akun.permissions import has_module, has_role, module_required

from .permissions import can_open


@module_required(can_open)
def home_view(request):
    """One landing, a section per role the user holds: asesi, asesor, LSP staff."""
    from .views_permohonan import applicant_rows

    user = request.user
    is_asesi = has_role(user, Role.Code.ASESI)
    return render(
        request,
        "sertifikasi/home.html",
        {
            "is_asesi": is_asesi,
            "is_asesor": has_role(user, Role.Code.ASESOR),
            "is_staff": has_module(user, "use_sertifikasi_staff"),
            # The applicant's own applications with status and next step (a fixed number of
            # queries, whatever their number).
            "permohonan_saya": applicant_rows(user) if is_asesi else [],
        },
    )
