"""The letters register (SE-A4.5): a searchable staff list of the LSP's letters and
decrees, and the page that issues the SK Komite Teknis."""

from django.contrib import messages
from django.shortcuts import redirect, render

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.pagination import paginate

from . import surat
from .forms_surat import SKKomiteTeknisForm, SuratFilterForm, ketua_initial
from .permissions import can_open

PAGE_SIZE = 25


@module_required(can_open)
def surat_list_view(request):
    """Every letter of the SE-A4.5 kinds: number, kind, subject, date, status, signer;
    searchable by number or subject, filterable by kind and year."""
    form = SuratFilterForm(request.GET or None, years=surat.surat_years(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    letters = surat.surat_register(
        user=request.user, q=filters.get("q", ""), kode=filters.get("jenis", ""), tahun=filters.get("tahun")
    )
    return render(
        request,
        "administrasi/surat_list.html",
        {
            "form": form,
            "page": paginate(request, letters, per_page=PAGE_SIZE),
            "can_issue": surat.can_issue_letters(request.user),
        },
    )


@module_required(surat.can_issue_letters)
def sk_komite_teknis_create_view(request):
    """Issue the SK Komite Teknis; the new record waits for the Ketua's signature on its
    own page (administrasi:dokumen-detail → sign)."""
    form = SKKomiteTeknisForm(request.POST or None, initial=ketua_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            dokumen = surat.sk_komite_teknis_issue(**form.service_kwargs(), actor=request.user)
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"SK Komite Teknis nomor {dokumen.nomor} diterbitkan dan menunggu tanda tangan "
                f"{form.cleaned_data['penandatangan'].nama_lengkap}.",
            )
            return redirect(dokumen)
    return render(
        request,
        "administrasi/surat_sk_komite_teknis_form.html",
        {
            "form": form,
            "no_komite": not form.fields["anggota"].queryset.exists(),
            "no_ketua": not form.fields["penandatangan"].queryset.exists(),
        },
    )
