"""Certificates (SE-A4.12, X-1): the holder's own, the staff register with its export,
suspension and revocation, BNSP registration numbers, the import of the older register."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from administrasi.models import Dokumen
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error

from . import permissions, services
from .models import Sertifikat


@login_required
@require_safe
def sertifikat_saya_view(request):
    """The holder's certificates (X-1): status, download, public page, and the start of a
    re-certification for one ending within six months. One query, whatever their number."""
    today = timezone.localdate()
    rows = [
        {"s": s, "pdf": services.downloadable(s), "ulang": services.ulang_available(s, today)}
        for s in services.sertifikat_saya(request.user)
    ]
    return render(request, "sertifikasi/sertifikat_saya.html", {"rows": rows})


@module_required(permissions.can_view_register)
def sertifikat_list_view(request):
    """The staff register (SE-A4.12): every certificate, drafts too, filtered by a fragment of
    name or number (the whole NIK for whoever may see it), scheme, effective status, issue
    year and batch, with the count per status and the export of the same rows. NIK masked
    unless the user verifies applications (X-10). A fixed number of queries per page."""
    from lsp_portal.pagination import paginate

    from . import register
    from .identitas import samarkan_nik

    user = request.user
    see_nik = permissions.can_verify_right(user)
    form = register.StaffFilterForm(request.GET, cari_nik=see_nik)
    f = form.filters()
    rows = register.staff_register(
        q=f.get("q", ""), skema=f.get("skema"), tahun=f.get("tahun"), jadwal=f.get("jadwal"), cari_nik=see_nik
    )
    counts = register.status_counts(rows)
    page = paginate(request, register.on_status(rows, f.get("status", "")), per_page=25)
    for s in page:
        s.nik_tampil = s.nik if see_nik else samarkan_nik(s.nik)
    return render(
        request,
        "sertifikasi/sertifikat_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "status": f.get("status", ""),
            "see_nik": see_nik,
            "can_export": permissions.can_manage_sertifikat(user),
        },
    )


@module_required(permissions.can_manage_sertifikat)
def sertifikat_ekspor_view(request):
    """The staff register's rows as the list shows them (same query string) in an .xlsx;
    NIK whole only for whoever may see it (X-10). Too many rows: back to the list with the
    reason (register.register_workbook)."""
    from django.urls import reverse

    from lsp_portal.pagination import page_query

    from . import register

    see_nik = permissions.can_verify_right(request.user)
    form = register.StaffFilterForm(request.GET, cari_nik=see_nik)
    f = form.filters()
    rows = register.staff_register(
        q=f.get("q", ""), skema=f.get("skema"), tahun=f.get("tahun"), jadwal=f.get("jadwal"), cari_nik=see_nik
    )
    try:
        content = register.register_workbook(register.on_status(rows, f.get("status", "")), see_nik=see_nik)
    except services.JourneyError as e:
        messages.error(request, str(e))
        query = page_query(request)
        return redirect(reverse("sertifikasi:sertifikat-list") + (f"?{query}" if query else ""))
    response = HttpResponse(content, content_type=services.XLSX_CONTENT_TYPE)
    filename = f"register-sertifikat-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pending(s: Sertifikat, versions: list) -> list:
    """Versions of the record newer than the one in force, waiting for signatures."""
    if s.dokumen_id is None:
        return []
    return [v for v in versions if v.status == Dokumen.Status.DRAFT and v.versi > s.dokumen.versi]


def _sertifikat(request, pk, *related):
    return get_object_or_404(permissions.visible_sertifikat(request.user).select_related(*related), pk=pk)


@login_required
@require_safe
def sertifikat_view(request, pk):
    """A certificate for its holder and staff (SE-A4.12, X-1): every field, its status and
    history, the record's versions, the public page its QR code opens, the staff's actions
    by right. Others' certificates 404."""
    from lsp_portal.status import labelled_history

    from .identitas import samarkan_nik

    s = _sertifikat(request, pk, "dokumen__jenis", "pemegang", "status_diubah_oleh", "permohonan", "jadwal")
    user = request.user
    versions = services.record_versions(s)
    is_holder = s.pemegang_id == user.pk
    return render(
        request,
        "sertifikasi/sertifikat_detail.html",
        {
            "s": s,
            "is_holder": is_holder,
            "nik": s.nik if is_holder or permissions.can_verify_right(user) else samarkan_nik(s.nik),
            "history": labelled_history(s),
            "versions": versions,
            "pending": _pending(s, versions),
            "pdf": services.downloadable(s),
            "public_url": settings.SITE_URL + s.get_public_url(),
            "can_status": permissions.can_revoke_sertifikat(user)
            and bool(services.status_choices(s))
            and s.terbit,
            "can_registrasi": permissions.can_manage_sertifikat(user)
            and s.status != Sertifikat.Status.DICABUT,
            "ulang": is_holder and services.ulang_available(s),
        },
    )


@login_required
@require_safe
def sertifikat_unduh_view(request, pk):
    """The certificate's sealed PDF: its current final record's file (streamed from local disk,
    or a five-minute presigned URL on S3, as administrasi's download). Never a draft: a
    certificate not yet signed, an imported one (no record) or a PDF still being made 404."""
    from django.http import FileResponse
    from django.utils.http import content_disposition_header

    from administrasi.storage import record_storage
    from lsp_portal.storage import PrivateFileSystemStorage

    s = _sertifikat(request, pk, "dokumen")
    dokumen = services.downloadable(s)
    if dokumen is None:
        raise Http404("PDF sertifikat belum tersedia.")
    storage = record_storage()
    filename = f"Sertifikat {s.nomor} v{dokumen.versi}.pdf".replace("/", "-")
    if isinstance(storage, PrivateFileSystemStorage):
        return FileResponse(storage.open(dokumen.pdf.name), content_type="application/pdf", filename=filename)
    disposition = content_disposition_header(as_attachment=False, filename=filename)
    return redirect(storage.url(dokumen.pdf.name, parameters={"ResponseContentDisposition": disposition}))


@login_required
def sertifikat_status_view(request, pk):
    """GET: the moves allowed (suspend, lift, revoke) and the reason; POST: the move (X-1).
    Who holds revoke_sertifikat only (403 for others who see the certificate)."""
    from .forms_sertifikat import StatusForm

    s = _sertifikat(request, pk, "pemegang")
    if not permissions.can_revoke_sertifikat(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST or None, sertifikat=s)
    if request.method == "POST" and form.is_valid():
        try:
            s = services.sertifikat_status_set(
                sertifikat=s,
                status=form.cleaned_data["status"],
                alasan=form.cleaned_data["alasan"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(request, STATUS_DONE[s.status].format(nomor=s.nomor))
            return redirect(s)
    return render(
        request,
        "sertifikasi/sertifikat_status.html",
        {"s": s, "form": form, "revoked": s.status == Sertifikat.Status.DICABUT},
    )


STATUS_DONE = {
    Sertifikat.Status.DIBEKUKAN: "Sertifikat {nomor} dibekukan. Pemegang sudah diberi tahu.",
    Sertifikat.Status.AKTIF: "Pembekuan sertifikat {nomor} dicabut; sertifikat berlaku kembali.",
    Sertifikat.Status.DICABUT: "Sertifikat {nomor} dicabut. Pemegang sudah diberi tahu.",
}


@login_required
def sertifikat_registrasi_view(request, pk):
    """GET: the BNSP registration number form; POST: record it (and, for a system certificate,
    issue the record's corrected version for the Ketua). manage_sertifikat only."""
    from .forms_sertifikat import RegistrasiForm

    s = _sertifikat(request, pk, "dokumen")
    if not permissions.can_manage_sertifikat(request.user):
        raise PermissionDenied
    form = RegistrasiForm(request.POST or None, initial={"nomor_registrasi": s.nomor_registrasi})
    if request.method == "POST" and form.is_valid():
        try:
            s = services.sertifikat_registrasi_set(
                sertifikat=s, nomor_registrasi=form.cleaned_data["nomor_registrasi"], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            message = f"Nomor registrasi {s.nomor_registrasi} dicatat pada sertifikat {s.nomor}."
            if s.dokumen_id:
                message += (
                    " Versi koreksi sertifikat menunggu tanda tangan Ketua LSP; setelah ditandatangani, PDF "
                    "sertifikat memuat nomor ini."
                )
            messages.success(request, message)
            return redirect(s)
    pending = _pending(s, services.record_versions(s))
    return render(
        request, "sertifikasi/sertifikat_registrasi.html", {"s": s, "form": form, "pending": pending}
    )


# The last import's rejected rows, for their .xlsx report (?laporan=xlsx).
REGISTRASI_REPORT_KEY = "sertifikasi_registrasi_laporan"
SERTIFIKAT_REPORT_KEY = "sertifikasi_sertifikat_impor_laporan"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=services.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report(request, key: str, url_name: str, filename: str):
    saved = request.session.get(key)
    if not saved:
        messages.info(request, "Tidak ada laporan baris yang ditolak untuk diunduh.")
        return redirect(url_name)
    errors = [services.RowError(*row) for row in saved]
    return _xlsx(services.impor_report_workbook(errors), filename)


@module_required(permissions.can_manage_sertifikat)
def registrasi_impor_view(request):
    """GET: the upload form (or ?laporan=xlsx: the last import's rejected rows). POST: apply
    the sheet's registration numbers row by row; the page lists every rejected row."""
    from .forms_sertifikat import RegistrasiImporForm

    if request.method == "GET" and request.GET.get("laporan") == "xlsx":
        return _report(
            request,
            REGISTRASI_REPORT_KEY,
            "sertifikasi:sertifikat-registrasi-impor",
            "laporan-impor-registrasi.xlsx",
        )
    form = RegistrasiImporForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.registrasi_impor(upload=form.cleaned_data["berkas"], actor=request.user)
        except ServiceError as e:
            result = None
            _refused(request, e, form, REGISTRASI_REPORT_KEY)
        else:
            request.session[REGISTRASI_REPORT_KEY] = [[r.baris, r.kolom, r.pesan] for r in result.errors]
            message = f"{len(result.diterapkan)} nomor registrasi dicatat"
            if result.sama:
                message += f", {result.sama} sudah tercatat sebelumnya"
            message += f", {len(result.errors)} baris ditolak."
            if any(s.dokumen_id for s in result.diterapkan):
                message += " Versi koreksi sertifikatnya menunggu tanda tangan Ketua LSP."
            (messages.warning if result.errors else messages.success)(request, message)
            if not result.errors:
                return redirect("sertifikasi:sertifikat-registrasi-impor")
    return render(
        request,
        "sertifikasi/sertifikat_registrasi_impor.html",
        {"form": form, "errors": _errors(form, result), "max_rows": services.IMPOR_MAX_ROWS},
    )


def _refused(request, error, form, key):
    """A whole file refused: its problems shown like rejected rows (ImportRefused), or the
    refusal on the form."""
    if isinstance(error, services.ImportRefused):
        form.refused_rows = error.errors
        request.session[key] = [[r.baris, r.kolom, r.pesan] for r in error.errors]
    else:
        show_error(request, error, form)


def _errors(form, result) -> list:
    if result is not None:
        return result.errors
    return getattr(form, "refused_rows", [])


@module_required(permissions.can_manage_sertifikat)
def registrasi_templat_view(request):
    return _xlsx(services.registrasi_template_workbook(), "templat-nomor-registrasi.xlsx")


@module_required(permissions.can_manage_sertifikat)
def sertifikat_impor_view(request):
    """GET: the upload form (or ?laporan=xlsx: the last import's rejected rows). POST: add the
    older register's good rows; the page lists every rejected row with its reasons."""
    from .forms_sertifikat import SertifikatImporForm
    from .services.sertifikat_impor import SERTIFIKAT_MAX_ROWS

    if request.method == "GET" and request.GET.get("laporan") == "xlsx":
        return _report(
            request, SERTIFIKAT_REPORT_KEY, "sertifikasi:sertifikat-impor", "laporan-impor-sertifikat.xlsx"
        )
    form = SertifikatImporForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.sertifikat_impor(upload=form.cleaned_data["berkas"], actor=request.user)
        except ServiceError as e:
            result = None
            _refused(request, e, form, SERTIFIKAT_REPORT_KEY)
        else:
            request.session[SERTIFIKAT_REPORT_KEY] = [[r.baris, r.kolom, r.pesan] for r in result.errors]
            rejected = len({e.baris for e in result.errors})
            message = f"{len(result.dibuat)} sertifikat ditambahkan ke register"
            if result.ditautkan:
                message += f" ({result.ditautkan} ditautkan ke akun pemegangnya)"
            message += f"; {rejected} baris ditolak."
            (messages.warning if result.errors else messages.success)(request, message)
            if not result.errors:
                return redirect("sertifikasi:sertifikat-impor")
    return render(
        request,
        "sertifikasi/sertifikat_impor.html",
        {"form": form, "errors": _errors(form, result), "max_rows": SERTIFIKAT_MAX_ROWS},
    )


@module_required(permissions.can_manage_sertifikat)
def sertifikat_impor_templat_view(request):
    return _xlsx(services.sertifikat_template_workbook(), "templat-impor-register-sertifikat.xlsx")
