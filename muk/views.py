"""Scheme pages (SE-A4.1, SE-A4.6): staff with `use_muk` view, `manage_skema` edits."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from akun.permissions import module_required

from . import importer, selectors, services
from .forms import PersyaratanForm, SkemaForm, StructureImportForm
from .permissions import can_manage_skema, can_open, visible_skema

MAX_ERRORS_SHOWN = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@module_required(can_open)
def home_view(request):
    return render(request, "muk/home.html", {"can_manage": can_manage_skema(request.user)})


@module_required(can_open)
def skema_list_view(request):
    return render(
        request,
        "muk/skema_list.html",
        {"schemes": selectors.skema_list(user=request.user), "can_manage": can_manage_skema(request.user)},
    )


@module_required(can_open)
def skema_detail_view(request, pk):
    skema = get_object_or_404(selectors.skema_with_structure(user=request.user), pk=pk)
    return render(
        request,
        "muk/skema_detail.html",
        {
            "skema": skema,
            "belum_lengkap": [u for u in skema.units.all() if not u.lengkap],
            "persyaratan": selectors.persyaratan_by_jenis(skema),
            "muk_berlaku": selectors.muk_usable(skema),
            "can_manage": can_manage_skema(request.user),
        },
    )


def _save_skema(request, form, skema=None):
    """The service's answer: the saved scheme, or None with its errors on the form."""
    try:
        if skema is None:
            return services.skema_create(actor=request.user, **form.cleaned_data)
        return services.skema_update(skema=skema, actor=request.user, **form.cleaned_data)
    except ValidationError as e:
        form.add_error(None, e)
        return None


@module_required(can_manage_skema)
def skema_create_view(request):
    form = SkemaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        skema = _save_skema(request, form)
        if skema is not None:
            messages.success(
                request, f"Skema {skema.kode} ditambahkan. Lanjutkan dengan mengimpor unit dan KUK."
            )
            return redirect(skema)
    return render(request, "muk/skema_form.html", {"form": form, "skema": None})


@module_required(can_manage_skema)
def skema_edit_view(request, pk):
    skema = get_object_or_404(visible_skema(request.user), pk=pk)
    # A copy: validating the form changes its instance, and the page's heading keeps the saved values.
    form = SkemaForm(request.POST or None, instance=copy.copy(skema))
    if request.method == "POST" and form.is_valid():
        saved = _save_skema(request, form, skema)
        if saved is not None:
            messages.success(request, f"Skema {saved.kode} disimpan.")
            return redirect(saved)
    return render(request, "muk/skema_form.html", {"form": form, "skema": skema})


@module_required(can_manage_skema)
def skema_import_view(request, pk):
    """Upload a KUK sheet: all rows valid → the scheme's units become the sheet's (rows
    matched by code and number); otherwise every problem is listed and nothing changes."""
    skema = get_object_or_404(visible_skema(request.user), pk=pk)
    form = StructureImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.skema_import_structure(
                skema=skema, upload=form.cleaned_data["berkas"], actor=request.user
            )
        except importer.ImportRefused as e:
            errors = e.errors
        else:
            same = "" if summary.perubahan else " Tidak ada yang berubah: isi skema sudah sama dengan berkas."
            messages.success(
                request,
                f"Impor berhasil: {summary.units} unit, {summary.elemen} elemen, {summary.kuk} KUK.{same}",
            )
            if summary.belum_lengkap:
                messages.warning(
                    request,
                    f"{len(summary.belum_lengkap)} unit belum lengkap (belum memiliki elemen, atau ada "
                    f"elemen tanpa KUK) dan belum dapat dipakai dalam asesmen: "
                    f"{'; '.join(summary.belum_lengkap)}.",
                )
            return redirect(skema)
    return render(
        request,
        "muk/skema_import.html",
        {
            "skema": skema,
            "form": form,
            "errors": errors,
            "errors_shown": errors[:MAX_ERRORS_SHOWN],
            "errors_more": max(len(errors) - MAX_ERRORS_SHOWN, 0),
            "unit_count": skema.units.count(),
        },
    )


@module_required(can_manage_skema)
def import_template_view(request):
    response = HttpResponse(importer.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-kuk.xlsx"'
    return response


@module_required(can_manage_skema)
def persyaratan_edit_view(request, pk):
    skema = get_object_or_404(visible_skema(request.user).prefetch_related("persyaratan"), pk=pk)
    form = PersyaratanForm(request.POST or None, skema=skema)
    if request.method == "POST" and form.is_valid():
        try:
            services.persyaratan_replace(skema=skema, items=form.items(), actor=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Persyaratan dasar disimpan.")
            return redirect(skema)
    return render(request, "muk/persyaratan_form.html", {"skema": skema, "form": form})
