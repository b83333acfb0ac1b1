"""FR.APL.02 asesmen mandiri pages (SE-A4.8b): the applicant answers K/BK against each KUK,
names and links evidence per element, uploads portfolio files and signs; the candidate's
assessor reviews and recommends to proceed or not, and signs.

Field names of the self-assessment form are compact so that one request carries a whole
scheme (13 units, 100 KUK): `kuk-<KUK id>` = K | BK, `bukti-<element id>` the evidence text,
`berkas-<element id>` the ids of linked files (repeated; a hidden empty value marks the group
as sent, so unticking every box unlinks them). A request sends only what its form holds and
only that is saved; the autosave script (static/js/autosave.js, header `X-Autosave: 1`) gets
JSON {"saved": [field names], "errors": {field or "__all__": message}}.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error

from . import permissions, services
from .forms import TandatanganForm
from .models import Bukti, BuktiElemen, JawabanKuk, Permohonan
from .services import JourneyError
from .views_common import get_permohonan

KUK_PREFIX, BUKTI_PREFIX, BERKAS_PREFIX = "kuk-", "bukti-", "berkas-"
UNREADABLE = "Isian asesmen mandiri tidak terbaca. Muat ulang halaman ini lalu coba lagi."


# --- reading the form ----------------------------------------------------------------------


def _id(name: str, prefix: str) -> int:
    suffix = name[len(prefix) :]
    if not suffix.isdigit():
        raise JourneyError(UNREADABLE, code="unreadable")
    return int(suffix)


def parse_answers(
    post, permohonan: Permohonan
) -> tuple[dict[int, str], dict[int, tuple[str, list[int]]], list[str]]:
    """The answers a POST holds, for services.apl02_save: ({KUK id: value}, {element id:
    (text, [file ids])}, the field names read). An element whose text came without its file
    group (or the reverse) keeps the stored other half. JourneyError on a name or id that
    is not a number (nothing is saved then)."""
    jawaban: dict[int, str] = {}
    teks: dict[int, str] = {}
    berkas: dict[int, list[int]] = {}
    names = []
    for name in post:
        if name.startswith(KUK_PREFIX):
            jawaban[_id(name, KUK_PREFIX)] = post.get(name, "").strip().upper()
        elif name.startswith(BUKTI_PREFIX):
            teks[_id(name, BUKTI_PREFIX)] = post.get(name, "")
        elif name.startswith(BERKAS_PREFIX):
            values = [v.strip() for v in post.getlist(name) if v.strip()]
            if not all(v.isdigit() for v in values):
                raise JourneyError(UNREADABLE, code="unreadable")
            berkas[_id(name, BERKAS_PREFIX)] = [int(v) for v in values]
        else:
            continue
        names.append(name)
    halves = set(teks) ^ set(berkas)
    stored = {}
    if halves:
        stored = {
            b.elemen_id: b
            for b in BuktiElemen.objects.filter(permohonan=permohonan, elemen_id__in=halves).prefetch_related(
                "bukti"
            )
        }
    bukti = {}
    for elemen_id in set(teks) | set(berkas):
        row = stored.get(elemen_id)
        text = teks[elemen_id] if elemen_id in teks else (row.keterangan if row else "")
        ids = berkas[elemen_id] if elemen_id in berkas else ([f.pk for f in row.bukti.all()] if row else [])
        bukti[elemen_id] = (text, ids)
    return jawaban, bukti, names


def _save(request, p: Permohonan) -> list[str]:
    """Save what the POST holds; returns the field names saved. ServiceError when refused."""
    jawaban, bukti, names = parse_answers(request.POST, p)
    if jawaban or bukti:
        services.apl02_save(permohonan=p, jawaban=jawaban, bukti=bukti, actor=request.user)
    return names


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


# --- what the pages show -------------------------------------------------------------------


def _files(p: Permohonan) -> list[Bukti]:
    """The application's evidence files in force: basic requirements, then portfolio."""
    return list(Bukti.objects.filter(permohonan=p, aktif=True).order_by("persyaratan__urutan", "pk"))


def _overlay(jawaban: dict, bukti_rows: dict, posted) -> tuple[dict, dict]:
    """The stored answers with a refused POST's values on top, so nothing typed is lost."""
    jawaban = dict(jawaban)
    teks = {e: b.keterangan for e, b in bukti_rows.items()}
    linked = {e: {f.pk for f in b.bukti.all()} for e, b in bukti_rows.items()}
    if posted is not None:
        for name in posted:
            if name.startswith(KUK_PREFIX) and name[len(KUK_PREFIX) :].isdigit():
                jawaban[int(name[len(KUK_PREFIX) :])] = posted.get(name, "")
            elif name.startswith(BUKTI_PREFIX) and name[len(BUKTI_PREFIX) :].isdigit():
                teks[int(name[len(BUKTI_PREFIX) :])] = posted.get(name, "")
            elif name.startswith(BERKAS_PREFIX) and name[len(BERKAS_PREFIX) :].isdigit():
                linked[int(name[len(BERKAS_PREFIX) :])] = {
                    int(v) for v in posted.getlist(name) if v.strip().isdigit()
                }
    return jawaban, {"teks": teks, "linked": linked}


def apl02_units(p: Permohonan, *, posted=None) -> dict:
    """Per unit, element and KUK: the answer, the evidence text and files (each file with
    whether it is linked), and counts. A constant number of queries whatever the scheme's
    size (services.structure and services.answers prefetch)."""
    units = services.structure(p)
    jawaban, bukti_rows = services.answers(p)
    jawaban, bukti = _overlay(jawaban, bukti_rows, posted)
    files = _files(p)
    by_id = {f.pk: f for f in files}
    rows, total, answered, first_open = [], 0, 0, None
    for unit in units:
        elemen, counts = [], {"K": 0, "BK": 0, "": 0}
        for e in unit.elemen.all():
            kuk = []
            for k in e.kuk.all():
                value = jawaban.get(k.pk, "")
                value = value if value in ("K", "BK") else ""
                counts[value] += 1
                kuk.append(
                    {"kuk": k, "jawaban": value, "label": JawabanKuk.Jawaban(value).label if value else ""}
                )
            linked = bukti["linked"].get(e.pk, set())
            elemen.append(
                {
                    "elemen": e,
                    "kuk": kuk,
                    "keterangan": bukti["teks"].get(e.pk, ""),
                    "pilihan": [{"berkas": f, "tertaut": f.pk in linked} for f in files],
                    "tertaut": [by_id[i] for i in sorted(linked) if i in by_id],
                }
            )
        n = counts["K"] + counts["BK"] + counts[""]
        total += n
        answered += counts["K"] + counts["BK"]
        if first_open is None and counts[""]:
            first_open = unit.pk
        rows.append(
            {
                "unit": unit,
                "elemen": elemen,
                "k": counts["K"],
                "bk": counts["BK"],
                "kosong": counts[""],
                "dijawab": counts["K"] + counts["BK"],
                "total": n,
            }
        )
    for row in rows:
        row["buka"] = row["unit"].pk == first_open
    return {"units": rows, "total_kuk": total, "dijawab": answered, "berkas": files}


def _apl02_page(request, p: Permohonan, *, editable: bool, posted=None):
    context = {
        "p": p,
        "editable": editable,
        "verified": p.status in Permohonan.VERIFIED or p.status == Permohonan.Status.DIHENTIKAN,
        "problems": services.apl02_problems(p) if p.status == Permohonan.Status.ASESMEN_MANDIRI else [],
        "max_mb": settings.SERTIFIKASI_UPLOAD_MAX_MB,
        **apl02_units(p, posted=posted),
    }
    return render(request, "sertifikasi/apl02.html", context)


# --- the applicant -------------------------------------------------------------------------


@module_required(permissions.can_open)
def apl02_view(request, pk):
    """FR.APL.02: the applicant fills it while the self-assessment is open; anyone else who
    may see the application (staff, the candidate's assessor), and the applicant afterwards,
    reads it. POST saves what the form holds (autosave: JSON)."""
    p = get_permohonan(request, pk)
    editable = permissions.can_fill_apl02(request.user, p)
    if request.method == "POST":
        if not editable:
            if _is_autosave(request) and permissions.is_applicant(request.user, p):
                status = p.get_status_display().lower()
                message = f"Permohonan berstatus {status}; asesmen mandiri tidak dapat diubah."
                return JsonResponse({"saved": [], "errors": {"__all__": message}}, status=409)
            raise PermissionDenied
        try:
            names = _save(request, p)
        except ServiceError as e:
            if _is_autosave(request):
                return JsonResponse({"saved": [], "errors": {"__all__": " ".join(e.messages)}}, status=400)
            show_error(request, e)
            return _apl02_page(request, p, editable=True, posted=request.POST)
        if _is_autosave(request):
            return JsonResponse(
                {"saved": names, "errors": {}, "waktu": timezone.localtime().strftime("%H.%M")}
            )
        if "lanjut" in request.POST:
            return redirect("sertifikasi:apl02-ajukan", pk=p.pk)
        messages.success(request, "Asesmen mandiri tersimpan.")
        return redirect("sertifikasi:apl02", pk=p.pk)
    return _apl02_page(request, p, editable=editable)


@module_required(permissions.can_open)
@require_POST
def apl02_bukti_view(request, pk):
    """A portfolio file for FR.APL.02 (title + file). The upload button belongs to the
    self-assessment form, so the answers it holds are saved first and kept even when the
    file is refused (the refusal shows on the APL.02 page)."""
    p = get_permohonan(request, pk)
    if not permissions.can_fill_apl02(request.user, p):
        raise PermissionDenied
    try:
        _save(request, p)
    except ServiceError as e:
        show_error(request, e)
        return _apl02_page(request, p, editable=True, posted=request.POST)
    try:
        bukti = services.portofolio_upload(
            permohonan=p,
            judul=request.POST.get("judul", ""),
            upload=request.FILES.get("berkas"),
            actor=request.user,
        )
    except ServiceError as e:
        show_error(request, e)
    else:
        messages.success(request, f"Bukti “{bukti.judul}” terunggah. Tautkan ke elemen yang relevan.")
    return redirect(reverse("sertifikasi:apl02", args=[p.pk]) + "#portofolio")


@module_required(permissions.can_open)
def apl02_ajukan_view(request, pk):
    """The applicant's summary (K/BK per unit), what keeps it from being signed, and the
    signing act -> services.apl02_submit -> the application's page."""
    p = get_permohonan(request, pk)
    if not permissions.can_fill_apl02(request.user, p):
        raise PermissionDenied
    form = TandatanganForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apl02_submit(permohonan=p, actor=request.user, ttd=form.tandatangan(request))
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                "Asesmen mandiri (FR.APL.02) ditandatangani. "
                "Anda akan diberi tahu saat jadwal asesmen ditetapkan.",
            )
            return redirect(p)
    data = apl02_units(p)
    return render(
        request,
        "sertifikasi/apl02_ajukan.html",
        {
            "p": p,
            "form": form,
            "problems": services.apl02_problems(p),
            "ringkasan": data["units"],
            "total_kuk": data["total_kuk"],
            "dijawab": data["dijawab"],
        },
    )


# --- the assessor ----------------------------------------------------------------------------


class ReviuForm(forms.Form):
    """The assessor's recommendation on FR.APL.02; the service requires the reason for
    'tidak dapat dilanjutkan' (its refusal lands on `catatan`)."""

    rekomendasi = forms.ChoiceField(
        label="Rekomendasi",
        choices=Permohonan.Rekomendasi.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih rekomendasi: asesmen dapat atau tidak dapat dilanjutkan."},
    )
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wajib bila asesmen tidak dapat dilanjutkan: tulis alasannya untuk asesi.",
    )


@module_required(permissions.can_open)
def apl02_reviu_view(request, pk):
    """The candidate's assessor reads FR.APL.02 (answers and evidence) and signs the
    recommendation -> services.apl02_review. Others who may see the candidate: 403."""
    p = get_permohonan(request, pk, "apl02")
    if not permissions.can_review_apl02(request.user, p):
        raise PermissionDenied
    form = ReviuForm(request.POST or None)
    ttd_form = TandatanganForm(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), ttd_form.is_valid()]):
        try:
            services.apl02_review(
                permohonan=p,
                rekomendasi=form.cleaned_data["rekomendasi"],
                catatan=form.cleaned_data["catatan"],
                actor=request.user,
                ttd=ttd_form.tandatangan(request),
            )
        except ServiceError as e:
            show_error(request, e, form if getattr(e, "field", None) in form.fields else ttd_form)
        else:
            label = Permohonan.Rekomendasi(form.cleaned_data["rekomendasi"]).label
            messages.success(
                request, f"Rekomendasi ditandatangani: {label.lower()}. Asesi telah diberi tahu."
            )
            return redirect(p)
    return render(
        request,
        "sertifikasi/apl02_reviu.html",
        {"p": p, "form": form, "ttd_form": ttd_form, "pilihan": _radio(form), **apl02_units(p)},
    )


def _radio(form: ReviuForm) -> list[dict]:
    """The recommendation's choices with whether each is checked (rendered by hand as one
    fieldset with a legend, each radio with its own label)."""
    value = form["rekomendasi"].value()
    return [
        {"value": v, "label": label, "checked": v == value} for v, label in Permohonan.Rekomendasi.choices
    ]
