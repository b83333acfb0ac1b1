from django.shortcuts import render

from akun.permissions import module_required

from .permissions import can_open
from .views_pengaduan import ringkasan_context


@module_required(can_open)
def home_view(request):
    return render(request, "banding/home.html", ringkasan_context(request))
