"""Staff pages that edit the public portal (SE-A4.1): akun.manage_portal; others 403,
anonymous users go to the login page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from akun.permissions import module_required
from lsp_portal.errors import show_error
from lsp_portal.pagination import paginate
from muk.permissions import can_manage_skema

from . import selectors, services
from .forms import BeritaForm, HalamanForm, LisensiForm, ProfilForm
from .models import SINGLE_ROW, Berita, HalamanPublik, Lisensi, ProfilLSP
from .permissions import can_manage_portal

STAFF_PAGE_SIZE = 25


@module_required(can_manage_portal)
def admin_home_view(request):
    return render(
        request,
        "portal/admin/home.html",
        {
            "profil": selectors.profil_get(),
            "lisensi": selectors.lisensi_get(),
            "halaman_list": HalamanPublik.objects.only("kunci", "judul", "diperbarui"),
            "jumlah_berita": Berita.objects.count(),
            "jumlah_draf": Berita.objects.filter(terbit=False).count(),
            # Schemes are master data of muk; the portal only shows the active ones.
            "can_manage_skema": can_manage_skema(request.user),
        },
    )


@module_required(can_manage_portal)
def profil_edit_view(request):
    profil = selectors.profil_get() or ProfilLSP(pk=SINGLE_ROW)
    form = ProfilForm(request.POST or None, request.FILES or None, instance=profil)
    if request.method == "POST" and form.is_valid():
        try:
            services.profil_update(**form.service_kwargs(), actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, "Profil LSP disimpan.")
            return redirect("portal:admin-home")
    return render(request, "portal/admin/profil_form.html", {"form": form, "profil": selectors.profil_get()})


@module_required(can_manage_portal)
def lisensi_edit_view(request):
    lisensi = selectors.lisensi_get() or Lisensi(pk=SINGLE_ROW)
    form = LisensiForm(request.POST or None, request.FILES or None, instance=lisensi)
    if request.method == "POST" and form.is_valid():
        try:
            services.lisensi_update(**form.service_kwargs(), actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, "Data lisensi disimpan.")
            return redirect("portal:admin-home")
    return render(
        request, "portal/admin/lisensi_form.html", {"form": form, "lisensi": selectors.lisensi_get()}
    )


@module_required(can_manage_portal)
def berita_admin_list_view(request):
    """Every news item, drafts included, newest first."""
    berita = Berita.objects.defer("isi")
    page = paginate(request, berita, per_page=STAFF_PAGE_SIZE)
    return render(request, "portal/admin/berita_list.html", {"page": page})


@module_required(can_manage_portal)
def berita_create_view(request):
    form = BeritaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            berita = services.berita_create(**form.service_kwargs(), actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, "Berita disimpan sebagai draf. Terbitkan agar tampil di portal.")
            return redirect("portal:berita-edit", pk=berita.pk)
    return render(request, "portal/admin/berita_form.html", {"form": form, "berita": None})


@module_required(can_manage_portal)
def berita_edit_view(request, pk):
    berita = get_object_or_404(Berita, pk=pk)
    form = BeritaForm(request.POST or None, instance=berita)
    if request.method == "POST" and form.is_valid():
        try:
            services.berita_update(berita=berita, **form.service_kwargs(), actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, "Perubahan berita disimpan.")
            return redirect("portal:berita-admin-list")
    # A refused POST has written the submitted values into form.instance: show the stored ones.
    shown = get_object_or_404(Berita, pk=pk) if request.method == "POST" else berita
    return render(request, "portal/admin/berita_form.html", {"form": form, "berita": shown})


def _berita_confirm(request, pk, *, action: str):
    berita = get_object_or_404(Berita, pk=pk)
    if action == "publish" and berita.terbit:
        messages.info(request, "Berita ini sudah terbit.")
        return redirect("portal:berita-admin-list")
    if action == "unpublish" and not berita.terbit:
        messages.info(request, "Berita ini belum terbit.")
        return redirect("portal:berita-admin-list")
    if request.method == "POST":
        if action == "publish":
            services.berita_publish(berita=berita, actor=request.user)
            messages.success(request, f"“{berita.judul}” diterbitkan dan tampil di portal.")
        elif action == "unpublish":
            services.berita_unpublish(berita=berita, actor=request.user)
            messages.success(request, f"“{berita.judul}” ditarik dari portal.")
        else:
            services.berita_delete(berita=berita, actor=request.user)
            messages.success(request, f"“{berita.judul}” dihapus.")
        return redirect("portal:berita-admin-list")
    return render(request, "portal/admin/berita_confirm.html", {"berita": berita, "action": action})


@module_required(can_manage_portal)
def berita_publish_view(request, pk):
    """GET: confirm; POST: publish. Already published → back to the list."""
    return _berita_confirm(request, pk, action="publish")


@module_required(can_manage_portal)
def berita_unpublish_view(request, pk):
    """GET: confirm; POST: withdraw from the public pages. Not published → back to the list."""
    return _berita_confirm(request, pk, action="unpublish")


@module_required(can_manage_portal)
def berita_delete_view(request, pk):
    """GET: confirm; POST: delete for good."""
    return _berita_confirm(request, pk, action="delete")


@module_required(can_manage_portal)
def halaman_edit_view(request, kunci):
    halaman = get_object_or_404(HalamanPublik, kunci=kunci)
    form = HalamanForm(request.POST or None, instance=halaman)
    if request.method == "POST" and form.is_valid():
        try:
            services.halaman_update(halaman=halaman, **form.service_kwargs(), actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Halaman “{form.cleaned_data['judul']}” disimpan.")
            return redirect("portal:admin-home")
    shown = get_object_or_404(HalamanPublik, kunci=kunci) if request.method == "POST" else halaman
    return render(request, "portal/admin/halaman_form.html", {"form": form, "halaman": shown})
