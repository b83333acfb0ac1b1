"""SDM pages (SE-A4.2, SE-A2.1, X-3, X-6): staff with akun.use_sdm view, akun.manage_sdm
edits; an asesor sees their own profile and signs their own yearly declaration."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.files import stream_file
from lsp_portal.http import client_ip
from lsp_portal.pagination import paginate

from . import reminders, selectors, services
from .forms import AsesorForm, DeklarasiForm, KontrakForm, PersonelFilterForm, PersonelForm, SertifikatForm
from .models import Asesor, KontrakPemeliharaan, Personel, SertifikatKompetensi, today
from .permissions import can_manage, can_open, can_open_own, visible_personel

PAGE_SIZE = 50


@module_required(can_open)
def home_view(request):
    """SDM landing: the LSP's people by function (SE-A4.2), SE-A2.1 status, this year's
    declarations (X-6) and the documents about to expire (X-3)."""
    declared, asesor_total = selectors.declaration_counts()
    unregistered, unregistered_total = selectors.unregistered_staff()
    return render(
        request,
        "sdm/home.html",
        {
            "groups": selectors.people_by_function(),
            "peringatan": reminders.upcoming(user=request.user),
            "it": selectors.it_status(),
            "declared": declared,
            "asesor_total": asesor_total,
            "unregistered": unregistered,
            "unregistered_total": unregistered_total,
            "year": today().year,
            "can_manage": can_manage(request.user),
        },
    )


@module_required(can_open)
def personel_list_view(request):
    form = PersonelFilterForm(request.GET or None)
    fungsi = q = ""
    if form.is_valid():
        fungsi, q = form.cleaned_data["fungsi"], form.cleaned_data["q"]
    rows = selectors.personel_list(user=request.user, fungsi=fungsi, q=q)
    return render(
        request,
        "sdm/personel_list.html",
        {
            "form": form,
            "page": paginate(request, rows, per_page=PAGE_SIZE),
            "can_manage": can_manage(request.user),
            "today": today(),
        },
    )


@module_required(can_manage)
def personel_create_view(request):
    initial = {"fungsi": request.GET.get("fungsi", ""), "akun_email": request.GET.get("akun", "")}
    form = PersonelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            personel = services.personel_create(actor=request.user, **form.service_kwargs())
        except ValidationError as e:
            show_error(request, e, form)
        else:
            if personel.fungsi == Personel.Fungsi.ASESOR:
                messages.success(request, f"{personel.nama} ditambahkan. Lengkapi data registrasi MET-nya.")
                return redirect("sdm:asesor-edit", pk=personel.pk)
            messages.success(request, f"{personel.nama} ditambahkan.")
            return redirect(personel)
    return render(request, "sdm/personel_form.html", {"form": form, "personel": None})


@module_required(can_manage)
def personel_edit_view(request, pk):
    personel = get_object_or_404(Personel.objects.select_related("user"), pk=pk)
    # A copy: validating the form changes its instance; the heading keeps the saved values.
    form = PersonelForm(request.POST or None, instance=copy.copy(personel))
    if request.method == "POST" and form.is_valid():
        try:
            personel = services.personel_update(
                personel=personel, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Data {personel.nama} disimpan.")
            return redirect(personel)
    return render(request, "sdm/personel_form.html", {"form": form, "personel": personel})


@module_required(can_open_own)
def personel_detail_view(request, pk):
    """A person's page; for an asesor also the MET registration, schemes and declarations.
    An asesor opening someone else's page gets 404."""
    personel = get_object_or_404(selectors.personel_detail(user=request.user), pk=pk)
    asesor = getattr(personel, "asesor", None)
    declarations = list(asesor.deklarasi.all()) if asesor else []
    year = today().year
    # the one rule of "declared this year" (a voided record asks for a new signature).
    in_force = services.deklarasi_this_year(asesor, year) if asesor else None
    return render(
        request,
        "sdm/personel_detail.html",
        {
            "personel": personel,
            "asesor": asesor,
            "declarations": declarations,
            "declared_this_year": in_force is not None,
            "year": year,
            "is_self": personel.user_id == request.user.pk,
            "can_manage": can_manage(request.user),
            "today": today(),
        },
    )


@module_required(can_manage)
def asesor_edit_view(request, pk):
    """Create or edit the asesor profile (MET registration, schemes) of a person in the
    function Asesor (SE-A4.2)."""
    personel = get_object_or_404(Personel, pk=pk, fungsi=Personel.Fungsi.ASESOR)
    asesor = Asesor.objects.filter(personel=personel).first()
    form = AsesorForm(request.POST or None, instance=copy.copy(asesor) if asesor else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.asesor_save(personel=personel, actor=request.user, **form.service_kwargs())
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Profil asesor {personel.nama} disimpan.")
            return redirect(personel)
    return render(request, "sdm/asesor_form.html", {"form": form, "personel": personel, "asesor": asesor})


@module_required(can_open)
def asesor_list_view(request):
    """Every asesor with MET validity, schemes and whether this year's impartiality
    declaration is signed (X-6)."""
    return render(
        request,
        "sdm/asesor_list.html",
        {"asesor_list": selectors.asesor_overview(), "year": today().year, "today": today()},
    )


@module_required(can_open)
def sistem_informasi_view(request):
    """SE-A2.1: who operates the information system and who maintains it, with the
    certificate or contract that qualifies each maintainer."""
    return render(
        request,
        "sdm/sistem_informasi.html",
        {"it": selectors.it_status(), "can_manage": can_manage(request.user)},
    )


# --- certificates and contracts -------------------------------------------------------------


def _document_form_view(request, *, form_class, personel, obj, create, update, template, noun):
    form = form_class(request.POST or None, request.FILES or None, instance=copy.copy(obj) if obj else None)
    if request.method == "POST" and form.is_valid():
        try:
            if obj is None:
                create(personel=personel, actor=request.user, **form.service_kwargs(update=False))
            else:
                update(obj, actor=request.user, **form.service_kwargs(update=True))
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"{noun} {personel.nama} disimpan.")
            return redirect(personel)
    return render(request, template, {"form": form, "personel": personel, "obj": obj})


@module_required(can_manage)
def sertifikat_create_view(request, pk):
    personel = get_object_or_404(Personel, pk=pk)
    return _document_form_view(
        request,
        form_class=SertifikatForm,
        personel=personel,
        obj=None,
        create=services.sertifikat_create,
        update=None,
        template="sdm/sertifikat_form.html",
        noun="Sertifikat",
    )


@module_required(can_manage)
def sertifikat_edit_view(request, pk):
    sertifikat = get_object_or_404(SertifikatKompetensi.objects.select_related("personel"), pk=pk)
    return _document_form_view(
        request,
        form_class=SertifikatForm,
        personel=sertifikat.personel,
        obj=sertifikat,
        create=None,
        update=lambda obj, **kw: services.sertifikat_update(sertifikat=obj, **kw),
        template="sdm/sertifikat_form.html",
        noun="Sertifikat",
    )


@module_required(can_manage)
def kontrak_create_view(request, pk):
    personel = get_object_or_404(Personel, pk=pk, fungsi=Personel.Fungsi.PEMELIHARA_SI)
    return _document_form_view(
        request,
        form_class=KontrakForm,
        personel=personel,
        obj=None,
        create=services.kontrak_create,
        update=None,
        template="sdm/kontrak_form.html",
        noun="Kontrak pemeliharaan",
    )


@module_required(can_manage)
def kontrak_edit_view(request, pk):
    kontrak = get_object_or_404(KontrakPemeliharaan.objects.select_related("personel"), pk=pk)
    return _document_form_view(
        request,
        form_class=KontrakForm,
        personel=kontrak.personel,
        obj=kontrak,
        create=None,
        update=lambda obj, **kw: services.kontrak_update(kontrak=obj, **kw),
        template="sdm/kontrak_form.html",
        noun="Kontrak pemeliharaan",
    )


@require_safe
@module_required(can_open_own)
def sertifikat_berkas_view(request, pk):
    """The certificate's file, for SDM staff and the person it belongs to (others 404)."""
    sertifikat = get_object_or_404(
        SertifikatKompetensi.objects.filter(personel__in=visible_personel(request.user)), pk=pk
    )
    return stream_file(sertifikat.berkas, stem=f"sertifikat-{sertifikat.nomor}".replace("/", "-"))


@require_safe
@module_required(can_open_own)
def kontrak_berkas_view(request, pk):
    kontrak = get_object_or_404(
        KontrakPemeliharaan.objects.filter(personel__in=visible_personel(request.user)), pk=pk
    )
    return stream_file(kontrak.berkas, stem=f"kontrak-{kontrak.nomor_kontrak}".replace("/", "-"))


# --- the asesor's own pages ---------------------------------------------------------------


@module_required(can_open_own)
def saya_view(request):
    """The signed-in asesor's own profile; a page that says so when none is registered."""
    personel = Personel.objects.filter(user=request.user).only("pk").first()
    if personel is not None:
        return redirect(personel)
    return render(request, "sdm/belum_terdaftar.html", status=200)


@module_required(can_open_own)
def deklarasi_view(request):
    """X-6: the asesor reads the yearly impartiality and conflict-of-interest statement and
    signs it with their password and consent; once per year."""
    asesor = selectors.own_asesor(request.user)
    if asesor is None:
        return render(request, "sdm/belum_terdaftar.html")
    year = today().year
    existing = services.deklarasi_this_year(asesor, year)
    form = DeklarasiForm(request.POST or None) if existing is None else None
    if request.method == "POST" and existing is not None:
        messages.error(request, str(services.already_declared(year)))
    elif request.method == "POST" and form.is_valid():
        try:
            deklarasi = services.deklarasi_sign(
                asesor=asesor,
                signer=request.user,
                secret=form.cleaned_data["secret"],
                consent=form.cleaned_data["consent"],
                potensi_konflik=form.cleaned_data["potensi_konflik"],
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                gambar=form.cleaned_data["gambar"],
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"Pernyataan imparsialitas tahun {year} telah ditandatangani "
                f"(nomor {deklarasi.dokumen.nomor}). "
                "PDF-nya sedang dibuat dan dapat diunduh dari halaman dokumen.",
            )
            return redirect("sdm:deklarasi")
    return render(
        request,
        "sdm/deklarasi.html",
        {
            "asesor": asesor,
            "year": year,
            "existing": existing,
            "form": form,
            "pernyataan": services.PERNYATAAN,
            "skema": list(asesor.skema.order_by("kode")),
        },
    )
