"""Collective registration from an .xlsx sheet (issue 11 item 4): the template to fill and
the import page, for the Admin LSP, the Manajer Sertifikasi and the Ketua."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from muk.models import Skema

from . import services
from .models import Mode, Permohonan
from .permissions import can_import

# The last refused import's report, for its .xlsx download (?laporan=xlsx).
REPORT_SESSION_KEY = "sertifikasi_impor_laporan"


class ImporForm(forms.Form):
    skema = forms.ModelChoiceField(
        label="Skema sertifikasi",
        queryset=Skema.objects.filter(aktif=True).order_by("kode"),
        empty_label="Pilih skema",
        error_messages={"required": "Pilih skema.", "invalid_choice": "Pilih skema aktif dari daftar."},
    )
    mode = forms.ChoiceField(
        label="Mode asesmen",
        choices=Mode.choices,
        initial=Mode.TATAP_MUKA,
        widget=forms.RadioSelect,
        help_text="Jarak jauh hanya untuk skema yang disetujui BNSP untuk asesmen jarak jauh.",
        error_messages={"required": "Pilih mode asesmen."},
    )
    tujuan = forms.ChoiceField(
        label="Tujuan asesmen",
        choices=Permohonan.Tujuan.choices,
        initial=Permohonan.Tujuan.SERTIFIKASI,
        error_messages={"required": "Pilih tujuan asesmen."},
    )
    tujuan_lainnya = forms.CharField(
        label="Tujuan lainnya", required=False, max_length=200, help_text="Isi bila tujuan asesmen 'Lainnya'."
    )
    berkas = forms.FileField(
        label="Berkas daftar peserta (.xlsx)",
        help_text=(
            f"Templat yang sudah diisi. Paling besar {services.IMPOR_MAX_BYTES // (1024 * 1024)} MB dan "
            f"{services.IMPOR_MAX_ROWS} peserta."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{services.XLSX_CONTENT_TYPE}"}),
        error_messages={"required": "Pilih berkas .xlsx daftar peserta."},
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=services.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@module_required(can_import)
def impor_templat_view(request):
    return _xlsx(services.impor_template_workbook(), "templat-impor-peserta.xlsx")


@module_required(can_import)
def impor_view(request):
    """GET: the form (or ?laporan=xlsx: the last refused import's report). POST: import all
    rows or none; a refusal shows every problem by row and column."""
    if request.method == "GET" and request.GET.get("laporan") == "xlsx":
        saved = request.session.get(REPORT_SESSION_KEY)
        if not saved:
            messages.info(request, "Tidak ada laporan kesalahan impor untuk diunduh.")
            return redirect("sertifikasi:impor")
        errors = [services.RowError(*row) for row in saved]
        return _xlsx(services.impor_report_workbook(errors), "laporan-kesalahan-impor.xlsx")
    form = ImporForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.impor_peserta(
                skema=data["skema"],
                mode=data["mode"],
                tujuan=data["tujuan"],
                tujuan_lainnya=data["tujuan_lainnya"],
                upload=data["berkas"],
                actor=request.user,
            )
        except services.ImportRefused as e:
            errors = e.errors
            request.session[REPORT_SESSION_KEY] = [[r.baris, r.kolom, r.pesan] for r in errors]
        except ServiceError as e:
            show_error(request, e, form)
        else:
            request.session.pop(REPORT_SESSION_KEY, None)
            messages.success(
                request,
                f"{len(result.permohonan)} peserta didaftarkan untuk skema {data['skema'].kode} sebagai "
                f"draf permohonan: {len(result.akun_baru)} akun baru menerima undangan lewat email untuk "
                f"membuat kata sandi, {len(result.akun_lama)} akun yang sudah ada diberi tahu. Peserta "
                "melengkapi bukti, lalu menandatangani dan mengajukan permohonannya.",
            )
            return redirect("sertifikasi:impor")
    return render(
        request,
        "sertifikasi/impor.html",
        {"form": form, "errors": errors, "max_rows": services.IMPOR_MAX_ROWS},
    )
