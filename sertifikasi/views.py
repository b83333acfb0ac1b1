from django.shortcuts import render

from akun.models import Role
from akun.permissions import has_module, has_role, module_required

from . import permissions
from .permissions import can_open


@module_required(can_open)
def home_view(request):
    """One landing, a section per role the user holds: asesi, asesor, LSP staff."""
    from .views_jadwal import asesor_home
    from .views_permohonan import applicant_rows

    user = request.user
    is_asesi = has_role(user, Role.Code.ASESI)
    is_asesor = has_role(user, Role.Code.ASESOR)
    context = {
        "is_asesi": is_asesi,
        "is_asesor": is_asesor,
        "is_staff": has_module(user, "use_sertifikasi_staff"),
        "can_import": permissions.can_import(user),
        "can_manage_sertifikat": permissions.can_manage_sertifikat(user),
        # The applicant's own applications with status and next step (a fixed number of
        # queries, whatever their number).
        "permohonan_saya": applicant_rows(user) if is_asesi else [],
    }
    if is_asesor:
        context.update(asesor_home(user))
    return render(request, "sertifikasi/home.html", context)
