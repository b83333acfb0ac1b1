"""The candidate's instrument sheets FR.IA.01–10 (SE-A4.8d, SE-D1.2d); the timed FR.IA.05 has
its own pages (views_ujian). Who fills what: sertifikasi.services.lembar.RULES.

Field names of a sheet: `jawaban-<butir id>`, `penilaian-<butir id>`, `catatan-<butir id>`,
`rekomendasi`, `umpan_balik`, and for FR.IA.08 `bukti-<file id>-<valid|asli|terkini|memadai|
catatan>`. A POST sends what its form holds and only that is saved; the autosave script
(static/js/autosave.js, header `X-Autosave: 1`) gets JSON {"saved": [names], "errors": {field
or "__all__": message}}. A refused Save shows the page again with what was typed.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from administrasi.models import TandaTangan
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.http import client_ip
from lsp_portal.ratelimit import hit
from muk.models import JenisIA

from . import permissions
from .forms import TandatanganForm
from .models import BerkasLembar, Lembar, Permohonan
from .services import asesmen
from .services import lembar as svc
from .views_common import get_permohonan

S = Permohonan.Status
PIHAK_KETIGA_LIMIT = 20  # requests per minute per IP on the public answer page


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _get_lembar(p: Permohonan, lembar_pk) -> Lembar:
    return get_object_or_404(
        Lembar.objects.filter(permohonan=p).select_related(
            "instrumen__unit", "dokumen", "permohonan__jadwal__sesi"
        ),
        pk=lembar_pk,
    )


# --- the candidate's sheets ----------------------------------------------------------------------


@module_required(permissions.can_open)
def asesmen_view(request, pk):
    """The candidate's sheets grouped by unit, each with its status, who acts next and its
    link: for the candidate, the batch's assessors and staff (others 404). A constant number
    of queries whatever the number of sheets."""
    p = get_permohonan(request, pk)
    if p.status == S.ASESMEN and asesmen.identity_passed(p):
        asesmen.lembar_prepare(p)
    sheets = list(
        Lembar.objects.filter(permohonan=p)
        .select_related("instrumen__unit", "dokumen")
        .prefetch_related(
            Prefetch("dokumen__tanda_tangan", queryset=TandaTangan.objects.order_by("urutan")), "tautan"
        )
        .order_by("instrumen__unit__urutan", "instrumen__jenis", "pk")
    )
    units = []
    for lembar in sheets:
        unit = lembar.instrumen.unit
        if not units or units[-1]["unit"].pk != unit.pk:
            units.append({"unit": unit, "lembar": []})
        units[-1]["lembar"].append(
            {
                "lembar": lembar,
                "giliran": svc.giliran(lembar),
                "ujian": lembar.instrumen.jenis == JenisIA.IA05,
            }
        )
    if p.status in (S.SIAP_ASESMEN, S.PRA_ASESMEN, S.DIJADWALKAN):
        note = "Lembar instrumen dibuka setelah asesor memeriksa identitas asesi pada awal sesi asesmen."
    elif p.status == S.ASESMEN and not sheets:
        note = "Lembar instrumen tersedia setelah identitas asesi diperiksa asesor pada sesi ini."
    else:
        note = ""
    return render(
        request,
        "sertifikasi/asesmen.html",
        {"p": p, "units": units, "note": note, "peran": permissions.lembar_role(request.user, p)},
    )


# --- one sheet -----------------------------------------------------------------------------------------


def parse_sheet(post) -> tuple[dict, str | None, str | None, dict, list[str]]:
    """(isian {butir id: {field: value}}, rekomendasi, catatan, portofolio {bukti id: {key:
    value}}, names read) from a POST; names that are not a sheet's are ignored."""
    isian: dict[int, dict[str, str]] = {}
    portofolio: dict[int, dict[str, str]] = {}
    rekomendasi = catatan = None
    names = []
    for name in post:
        parts = name.split("-")
        if len(parts) == 2 and parts[0] in ("jawaban", "penilaian", "catatan") and parts[1].isdigit():
            isian.setdefault(int(parts[1]), {})[parts[0]] = post.get(name, "")
        elif len(parts) == 3 and parts[0] == "bukti" and parts[1].isdigit() and parts[2] in svc_aspek_keys():
            portofolio.setdefault(int(parts[1]), {})[parts[2]] = post.get(name, "")
        elif name == "rekomendasi":
            rekomendasi = post.get(name, "")
        elif name == "umpan_balik":
            catatan = post.get(name, "")
        else:
            continue
        names.append(name)
    return isian, rekomendasi, catatan, portofolio, names


def svc_aspek_keys() -> set[str]:
    return {k for k, _ in svc.ASPEK} | {"catatan"}


def _sheet_context(request, p: Permohonan, lembar: Lembar, *, posted=None) -> dict:
    """What the sheet page shows: per item the stored values with a refused POST's values on
    top (nothing typed is lost), the files, the portfolio marks, and what the user may edit."""
    rule = svc.aturan(lembar)
    role = permissions.lembar_role(request.user, p)
    refusal = asesmen.lembar_open_refusal(lembar, for_candidate=role != "asesor")
    isian = svc.isian_map(lembar)
    files: dict = {}
    for f in lembar.berkas.order_by("pk"):
        files.setdefault(f.butir_id, []).append(f)
    over_isian, over_rek, over_cat, over_port, _ = (
        parse_sheet(posted) if posted is not None else ({}, None, None, {}, [])
    )
    handed_in = lembar.selesai_pada is not None
    # After a refused POST the inputs stay on the page with what was typed, even when the
    # gate is closed: the typed text is never lost (the refusal says why it was not saved).
    closed = bool(refusal) and posted is None
    edit_asesi = role == "asesi" and not closed and (rule.asesi_menulis or rule.asesi_berkas)
    edit_asesi = edit_asesi and not (rule.diserahkan and handed_in)
    edit_asesor = role == "asesor" and not closed and not (rule.diserahkan and not handed_in)
    items = []
    for b in svc.butir_list(lembar):
        row = isian.get(b.pk)
        values = {
            "jawaban": row.jawaban if row else "",
            "penilaian": row.penilaian if row else "",
            "catatan": row.catatan if row else "",
        }
        values.update(over_isian.get(b.pk, {}))
        items.append(
            {
                "butir": b,
                "label": svc.butir_label(lembar, b),
                "kunci": b.jawaban if role != "asesi" else "",
                "berkas": files.get(b.pk, []),
                "penilaian_label": dict(rule.penilaian).get(values["penilaian"], ""),
                **values,
            }
        )
    portofolio = []
    if rule.portofolio:
        marks = svc.portofolio_marks(lembar)
        for f in svc.portofolio_files(lembar):
            mark = {**marks.get(str(f.pk), {}), **over_port.get(f.pk, {})}
            portofolio.append(
                {
                    "bukti": f,
                    "aspek": [
                        {"key": k, "label": label, "value": mark.get(k, ""), "name": f"bukti-{f.pk}-{k}"}
                        for k, label in svc.ASPEK
                    ],
                    "catatan": mark.get("catatan", ""),
                }
            )
    tautan = list(lembar.tautan.order_by("pk")) if rule.pihak_ketiga else []
    return {
        "p": p,
        "lembar": lembar,
        "rule": rule,
        "peran": role,
        "refusal": refusal,
        "edit_asesi": edit_asesi,
        "edit_asesor": edit_asesor,
        "edit": edit_asesi or edit_asesor,
        "items": items,
        "berkas_lain": files.get(None, []),
        "portofolio": portofolio,
        "tautan": tautan,
        "now": timezone.now(),
        "rekomendasi": over_rek if over_rek is not None else lembar.rekomendasi,
        "umpan_balik": over_cat if over_cat is not None else lembar.catatan,
        "problems": svc.lembar_problems(lembar) if lembar.status == Lembar.Status.DRAFT else [],
        "upload_rule": svc.berkas_rule(),
        "max_mb": settings.SERTIFIKASI_UPLOAD_MAX_MB,
        "ya_tidak": svc.YA_TIDAK,
    }


def _sheet_page(request, p, lembar, *, posted=None, status=200):
    return render(
        request, "sertifikasi/lembar.html", _sheet_context(request, p, lembar, posted=posted), status=status
    )


def _save(request, lembar: Lembar) -> list[str]:
    isian, rekomendasi, catatan, portofolio, names = parse_sheet(request.POST)
    if isian or rekomendasi is not None or catatan is not None or portofolio:
        svc.lembar_save(
            lembar=lembar,
            actor=request.user,
            isian=isian,
            rekomendasi=rekomendasi,
            catatan=catatan,
            portofolio=portofolio,
        )
    return names


@module_required(permissions.can_open)
def lembar_view(request, pk, lembar_pk):
    """One sheet: the party whose turn it is fills it (autosave and a Save button); the
    candidate hands IA.04/IA.06 answers in; everyone who sees the candidate reads it. The
    timed FR.IA.05 goes to its exam page."""
    p = get_permohonan(request, pk)
    lembar = _get_lembar(p, lembar_pk)
    if lembar.instrumen.jenis == JenisIA.IA05:
        return redirect("sertifikasi:ujian", pk=p.pk, lembar_pk=lembar.pk)
    if request.method == "POST":
        if not permissions.can_fill_lembar(request.user, p):
            raise PermissionDenied
        try:
            names = _save(request, lembar)
            if request.POST.get("serahkan"):
                svc.lembar_serahkan(lembar=lembar, actor=request.user)
        except ServiceError as e:
            if _is_autosave(request):
                return JsonResponse({"saved": [], "errors": {"__all__": " ".join(e.messages)}}, status=409)
            show_error(request, e)
            lembar.refresh_from_db()
            return _sheet_page(request, p, lembar, posted=request.POST)
        if _is_autosave(request):
            return JsonResponse(
                {"saved": names, "errors": {}, "waktu": timezone.localtime().strftime("%H.%M")}
            )
        if request.POST.get("serahkan"):
            messages.success(request, "Jawaban terkirim ke asesor.")
        elif request.POST.get("lanjut"):
            return redirect("sertifikasi:lembar-kirim", pk=p.pk, lembar_pk=lembar.pk)
        else:
            messages.success(request, "Lembar tersimpan.")
        return redirect("sertifikasi:lembar", pk=p.pk, lembar_pk=lembar.pk)
    return _sheet_page(request, p, lembar)


# --- sending and signing ------------------------------------------------------------------------


@module_required(permissions.can_open)
def lembar_kirim_view(request, pk, lembar_pk):
    """The sheet's summary, what is missing, its signatures; the party who finishes sends it
    (signing when the kind's first signer is them), then each remaining party signs."""
    p = get_permohonan(request, pk)
    lembar = _get_lembar(p, lembar_pk)
    if lembar.instrumen.jenis == JenisIA.IA05:
        raise Http404
    turn = svc.kirim_turn(request.user, lembar)
    needs_sign = turn in ("terbitkan_ttd", "ttd")
    form = TandatanganForm(request.POST or None) if needs_sign else None
    if request.method == "POST":
        if not turn:
            raise PermissionDenied
        if form is None or form.is_valid():
            try:
                lembar = svc.lembar_kirim(
                    lembar=lembar, actor=request.user, ttd=form.tandatangan(request) if form else None
                )
            except ServiceError as e:
                show_error(request, e, form)
            else:
                if lembar.status == Lembar.Status.FINAL:
                    messages.success(request, f"{lembar.instrumen.get_jenis_display()} final.")
                else:
                    messages.success(request, "Lembar terkirim; menunggu tanda tangan pihak berikutnya.")
                return redirect("sertifikasi:asesmen", pk=p.pk)
    lembar.refresh_from_db()
    draft = lembar.status == Lembar.Status.DRAFT
    return render(
        request,
        "sertifikasi/lembar_kirim.html",
        {
            "p": p,
            "lembar": lembar,
            "turn": turn,
            "form": form,
            "isi": svc.lembar_data(lembar) if draft else lembar.dokumen.data,
            "problems": svc.lembar_problems(lembar) if draft else [],
            "refusal": asesmen.lembar_open_refusal(
                lembar, for_candidate=permissions.lembar_role(request.user, p) != "asesor"
            )
            if draft
            else "",
            "tanda_tangan": list(lembar.dokumen.tanda_tangan.select_related("penandatangan"))
            if lembar.dokumen_id
            else [],
            "parties": svc.signer_parties(lembar),
        },
    )


# --- the candidate's files -------------------------------------------------------------------------


@module_required(permissions.can_open)
@require_POST
def lembar_berkas_view(request, pk, lembar_pk):
    """The candidate uploads a file for a task (IA.02) or an activity (IA.04). The upload
    button belongs to the sheet's form: what it holds is saved first and kept when the file is
    refused (the refusal shows on the sheet)."""
    p = get_permohonan(request, pk)
    lembar = _get_lembar(p, lembar_pk)
    if lembar.instrumen.jenis == JenisIA.IA05:
        raise Http404
    if permissions.lembar_role(request.user, p) != "asesi":
        raise PermissionDenied
    butir = request.POST.get("butir", "")
    try:
        _save(request, lembar)
        berkas = svc.lembar_berkas_upload(
            lembar=lembar,
            butir_id=int(butir) if butir.isdigit() else None,
            judul=request.POST.get("judul", ""),
            upload=request.FILES.get("berkas"),
            actor=request.user,
        )
    except ServiceError as e:
        show_error(request, e)
        lembar.refresh_from_db()
        return _sheet_page(request, p, lembar, posted=request.POST)
    messages.success(request, f"Berkas “{berkas.judul}” terunggah.")
    return redirect("sertifikasi:lembar", pk=p.pk, lembar_pk=lembar.pk)


@module_required(permissions.can_open)
def lembar_berkas_file_view(request, pk, lembar_pk, berkas_pk):
    """A file of the sheet, for whoever sees the candidate (the candidate, the batch's
    assessors, staff); a file of another sheet is 404."""
    from lsp_portal.files import stream_file

    p = get_permohonan(request, pk)
    berkas = get_object_or_404(BerkasLembar, pk=berkas_pk, lembar_id=lembar_pk, lembar__permohonan=p)
    return stream_file(berkas.berkas, stem=f"lembar-{p.pk}-{berkas.pk}")


# --- FR.IA.10: the third party ------------------------------------------------------------------


class TautanForm(forms.Form):
    nama = forms.CharField(label="Nama pihak ketiga", max_length=150)
    email = forms.EmailField(
        label="Email", help_text="Tautan dikirim ke alamat ini; berlaku 14 hari, satu kali."
    )
    hubungan = forms.CharField(
        label="Hubungan dengan asesi",
        max_length=150,
        help_text="Misalnya atasan langsung, klien, rekan kerja.",
    )


@module_required(permissions.can_open)
def pihak_ketiga_view(request, pk, lembar_pk):
    """FR.IA.10: the links sent and their answers; the candidate's assessor sends a new one
    (named third party, e-mailed, expiring, answered once)."""
    p = get_permohonan(request, pk)
    lembar = _get_lembar(p, lembar_pk)
    if lembar.instrumen.jenis != JenisIA.IA10:
        raise Http404
    is_asesor = permissions.lembar_role(request.user, p) == "asesor"
    form = TautanForm(request.POST or None)
    if request.method == "POST":
        if not is_asesor:
            raise PermissionDenied
        if form.is_valid():
            try:
                tautan, _ = svc.pihak_ketiga_buat(lembar=lembar, actor=request.user, **form.cleaned_data)
            except ServiceError as e:
                show_error(request, e, form)
            else:
                messages.success(request, f"Tautan dikirim ke {tautan.email}.")
                return redirect("sertifikasi:pihak-ketiga", pk=p.pk, lembar_pk=lembar.pk)
    return render(
        request,
        "sertifikasi/pihak_ketiga.html",
        {
            "p": p,
            "lembar": lembar,
            "form": form if is_asesor else None,
            "refusal": asesmen.lembar_open_refusal(lembar, for_candidate=not is_asesor),
            "tautan": list(lembar.tautan.order_by("pk")),
            "now": timezone.now(),
        },
    )


def pihak_ketiga_jawab_view(request, token):
    """Public (no login): the third party's one-time answer page. A link that is unknown,
    used, expired or whose sheet is closed gets one neutral message; rate-limited per IP."""
    limit = getattr(settings, "SERTIFIKASI_PIHAK_KETIGA_LIMIT", PIHAK_KETIGA_LIMIT)
    if not hit(f"pihak-ketiga:{client_ip(request)}", limit=limit, seconds=60):
        return render(
            request,
            "sertifikasi/pihak_ketiga_tidak_berlaku.html",
            {"pesan": "Terlalu banyak permintaan dari alamat Anda. Coba lagi satu menit lagi."},
            status=429,
        )
    tautan = svc.tautan_usable(token)
    if tautan is None:
        return render(
            request, "sertifikasi/pihak_ketiga_tidak_berlaku.html", {"pesan": svc.TAUTAN_NETRAL}, status=404
        )
    lembar = tautan.lembar
    butir = svc.butir_list(lembar)
    error = ""
    values = {b.pk: "" for b in butir}
    extra = {"tempat_kerja": "", "telepon": ""}
    if request.method == "POST":
        values = {b.pk: request.POST.get(f"jawaban-{b.pk}", "") for b in butir}
        extra = {k: request.POST.get(k, "") for k in extra}
        if not request.POST.get("pernyataan"):
            error = "Centang pernyataan bahwa jawaban Anda benar."
        else:
            try:
                svc.pihak_ketiga_jawab(token=token, jawaban=values, ip=client_ip(request), **extra)
            except svc.TautanTidakBerlaku:
                return render(
                    request,
                    "sertifikasi/pihak_ketiga_tidak_berlaku.html",
                    {"pesan": svc.TAUTAN_NETRAL},
                    status=404,
                )
            except ServiceError as e:
                error = " ".join(e.messages)
            else:
                return render(request, "sertifikasi/pihak_ketiga_selesai.html", {"tautan": tautan})
    return render(
        request,
        "sertifikasi/pihak_ketiga_jawab.html",
        {
            "tautan": tautan,
            "p": lembar.permohonan,
            "items": [{"butir": b, "value": values.get(b.pk, "")} for b in butir],
            "extra": extra,
            "error": error,
        },
        status=400 if error else 200,
    )
