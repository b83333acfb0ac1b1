"""A scheme's technical requirements for a TUK (persyaratan teknis TUK, FORMS.md §6): one page
per scheme listing the equipment and materials its MUK needs, which the TUK verification
checklist lists line by line. Staff who may view the scheme see it; staff who manage schemes
add (on the same page), change and remove lines. Every refusal comes from
services.persyaratan_tuk with its reason, on the form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from akun.permissions import module_required
from lsp_portal.errors import show_error

from . import selectors, services
from .models import TUK_REQ_JUMLAH_MESSAGE, TUK_REQ_NAMA_MESSAGE, PersyaratanTeknisTuk
from .permissions import can_manage_skema, can_open, visible_skema


class PersyaratanTukForm(forms.Form):
    """One line of the requirements: validation and Indonesian messages only; services save."""

    nama = forms.CharField(
        label="Peralatan/bahan",
        max_length=200,
        error_messages={"required": TUK_REQ_NAMA_MESSAGE},
        help_text="Misalnya Komputer/laptop peserta, Webcam, UPS.",
    )
    jumlah = forms.IntegerField(
        label="Jumlah minimal",
        required=False,
        min_value=1,
        error_messages={"min_value": TUK_REQ_JUMLAH_MESSAGE, "invalid": "Jumlah harus bilangan bulat."},
        help_text="Kosongkan bila jumlahnya tidak ditentukan. Verifikator memeriksa jumlah ini di TUK.",
    )
    spesifikasi = forms.CharField(
        label="Spesifikasi",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Boleh kosong, misalnya RAM minimal 8 GB atau versi perangkat lunak.",
    )

    def __init__(self, *args, row: PersyaratanTeknisTuk | None = None, **kwargs):
        if row is not None:
            kwargs.setdefault(
                "initial", {"nama": row.nama, "jumlah": row.jumlah, "spesifikasi": row.spesifikasi}
            )
        super().__init__(*args, **kwargs)
        self.fields["jumlah"].widget.attrs.update(inputmode="numeric")


def _skema(request, pk):
    return get_object_or_404(visible_skema(request.user), pk=pk)


def _row(skema, rpk) -> PersyaratanTeknisTuk:
    row = get_object_or_404(PersyaratanTeknisTuk, skema=skema, pk=rpk)
    row.skema = skema
    return row


def _list_url(skema, anchor=""):
    url = reverse("muk:persyaratan-tuk", args=[skema.pk])
    return f"{url}#{anchor}" if anchor else url


def _saved(request, form, action):
    """The service's answer: the saved line, or None with its refusal on the form."""
    try:
        return action()
    except ValidationError as e:
        show_error(request, e, form)
        return None


@module_required(can_open)
def persyaratan_tuk_view(request, pk):
    """GET: the scheme's lines (and, for a scheme manager, the add form); POST: add a line."""
    skema = _skema(request, pk)
    can_manage = can_manage_skema(request.user)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = PersyaratanTukForm(request.POST or None) if can_manage else None
    if request.method == "POST" and form.is_valid():
        row = _saved(
            request,
            form,
            lambda: services.persyaratan_tuk_add(skema=skema, actor=request.user, **form.cleaned_data),
        )
        if row is not None:
            messages.success(request, f"{row.nama} ditambahkan ke persyaratan teknis TUK.")
            return redirect(_list_url(skema, f"syarat-{row.pk}"))
    return render(
        request,
        "muk/persyaratan_tuk.html",
        {
            "skema": skema,
            "rows": selectors.persyaratan_tuk_rows(skema),
            "form": form,
            "can_manage": can_manage,
        },
    )


@module_required(can_manage_skema)
def persyaratan_tuk_edit_view(request, pk, rpk):
    skema = _skema(request, pk)
    row = _row(skema, rpk)
    form = PersyaratanTukForm(request.POST or None, row=row)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            lambda: services.persyaratan_tuk_update(persyaratan=row, actor=request.user, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, f"{saved.nama} disimpan.")
            return redirect(_list_url(skema, f"syarat-{saved.pk}"))
    return render(
        request,
        "muk/persyaratan_tuk_form.html",
        {"skema": skema, "row": row, "form": form, "cancel": _list_url(skema, f"syarat-{row.pk}")},
    )


@module_required(can_manage_skema)
def persyaratan_tuk_delete_view(request, pk, rpk):
    """GET: confirmation; POST: remove the line."""
    skema = _skema(request, pk)
    row = _row(skema, rpk)
    if request.method == "POST":
        try:
            services.persyaratan_tuk_remove(persyaratan=row, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
        else:
            messages.success(request, f"{row.nama} dihapus dari persyaratan teknis TUK.")
        return redirect(_list_url(skema))
    return render(
        request,
        "muk/confirm_delete.html",
        {
            "title": f"Hapus {row.nama}?",
            "text": f"{row.nama} dihapus dari persyaratan teknis TUK skema {skema.kode}. Ceklis "
            "verifikasi TUK yang sudah dibuat tetap memuatnya; verifikasi berikutnya tidak lagi.",
            "cancel": _list_url(skema, f"syarat-{row.pk}"),
        },
    )
