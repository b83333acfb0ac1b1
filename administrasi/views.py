from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.http import client_ip
from lsp_portal.pagination import paginate
from lsp_portal.status import labelled_history
from lsp_portal.storage import PrivateFileSystemStorage

from . import services
from .forms import ArsipFilterForm, CorrectForm, GrantForm, SignForm, VoidForm
from .models import Dokumen
from .permissions import (
    can_manage,
    can_open,
    can_see_signer_ip,
    next_signature,
    visible_dokumen,
)
from .storage import record_storage


@module_required(can_open)
def home_view(request):
    return render(request, "administrasi/home.html")


PAGE_SIZE = 25


@login_required
def dokumen_list_view(request):
    """The archive: every record the user may see, searchable (SE-A4.5)."""
    form = ArsipFilterForm(request.GET or None)
    records = visible_dokumen(request.user).select_related("jenis", "diterbitkan_oleh")
    if form.is_valid():
        f = form.cleaned_data
        if f["jenis"]:
            records = records.filter(jenis=f["jenis"])
        if f["nomor"]:
            records = records.filter(nomor__icontains=f["nomor"].strip())
        if f["status"]:
            records = records.filter(status=f["status"])
        if f["skema"]:
            records = records.filter(skema_ref=f["skema"])
        if f["orang"]:
            who = f["orang"].strip()
            records = records.filter(
                Q(diterbitkan_oleh__nama_lengkap__icontains=who)
                | Q(diterbitkan_oleh__email__icontains=who)
                | Q(
                    pk__in=Dokumen.objects.filter(
                        Q(tanda_tangan__penandatangan__nama_lengkap__icontains=who)
                        | Q(tanda_tangan__penandatangan__email__icontains=who)
                    ).values("pk")
                )
            )
        if f["dari"]:
            records = records.filter(diterbitkan_pada__date__gte=f["dari"])
        if f["sampai"]:
            records = records.filter(diterbitkan_pada__date__lte=f["sampai"])
    return render(
        request,
        "administrasi/dokumen_list.html",
        {
            "form": form,
            "page": paginate(request, records, per_page=PAGE_SIZE),
        },
    )


def _visible(request, pk):
    return get_object_or_404(
        visible_dokumen(request.user)
        .select_related("jenis", "diterbitkan_oleh")
        .prefetch_related("tanda_tangan__penandatangan"),
        pk=pk,
    )


@login_required
def dokumen_detail_view(request, pk):
    dokumen = _visible(request, pk)
    versions = (
        Dokumen.objects.filter(seri=dokumen.seri).order_by("versi").only("pk", "versi", "status", "nomor")
    )
    return render(
        request,
        "administrasi/dokumen_detail.html",
        {
            "dokumen": dokumen,
            "versions": versions,
            "history": labelled_history(dokumen),
            "my_turn": next_signature(dokumen, request.user),
            "can_manage": can_manage(request.user),
            "can_see_signer_ip": can_see_signer_ip(request.user),
            "grant_form": GrantForm(),
        },
    )


@login_required
def dokumen_sign_view(request, pk):
    dokumen = _visible(request, pk)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dokumen_sign(
                dokumen=dokumen,
                signer=request.user,
                secret=form.cleaned_data["secret"],
                consent=form.cleaned_data["consent"],
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                gambar=form.cleaned_data["gambar"],
            )
        except services.RecordError as e:
            form.add_error(None, str(e))
        else:
            dokumen.refresh_from_db()
            messages.success(
                request,
                "Dokumen berhasil ditandatangani."
                + (" Semua pihak telah menandatangani; PDF sedang dibuat." if dokumen.is_final else ""),
            )
            return redirect(dokumen)
    return render(
        request,
        "administrasi/dokumen_sign.html",
        {
            "dokumen": dokumen,
            "form": form,
            "my_turn": next_signature(dokumen, request.user),
            "content_hash": services.signed_content_hash(dokumen),
        },
    )


def _managed(request, pk):
    dokumen = _visible(request, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    return dokumen


@login_required
def dokumen_correct_view(request, pk):
    """A correction is a new version its parties (or, for a kind nobody signs, the Ketua)
    sign; the corrected version stays in force until then."""
    import json

    dokumen = _managed(request, pk)
    form = CorrectForm(
        request.POST or None, initial={"data": json.dumps(dokumen.data, indent=2, ensure_ascii=False)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.dokumen_correct(
                dokumen=dokumen,
                data=form.cleaned_data["data"],
                alasan=form.cleaned_data["alasan"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            first = new.tanda_tangan.select_related("penandatangan").first()
            messages.success(
                request,
                f"Versi {new.versi} dibuat dan menunggu tanda tangan {first.label} ({first.penandatangan}). "
                f"Versi {dokumen.versi} tetap berlaku sampai versi {new.versi} ditandatangani.",
            )
            return redirect(new)
    return render(
        request,
        "administrasi/dokumen_correct.html",
        {"dokumen": dokumen, "form": form, "needs_ketua": not dokumen.jenis.penandatangan},
    )


@login_required
def dokumen_void_view(request, pk):
    """Void at once, or (a record only the Ketua may void) file the request the Ketua signs."""
    dokumen = _managed(request, pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.dokumen_void(
                dokumen=dokumen, alasan=form.cleaned_data["alasan"], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            if result.pk == dokumen.pk:
                messages.success(request, "Dokumen dibatalkan. Dokumen tetap tersimpan di arsip.")
                return redirect(dokumen)
            ketua = result.tanda_tangan.get().penandatangan
            messages.success(
                request,
                f"Permintaan pembatalan dicatat sebagai {result.jenis.kode} {result.nomor} dan menunggu "
                f"tanda tangan {ketua} (Ketua/Direktur LSP). Dokumen tetap berlaku sampai permintaan "
                "ini ditandatangani.",
            )
            return redirect(result)
    return render(
        request,
        "administrasi/dokumen_void.html",
        {
            "dokumen": dokumen,
            "form": form,
            "needs_ketua": dokumen.is_final and services.change_needs_ketua(dokumen.jenis),
            "pending": services.pending_void_request(dokumen),
        },
    )


@login_required
@require_POST
def dokumen_grant_view(request, pk):
    dokumen = _managed(request, pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        services.dokumen_grant_view(dokumen=dokumen, user=form.user, actor=request.user)
        messages.success(request, f"{form.user} kini dapat melihat dokumen ini.")
    else:
        messages.error(request, " ".join(form.errors["email"]))
    return redirect(dokumen)


@login_required
def dokumen_download_view(request, pk):
    """Stream the PDF (local disk) or redirect to a presigned URL valid five minutes (S3).
    Never a public URL; others' records are 404."""
    dokumen = _visible(request, pk)
    if not dokumen.pdf:
        raise Http404("PDF belum tersedia.")
    storage = record_storage()
    extension = dokumen.pdf.name.rsplit(".", 1)[-1].lower()  # pdf, or zip for a dossier
    content_type = {"pdf": "application/pdf", "zip": "application/zip"}.get(
        extension, "application/octet-stream"
    )
    name = f"{dokumen.jenis.kode} {dokumen.nomor or dokumen.pk} v{dokumen.versi}"
    filename = f"{name}.{extension}".replace("/", "-")
    if isinstance(storage, PrivateFileSystemStorage):
        return FileResponse(storage.open(dokumen.pdf.name), content_type=content_type, filename=filename)
    disposition = content_disposition_header(as_attachment=False, filename=filename)
    return redirect(storage.url(dokumen.pdf.name, parameters={"ResponseContentDisposition": disposition}))


VERIFY_LIMIT = 30  # requests per minute per IP on the public page


def _verify_limited(request) -> bool:
    from django.conf import settings

    from lsp_portal.ratelimit import hit

    limit = getattr(settings, "LSP_VERIFY_LIMIT", VERIFY_LIMIT)
    return not hit(f"verify:{client_ip(request)}", limit=limit, seconds=60)


@require_safe
def dokumen_verify_start_view(request):
    """Public (no login): the verification code typed from paper opens its record's page
    (X-11). A code is a lookup like a token: rate-limited with the record pages."""
    from .forms import KodeVerifikasiForm

    form = KodeVerifikasiForm(request.GET if "kode" in request.GET else None)
    status = 200
    if form.is_bound:
        if _verify_limited(request):
            return render(request, "administrasi/verify_limited.html", status=429)
        if form.is_valid():
            dokumen = services.dokumen_by_kode(form.cleaned_data["kode"])
            if dokumen is not None:
                return redirect("verifikasi:dokumen", token=dokumen.token)
            form.add_error("kode", "Tidak ada dokumen dengan kode verifikasi ini. Periksa kembali kode Anda.")
            status = 404
    return render(request, "administrasi/verify_start.html", {"form": form}, status=status)


def dokumen_verify_view(request, token):
    """Public (no login): what the QR code on every PDF opens (X-11). Rate-limited."""
    from .forms import VerifyUploadForm

    if _verify_limited(request):
        return render(request, "administrasi/verify_limited.html", status=429)
    dokumen = Dokumen.objects.select_related("jenis", "diterbitkan_oleh").filter(token=token).first()
    if dokumen is None:
        return render(request, "administrasi/verify_unknown.html", status=404)
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.verify_upload(dokumen=dokumen, content=form.cleaned_data["berkas"].read())
    newest = Dokumen.objects.filter(seri=dokumen.seri).order_by("-versi").only("versi", "token").first()
    return render(
        request,
        "administrasi/verify.html",
        {
            "dokumen": dokumen,
            "form": form,
            "result": result,
            "newest": newest,
        },
    )
