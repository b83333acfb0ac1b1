"""The timed FR.IA.05 pages (SE-A4.8d, SE-D1.2d): the candidate starts or resumes the test,
answers (autosave per choice, static/js/ujian.js; without JavaScript the page's Save button
posts every answer), finishes (or the deadline does), and signs the answer sheet.

Only the candidate opens these pages (permissions.visible_ujian: anyone else 404; the assessor
reads and signs the FR.IA.05 record on the records page). The page never carries the key:
services.ujian_halaman hands it item and option texts and ids in the candidate's order only.

Autosave (header `X-Autosave: 1`): POST `butir`, `opsi` -> JSON {"ok", "sisa" (seconds left by
the server's clock), "error", "selesai"}. The form: fields `soal-<item id>` = option id.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from administrasi.permissions import next_signature
from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.http import client_ip

from . import permissions, services
from .forms import TandatanganForm
from .models import Lembar
from .services import JourneyError
from .services.asesmen import lembar_open_refusal
from .services.ujian import TANPA_WAKTU, is_due, tambahan_waktu

SOAL_PREFIX = "soal-"
UNREADABLE = "Isian ujian tidak terbaca. Muat ulang halaman ini lalu coba lagi."


def _lembar(request, pk, lembar_pk) -> Lembar:
    """The candidate's own FR.IA.05 sheet `lembar_pk` of application `pk`, else 404."""
    return get_object_or_404(
        permissions.visible_ujian(request.user).select_related(
            "instrumen__unit", "permohonan__skema", "permohonan__asesi", "permohonan__jadwal"
        ),
        pk=lembar_pk,
        permohonan_id=pk,
    )


def _is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _page_url(lembar: Lembar) -> str:
    return reverse("sertifikasi:ujian", args=[lembar.permohonan_id, lembar.pk])


def _number(value: str) -> int:
    value = (value or "").strip()
    if not value.isdigit():
        raise JourneyError(UNREADABLE, code="unreadable")
    return int(value)


def _posted_answers(post) -> dict:
    """{item id: option id} from the form's `soal-<id>` fields (a radio group sends only the
    checked value)."""
    return {
        _number(name[len(SOAL_PREFIX) :]): _number(post.get(name))
        for name in post
        if name.startswith(SOAL_PREFIX)
    }


def clock(seconds: int) -> str:
    """29:58, or 1:05:00 from an hour (what ujian.js shows too)."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _refresh(lembar: Lembar) -> Lembar:
    """The sheet as the page shows it: a due test finished first (lazily), a signed record
    making it final."""
    if is_due(lembar):
        services.ujian_selesai_bila_habis(lembar_id=lembar.pk)
    lembar = _lembar_again(lembar)
    return services.ujian_sync_final(lembar=lembar)


def _lembar_again(lembar: Lembar) -> Lembar:
    return (
        Lembar.objects.select_related(
            "instrumen__unit", "permohonan__skema", "permohonan__asesi", "permohonan__jadwal", "dokumen"
        )
        .prefetch_related("dokumen__tanda_tangan__penandatangan")
        .get(pk=lembar.pk)
    )


def _render(request, lembar: Lembar, *, form=None):
    p = lembar.permohonan
    context = {"p": p, "lembar": lembar, "instrumen": lembar.instrumen}
    if lembar.selesai_pada:
        dokumen = lembar.dokumen
        context["dokumen"] = dokumen
        if dokumen is not None and next_signature(dokumen, request.user) is not None:
            context["form"] = form or TandatanganForm()
    elif lembar.mulai_pada:
        context.update(services.ujian_halaman(lembar))
        context["sisa"] = sisa = services.sisa_detik(lembar)
        context["sisa_teks"] = clock(sisa)
    else:
        context["menit"] = (lembar.instrumen.waktu_menit or 0) + tambahan_waktu(lembar)
        context["jumlah_soal"] = lembar.instrumen.butir.count()
        if not lembar.instrumen.waktu_menit:
            context["refusal"] = TANPA_WAKTU
        else:
            context["refusal"] = lembar_open_refusal(lembar)
    return render(request, "sertifikasi/ujian.html", context)


@module_required(permissions.can_open)
def ujian_view(request, pk, lembar_pk):
    """GET: the start page, the test (resumed where it was: the stored order, the answers
    given, the time left by the server) or, once finished, the result and the signature.
    POST `aksi=mulai` starts (or resumes) it; `aksi=tandatangan` signs the answer sheet."""
    lembar = _lembar(request, pk, lembar_pk)
    if request.method == "POST":
        aksi = request.POST.get("aksi", "")
        if aksi == "tandatangan":
            form = TandatanganForm(request.POST)
            if form.is_valid():
                try:
                    lembar = services.ujian_tandatangan(
                        lembar=lembar, actor=request.user, ttd=form.tandatangan(request)
                    )
                except ServiceError as e:
                    show_error(request, e, form)
                else:
                    messages.success(
                        request,
                        "Lembar jawab FR.IA.05 ditandatangani."
                        + (
                            ""
                            if lembar.status == Lembar.Status.FINAL
                            else " Asesor menandatangani berikutnya."
                        ),
                    )
                    return redirect(_page_url(lembar))
            return _render(request, _refresh(lembar), form=form)
        try:
            services.ujian_mulai(lembar=lembar, actor=request.user, ip=client_ip(request))
        except ServiceError as e:
            show_error(request, e)
        return redirect(_page_url(lembar))
    return _render(request, _refresh(lembar))


@module_required(permissions.can_open)
@require_POST
def ujian_jawab_view(request, pk, lembar_pk):
    """Autosave one answer (JSON), or the page's Save button: every answer of the page."""
    lembar = _lembar(request, pk, lembar_pk)
    if _is_autosave(request):
        try:
            butir_id = _number(request.POST.get("butir"))
            opsi = request.POST.get("opsi", "")
            lembar = services.ujian_jawab(
                lembar=lembar, butir_id=butir_id, opsi_id=_number(opsi) if opsi else None, actor=request.user
            )
        except ServiceError as e:
            lembar.refresh_from_db()
            code = getattr(e, "code", "")
            return JsonResponse(
                {
                    "ok": False,
                    "error": " ".join(e.messages),
                    "sisa": services.sisa_detik(lembar),
                    "selesai": bool(lembar.selesai_pada) or code == "waktu_habis",
                },
                status=409 if code in ("waktu_habis", "selesai", "belum_mulai", "lembar_closed") else 400,
            )
        return JsonResponse({"ok": True, "sisa": services.sisa_detik(lembar), "selesai": False})
    try:
        services.ujian_jawab_semua(lembar=lembar, jawaban=_posted_answers(request.POST), actor=request.user)
    except ServiceError as e:
        show_error(request, e)
    else:
        messages.success(request, "Jawaban tersimpan.")
    return redirect(_page_url(lembar))


@module_required(permissions.can_open)
@require_POST
def ujian_selesai_view(request, pk, lembar_pk):
    """Finish the test: the answers the form holds are saved first (none is lost when the
    script could not send them), then the test is finished and scored. `otomatis=1`: the
    page's clock reached zero."""
    lembar = _lembar(request, pk, lembar_pk)
    try:
        answers = _posted_answers(request.POST)
        if answers and not lembar.selesai_pada:
            try:
                services.ujian_jawab_semua(lembar=lembar, jawaban=answers, actor=request.user)
            except JourneyError as e:
                if getattr(e, "code", "") not in ("waktu_habis", "selesai"):
                    raise
        lembar = services.ujian_selesai(
            lembar=lembar,
            actor=request.user,
            otomatis=request.POST.get("otomatis") == "1",
            ip=client_ip(request),
        )
    except ServiceError as e:
        if _is_autosave(request):
            return JsonResponse(
                {"ok": False, "error": " ".join(e.messages), "url": _page_url(lembar)}, status=409
            )
        show_error(request, e)
        return redirect(_page_url(lembar))
    if _is_autosave(request):
        return JsonResponse({"ok": True, "url": _page_url(lembar)})
    messages.success(
        request,
        "Ujian selesai dan jawaban terkirim. Tandatangani lembar jawabnya di bawah."
        if lembar.dokumen_id
        else "Ujian selesai dan jawaban terkirim.",
    )
    return redirect(_page_url(lembar))
