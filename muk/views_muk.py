"""MUK pages (SE-A4.6): versions of a scheme's MUK, their FR.MAPA.01/02 and FR.IA instrument
bank, submission and validation (FR.VA). Staff with `use_muk` view validated versions;
`manage_skema` drafts; `validate_muk` reviews and signs. Others' drafts answer 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from akun.permissions import module_required
from lsp_portal.errors import show_error
from lsp_portal.http import client_ip
from lsp_portal.status import labelled_history

from . import selectors, services
from .forms import ButirForm, InstrumenForm, KembalikanForm, Mapa01Form, Mapa02Form, ValidasiForm
from .models import (
    BUTIR_SPEC,
    ButirInstrumen,
    Instrumen,
    Mapa01,
    Mapa02,
    MukVersi,
    PotensiAsesi,
    UnitKompetensi,
)
from .permissions import (
    can_delete_versi,
    can_edit_versi,
    can_manage_skema,
    can_open,
    can_review_versi,
    can_validate_muk,
    can_validate_versi,
    visible_skema,
)


def _data(request):
    """The posted data of a POST (even an empty one: a form with nothing ticked is still a
    submission and gets its errors), None for a GET."""
    return request.POST if request.method == "POST" else None


def _versi(request, pk, nomor) -> MukVersi:
    return get_object_or_404(selectors.versi_for(request.user), skema_id=pk, nomor=nomor)


def _refused(request, versi):
    """A redirect back to the version with the reason when it cannot be edited, else None."""
    refusal = versi.edit_refusal()
    if refusal:
        messages.error(request, refusal)
        return redirect(versi)
    return None


def _unit(versi, unit_pk) -> UnitKompetensi:
    return get_object_or_404(UnitKompetensi, skema_id=versi.skema_id, pk=unit_pk)


def _instrumen(versi, ipk) -> Instrumen:
    instrumen = get_object_or_404(Instrumen.objects.select_related("unit"), versi=versi, pk=ipk)
    instrumen.versi = versi  # already fetched with its scheme and people
    return instrumen


# --- versions --------------------------------------------------------------------------------


@module_required(can_open)
def versi_list_view(request, pk):
    skema = get_object_or_404(visible_skema(request.user), pk=pk)
    versions = list(selectors.versi_list(skema=skema, user=request.user))
    return render(
        request,
        "muk/versi_list.html",
        {
            "skema": skema,
            "versions": versions,
            "berlaku": selectors.muk_usable(skema),
            "open_version": next((v for v in versions if v.status in MukVersi.OPEN), None),
            "can_manage": can_manage_skema(request.user),
        },
    )


@module_required(can_manage_skema)
def versi_create_view(request, pk):
    """GET: confirm; POST: start version n+1 (a copy of the version in force, or empty)."""
    skema = get_object_or_404(visible_skema(request.user), pk=pk)
    berlaku = selectors.muk_usable(skema)
    if request.method == "POST":
        try:
            versi = services.muk_versi_create(skema=skema, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
            return redirect("muk:versi-list", pk=skema.pk)
        copied = f" Isinya disalin dari versi {berlaku.nomor}." if berlaku else ""
        messages.success(request, f"MUK versi {versi.nomor} dibuat sebagai draf.{copied}")
        return redirect(versi)
    open_version = MukVersi.objects.filter(skema=skema, status__in=MukVersi.OPEN).first()
    return render(
        request,
        "muk/versi_create.html",
        {
            "skema": skema,
            "berlaku": berlaku,
            "open_version": open_version,
            "belum_lengkap": selectors.incomplete_units(skema.pk),
        },
    )


@module_required(can_open)
def versi_detail_view(request, pk, nomor):
    versi = _versi(request, pk, nomor)
    blocks = selectors.versi_blocks(versi)
    editable = can_edit_versi(request.user, versi)
    return render(
        request,
        "muk/versi_detail.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "blocks": blocks,
            "problems": selectors.completeness_problems(versi, blocks) if editable else [],
            "history": labelled_history(versi),
            "editable": editable,
            "can_manage": can_manage_skema(request.user),
            "can_review": can_review_versi(request.user, versi),
            "can_delete": can_delete_versi(request.user, versi),
            "potensi": PotensiAsesi.choices,
        },
    )


@module_required(can_manage_skema)
def versi_delete_view(request, pk, nomor):
    """GET: what deleting the draft removes, and a confirmation; POST: delete it ("Hapus
    draf"). A version that may not be deleted goes back to its page with the reason."""
    versi = _versi(request, pk, nomor)
    refusal = selectors.versi_delete_refusal(versi)
    if refusal:
        messages.error(request, refusal)
        return redirect(versi)
    if request.method == "POST":
        try:
            services.muk_versi_delete(versi=versi, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
            return redirect(versi)
        berlaku = selectors.muk_usable(versi.skema)
        in_force = f" MUK versi {berlaku.nomor} tetap berlaku." if berlaku else ""
        messages.success(request, f"Draf MUK versi {versi.nomor} dihapus.{in_force}")
        return redirect("muk:versi-list", pk=versi.skema_id)
    return render(
        request,
        "muk/versi_delete.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "isi": selectors.versi_content_count(versi),
            "berlaku": selectors.muk_usable(versi.skema),
        },
    )


@module_required(can_manage_skema)
def versi_submit_view(request, pk, nomor):
    """GET: what is still missing, and a confirmation; POST: submit for validation."""
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    problems = []
    if request.method == "POST":
        try:
            services.muk_versi_submit(versi=versi, actor=request.user)
        except ValidationError as e:
            problems = e.messages
        else:
            messages.success(request, f"MUK versi {versi.nomor} diajukan untuk divalidasi.")
            return redirect(versi)
    else:
        problems = selectors.completeness_problems(versi)
    return render(
        request, "muk/versi_submit.html", {"versi": versi, "skema": versi.skema, "problems": problems}
    )


@module_required(can_validate_muk)
def versi_review_view(request, pk, nomor):
    """The validator's page: the whole version (MAPA, every instrument and item with its key)
    and the FR.VA form, signed with the validator's password; signing validates it."""
    versi = _versi(request, pk, nomor)
    if not can_review_versi(request.user, versi):
        messages.error(request, f"MUK versi {versi.nomor} tidak sedang diajukan untuk validasi.")
        return redirect(versi)
    form = ValidasiForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.muk_versi_validate(
                versi=versi,
                validator=request.user,
                temuan=form.temuan(),
                secret=form.cleaned_data["secret"],
                consent=form.cleaned_data["consent"],
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                gambar=form.cleaned_data["gambar"],
            )
        except ValidationError as e:  # a ServiceError too: records, transitions
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"MUK versi {versi.nomor} tervalidasi. FR.VA telah ditandatangani dan kini MUK ini "
                "yang dipakai dalam asesmen.",
            )
            return redirect(versi)
    return render(
        request,
        "muk/versi_review.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "blocks": selectors.versi_blocks(versi, items=True),
            "form": form,
            "can_validate": can_validate_versi(request.user, versi),
            "potensi": PotensiAsesi.choices,
        },
    )


@module_required(can_validate_muk)
def versi_return_view(request, pk, nomor):
    """GET: the notes form; POST: return the version under review to draft."""
    versi = _versi(request, pk, nomor)
    if not can_review_versi(request.user, versi):
        messages.error(request, f"MUK versi {versi.nomor} tidak sedang diajukan untuk validasi.")
        return redirect(versi)
    form = KembalikanForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.muk_versi_return(versi=versi, catatan=form.cleaned_data["catatan"], actor=request.user)
        except ValidationError as e:
            form.add_error("catatan" if hasattr(e, "error_dict") else None, e.messages)
        else:
            messages.success(request, f"MUK versi {versi.nomor} dikembalikan ke draf dengan catatan.")
            return redirect(versi)
    return render(request, "muk/versi_return.html", {"versi": versi, "skema": versi.skema, "form": form})


# --- FR.MAPA.01 / 02 ---------------------------------------------------------------------------


@module_required(can_manage_skema)
def mapa01_edit_view(request, pk, nomor, unit_pk):
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    unit = _unit(versi, unit_pk)
    instance = Mapa01.objects.filter(versi=versi, unit=unit).prefetch_related("metode").first()
    form = Mapa01Form(_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.mapa01_save(
                versi=versi, unit=unit, data=form.data_fields(), metode=form.metode(), actor=request.user
            )
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"FR.MAPA.01 unit {unit.kode} disimpan.")
            return redirect(f"{versi.get_absolute_url()}#unit-{unit.pk}")
    return render(
        request, "muk/mapa01_form.html", {"versi": versi, "skema": versi.skema, "unit": unit, "form": form}
    )


@module_required(can_manage_skema)
def mapa02_edit_view(request, pk, nomor, unit_pk):
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    unit = _unit(versi, unit_pk)
    rows = Mapa02.objects.filter(versi=versi, unit=unit).values_list("jenis", "potensi")
    form = Mapa02Form(_data(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.mapa02_save(versi=versi, unit=unit, cells=form.cells(), actor=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"FR.MAPA.02 unit {unit.kode} disimpan.")
            return redirect(f"{versi.get_absolute_url()}#unit-{unit.pk}")
    return render(
        request,
        "muk/mapa02_form.html",
        {"versi": versi, "skema": versi.skema, "unit": unit, "form": form, "potensi": PotensiAsesi.choices},
    )


# --- instruments -------------------------------------------------------------------------------


@module_required(can_open)
def instrumen_detail_view(request, pk, nomor, ipk):
    versi = _versi(request, pk, nomor)
    instrumen = _instrumen(versi, ipk)
    return render(
        request,
        "muk/instrumen_detail.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "instrumen": instrumen,
            "spec": BUTIR_SPEC[instrumen.jenis],
            "items": selectors.instrumen_butir(instrumen),
            "editable": can_edit_versi(request.user, versi),
        },
    )


@module_required(can_manage_skema)
def instrumen_create_view(request, pk, nomor, unit_pk):
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    unit = _unit(versi, unit_pk)
    form = InstrumenForm(_data(request), initial={"jenis": request.GET.get("jenis", "")})
    if request.method == "POST" and form.is_valid():
        try:
            instrumen = services.instrumen_create(
                versi=versi, unit=unit, **form.cleaned_data, actor=request.user
            )
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, f"Instrumen {instrumen.jenis} ditambahkan. Lanjutkan dengan menambah butirnya."
            )
            return redirect(instrumen.get_absolute_url())
    return render(
        request,
        "muk/instrumen_form.html",
        {"versi": versi, "skema": versi.skema, "unit": unit, "form": form, "instrumen": None},
    )


@module_required(can_manage_skema)
def instrumen_edit_view(request, pk, nomor, ipk):
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    instrumen = _instrumen(versi, ipk)
    form = InstrumenForm(
        _data(request),
        initial={
            "jenis": instrumen.jenis,
            "judul": instrumen.judul,
            "petunjuk": instrumen.petunjuk,
            "waktu_menit": instrumen.waktu_menit,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.instrumen_update(instrumen=instrumen, **form.cleaned_data, actor=request.user)
        except ValidationError as e:
            show_error(request, e, form)
        else:
            messages.success(request, "Instrumen disimpan.")
            return redirect(instrumen.get_absolute_url())
    return render(
        request,
        "muk/instrumen_form.html",
        {"versi": versi, "skema": versi.skema, "unit": instrumen.unit, "form": form, "instrumen": instrumen},
    )


@module_required(can_manage_skema)
def instrumen_delete_view(request, pk, nomor, ipk):
    """GET: confirm; POST: remove the instrument and its items from the draft."""
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    instrumen = _instrumen(versi, ipk)
    if request.method == "POST":
        try:
            services.instrumen_delete(instrumen=instrumen, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
        else:
            messages.success(request, f"Instrumen “{instrumen.judul}” dihapus dari MUK versi {versi.nomor}.")
        return redirect(f"{versi.get_absolute_url()}#unit-{instrumen.unit_id}")
    return render(
        request,
        "muk/confirm_delete.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "title": f"Hapus instrumen “{instrumen.judul}”?",
            "text": f"Instrumen {instrumen.get_jenis_display()} beserta {instrumen.butir.count()} butirnya "
            f"dihapus dari MUK versi {versi.nomor} (draf). Penghapusan tercatat di jejak audit.",
            "cancel": instrumen.get_absolute_url(),
        },
    )


# --- items -------------------------------------------------------------------------------------


def _butir_form_page(request, versi, instrumen, butir=None):
    form = ButirForm(
        _data(request),
        instrumen=instrumen,
        butir=butir,
        kuk_queryset=selectors.unit_kuk(instrumen.unit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if butir is None:
                services.butir_create(instrumen=instrumen, actor=request.user, **form.service_kwargs())
            else:
                services.butir_update(butir=butir, actor=request.user, **form.service_kwargs())
        except ValidationError as e:
            show_error(request, e, form)
        else:
            noun = BUTIR_SPEC[instrumen.jenis].noun
            messages.success(
                request, f"{noun.capitalize()} {'ditambahkan' if butir is None else 'disimpan'}."
            )
            if butir is None and "simpan_tambah" in request.POST:
                return redirect("muk:butir-create", pk=versi.skema_id, nomor=versi.nomor, ipk=instrumen.pk)
            return redirect(instrumen.get_absolute_url())
    return render(
        request,
        "muk/butir_form.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "instrumen": instrumen,
            "spec": BUTIR_SPEC[instrumen.jenis],
            "form": form,
            "butir": butir,
        },
    )


@module_required(can_manage_skema)
def butir_create_view(request, pk, nomor, ipk):
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    return _butir_form_page(request, versi, _instrumen(versi, ipk))


def _butir(instrumen, bpk) -> ButirInstrumen:
    butir = get_object_or_404(ButirInstrumen.objects.prefetch_related("opsi"), instrumen=instrumen, pk=bpk)
    butir.instrumen = instrumen
    return butir


@module_required(can_manage_skema)
def butir_edit_view(request, pk, nomor, ipk, bpk):
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    instrumen = _instrumen(versi, ipk)
    return _butir_form_page(request, versi, instrumen, _butir(instrumen, bpk))


@module_required(can_manage_skema)
def butir_delete_view(request, pk, nomor, ipk, bpk):
    """GET: confirm; POST: remove the item from the draft."""
    versi = _versi(request, pk, nomor)
    refused = _refused(request, versi)
    if refused:
        return refused
    instrumen = _instrumen(versi, ipk)
    butir = _butir(instrumen, bpk)
    noun = BUTIR_SPEC[instrumen.jenis].noun
    if request.method == "POST":
        try:
            services.butir_delete(butir=butir, actor=request.user)
        except ValidationError as e:
            show_error(request, e)
        else:
            messages.success(request, f"{noun.capitalize()} dihapus.")
        return redirect(instrumen.get_absolute_url())
    return render(
        request,
        "muk/confirm_delete.html",
        {
            "versi": versi,
            "skema": versi.skema,
            "title": f"Hapus {noun} ini?",
            "text": f"“{butir.teks[:200]}” dihapus dari instrumen “{instrumen.judul}”. "
            "Penghapusan tercatat di jejak audit.",
            "cancel": instrumen.get_absolute_url(),
        },
    )
