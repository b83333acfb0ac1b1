"""The records of the assessment (SE-A4.8f–i, SE-D1.2f–i): FR.AK.02 filled per unit by the
candidate's assessor (autosaved) and signed by the assessor then the candidate; FR.AK.03,
the candidate's feedback; FR.AK.05 and FR.AK.06 of a batch by its lead assessor.

Views fetch through get_permohonan / get_jadwal (not visible -> 404), ask
sertifikasi.permissions (visible but not allowed -> 403, or a read-only page) and call
services.ak, which holds every rule and words every refusal. A refused POST shows the page
again with what was typed.

FR.AK.02 field names, per unit id: `rek-<id>` K | BK, `tl-<id>` the follow-up, `bukti-<id>`
the evidence keys ("lembar:12", "rekaman:3", "bukti:7"; repeated, with a hidden empty value
so that unticking every box is sent too). The autosave script (static/js/autosave.js,
header `X-Autosave: 1`) gets JSON {"saved": [...], "errors": {...}}.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from administrasi.models import Dokumen
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, add_to_form, show_error

from . import permissions, services
from .forms import TandatanganForm
from .services import ak
from .views_common import get_jadwal, get_permohonan, raw_tandatangan, signed_record, waiting_for

REK, TL, BUKTI = "rek-", "tl-", "bukti-"


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _refuse(request, error: ServiceError, form, extra: dict | None = None) -> None:
    """A refusal on the form's field it names, in `extra` (the page's own inputs) when it
    names one of those, at the form's top otherwise."""
    field = getattr(error, "field", None)
    if field and extra is not None and field in extra:
        extra[field].extend(error.messages)
    elif form is not None:
        add_to_form(form, error)
    else:
        show_error(request, error)


# --- FR.AK.02: the assessor ----------------------------------------------------------------


class Ak02Form(TandatanganForm):
    komentar = forms.CharField(
        label="Komentar/observasi asesor",
        required=False,
        max_length=ak.MAX_TEKS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dimuat dalam FR.AK.02 yang Anda tandatangani.",
    )
    field_order = ["komentar", "secret", "consent", "gambar"]


def _posted_hasil(post, unit_ids) -> dict[int, dict]:
    """{unit id: {...}} of what the POST holds for the scheme's units (names of other units
    or unreadable ids are ignored here: the service refuses what it cannot place)."""
    hasil: dict[int, dict] = {}
    for name in post:
        for prefix, key in ((REK, "rekomendasi"), (TL, "tindak_lanjut"), (BUKTI, "bukti")):
            if name.startswith(prefix) and name[len(prefix) :].isdigit():
                unit_id = int(name[len(prefix) :])
                if unit_id not in unit_ids:
                    raise services.JourneyError(
                        "Isian FR.AK.02 tidak terbaca. Muat ulang halaman ini lalu coba lagi.",
                        code="unreadable",
                    )
                value = post.getlist(name) if key == "bukti" else post.get(name, "")
                hasil.setdefault(unit_id, {})[key] = value
    return hasil


def _ak02_rows(p, units, hasil, evidence, posted=None, errors=None) -> list[dict]:
    rows = []
    for unit in units:
        row = hasil[unit.pk]
        rekomendasi, tindak_lanjut = row.rekomendasi, row.tindak_lanjut
        chosen = {ak.bukti_key(b) for b in row.bukti}
        if posted is not None:
            rekomendasi = posted.get(f"{REK}{unit.pk}", rekomendasi)
            tindak_lanjut = posted.get(f"{TL}{unit.pk}", tindak_lanjut)
            if f"{BUKTI}{unit.pk}" in posted:
                chosen = set(posted.getlist(f"{BUKTI}{unit.pk}"))
        rows.append(
            {
                "unit": unit,
                "rekomendasi": rekomendasi,
                "tindak_lanjut": tindak_lanjut,
                "pilihan": [
                    {"key": key, "label": label, "checked": key in chosen}
                    for key, label in ak.evidence_choices(evidence, unit.pk)
                ],
                "errors": (errors or {}).get(unit.pk, []),
            }
        )
    return rows


def _ak02_page(request, p, *, form, posted=None, errors=None):
    units = ak.ak02_units(p)
    hasil = ak.ak02_hasil(p, units)
    evidence = ak.ak02_evidence(p)
    editable = permissions.can_fill_ak02(request.user, p) and not ak.ak02_locked_reason(p)
    context = {
        "p": p,
        "editable": editable,
        "locked": ak.ak02_locked_reason(p),
        "units": _ak02_rows(p, units, hasil, evidence, posted, errors),
        "problems": ak.ak02_problems(p, units=units, hasil=hasil) if editable else [],
        "dokumen": signed_record(p.ak02_id),
        "form": form if editable else None,
        "jumlah_rekaman": len(evidence[ak.REKAMAN]),
        "jumlah_berkas": len(evidence[ak.BUKTI]),
    }
    return render(request, "sertifikasi/ak02.html", context)


def _unit_errors(error: ServiceError) -> dict[int, list[str]]:
    field = getattr(error, "field", None) or ""
    for prefix in (REK, TL, BUKTI):
        if field.startswith(prefix) and field[len(prefix) :].isdigit():
            return {int(field[len(prefix) :]): list(error.messages)}
    return {}


@module_required(permissions.can_open)
def ak02_view(request, pk):
    """FR.AK.02 by the candidate's assessor: per unit K/BK, the evidence used among the final
    sheets, the session's recordings and the APL.02 files, and the follow-up; saved as typed
    (autosave), signed once every planned sheet is final (the page names what is missing).
    After signing the page shows the record; the candidate signs on ak02-tandatangan.
    Others who see the candidate: 403."""
    p = get_permohonan(request, pk, "jadwal__tuk", "ak02")
    if not permissions.is_assigned_asesor(request.user, p):
        raise PermissionDenied
    if request.method != "POST":
        return _ak02_page(request, p, form=Ak02Form())
    if not permissions.can_fill_ak02(request.user, p) or ak.ak02_locked_reason(p):
        message = ak.ak02_locked_reason(p) or (
            f"Permohonan berstatus {p.get_status_display().lower()}; FR.AK.02 tidak dapat diubah."
        )
        if _is_autosave(request):
            return JsonResponse({"saved": [], "errors": {"__all__": message}}, status=409)
        messages.error(request, message)
        return redirect("sertifikasi:ak02", pk=p.pk)
    signing = "tandatangan" in request.POST
    form = Ak02Form(request.POST) if signing else Ak02Form()
    try:
        unit_ids = {u.pk for u in ak.ak02_units(p)}
        hasil = _posted_hasil(request.POST, unit_ids)
        if hasil:
            services.ak02_save(permohonan=p, hasil=hasil, actor=request.user)
    except ServiceError as e:
        if _is_autosave(request):
            field = getattr(e, "field", None) or "__all__"
            return JsonResponse({"saved": [], "errors": {field: " ".join(e.messages)}}, status=400)
        errors = _unit_errors(e)
        if not errors:
            show_error(request, e)
        return _ak02_page(request, p, form=form, posted=request.POST, errors=errors)
    if _is_autosave(request):
        saved = sorted(name for name in request.POST if name.startswith((REK, TL, BUKTI)))
        return JsonResponse({"saved": saved, "errors": {}, "waktu": timezone.localtime().strftime("%H.%M")})
    if not signing:
        messages.success(request, "FR.AK.02 tersimpan.")
        return redirect("sertifikasi:ak02", pk=p.pk)
    if form.is_valid():
        try:
            services.ak02_sign_asesor(
                permohonan=p,
                komentar=form.cleaned_data["komentar"],
                actor=request.user,
                ttd=form.tandatangan(request),
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request, "FR.AK.02 Anda tandatangani. Asesi membaca dan menandatanganinya berikutnya."
            )
            return redirect("sertifikasi:ak02-tandatangan", pk=p.pk)
    p.refresh_from_db()
    return _ak02_page(request, p, form=form, posted=request.POST)


# --- FR.AK.02: the candidate signs ---------------------------------------------------------


@module_required(permissions.can_open)
def ak02_tandatangan_view(request, pk):
    """The candidate's FR.AK.02 in full with its signatures: the candidate reads it and signs
    after the assessor (services.ak02_sign_asesi; final -> menunggu keputusan). A party out
    of turn is refused by the service with the reason; anyone else who may see the
    candidate reads it (POST: 403)."""
    p = get_permohonan(request, pk)
    p.ak02 = signed_record(p.ak02_id)
    turn = permissions.ak02_turn(request.user, p)
    party = permissions.is_applicant(request.user, p) or permissions.is_assigned_asesor(request.user, p)
    form = TandatanganForm(request.POST or None) if turn else None
    if request.method == "POST":
        if not party:
            raise PermissionDenied
        if turn and not form.is_valid():
            return _ak02_sign_page(request, p, form)
        ttd = form.tandatangan(request) if turn else raw_tandatangan(request)
        try:
            p = services.ak02_sign_asesi(permohonan=p, actor=request.user, ttd=ttd)
        except ServiceError as e:
            show_error(request, e, form)
            if form is not None:
                return _ak02_sign_page(request, p, form)
        else:
            messages.success(
                request,
                "FR.AK.02 lengkap ditandatangani asesor dan asesi; rekomendasi menunggu keputusan komite. "
                "Mohon isi umpan balik asesmen (FR.AK.03).",
            )
            return redirect("sertifikasi:ak03", pk=p.pk)
        return redirect("sertifikasi:ak02-tandatangan", pk=p.pk)
    return _ak02_sign_page(request, p, form)


def _ak02_sign_page(request, p, form):
    return render(
        request,
        "sertifikasi/ak02_tandatangan.html",
        {
            "p": p,
            "dokumen": p.ak02,
            "form": form,
            "menunggu": waiting_for(p.ak02),
            "can_fill": permissions.can_fill_ak02(request.user, p),
        },
    )


# --- FR.AK.03: the candidate's feedback ----------------------------------------------------


class Ak03Form(TandatanganForm):
    catatan = forms.CharField(
        label="Catatan/komentar lainnya",
        required=False,
        max_length=ak.MAX_TEKS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["catatan", "secret", "consent", "gambar"]


@module_required(permissions.can_open)
def ak03_view(request, pk):
    """FR.AK.03: the candidate answers each statement Ya/Tidak with a comment and signs, once,
    after their FR.AK.02 is final (services.ak03_submit). Anyone else who may see the
    candidate reads it (POST: 403)."""
    p = get_permohonan(request, pk, "ak02", "ak03")
    if request.method == "POST" and not permissions.is_applicant(request.user, p):
        raise PermissionDenied
    allowed = permissions.can_fill_ak03(request.user, p)
    errors = {key: [] for key, _ in ak.AK03_PERTANYAAN}
    answers = {}
    form = None
    if request.method == "POST":
        answers = {
            key: (request.POST.get(key, ""), request.POST.get(f"{key}_komentar", ""))
            for key, _ in ak.AK03_PERTANYAAN
        }
        form = Ak03Form(request.POST)
        if allowed and form.is_valid():
            try:
                services.ak03_submit(
                    permohonan=p,
                    jawaban=answers,
                    catatan=form.cleaned_data["catatan"],
                    actor=request.user,
                    ttd=form.tandatangan(request),
                )
            except ServiceError as e:
                _refuse(request, e, form, errors)
            else:
                messages.success(request, "Terima kasih. Umpan balik asesmen (FR.AK.03) Anda tersimpan.")
                return redirect("sertifikasi:ak03", pk=p.pk)
        elif not allowed:
            # Sent already, or before FR.AK.02 is final: the service words the refusal
            # (before it looks at the secret); no form is shown.
            try:
                services.ak03_submit(
                    permohonan=p,
                    jawaban=answers,
                    catatan=request.POST.get("catatan", ""),
                    actor=request.user,
                    ttd=raw_tandatangan(request),
                )
            except ServiceError as e:
                show_error(request, e)
            form = None
    elif allowed:
        form = Ak03Form()
    return render(
        request,
        "sertifikasi/ak03.html",
        {
            "p": p,
            "dokumen": signed_record(p.ak03_id),
            "form": form,
            "is_applicant": permissions.is_applicant(request.user, p),
            "rows": [
                {
                    "key": key,
                    "teks": teks,
                    "jawaban": answers.get(key, ("", ""))[0],
                    "komentar": answers.get(key, ("", ""))[1],
                    "errors": errors[key],
                }
                for key, teks in ak.AK03_PERTANYAAN
            ],
        },
    )


# --- FR.AK.05: the batch's report ----------------------------------------------------------


class Ak05Form(TandatanganForm):
    aspek_positif = forms.CharField(
        label=ak.AK05_FIELDS["aspek_positif"], required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aspek_negatif = forms.CharField(
        label=ak.AK05_FIELDS["aspek_negatif"], required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    penolakan = forms.CharField(
        label=ak.AK05_FIELDS["penolakan"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Asesi yang menolak hasil asesmen, dan alasannya; tulis “Tidak ada” bila tidak ada.",
    )
    saran_perbaikan = forms.CharField(
        label=ak.AK05_FIELDS["saran_perbaikan"], required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    catatan = forms.CharField(
        label=ak.AK05_FIELDS["catatan"], required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = [*ak.AK05_FIELDS, "secret", "consent", "gambar"]


@module_required(permissions.can_open)
def ak05_view(request, pk):
    """FR.AK.05 of a batch: every candidate's K/BK from their FR.AK.02 (stopped ones with the
    reason), what the candidates said in FR.AK.03, and the lead assessor's report and
    signature (services.ak05_sign), refused while a candidate still assessed has no final
    FR.AK.02 (named). Others who see the batch read it (POST: 403)."""
    jadwal = get_jadwal(request, pk)
    allowed = permissions.can_report_batch(request.user, jadwal)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    dokumen = signed_record(jadwal.ak05_id)
    signed = dokumen is not None and dokumen.status in (Dokumen.Status.DRAFT, Dokumen.Status.FINAL)
    form = None
    if allowed and not signed:
        form = Ak05Form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.ak05_sign(
                    jadwal=jadwal,
                    isian={key: form.cleaned_data[key] for key in ak.AK05_FIELDS},
                    actor=request.user,
                    ttd=form.tandatangan(request),
                )
            except ServiceError as e:
                show_error(request, e, form)
            else:
                messages.success(request, "Laporan asesmen (FR.AK.05) ditandatangani.")
                return redirect("sertifikasi:ak05", pk=jadwal.pk)
    elif request.method == "POST":
        messages.error(request, "FR.AK.05 jadwal ini sudah ditandatangani.")
        return redirect("sertifikasi:ak05", pk=jadwal.pk)
    candidates = ak.batch_candidates(jadwal)
    return render(
        request,
        "sertifikasi/ak05.html",
        {
            "jadwal": jadwal,
            "dokumen": dokumen,
            "form": form,
            "can_report": allowed,
            "rows": ak.ak05_rows(candidates, ak.stop_reasons(candidates)),
            "problems": ak.ak05_problems(candidates) if form is not None else [],
            "umpan_balik": [
                {"asesi": c.nama, "tidak": ak.ak03_tidak(c.ak03)} for c in candidates if ak.ak03_tidak(c.ak03)
            ],
        },
    )


# --- FR.AK.06: reviewing the assessment process --------------------------------------------


class Ak06Form(TandatanganForm):
    temuan = forms.CharField(
        label="Temuan", max_length=ak.MAX_TEKS, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    komentar = forms.CharField(
        label="Komentar", max_length=ak.MAX_TEKS, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    field_order = ["temuan", "komentar", "secret", "consent", "gambar"]


@module_required(permissions.can_open)
def ak06_view(request, pk):
    """FR.AK.06 of a batch, after its FR.AK.05 is final: the lead assessor judges each
    procedure against the principles V/R/F/A, the evidence against the rules V/A/T/M and
    the consistency of the decisions against the five dimensions of competency, with the
    recommendations for improvement, findings and comments, and signs
    (services.ak06_sign). Others who see the batch read it (POST: 403)."""
    jadwal = get_jadwal(request, pk)
    allowed = permissions.can_report_batch(request.user, jadwal)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    dokumen = signed_record(jadwal.ak06_id)
    ak05 = signed_record(jadwal.ak05_id)
    signed = dokumen is not None and dokumen.status in (Dokumen.Status.DRAFT, Dokumen.Status.FINAL)
    grid = ak.ak06_grid()
    errors = {f"rek-{key}": [] for key, _, _ in grid}
    centang = {key: {code for code, _ in criteria} for key, _, criteria in grid}
    saran = {key: "" for key, _, _ in grid}
    form = None
    if allowed and not signed:
        form = Ak06Form(request.POST or None)
        if request.method == "POST":
            centang = {key: set(request.POST.getlist(f"c-{key}")) for key, _, _ in grid}
            saran = {key: request.POST.get(f"rek-{key}", "") for key, _, _ in grid}
            if form.is_valid():
                try:
                    services.ak06_sign(
                        jadwal=jadwal,
                        centang=centang,
                        rekomendasi=saran,
                        temuan=form.cleaned_data["temuan"],
                        komentar=form.cleaned_data["komentar"],
                        actor=request.user,
                        ttd=form.tandatangan(request),
                    )
                except ServiceError as e:
                    if ak05 is not None and ak05.status == Dokumen.Status.FINAL:
                        _refuse(request, e, form, errors)
                    else:  # the form is not shown before FR.AK.05: the refusal as a page message
                        show_error(request, e)
                else:
                    messages.success(request, "Tinjauan proses asesmen (FR.AK.06) ditandatangani.")
                    return redirect("sertifikasi:ak06", pk=jadwal.pk)
    elif request.method == "POST":
        messages.error(request, "FR.AK.06 jadwal ini sudah ditandatangani.")
        return redirect("sertifikasi:ak06", pk=jadwal.pk)
    return render(
        request,
        "sertifikasi/ak06.html",
        {
            "jadwal": jadwal,
            "dokumen": dokumen,
            "ak05": ak05,
            "ak05_final": ak05 is not None and ak05.status == Dokumen.Status.FINAL,
            "form": form,
            "can_report": allowed,
            "grid": [
                {
                    "key": key,
                    "label": label,
                    "kriteria": [
                        {"code": code, "label": c_label, "checked": code in centang[key]}
                        for code, c_label in criteria
                    ],
                    "saran": saran[key],
                    "errors": errors[f"rek-{key}"],
                }
                for key, label, criteria in grid
            ],
        },
    )
