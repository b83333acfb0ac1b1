"""Kinds of records: the LSP sets each kind's numbering pattern and retention (SE-A4.5)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from akun.audit import acting_as
from akun.permissions import module_required

from . import services
from .models import JenisDokumen
from .permissions import can_manage


class JenisForm(forms.ModelForm):
    class Meta:
        model = JenisDokumen
        fields = ["nama", "pola_nomor", "masa_simpan_tahun"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = settings.LSP_RETENTION_YEARS
        field = self.fields["masa_simpan_tahun"]
        field.widget.attrs.update(min=minimum, max=100)
        field.help_text = (
            f"Minimal {minimum} tahun (masa simpan minimum LSP). Kosongkan untuk memakai masa berlaku "
            "sertifikat skema."
        )

    def clean_pola_nomor(self):
        pattern = self.cleaned_data["pola_nomor"].strip()
        if self.instance.bernomor and not pattern:
            raise forms.ValidationError("Jenis dokumen bernomor harus punya pola nomor.")
        if pattern:
            try:
                services.validate_pattern(pattern)
            except services.RecordError as e:
                raise forms.ValidationError(str(e)) from None
        return pattern

    def clean_masa_simpan_tahun(self):
        years = self.cleaned_data["masa_simpan_tahun"]
        if years is not None and not 1 <= years <= 100:
            raise forms.ValidationError("Masa simpan harus antara 1 dan 100 tahun.")
        # SE-A3.Kb: records are kept at least the LSP's minimum (one certificate validity).
        if years is not None and years < settings.LSP_RETENTION_YEARS:
            raise forms.ValidationError(
                f"Masa simpan tidak boleh kurang dari {settings.LSP_RETENTION_YEARS} tahun, "
                "masa simpan minimum LSP. Kosongkan untuk memakai masa berlaku sertifikat skema."
            )
        return years


@module_required(can_manage)
def jenis_list_view(request):
    return render(request, "administrasi/jenis_list.html", {"kinds": JenisDokumen.objects.all()})


@module_required(can_manage)
def jenis_edit_view(request, kode):
    jenis = get_object_or_404(JenisDokumen, kode=kode)
    form = JenisForm(request.POST or None, instance=jenis)
    example = ""
    if request.method == "POST" and form.is_valid():
        # Existing records keep their numbers and retention; the change applies to new ones.
        with acting_as(request.user):
            form.save()
        messages.success(request, f"Jenis dokumen {jenis.kode} disimpan. Berlaku untuk dokumen baru.")
        return redirect("administrasi:jenis-list")
    if jenis.pola_nomor:
        from django.utils import timezone

        example = services.format_number(jenis.pola_nomor, seq=7, when=timezone.localdate(), kode=jenis.kode)
    return render(request, "administrasi/jenis_form.html", {"jenis": jenis, "form": form, "example": example})
