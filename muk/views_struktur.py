"""The structure editor (SE-A4.6): a scheme's units, their elements and KUK, added, changed,
reordered and deleted by hand, behind `manage_skema`. Every page works without JavaScript
(moves are small POST forms); every refusal comes from services.struktur with its reason."""

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from akun.permissions import module_required
from lsp_portal.errors import show_error

from . import selectors, services
from .forms import ElemenForm, KukForm, PindahForm, UnitForm
from .models import KUK, Elemen, Skema, UnitKompetensi
from .permissions import can_manage_skema, visible_skema


def _data(request):
    return request.POST if request.method == "POST" else None


def _skema(request, pk):
    return get_object_or_404(visible_skema(request.user), pk=pk)


def _unit(skema, upk) -> UnitKompetensi:
    unit = get_object_or_404(UnitKompetensi, skema=skema, pk=upk)
    unit.skema = skema
    return unit


@dataclass
class _Rows:
    """The rows a structure URL names, each with its parent set (no query to reach it)."""

    skema: Skema
    unit: UnitKompetensi
    elemen: Elemen | None = None
    kuk: KUK | None = None
    refused: HttpResponse | None = None

    @property
    def elemen_url(self) -> str:
        """The unit's page at the element (where a change to an element or KUK goes back to)."""
        return _unit_url(self.unit, f"elemen-{self.elemen.pk}")


def _rows(request, pk, upk, epk=None, kpk=None, *, check_lock=False) -> _Rows:
    """The scheme, unit, element and KUK of a structure URL (404 for any not there). With
    `check_lock`, a unit a MUK version fixes stops the look-up there, before the element:
    `refused` is then the way back to the unit with the reason (see `_refused`)."""
    skema = _skema(request, pk)
    rows = _Rows(skema, _unit(skema, upk))
    if check_lock and (refused := _refused(request, rows.unit)):
        rows.refused = refused
        return rows
    if epk is not None:
        rows.elemen = get_object_or_404(Elemen, unit=rows.unit, pk=epk)
        rows.elemen.unit = rows.unit
    if kpk is not None:
        rows.kuk = get_object_or_404(KUK, elemen=rows.elemen, pk=kpk)
        rows.kuk.elemen = rows.elemen
    return rows


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


def _attempt(request, action, form=None) -> bool:
    """Run a service call; on its refusal show the reason (on `form` when given) and say False."""
    try:
        action()
    except ValidationError as e:
        show_error(request, e, form)
        return False
    return True


def _form_view(request, form, save, done, **page):
    """A create or edit page of the structure editor: on a valid POST `save(**cleaned_data,
    actor=…)`, then `done(saved)` gives the success message and where to go; otherwise (GET,
    a bad form, a refusal shown on the form) struktur_form.html with `page`."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(**form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            message, url = done(saved)
            messages.success(request, message)
            return redirect(url)
    return render(request, "muk/struktur_form.html", {**page, "form": form})


def _delete_view(request, *, refusal, delete, message, done, back, failed=None, title, text):
    """GET: confirm_delete.html (`title`, `text()`, cancel to `back`); POST: `delete(actor=…)`,
    then `message` and `done`, or the refusal and `failed` (default `done`). A `refusal` known
    beforehand sends both back to `back` with it."""
    if refusal:
        messages.error(request, refusal)
        return redirect(back)
    if request.method == "POST":
        if not _attempt(request, lambda: delete(actor=request.user)):
            return redirect(failed or done)
        messages.success(request, message)
        return redirect(done)
    return render(request, "muk/confirm_delete.html", {"title": title, "text": text(), "cancel": back})


def _move_view(request, move, back):
    """POST naik/turun: `move(arah=…, actor=…)`, a refusal as a message; back to `back`."""
    form = PindahForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: move(arah=form.cleaned_data["arah"], actor=request.user))
    return redirect(back)


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
    return _form_view(
        request,
        UnitForm(_data(request)),
        partial(services.unit_create, skema=skema),
        lambda unit: (
            f"Unit {unit.kode} ditambahkan. Tambahkan elemen dan KUK-nya; sampai itu unit ini "
            "ditandai belum lengkap dan belum dapat dipakai dalam asesmen.",
            _unit_url(unit),
        ),
        skema=skema,
        title="Tambah unit kompetensi",
        cancel=_list_url(skema),
        note="Unit baru ditempatkan di akhir daftar; urutannya dapat diubah di daftar unit.",
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
    rows = _rows(request, pk, upk)
    unit = rows.unit
    return _form_view(
        request,
        UnitForm(_data(request), unit=unit),
        partial(services.unit_update, unit=unit),
        lambda saved: (f"Unit {saved.kode} disimpan.", _unit_url(saved)),
        skema=rows.skema,
        unit=unit,
        title=f"Ubah unit {unit.kode}",
        cancel=_unit_url(unit),
        warning=_lock_refusal(unit),
    )


@module_required(can_manage_skema)
def unit_delete_view(request, pk, upk):
    """GET: confirm (or the reason it may not be deleted); POST: delete the unit."""
    rows = _rows(request, pk, upk)
    unit = rows.unit
    return _delete_view(
        request,
        refusal=selectors.unit_delete_refusal(unit)
        or selectors.kuk_delete_refusal(KUK.objects.filter(elemen__unit=unit).values_list("pk", flat=True)),
        delete=partial(services.unit_delete, unit=unit),
        message=f"Unit {unit.kode} dihapus dari skema.",
        done=_list_url(rows.skema),
        back=_unit_url(unit),
        failed=_unit_url(unit),
        title=f"Hapus unit {unit.kode}?",
        text=lambda: (
            f"Unit {unit.kode} {unit.judul} beserta {Elemen.objects.filter(unit=unit).count()} elemen dan "
            f"{KUK.objects.filter(elemen__unit=unit).count()} KUK-nya dihapus dari skema. "
            "Penghapusan tercatat di jejak audit."
        ),
    )


@module_required(can_manage_skema)
@require_POST
def unit_move_view(request, pk, upk):
    rows = _rows(request, pk, upk)
    return _move_view(
        request, partial(services.unit_move, unit=rows.unit), _list_url(rows.skema, f"unit-{rows.unit.pk}")
    )


# --- elements --------------------------------------------------------------------------------


@module_required(can_manage_skema)
def elemen_create_view(request, pk, upk):
    rows = _rows(request, pk, upk, check_lock=True)
    if rows.refused:
        return rows.refused
    unit = rows.unit
    return _form_view(
        request,
        ElemenForm(_data(request)),
        partial(services.elemen_create, unit=unit),
        lambda elemen: (
            f"Elemen {elemen.nomor} ditambahkan. Tambahkan KUK-nya.",
            _unit_url(unit, f"elemen-{elemen.pk}"),
        ),
        skema=rows.skema,
        unit=unit,
        title=f"Tambah elemen unit {unit.kode}",
        cancel=_unit_url(unit),
        note="Elemen baru diberi nomor berikutnya; nomornya dapat diubah dengan Naik/Turun.",
    )


@module_required(can_manage_skema)
def elemen_edit_view(request, pk, upk, epk):
    rows = _rows(request, pk, upk, epk, check_lock=True)
    if rows.refused:
        return rows.refused
    unit, elemen = rows.unit, rows.elemen
    return _form_view(
        request,
        ElemenForm(_data(request), initial={"judul": elemen.judul}),
        partial(services.elemen_update, elemen=elemen),
        lambda _: (f"Elemen {elemen.nomor} disimpan.", rows.elemen_url),
        skema=rows.skema,
        unit=unit,
        title=f"Ubah elemen {elemen.nomor} unit {unit.kode}",
        cancel=_unit_url(unit),
    )


@module_required(can_manage_skema)
def elemen_delete_view(request, pk, upk, epk):
    """GET: confirm (or the reason it may not be deleted); POST: delete the element."""
    rows = _rows(request, pk, upk, epk, check_lock=True)
    if rows.refused:
        return rows.refused
    unit, elemen = rows.unit, rows.elemen
    return _delete_view(
        request,
        refusal=selectors.kuk_delete_refusal(KUK.objects.filter(elemen=elemen).values_list("pk", flat=True)),
        delete=partial(services.elemen_delete, elemen=elemen),
        message=f"Elemen {elemen.nomor} dihapus; elemen sesudahnya dinomori ulang.",
        done=_unit_url(unit),
        back=rows.elemen_url,
        title=f"Hapus elemen {elemen.nomor}?",
        text=lambda: (
            f"Elemen {elemen.nomor} “{elemen.judul}” beserta {elemen.kuk.count()} KUK-nya dihapus dari unit "
            f"{unit.kode}; elemen sesudahnya dinomori ulang. Penghapusan tercatat di jejak audit."
        ),
    )


@module_required(can_manage_skema)
@require_POST
def elemen_move_view(request, pk, upk, epk):
    rows = _rows(request, pk, upk, epk)
    return _move_view(request, partial(services.elemen_move, elemen=rows.elemen), rows.elemen_url)


# --- KUK -------------------------------------------------------------------------------------


@module_required(can_manage_skema)
def kuk_create_view(request, pk, upk, epk):
    rows = _rows(request, pk, upk, epk, check_lock=True)
    if rows.refused:
        return rows.refused
    unit, elemen = rows.unit, rows.elemen
    add_url = reverse("muk:kuk-create", args=[rows.skema.pk, unit.pk, elemen.pk])
    return _form_view(
        request,
        KukForm(_data(request)),
        partial(services.kuk_create, elemen=elemen),
        lambda kuk: (
            f"KUK {kuk.nomor} ditambahkan.",
            add_url if "simpan_tambah" in request.POST else rows.elemen_url,
        ),
        skema=rows.skema,
        unit=unit,
        title=f"Tambah KUK elemen {elemen.nomor} unit {unit.kode}",
        subtitle=f"Elemen {elemen.nomor}: {elemen.judul}",
        cancel=rows.elemen_url,
        save_and_add=True,
    )


@module_required(can_manage_skema)
def kuk_edit_view(request, pk, upk, epk, kpk):
    rows = _rows(request, pk, upk, epk, kpk, check_lock=True)
    if rows.refused:
        return rows.refused
    elemen, kuk = rows.elemen, rows.kuk
    return _form_view(
        request,
        KukForm(_data(request), initial={"teks": kuk.teks}),
        partial(services.kuk_update, kuk=kuk),
        lambda _: (f"KUK {kuk.nomor} disimpan.", rows.elemen_url),
        skema=rows.skema,
        unit=rows.unit,
        title=f"Ubah KUK {kuk.nomor} unit {rows.unit.kode}",
        subtitle=f"Elemen {elemen.nomor}: {elemen.judul}",
        cancel=rows.elemen_url,
    )


@module_required(can_manage_skema)
def kuk_delete_view(request, pk, upk, epk, kpk):
    """GET: confirm (or the reason it may not be deleted); POST: delete the KUK."""
    rows = _rows(request, pk, upk, epk, kpk, check_lock=True)
    if rows.refused:
        return rows.refused
    kuk = rows.kuk
    return _delete_view(
        request,
        refusal=selectors.kuk_delete_refusal([kuk.pk]),
        delete=partial(services.kuk_delete, kuk=kuk),
        message=f"KUK {kuk.nomor} dihapus; KUK sesudahnya dinomori ulang.",
        done=rows.elemen_url,
        back=rows.elemen_url,
        title=f"Hapus KUK {kuk.nomor}?",
        text=lambda: (
            f"KUK {kuk.nomor} “{kuk.teks[:200]}” dihapus dari elemen {rows.elemen.nomor} unit "
            f"{rows.unit.kode}; KUK sesudahnya dinomori ulang. Penghapusan tercatat di jejak audit."
        ),
    )


@module_required(can_manage_skema)
@require_POST
def kuk_move_view(request, pk, upk, epk, kpk):
    rows = _rows(request, pk, upk, epk, kpk)
    return _move_view(request, partial(services.kuk_move, kuk=rows.kuk), rows.elemen_url)
