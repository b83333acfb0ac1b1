"""Session recordings (X-9): the batch's recordings page (add a link + SHA-256, or upload a
video), the two JSON steps of a direct upload to S3 (presigned multipart, static/js/rekaman.js)
and a recording's file.

Who: the batch's assessors and sertifikasi staff add; they and the Auditor Internal see;
everyone else (a candidate too) gets 404 (sertifikasi.permissions.visible_rekaman_jadwal)."""

import json
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from lsp_portal.errors import ServiceError, add_to_form, show_error
from lsp_portal.files import stream_file
from lsp_portal.http import client_ip

from . import permissions, services
from .models import Jadwal, Permohonan
from .services import rekaman as rekaman_rules

# --- forms: validation and labels only ---------------------------------------------------


class _RekamanForm(forms.Form):
    judul = forms.CharField(
        label="Keterangan",
        max_length=200,
        help_text="Misalnya: Rekaman sesi observasi, Rabu 10 Desember 2025, bagian 1.",
    )
    permohonan = forms.ModelChoiceField(
        label="Asesi",
        queryset=Permohonan.objects.none(),
        required=False,
        empty_label="Seluruh sesi (semua asesi)",
    )

    def __init__(self, *args, jadwal: Jadwal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permohonan"].queryset = jadwal.peserta.order_by("nama", "pk")
        self.fields["permohonan"].label_from_instance = lambda p: p.nama or str(p.asesi_id)


class TautanForm(_RekamanForm):
    tautan = forms.CharField(
        label="Tautan video",
        max_length=500,
        help_text="Alamat https:// tempat LSP menyimpan video ini.",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    sha256 = forms.CharField(
        label="SHA-256 berkas video",
        help_text="64 karakter heksadesimal, misalnya keluaran perintah sha256sum atau certutil -hashfile.",
        widget=forms.TextInput(attrs={"class": "mono", "autocomplete": "off", "spellcheck": "false"}),
    )


class UnggahForm(_RekamanForm):
    berkas = forms.FileField(
        label="Berkas video",
        widget=forms.ClearableFileInput(attrs={"accept": rekaman_rules.ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].help_text = (
            f"MP4, MOV, WebM atau MKV, maksimal {settings.SERTIFIKASI_REKAMAN_MAX_MB} MB. "
            "Jenis berkas diperiksa dari isinya."
        )


# --- helpers ---------------------------------------------------------------------------------


def _jadwal(request, pk) -> Jadwal:
    return get_object_or_404(permissions.visible_rekaman_jadwal(request.user).select_related("skema"), pk=pk)


def _s3_origin() -> str:
    """The origin the browser PUTs the parts to (CSP connect-src of the recordings page)."""
    parts = urlsplit(settings.S3_ENDPOINT_URL or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _json_body(request) -> dict | None:
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _json_error(error: ServiceError, status=400) -> JsonResponse:
    return JsonResponse({"error": " ".join(error.messages)}, status=status)


# --- the page --------------------------------------------------------------------------------


@login_required
def rekaman_view(request, pk):
    """The batch's recordings, and for who may add: a link with its SHA-256, or an upload
    (direct to S3 with JavaScript where storage is S3; a plain form otherwise)."""
    jadwal = _jadwal(request, pk)
    can_add = permissions.can_add_rekaman(request.user, jadwal)
    if request.method == "POST" and not can_add:
        raise PermissionDenied
    tautan_form = TautanForm(jadwal=jadwal, prefix="tautan")
    unggah_form = UnggahForm(jadwal=jadwal, prefix="unggah")
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        try:
            if aksi == "tautan":
                tautan_form = form = TautanForm(request.POST, jadwal=jadwal, prefix="tautan")
                if form.is_valid():
                    services.rekaman_link_add(
                        jadwal=jadwal,
                        judul=form.cleaned_data["judul"],
                        tautan=form.cleaned_data["tautan"],
                        sha256=form.cleaned_data["sha256"],
                        permohonan=form.cleaned_data["permohonan"],
                        actor=request.user,
                        ip=client_ip(request),
                    )
                    messages.success(request, "Tautan rekaman dicatat.")
                    return redirect("sertifikasi:rekaman", jadwal.pk)
            elif aksi == "unggah":
                unggah_form = form = UnggahForm(request.POST, request.FILES, jadwal=jadwal, prefix="unggah")
                if form.is_valid():
                    services.rekaman_upload(
                        jadwal=jadwal,
                        judul=form.cleaned_data["judul"],
                        berkas=form.cleaned_data["berkas"],
                        permohonan=form.cleaned_data["permohonan"],
                        actor=request.user,
                        ip=client_ip(request),
                    )
                    messages.success(request, "Rekaman diunggah dan dicatat.")
                    return redirect("sertifikasi:rekaman", jadwal.pk)
            else:
                return HttpResponseBadRequest("Aksi tidak dikenal.")
        except ServiceError as e:
            if getattr(e, "field", None) in form.fields:
                add_to_form(form, e)
            else:
                show_error(request, e)
    direct = can_add and rekaman_rules.direct_upload()
    response = render(
        request,
        "sertifikasi/rekaman.html",
        {
            "jadwal": jadwal,
            "rekaman": list(services.rekaman_of(jadwal)),
            "can_add": can_add,
            "tautan_form": tautan_form,
            "unggah_form": unggah_form,
            "direct": direct,
            "max_bytes": rekaman_rules.max_bytes(),
        },
    )
    origin = _s3_origin()
    if direct and origin:
        response._csp_update = {"connect-src": [origin]}  # django-csp: the parts go to the bucket
    return response


# --- S3: the two JSON steps of a direct upload ----------------------------------------------


@login_required
@require_POST
def rekaman_mulai_view(request, pk):
    """JSON {judul, permohonan, name, size, content_type} → {token, part_size, parts: [{number,
    url}]}: the multipart upload is created and each part's PUT presigned."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_add_rekaman(request.user, jadwal):
        raise PermissionDenied
    body = _json_body(request)
    if body is None:
        return JsonResponse({"error": "Permintaan tidak sah."}, status=400)
    try:
        started = services.rekaman_multipart_start(
            jadwal=jadwal,
            judul=body.get("judul", ""),
            permohonan=body.get("permohonan") or None,
            name=str(body.get("name", ""))[:255],
            size=body.get("size"),
            content_type=str(body.get("content_type", ""))[:100],
            actor=request.user,
        )
    except ServiceError as e:
        return _json_error(e)
    return JsonResponse(started)


@login_required
@require_POST
def rekaman_selesai_view(request, pk):
    """JSON {token, parts: [{number, etag}], sha256?} → {url}: the upload is completed,
    checked (a non-video object is deleted) and recorded."""
    jadwal = _jadwal(request, pk)
    if not permissions.can_add_rekaman(request.user, jadwal):
        raise PermissionDenied
    body = _json_body(request)
    if body is None:
        return JsonResponse({"error": "Permintaan tidak sah."}, status=400)
    try:
        services.rekaman_multipart_complete(
            jadwal=jadwal,
            token=str(body.get("token", "")),
            parts=body.get("parts"),
            sha256=str(body.get("sha256", "") or ""),
            actor=request.user,
            ip=client_ip(request),
        )
    except ServiceError as e:
        return _json_error(e)
    messages.success(request, "Rekaman diunggah dan dicatat.")
    return JsonResponse({"url": reverse("sertifikasi:rekaman", args=[jadwal.pk])})


# --- a recording's file ----------------------------------------------------------------------


@login_required
def rekaman_file_view(request, pk, rekaman_pk):
    """A stored recording: streamed from local disk, or a redirect to a presigned GET valid
    five minutes on S3; a link: a redirect to it."""
    jadwal = _jadwal(request, pk)
    rekaman = get_object_or_404(services.rekaman_of(jadwal), pk=rekaman_pk)
    if rekaman.tautan:
        return redirect(rekaman.tautan)
    stem = f"rekaman-{jadwal.pk}-{rekaman.pk}"
    if not rekaman_rules.direct_upload():
        return stream_file(rekaman.berkas, stem=stem)
    extension = rekaman.berkas.name.rsplit(".", 1)[-1].lower()
    disposition = content_disposition_header(as_attachment=True, filename=f"{stem}.{extension}")
    return redirect(
        rekaman_rules.storage().url(
            rekaman.berkas.name, parameters={"ResponseContentDisposition": disposition}
        )
    )
