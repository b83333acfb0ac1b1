"""Each person's notifications: the list behind the header's bell, opening one (marks it read
and goes to the page where to act) and marking all read. Someone else's notification is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .notifications import (
    is_site_path,
    notifikasi_mark_all_read,
    notifikasi_mark_read,
    visible_notifikasi,
)
from .pagination import paginate


@login_required
def notifikasi_list_view(request):
    page = paginate(request, visible_notifikasi(request.user), per_page=25)
    return render(request, "notifikasi/list.html", {"page": page})


@login_required
@require_POST
def notifikasi_open_view(request, pk):
    notifikasi = get_object_or_404(visible_notifikasi(request.user), pk=pk)
    notifikasi_mark_read(notifikasi=notifikasi, actor=request.user)
    # Stored links are site paths (notify() checks); checked again here: never an open redirect.
    if not is_site_path(notifikasi.url):
        messages.error(request, "Tautan notifikasi ini tidak dapat dibuka.")
        return redirect("notifikasi:list")
    return redirect(notifikasi.url)


@login_required
@require_POST
def notifikasi_read_all_view(request):
    count = notifikasi_mark_all_read(actor=request.user)
    if count:
        messages.success(request, f"{count} notifikasi ditandai sudah dibaca.")
    else:
        messages.info(request, "Tidak ada notifikasi yang belum dibaca.")
    return redirect("notifikasi:list")
