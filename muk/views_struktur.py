"""The structure editor (SE-A4.6): a scheme's units, their elements and KUK, added, changed,
reordered and deleted by hand, behind `manage_skema`. Every page works without JavaScript
(moves are small POST forms); every refusal comes from services.struktur with its reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from akun.permissions import module_required
from lsp_portal.errors import show_error

from . import selectors, services
from .forms import ElemenForm, KukForm, PindahForm, UnitForm
from .models import KUK, Elemen, UnitKompetensi
from .permissions import can_manage_skema, visible_skema


def _data(request):
    return request.POST if request.method == "POST" else None


def _skema(request, pk):
    return get_object_or_404(visible_skema(request.user), pk=pk)


def _unit(skema, upk) -> UnitKompetensi:
    unit = get_object_or_404(UnitKompetensi, skema=skema, pk=upk)
    unit.skema = skema
    return unit


def _elemen(unit, epk) -> Elemen:
    elemen = get_object_or_404(Elemen, unit=unit, pk=epk)
    elemen.unit = unit
    return elemen


def _kuk(elemen, kpk) -> KUK:
    kuk = get_object_or_404(KUK, elemen=elemen, pk=kpk)
    kuk.elemen = elemen
    return kuk


def _unit_url(unit, anchor=""):
    url = reverse("muk:unit-detail", args=[unit.skema_id, unit.pk])
    return f"{url}#{anchor}" if anchor else url


def _list_url(skema, anchor=""):
    url = reverse("muk:unit-list", args=[skema.pk])
    return f"{url}#{anchor}" if anchor else url


def _lock_refusal(unit) -> str:
    return selectors.unit_lock_refusal(unit, selectors.unit_locks([unit.pk]).get(unit.pk))


def _refused(request, unit):
    """Back to the unit with the reason when a MUK version fixes its content, else None."""
    refusal = _lock_refusal(unit)
    if refusal:
        messages.error(request, refusal)
        return redirect(_unit_url(unit))
    return None


def _form_page(request, template_context):
    return render(request, "muk/struktur_form.html", template_context)


# --- units -----------------------------------------------------------------------------------


@module_required(can_manage_skema)
def unit_list_view(request, pk):
    skema = _skema(request, pk)
    units = selectors.unit_editor_rows(skema)
    return render(
        request,
        "muk/unit_list.html",
        {
            "skema": skema,
            "units": units,
            "belum_lengkap": sum(1 for u in units if u.gap),
            "berlaku": selectors.muk_usable(skema),
        },
    )


@module_required(can_manage_skema)
def unit_create_view(request, pk):
    skema = _skema(request, pk)
    form = UnitForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(skema=skema, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"Unit {unit.kode} ditambahkan. Tambahkan elemen dan KUK-nya; sampai itu unit ini "
                "ditandai belum lengkap dan belum dapat dipakai dalam asesmen.",
            )
            return redirect(_unit_url(unit))
    return _form_page(
        request,
        {
            "skema": skema,
            "form": form,
            "title": "Tambah unit kompetensi",
            "cancel": _list_url(skema),
            "note": "Unit baru ditempatkan di akhir daftar; urutannya dapat diubah di daftar unit.",
        },
    )


@module_required(can_manage_skema)
def unit_detail_view(request, pk, upk):
    skema = _skema(request, pk)
    unit = selectors.unit_with_structure(skema, upk)
    if unit is None:
        raise Http404
    lock = selectors.unit_locks([unit.pk]).get(unit.pk)
    return render(
        request,
        "muk/unit_detail.html",
        {
            "skema": skema,
            "unit": unit,
            "gap": selectors.unit_gaps([unit.pk])[unit.pk],
            "lock": lock,
            "lock_refusal": selectors.unit_lock_refusal(unit, lock),
        },
    )


@module_required(can_manage_skema)
def unit_edit_view(request, pk, upk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    form = UnitForm(_data(request), unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(unit=unit, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Unit {unit.kode} disimpan.")
            return redirect(_unit_url(unit))
    return _form_page(
        request,
        {
            "skema": skema,
            "unit": unit,
            "form": form,
            "title": f"Ubah unit {unit.kode}",
            "cancel": _unit_url(unit),
            "warning": _lock_refusal(unit),
        },
    )


@module_required(can_manage_skema)
def unit_delete_view(request, pk, upk):
    """GET: confirm (or the reason it may not be deleted); POST: delete the unit."""
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refusal = selectors.unit_delete_refusal(unit) or selectors.kuk_delete_refusal(
        KUK.objects.filter(elemen__unit=unit).values_list("pk", flat=True)
    )
    if refusal:
        messages.error(request, refusal)
        return redirect(_unit_url(unit))
    if request.method == "POST":
        try:
            services.unit_delete(unit=unit, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
            return redirect(_unit_url(unit))
        messages.success(request, f"Unit {unit.kode} dihapus dari skema.")
        return redirect(_list_url(skema))
    counts = (Elemen.objects.filter(unit=unit).count(), KUK.objects.filter(elemen__unit=unit).count())
    return render(
        request,
        "muk/confirm_delete.html",
        {
            "title": f"Hapus unit {unit.kode}?",
            "text": f"Unit {unit.kode} {unit.judul} beserta {counts[0]} elemen dan {counts[1]} KUK-nya "
            "dihapus dari skema. Penghapusan tercatat di jejak audit.",
            "cancel": _unit_url(unit),
        },
    )


@module_required(can_manage_skema)
@require_POST
def unit_move_view(request, pk, upk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    form = PindahForm(request.POST)
    if form.is_valid():
        try:
            services.unit_move(unit=unit, arah=form.cleaned_data["arah"], actor=request.user)
        except ValidationError as e:
            show_error(request, e)
    return redirect(_list_url(skema, f"unit-{unit.pk}"))


# --- elements --------------------------------------------------------------------------------


@module_required(can_manage_skema)
def elemen_create_view(request, pk, upk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refused = _refused(request, unit)
    if refused:
        return refused
    form = ElemenForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            elemen = services.elemen_create(unit=unit, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Elemen {elemen.nomor} ditambahkan. Tambahkan KUK-nya.")
            return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    return _form_page(
        request,
        {
            "skema": skema,
            "unit": unit,
            "form": form,
            "title": f"Tambah elemen unit {unit.kode}",
            "cancel": _unit_url(unit),
            "note": "Elemen baru diberi nomor berikutnya; nomornya dapat diubah dengan Naik/Turun.",
        },
    )


@module_required(can_manage_skema)
def elemen_edit_view(request, pk, upk, epk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refused = _refused(request, unit)
    if refused:
        return refused
    elemen = _elemen(unit, epk)
    form = ElemenForm(_data(request), initial={"judul": elemen.judul})
    if request.method == "POST" and form.is_valid():
        try:
            services.elemen_update(elemen=elemen, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Elemen {elemen.nomor} disimpan.")
            return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    return _form_page(
        request,
        {
            "skema": skema,
            "unit": unit,
            "form": form,
            "title": f"Ubah elemen {elemen.nomor} unit {unit.kode}",
            "cancel": _unit_url(unit),
        },
    )


@module_required(can_manage_skema)
def elemen_delete_view(request, pk, upk, epk):
    """GET: confirm (or the reason it may not be deleted); POST: delete the element."""
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refused = _refused(request, unit)
    if refused:
        return refused
    elemen = _elemen(unit, epk)
    refusal = selectors.kuk_delete_refusal(KUK.objects.filter(elemen=elemen).values_list("pk", flat=True))
    if refusal:
        messages.error(request, refusal)
        return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    if request.method == "POST":
        try:
            services.elemen_delete(elemen=elemen, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
        else:
            messages.success(request, f"Elemen {elemen.nomor} dihapus; elemen sesudahnya dinomori ulang.")
        return redirect(_unit_url(unit))
    return render(
        request,
        "muk/confirm_delete.html",
        {
            "title": f"Hapus elemen {elemen.nomor}?",
            "text": f"Elemen {elemen.nomor} “{elemen.judul}” beserta {elemen.kuk.count()} KUK-nya dihapus "
            f"dari unit {unit.kode}; elemen sesudahnya dinomori ulang. Penghapusan tercatat di jejak audit.",
            "cancel": _unit_url(unit, f"elemen-{elemen.pk}"),
        },
    )


@module_required(can_manage_skema)
@require_POST
def elemen_move_view(request, pk, upk, epk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    elemen = _elemen(unit, epk)
    form = PindahForm(request.POST)
    if form.is_valid():
        try:
            services.elemen_move(elemen=elemen, arah=form.cleaned_data["arah"], actor=request.user)
        except ValidationError as e:
            show_error(request, e)
    return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))


# --- KUK -------------------------------------------------------------------------------------


@module_required(can_manage_skema)
def kuk_create_view(request, pk, upk, epk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refused = _refused(request, unit)
    if refused:
        return refused
    elemen = _elemen(unit, epk)
    form = KukForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            kuk = services.kuk_create(elemen=elemen, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"KUK {kuk.nomor} ditambahkan.")
            if "simpan_tambah" in request.POST:
                return redirect("muk:kuk-create", pk=skema.pk, upk=unit.pk, epk=elemen.pk)
            return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    return _form_page(
        request,
        {
            "skema": skema,
            "unit": unit,
            "form": form,
            "title": f"Tambah KUK elemen {elemen.nomor} unit {unit.kode}",
            "subtitle": f"Elemen {elemen.nomor}: {elemen.judul}",
            "cancel": _unit_url(unit, f"elemen-{elemen.pk}"),
            "save_and_add": True,
        },
    )


@module_required(can_manage_skema)
def kuk_edit_view(request, pk, upk, epk, kpk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refused = _refused(request, unit)
    if refused:
        return refused
    elemen = _elemen(unit, epk)
    kuk = _kuk(elemen, kpk)
    form = KukForm(_data(request), initial={"teks": kuk.teks})
    if request.method == "POST" and form.is_valid():
        try:
            services.kuk_update(kuk=kuk, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"KUK {kuk.nomor} disimpan.")
            return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    return _form_page(
        request,
        {
            "skema": skema,
            "unit": unit,
            "form": form,
            "title": f"Ubah KUK {kuk.nomor} unit {unit.kode}",
            "subtitle": f"Elemen {elemen.nomor}: {elemen.judul}",
            "cancel": _unit_url(unit, f"elemen-{elemen.pk}"),
        },
    )


@module_required(can_manage_skema)
def kuk_delete_view(request, pk, upk, epk, kpk):
    """GET: confirm (or the reason it may not be deleted); POST: delete the KUK."""
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    refused = _refused(request, unit)
    if refused:
        return refused
    elemen = _elemen(unit, epk)
    kuk = _kuk(elemen, kpk)
    refusal = selectors.kuk_delete_refusal([kuk.pk])
    if refusal:
        messages.error(request, refusal)
        return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    if request.method == "POST":
        try:
            services.kuk_delete(kuk=kuk, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
        else:
            messages.success(request, f"KUK {kuk.nomor} dihapus; KUK sesudahnya dinomori ulang.")
        return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
    return render(
        request,
        "muk/confirm_delete.html",
        {
            "title": f"Hapus KUK {kuk.nomor}?",
            "text": f"KUK {kuk.nomor} “{kuk.teks[:200]}” dihapus dari elemen {elemen.nomor} unit "
            f"{unit.kode}; KUK sesudahnya dinomori ulang. Penghapusan tercatat di jejak audit.",
            "cancel": _unit_url(unit, f"elemen-{elemen.pk}"),
        },
    )


@module_required(can_manage_skema)
@require_POST
def kuk_move_view(request, pk, upk, epk, kpk):
    skema = _skema(request, pk)
    unit = _unit(skema, upk)
    elemen = _elemen(unit, epk)
    kuk = _kuk(elemen, kpk)
    form = PindahForm(request.POST)
    if form.is_valid():
        try:
            services.kuk_move(kuk=kuk, arah=form.cleaned_data["arah"], actor=request.user)
        except ValidationError as e:
            show_error(request, e)
    return redirect(_unit_url(unit, f"elemen-{elemen.pk}"))
