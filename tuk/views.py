"""TUK register pages (SE-A4.3): `use_tuk` views, `manage_tuk` edits everything, a
Pengelola TUK updates their own TUK's readiness and facilities."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from administrasi.permissions import can_open as can_open_arsip
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, add_to_form, show_error
from lsp_portal.pagination import paginate
from lsp_portal.status import labelled_history
from lsp_portal.workflow import allowed_targets

from . import selectors, services
from .forms import FasilitasForm, KesiapanForm, StatusForm, TukFilterForm, TukForm
from .permissions import (
    MANUAL_STATUS_REFUSED,
    can_edit_any_kesiapan,
    can_edit_kesiapan,
    can_manage,
    can_open,
    can_request_verification,
    can_set_status_manually,
    kesiapan_editable_tuk,
    visible_tuk,
)

PAGE_SIZE = 50


@module_required(can_open)
def tuk_list_view(request):
    """The register, filtered by type and status (as of today) and searched by name/city."""
    form = TukFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tuks = selectors.tuk_list(
        user=request.user,
        q=filters.get("q", ""),
        jenis=filters.get("jenis", ""),
        status=filters.get("status", ""),
    )
    return render(
        request,
        "tuk/tuk_list.html",
        {
            "form": form,
            "page": paginate(request, tuks, per_page=PAGE_SIZE),
            "can_manage": can_manage(request.user),
        },
    )


@module_required(can_open)
def tuk_detail_view(request, pk):
    tuk = get_object_or_404(selectors.tuk_detail(user=request.user), pk=pk)
    return render(
        request,
        "tuk/tuk_detail.html",
        {
            "tuk": tuk,
            "history": labelled_history(tuk),
            "can_manage": can_manage(request.user),
            "can_edit_kesiapan": can_edit_kesiapan(request.user, tuk),
            "can_open_arsip": can_open_arsip(request.user),
            "can_request_verification": can_request_verification(request.user, tuk),
            "hari_ini": timezone.localdate(),
            "penetapan_terakhir": selectors.penetapan_terakhir(tuk),
        },
    )


def _save(form, save):
    """The service's answer: the saved object, or None with its errors on the form."""
    try:
        return save()
    except ValidationError as e:
        add_to_form(form, e)
        return None


@module_required(can_manage)
def tuk_create_view(request):
    form = TukForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tuk = _save(form, lambda: services.tuk_create(actor=request.user, **form.cleaned_data))
        if tuk is not None:
            messages.success(request, f"TUK {tuk.kode} ditambahkan dengan status Draf.")
            return redirect(tuk)
    return render(request, "tuk/tuk_form.html", {"form": form, "tuk": None})


@module_required(can_manage)
def tuk_edit_view(request, pk):
    tuk = get_object_or_404(visible_tuk(request.user), pk=pk)
    # A copy: validating the form changes its instance, and the heading keeps the saved values.
    form = TukForm(request.POST or None, instance=copy.copy(tuk))
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda: services.tuk_update(tuk=tuk, actor=request.user, **form.cleaned_data))
        if saved is not None:
            messages.success(request, f"Data TUK {saved.kode} disimpan.")
            return redirect(saved)
    return render(request, "tuk/tuk_form.html", {"form": form, "tuk": tuk})


@module_required(can_manage)
def tuk_status_view(request, pk):
    """Withdraw a TUK (Kedaluwarsa = dicabut, or Draf) with the reason. Verifying is the TUK
    verification's: Terverifikasi is refused here (can_set_status_manually)."""
    tuk = get_object_or_404(visible_tuk(request.user), pk=pk)
    form = StatusForm(request.POST or None, targets=allowed_targets(tuk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if not can_set_status_manually(request.user, data["status"]):
                raise ServiceError(MANUAL_STATUS_REFUSED, field="status")
            saved = services.tuk_set_status(
                tuk=tuk, status=data["status"], note=data["catatan"], actor=request.user
            )
        except ValidationError as e:  # a ServiceError too: the status transition
            show_error(request, e, form)
        else:
            label = saved.get_status_efektif_display()
            messages.success(request, f"Status TUK {saved.kode} menjadi {label}.")
            return redirect(saved)
    return render(
        request,
        "tuk/tuk_status.html",
        {"form": form, "tuk": tuk, "can_request_verification": can_request_verification(request.user, tuk)},
    )


@module_required(can_edit_any_kesiapan)
def kesiapan_edit_view(request, pk):
    tuk = get_object_or_404(kesiapan_editable_tuk(request.user), pk=pk)
    form = KesiapanForm(request.POST or None, instance=copy.copy(tuk))
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form, lambda: services.tuk_update_kesiapan(tuk=tuk, actor=request.user, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, "Kesiapan asesmen jarak jauh disimpan.")
            return redirect(saved)
    return render(request, "tuk/kesiapan_form.html", {"form": form, "tuk": tuk})


@module_required(can_edit_any_kesiapan)
def fasilitas_add_view(request, pk):
    tuk = get_object_or_404(kesiapan_editable_tuk(request.user), pk=pk)
    form = FasilitasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fasilitas = _save(
            form, lambda: services.fasilitas_add(tuk=tuk, actor=request.user, **form.cleaned_data)
        )
        if fasilitas is not None:
            messages.success(request, f"Fasilitas {fasilitas.nama} ditambahkan.")
            return redirect(tuk.get_absolute_url() + "#fasilitas")
    return render(request, "tuk/fasilitas_form.html", {"form": form, "tuk": tuk, "fasilitas": None})


@module_required(can_edit_any_kesiapan)
def fasilitas_edit_view(request, pk, fid):
    tuk = get_object_or_404(kesiapan_editable_tuk(request.user), pk=pk)
    fasilitas = get_object_or_404(tuk.fasilitas.all(), pk=fid)
    form = FasilitasForm(request.POST or None, instance=copy.copy(fasilitas))
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: services.fasilitas_update(fasilitas=fasilitas, actor=request.user, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, f"Fasilitas {saved.nama} disimpan.")
            return redirect(tuk.get_absolute_url() + "#fasilitas")
    return render(request, "tuk/fasilitas_form.html", {"form": form, "tuk": tuk, "fasilitas": fasilitas})


@module_required(can_edit_any_kesiapan)
def fasilitas_delete_view(request, pk, fid):
    """GET: confirmation page; POST: remove the line."""
    tuk = get_object_or_404(kesiapan_editable_tuk(request.user), pk=pk)
    fasilitas = get_object_or_404(tuk.fasilitas.all(), pk=fid)
    if request.method == "POST":
        services.fasilitas_remove(fasilitas=fasilitas, actor=request.user)
        messages.success(request, f"Fasilitas {fasilitas.nama} dihapus dari daftar.")
        return redirect(tuk.get_absolute_url() + "#fasilitas")
    return render(request, "tuk/fasilitas_delete.html", {"tuk": tuk, "fasilitas": fasilitas})
