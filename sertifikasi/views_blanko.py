"""The BNSP blanko list of a batch (X-2) with its configurable columns, and the start of
a re-certification from a certificate (FLOW.md state 18).

- blanko_view: the batch's .xlsx for manage_sertifikat holders (403 otherwise; a batch they
  do not see 404); refused (no final SK keputusan, a trial batch) back to the batch page
  with the reason.
- blanko_kolom_view: the column editor (manage_sertifikat): order, heading, source, remove,
  empty rows to add; or back to the default columns.
- sertifikasi_ulang_view: the holder's page to start the re-certification of their
  certificate (anyone else 404): GET says what happens or why it cannot; POST starts the
  draft (services.sertifikasi_ulang_start) and lands on its form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error

from .forms_blanko import KolomFormSet, initial_rows
from .models import Sertifikat
from .permissions import can_manage_sertifikat
from .services import blanko as blanko_services
from .services import ulang
from .services.impor import XLSX_CONTENT_TYPE
from .views_common import get_jadwal


@module_required(can_manage_sertifikat)
@require_http_methods(["GET", "HEAD"])
def blanko_view(request, pk):
    jadwal = get_jadwal(request, pk)
    try:
        content = blanko_services.blanko_workbook(jadwal=jadwal, actor=request.user)
    except ServiceError as e:
        show_error(request, e)
        return redirect(jadwal)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{blanko_services.blanko_filename(jadwal)}"'
    return response


@module_required(can_manage_sertifikat)
def blanko_kolom_view(request):
    kolom, diatur = blanko_services.kolom_blanko()
    if request.method == "POST" and "bawaan" in request.POST:
        try:
            blanko_services.kolom_blanko_reset(actor=request.user)
        except ServiceError as e:
            show_error(request, e)
        else:
            messages.success(request, "Blanko BNSP kembali memakai kolom bawaan.")
        return redirect("sertifikasi:blanko-kolom")
    formset = KolomFormSet(request.POST or None, initial=initial_rows(kolom), prefix="kolom")
    if request.method == "POST" and formset.is_valid():
        try:
            blanko_services.kolom_blanko_save(kolom=formset.kolom(), actor=request.user)
        except ServiceError as e:
            show_error(request, e)
        else:
            messages.success(request, "Kolom blanko BNSP disimpan.")
            return redirect("sertifikasi:blanko-kolom")
    return render(
        request,
        "sertifikasi/blanko_kolom.html",
        {
            "formset": formset,
            "diatur": diatur,
            "sumber": blanko_services.SUMBER_CHOICES,
        },
    )


@login_required
def sertifikasi_ulang_view(request, pk):
    # Only the holder's own issued certificates: anyone else's is 404 (not leaked).
    sertifikat = get_object_or_404(
        Sertifikat.objects.filter(pemegang=request.user, terbit=True).select_related("skema"), pk=pk
    )
    if request.method == "POST":
        try:
            p = ulang.sertifikasi_ulang_start(sertifikat=sertifikat, actor=request.user)
        except ServiceError as e:
            show_error(request, e)
            return redirect("sertifikasi:sertifikasi-ulang", sertifikat.pk)
        messages.success(
            request,
            f"Permohonan sertifikasi ulang skema {sertifikat.skema.kode} dibuat sebagai draf. "
            "Lengkapi datanya dan unggah portofolio Anda.",
        )
        return redirect("sertifikasi:permohonan-ubah", p.pk)
    return render(
        request,
        "sertifikasi/blanko_sertifikasi_ulang.html",
        {"sertifikat": sertifikat, "penolakan": ulang.sertifikasi_ulang_refusal(sertifikat, request.user)},
    )
