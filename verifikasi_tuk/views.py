from django.shortcuts import render

from akun.permissions import module_required

from .permissions import can_open


@module_required(can_open)
def home_view(request):
    return render(request, "verifikasi_tuk/home.html")


def konflik_view(request):
    from django.http import Http404

    raise Http404
