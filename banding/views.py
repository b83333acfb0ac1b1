from django.shortcuts import render

from akun.permissions import module_required

from . import permissions
from .permissions import can_open
from .views_pengaduan import ringkasan_context


@module_required(can_open)
def home_view(request):
    """The appeals' home: how it works; the candidate's own appeals and the decisions they may
    still appeal (can_file); a link to the list for those who may open it; for the banding staff
    the period's counts and durations of appeals and complaints."""
    user = request.user
    own = list(
        permissions.visible_banding(user).filter(asesi=user).select_related("keputusan__permohonan__skema")
    )
    appealable = [
        k
        for k in permissions.appealable_keputusan(user).select_related("permohonan__skema", "pleno")
        if permissions.can_file(user, k)
    ]
    return render(
        request,
        "banding/home.html",
        {
            "own": own,
            "appealable": appealable,
            "can_list": permissions.can_list(user),
            **ringkasan_context(request),  # the period's counts, for the banding staff
        },
    )
