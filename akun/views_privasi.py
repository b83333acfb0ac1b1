"""Pages of the privacy notice and "download my data" (UU PDP 27/2022, X-10).

Public: the notice in force (/privasi/) and each earlier version (/privasi/<versi>/).
Staff with `akun.manage_portal`: publish a new version (/akun/privasi/terbitkan/).
Everyone signed in: their own data as a ZIP (/akun/profil/data-saya/); the URL names no id,
so nobody can ask for someone else's.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from lsp_portal.errors import ServiceError, show_error
from lsp_portal.http import client_ip

from . import privasi
from .models import KebijakanPrivasi
from .permissions import can_publish_privacy, module_required


class KebijakanPrivasiForm(forms.Form):
    """The text of a new version (the service numbers and saves it)."""

    judul = forms.CharField(label="Judul", max_length=200)
    teks = forms.CharField(
        label="Teks kebijakan",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Teks biasa. Pisahkan paragraf dengan satu baris kosong.",
    )


def _lsp_contact():
    """The LSP's public profile (portal), for the contact block, read through the app
    registry: akun sits upstream of portal and does not import it (STYLE.md §12)."""
    from django.apps import apps

    try:
        model = apps.get_model("portal", "ProfilLSP")
    except LookupError:
        return None
    return model.objects.only("nama", "email", "telepon").first()


def _policy_page(request, kebijakan: KebijakanPrivasi):
    terkini = privasi.kebijakan_terkini()
    return render(
        request,
        "akun/privasi.html",
        {
            "kebijakan": kebijakan,
            "terkini": terkini,
            "is_current": kebijakan.pk == terkini.pk,
            "versions": privasi.kebijakan_semua().only("versi", "judul", "berlaku_sejak"),
            "profil": _lsp_contact(),
            "agreed": privasi.sudah_setuju(request.user, kebijakan),
            "can_publish": can_publish_privacy(request.user),
        },
    )


@require_safe
def kebijakan_view(request):
    """Public: the version in force."""
    return _policy_page(request, privasi.kebijakan_terkini())


@require_safe
def kebijakan_versi_view(request, versi):
    """Public: any published version, earlier ones included (what someone agreed to)."""
    return _policy_page(request, get_object_or_404(KebijakanPrivasi, versi=versi))


@module_required(can_publish_privacy)
def kebijakan_terbitkan_view(request):
    """Staff (akun.manage_portal): write and publish version n+1, starting from the current text."""
    terkini = privasi.kebijakan_terkini()
    form = KebijakanPrivasiForm(request.POST or None, initial={"judul": terkini.judul, "teks": terkini.teks})
    if request.method == "POST" and form.is_valid():
        try:
            kebijakan = privasi.kebijakan_terbitkan(
                judul=form.cleaned_data["judul"], teks=form.cleaned_data["teks"], actor=request.user
            )
        except ServiceError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request,
                f"Kebijakan privasi versi {kebijakan.versi} diterbitkan dan berlaku mulai sekarang.",
            )
            return redirect("privasi:terkini")
    return render(request, "akun/privasi_terbitkan.html", {"form": form, "terkini": terkini})


@login_required
def data_saya_view(request):
    """GET: what the download holds. POST: the ZIP of the user's own data (rate-limited)."""
    status = 200
    if request.method == "POST":
        try:
            ekspor = privasi.data_pribadi_ekspor(user=request.user, ip=client_ip(request))
        except ServiceError as error:
            show_error(request, error)
            status = 429 if error.code == "rate_limited" else 400
        else:
            response = FileResponse(
                ekspor.file, as_attachment=True, filename=ekspor.filename, content_type="application/zip"
            )
            response["Cache-Control"] = "private, no-store"
            return response
    return render(
        request,
        "akun/privasi_data_saya.html",
        {
            "persetujuan": privasi.persetujuan_milik(request.user),
            "terkini": privasi.kebijakan_terkini(),
            "limit": privasi.EXPORT_LIMIT,
        },
        status=status,
    )
