"""Pra-asesmen pages (SE-A4.8c, X-6, X-7): the assessor's plan for one candidate from the
validated MUK (FR.MAPA.01/02), reasonable adjustment (FR.AK.07), the FR.AK.01 proposal and
its signing in order (the applicant, then the assessor), and the assessor's declaration of
a conflict of interest with the candidate.

Views fetch through get_permohonan (not visible -> 404), ask sertifikasi.permissions
(visible but not allowed -> 403, or a read-only page where the brief of the page says so)
and call the services, which hold every rule and word every refusal.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, add_to_form, show_error
from muk.models import JenisIA, Metode, PotensiAsesi

from . import permissions, services
from .forms import TandatanganForm
from .models import Rencana
from .services.praasesmen import ak01_data
from .views_common import get_permohonan, raw_tandatangan, signed_record, waiting_for

METODE_LABELS = dict(Metode.choices)
IA_LABELS = dict(JenisIA.choices)
YA, TIDAK = "ya", "tidak"


# --- forms: validation and labels only ---------------------------------------------------


class RencanaForm(TandatanganForm):
    """FR.MAPA.01-ASESI: the reason for leaving anything out, and the assessor's signature.
    The per-unit choices are read from the request (`metode-<unit>`, `instrumen-<unit>`)
    and judged by services.rencana_save against the validated MUK."""

    alasan = forms.CharField(
        label="Alasan penyesuaian rencana",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib diisi bila ada metode atau instrumen MUK yang tidak dipakai untuk asesi ini.",
    )
    field_order = ["alasan", "secret", "consent", "gambar"]


class Ak07Form(TandatanganForm):
    """FR.AK.07 (X-7) besides the per-characteristic answers (`<kunci>`: ya/tidak,
    `<kunci>_penyesuaian`): the benchmark, the extra time, notes, and the signature."""

    acuan_standar = forms.BooleanField(
        label="Acuan pembanding tetap standar kompetensi pada skema",
        required=False,
        initial=True,
        help_text="Penyesuaian hanya mengubah cara asesmen, tidak mengubah standar yang dinilai.",
    )
    tambahan_waktu_menit = forms.IntegerField(
        label="Tambahan waktu (menit)",
        min_value=0,
        max_value=120,
        initial=0,
        help_text="0 sampai 120 menit; berlaku untuk tes tertulis berbatas waktu.",
    )
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["acuan_standar", "tambahan_waktu_menit", "catatan", "secret", "consent", "gambar"]


class KonflikForm(forms.Form):
    alasan = forms.CharField(
        label="Hubungan Anda dengan asesi",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Misalnya kerabat, atasan/bawahan, atau peserta pelatihan Anda dalam dua tahun terakhir.",
    )


def _refuse(request, error: ServiceError, form, extra: dict | None = None) -> None:
    """A service's refusal: on the form's field it names, in `extra` (a page's own inputs,
    key -> list of messages) when it names one of those, as a page message otherwise."""
    field = getattr(error, "field", None)
    if field and field in form.fields:
        add_to_form(form, error)
    elif field and extra is not None and field in extra:
        extra[field].extend(error.messages)
    else:
        show_error(request, error)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- FR.MAPA.01/02: the candidate's plan ---------------------------------------------------


def _plan_units(options, potensi, chosen):
    """Rows for the template: per unit its MUK methods and the instruments for `potensi`,
    each (code, label, checked). `chosen`: {unit id: {"metode": [...], "instrumen": [...]}}
    or None for everything (FR.MAPA.01 default: the whole MUK)."""
    units = []
    for unit, metode, cells in options:
        mine = chosen.get(unit.pk, {}) if chosen is not None else None
        instrumen = cells.get(potensi, []) if potensi else []
        units.append(
            {
                "unit": unit,
                "metode": [
                    (m, METODE_LABELS.get(m, m), mine is None or m in mine.get("metode", [])) for m in metode
                ],
                "instrumen": [
                    (i, IA_LABELS.get(i, i), mine is None or i in mine.get("instrumen", []))
                    for i in instrumen
                ],
            }
        )
    return units


def _posted_choices(post) -> dict[int, dict[str, list[str]]]:
    """{unit id: {"metode": [...], "instrumen": [...]}} from `metode-<id>` / `instrumen-<id>`
    fields as posted (nothing filtered here: the service refuses what is outside the MUK)."""
    pilihan: dict[int, dict[str, list[str]]] = {}
    for key in post:
        kind, _, unit = key.partition("-")
        if kind in ("metode", "instrumen") and _int(unit) is not None:
            pilihan.setdefault(int(unit), {"metode": [], "instrumen": []})[kind] = post.getlist(key)
    return pilihan


@module_required(permissions.can_open)
def rencana_view(request, pk):
    """FR.MAPA.01/02 for one candidate: the assigned assessor chooses the potensi (step 1,
    `?potensi=n`), then per unit the methods and instruments within the validated MUK, and
    signs (services.rencana_save). Others who may see the candidate read the signed plan."""
    p = get_permohonan(request, pk, "rencana")
    allowed = permissions.can_plan(request.user, p)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    rencana = Rencana.objects.filter(permohonan=p).select_related("muk_versi").first()
    context = {"p": p, "can_plan": allowed, "rencana": rencana, "dokumen": signed_record(p.rencana_id)}
    if not allowed:
        return render(request, "sertifikasi/rencana.html", context)

    try:
        versi, options = services.plan_options(p)
    except ServiceError as e:
        show_error(request, e)
        return render(request, "sertifikasi/rencana.html", context)
    source = request.POST if request.method == "POST" else request.GET
    potensi = _int(source.get("potensi"))
    if potensi is None and rencana is not None:
        potensi = rencana.potensi
    if potensi not in PotensiAsesi.values:
        potensi = None

    chosen = None
    if request.method == "POST":
        chosen = _posted_choices(request.POST)
        form = RencanaForm(request.POST)
        if form.is_valid():
            try:
                services.rencana_save(
                    permohonan=p,
                    potensi=potensi or 0,
                    pilihan=chosen,
                    alasan=form.cleaned_data["alasan"],
                    actor=request.user,
                    ttd=form.tandatangan(request),
                )
            except ServiceError as e:
                _refuse(request, e, form)
            else:
                messages.success(
                    request,
                    "Rencana asesmen ditandatangani. Lanjutkan dengan FR.AK.07 bila perlu, lalu usulkan "
                    "FR.AK.01.",
                )
                return redirect("sertifikasi:rencana", pk=p.pk)
    else:
        if rencana is not None and rencana.potensi == potensi and rencana.muk_versi_id == versi.pk:
            chosen = {int(k): v for k, v in rencana.pilihan.items()}
        form = RencanaForm(initial={"alasan": rencana.alasan if rencana else ""})
    context.update(
        versi=versi,
        potensi=potensi,
        potensi_label=PotensiAsesi(potensi).label if potensi else "",
        potensi_choices=PotensiAsesi.choices,
        units=_plan_units(options, potensi, chosen),
        form=form,
        editing=request.method == "POST" or "potensi" in request.GET,
    )
    return render(request, "sertifikasi/rencana.html", context)


# --- FR.AK.07: reasonable adjustment ------------------------------------------------------


def _ak07_initial(dokumen) -> tuple[dict, dict]:
    """Answers of the current FR.AK.07 to start from: ({kunci: (ya, penyesuaian)}, form initial)."""
    if dokumen is None:
        return {}, {}
    by_label = {label: key for key, label in services.KARAKTERISTIK.items()}
    answers = {
        by_label[row["karakteristik"]]: (row["ya"] == "Ya", row.get("penyesuaian", ""))
        for row in dokumen.data.get("karakteristik", [])
        if row.get("karakteristik") in by_label
    }
    initial = {
        "acuan_standar": True,
        "tambahan_waktu_menit": dokumen.data.get("tambahan_waktu_menit", 0),
        "catatan": dokumen.data.get("catatan", ""),
    }
    return answers, initial


@module_required(permissions.can_open)
def ak07_view(request, pk):
    """FR.AK.07 (X-7): per characteristic Ya/Tidak with the adjustment, the benchmark kept
    (the service refuses otherwise), the extra time; the assessor signs (services.ak07_save).
    Others who may see the candidate read the signed form."""
    p = get_permohonan(request, pk, "ak07")
    allowed = permissions.can_plan(request.user, p)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    dokumen = signed_record(p.ak07_id)
    context = {
        "p": p,
        "can_plan": allowed,
        "dokumen": dokumen,
        "has_plan": Rencana.objects.filter(permohonan=p).exists(),
    }
    if not allowed:
        return render(request, "sertifikasi/ak07.html", context)

    errors = {key: [] for key in services.KARAKTERISTIK}
    if request.method == "POST":
        answers = {
            key: (request.POST.get(key) == YA, request.POST.get(f"{key}_penyesuaian", ""))
            for key in services.KARAKTERISTIK
        }
        form = Ak07Form(request.POST)
        if form.is_valid():
            try:
                services.ak07_save(
                    permohonan=p,
                    karakteristik=answers,
                    acuan_standar=form.cleaned_data["acuan_standar"],
                    tambahan_waktu_menit=form.cleaned_data["tambahan_waktu_menit"],
                    catatan=form.cleaned_data["catatan"],
                    actor=request.user,
                    ttd=form.tandatangan(request),
                )
            except ServiceError as e:
                _refuse(request, e, form, errors)
            else:
                messages.success(request, "FR.AK.07 ditandatangani. Penyesuaian akan dimuat dalam FR.AK.01.")
                return redirect("sertifikasi:ak07", pk=p.pk)
    else:
        answers, initial = _ak07_initial(dokumen)
        form = Ak07Form(initial=initial)
    context.update(
        form=form,
        rows=[
            {
                "key": key,
                "label": label,
                "ya": answers.get(key, (False, ""))[0],
                "penyesuaian": answers.get(key, (False, ""))[1],
                "errors": errors[key],
            }
            for key, label in services.KARAKTERISTIK.items()
        ],
    )
    return render(request, "sertifikasi/ak07.html", context)


# --- FR.AK.01: proposal and signatures -----------------------------------------------------


@module_required(permissions.can_open)
def ak01_usul_view(request, pk):
    """The assigned assessor previews what the FR.AK.01 will state (evidence, day, time,
    TUK or video link, declarations) and proposes it (services.ak01_propose); a refusal
    (no signed plan, SPT not signed...) is shown on this page."""
    p = get_permohonan(request, pk, "jadwal__tuk", "ak01")
    if not permissions.can_plan(request.user, p):
        raise PermissionDenied
    if request.method == "POST":
        try:
            dokumen = services.ak01_propose(permohonan=p, actor=request.user)
        except ServiceError as e:
            show_error(request, e)
            return redirect("sertifikasi:ak01-usul", pk=p.pk)
        messages.success(
            request,
            f"FR.AK.01 versi {dokumen.versi} dikirim kepada asesi. Asesi menandatangani lebih dahulu, "
            "lalu Anda.",
        )
        return redirect("sertifikasi:ak01-tandatangan", pk=p.pk)
    rencana = Rencana.objects.filter(permohonan=p).first()
    return render(
        request,
        "sertifikasi/ak01_usul.html",
        {
            "p": p,
            "rencana": rencana,
            "preview": ak01_data(p, rencana) if rencana is not None else None,
            "current": signed_record(p.ak01_id),
        },
    )


@module_required(permissions.can_open)
def ak01_tandatangan_view(request, pk):
    """The candidate's current FR.AK.01 in full and its signatures. Whoever's turn it is
    (permissions.ak01_turn: the applicant, then the assessor) signs here
    (services.ak01_sign); a party out of turn is refused by the service with the reason;
    anyone else who may see the candidate reads it (POST: 403)."""
    p = get_permohonan(request, pk)
    p.ak01 = signed_record(p.ak01_id)
    turn = permissions.ak01_turn(request.user, p)
    party = permissions.is_applicant(request.user, p) or permissions.is_assigned_asesor(request.user, p)
    form = TandatanganForm(request.POST or None) if turn else None
    if request.method == "POST":
        if not party:
            raise PermissionDenied
        if turn and not form.is_valid():
            return _ak01_page(request, p, form)
        # Out of turn the service words the refusal (whose turn, already signed, nothing to
        # sign) before it looks at the secret; it still checks everything when it signs.
        ttd = form.tandatangan(request) if turn else raw_tandatangan(request)
        try:
            p = services.ak01_sign(permohonan=p, actor=request.user, ttd=ttd)
        except ServiceError as e:
            show_error(request, e, form)
            if form is not None:
                return _ak01_page(request, p, form)
        else:
            done = p.status == p.Status.SIAP_ASESMEN
            messages.success(
                request,
                "FR.AK.01 lengkap ditandatangani asesi dan asesor; asesmen dapat dilaksanakan sesuai jadwal."
                if done
                else "FR.AK.01 Anda tandatangani. Asesor akan menandatanganinya berikutnya.",
            )
        return redirect("sertifikasi:ak01-tandatangan", pk=p.pk)
    return _ak01_page(request, p, form)


def _ak01_page(request, p, form):
    return render(
        request,
        "sertifikasi/ak01_tandatangan.html",
        {
            "p": p,
            "dokumen": p.ak01,
            "form": form,
            "menunggu": waiting_for(p.ak01),
            "can_propose": permissions.can_plan(request.user, p),
        },
    )


# --- conflict of interest ------------------------------------------------------------


@module_required(permissions.can_open)
def konflik_view(request, pk):
    """X-6: the candidate's assessor declares a conflict of interest with them
    (services.konflik_declare): the candidate goes to another assessor of the batch, or
    waits while the planners are told."""
    p = get_permohonan(request, pk)
    if not permissions.can_declare_conflict(request.user, p):
        raise PermissionDenied
    form = KonflikForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.konflik_declare(permohonan=p, alasan=form.cleaned_data["alasan"], actor=request.user)
        except ServiceError as e:
            show_error(request, e, form)
        else:
            p.refresh_from_db()
            if p.asesor_id:
                messages.success(
                    request,
                    f"Benturan kepentingan dicatat. {p.nama} dialihkan kepada asesor "
                    f"{p.asesor.personel.nama}.",
                )
            else:
                messages.success(
                    request,
                    f"Benturan kepentingan dicatat. {p.nama} menunggu asesor lain; Manajer Sertifikasi telah "
                    "diberi tahu.",
                )
            return redirect(p.jadwal.get_absolute_url() if p.jadwal_id else reverse("sertifikasi:home"))
    return render(request, "sertifikasi/konflik.html", {"p": p, "form": form})
