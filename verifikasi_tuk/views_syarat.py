"""Conditions of a "layak dengan syarat" recommendation (SE-A4.9): the TUK uploads its proof
and sends it, the verifier accepts it or returns it with a note, or concludes the conditions
were not met. Everyone who sees the request sees its conditions; acting asks permissions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error

from . import permissions, services
from .models import Syarat


class BuktiForm(forms.Form):
    judul = forms.CharField(
        label="Keterangan bukti",
        max_length=200,
        required=False,
        help_text="Misalnya: foto APAR terpasang di ruang asesmen.",
    )
    berkas = forms.FileField(
        label="Berkas bukti",
        error_messages={"required": "Pilih berkas bukti yang akan diunggah."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = services.bukti_rule()
        self.fields["berkas"].widget.attrs["accept"] = rule.accept
        self.fields["berkas"].help_text = rule.help_text


class KirimForm(forms.Form):
    tanggapan = forms.CharField(
        label="Tanggapan untuk verifikator",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Jelaskan singkat bagaimana syarat ini dipenuhi.",
    )


class PeriksaForm(forms.Form):
    keputusan = forms.ChoiceField(
        label="Keputusan",
        choices=[("terima", "Terima bukti"), ("kembalikan", "Kembalikan kepada TUK dengan catatan")],
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih terima atau kembalikan."},
    )
    catatan = forms.CharField(
        label="Catatan verifikator",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila bukti dikembalikan: tulis apa yang masih kurang.",
    )


class GagalForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan syarat tidak terpenuhi",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tulis alasan syarat dinyatakan tidak terpenuhi."},
    )


def _permintaan(request, pk):
    return get_object_or_404(
        permissions.visible_permintaan(request.user).select_related("tuk", "verifikator", "berita_acara"),
        pk=pk,
    )


def _syarat(request, pk, sid):
    p = _permintaan(request, pk)
    syarat = get_object_or_404(Syarat.objects.filter(permintaan=p), pk=sid)
    syarat.permintaan = p
    return p, syarat


def _render(request, p, syarat, *, bukti_form=None, kirim_form=None, periksa_form=None, status=200):
    can_answer = permissions.can_answer_syarat(request.user, syarat)
    can_review = permissions.can_review_syarat(request.user, syarat)
    return render(
        request,
        "verifikasi_tuk/syarat_answer.html",
        {
            "p": p,
            "syarat": syarat,
            "bukti": list(syarat.bukti.select_related("diunggah_oleh").order_by("pk")),
            "can_answer": can_answer,
            "can_review": can_review,
            "bukti_form": (bukti_form or BuktiForm()) if can_answer else None,
            "kirim_form": (kirim_form or KirimForm(initial={"tanggapan": syarat.tanggapan}))
            if can_answer
            else None,
            "periksa_form": (periksa_form or PeriksaForm()) if can_review else None,
        },
        status=status,
    )


@module_required(permissions.can_open)
def syarat_answer_view(request, pk, sid):
    """The condition, the verifier's last note and the proofs so far (everyone who sees the
    request); the TUK's manager (or register staff) uploads proof (`aksi=unggah`) and sends it
    (`aksi=kirim`)."""
    p, syarat = _syarat(request, pk, sid)
    if request.method != "POST":
        return _render(request, p, syarat)
    if not permissions.can_answer_syarat(request.user, syarat):
        raise PermissionDenied
    here = reverse("verifikasi_tuk:syarat-answer", args=[p.pk, syarat.pk])
    if request.POST.get("aksi") == "kirim":
        form = KirimForm(request.POST)
        if form.is_valid():
            try:
                services.syarat_submit(
                    syarat=syarat, tanggapan=form.cleaned_data["tanggapan"], actor=request.user
                )
            except ServiceError as e:
                show_error(request, e, form)
            else:
                messages.success(request, f"Bukti syarat {syarat.urutan} terkirim kepada verifikator.")
                return redirect("verifikasi_tuk:permintaan-detail", p.pk)
        return _render(request, p, syarat, kirim_form=form)
    form = BuktiForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            bukti = services.syarat_bukti_add(
                syarat=syarat,
                upload=form.cleaned_data["berkas"],
                judul=form.cleaned_data["judul"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Bukti “{bukti.judul}” tersimpan. Kirim setelah semua bukti diunggah.")
            return redirect(here)
    return _render(request, p, syarat, bukti_form=form)


@module_required(permissions.can_open)
@require_POST
def syarat_review_view(request, pk, sid):
    """The verifier accepts the proof, or returns it with a note (required); back to the
    request. A refusal shows on the condition's page with what was typed."""
    p, syarat = _syarat(request, pk, sid)
    if not permissions.can_review_syarat(request.user, syarat):
        raise PermissionDenied
    form = PeriksaForm(request.POST)
    if form.is_valid():
        terima = form.cleaned_data["keputusan"] == "terima"
        try:
            services.syarat_review(
                syarat=syarat, terima=terima, catatan=form.cleaned_data["catatan"], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            if terima:
                messages.success(request, f"Syarat {syarat.urutan} diterima.")
            else:
                messages.success(request, f"Syarat {syarat.urutan} dikembalikan kepada TUK dengan catatan.")
            return redirect("verifikasi_tuk:permintaan-detail", p.pk)
    return _render(request, p, syarat, periksa_form=form)


@module_required(permissions.can_open)
def fail_view(request, pk):
    """The verifier concludes the conditions were not met: the request ends Tidak sesuai."""
    p = _permintaan(request, pk)
    if not permissions.can_fail_tindak_lanjut(request.user, p):
        raise PermissionDenied
    form = GagalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tindak_lanjut_gagal(permintaan=p, alasan=form.cleaned_data["alasan"], actor=request.user)
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, "Syarat dinyatakan tidak terpenuhi; hasil verifikasi TUK: tidak sesuai."
            )
            return redirect("verifikasi_tuk:permintaan-detail", p.pk)
    return render(
        request,
        "verifikasi_tuk/syarat_gagal.html",
        {"p": p, "form": form, "syarat": list(p.syarat.order_by("urutan"))},
    )
