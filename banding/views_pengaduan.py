"""Complaint pages (X-5): the public form (no login, rate-limited per IP) and its e-mail
verification, mounted at /pengaduan/ (banding/urls_publik.py); the staff's list and detail
with their actions under /banding/pengaduan/ (banding/urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.files import stream_file
from lsp_portal.http import client_ip
from lsp_portal.ratelimit import hit
from lsp_portal.status import labelled_history

from . import permissions as perms
from . import services_pengaduan as svc
from .forms_pengaduan import CatatanForm, JawabanForm, PengaduanFilterForm, PengaduanForm, TerkaitForm
from .models import Pengaduan
from .selectors import pengaduan_list

VERIFY_LIMIT_PER_MINUTE = 20


def _too_many(request, *, retry_after: int):
    response = render(request, "banding/pengaduan_terbatas.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


# --- public --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pengaduan_form_view(request):
    """Anyone files a complaint; a link to confirm the e-mail is sent. Filing is limited per
    client IP (PENGADUAN_LIMIT_PER_JAM an hour): 429 with an Indonesian page after that."""
    form = PengaduanForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not hit(f"pengaduan:{client_ip(request)}", limit=settings.PENGADUAN_LIMIT_PER_JAM, seconds=3600):
            return _too_many(request, retry_after=3600)
        if form.is_valid():
            if form.is_bot:  # the honeypot was filled: look done, keep nothing
                return redirect("pengaduan:terkirim")
            data = {k: v for k, v in form.cleaned_data.items() if k != "situs_web"}
            try:
                svc.pengaduan_file(**data)
            except ServiceError as error:
                show_error(request, error, form)
            else:
                request.session["pengaduan_email"] = data["email"]
                return redirect("pengaduan:terkirim")
    return render(
        request,
        "banding/pengaduan_form.html",
        {"form": form, "batas_hari": settings.PENGADUAN_BATAS_JAWAB_HARI},
    )


@require_safe
def pengaduan_sent_view(request):
    return render(
        request,
        "banding/pengaduan_terkirim.html",
        {
            "email": request.session.get("pengaduan_email", ""),
            "berlaku_jam": settings.PENGADUAN_TAUTAN_BERLAKU_JAM,
        },
    )


@require_http_methods(["GET", "POST"])
def pengaduan_verify_view(request, token):
    """The link from the e-mail: GET asks to confirm (a mail scanner opening the link changes
    nothing), POST confirms; a bad, used or expired link gets a clear message (404/410)."""
    if not hit(f"pengaduan-verifikasi:{client_ip(request)}", limit=VERIFY_LIMIT_PER_MINUTE, seconds=60):
        return _too_many(request, retry_after=60)
    try:
        if request.method == "POST":
            pengaduan = svc.pengaduan_verify(token=token)
            return render(
                request,
                "banding/pengaduan_diterima.html",
                {"pengaduan": pengaduan, "batas_hari": settings.PENGADUAN_BATAS_JAWAB_HARI},
            )
        svc.pengaduan_for_token(token)
    except ServiceError as error:
        status = 410 if "kedaluwarsa" in str(error) else 404
        return render(request, "banding/pengaduan_tautan.html", {"pesan": str(error)}, status=status)
    return render(request, "banding/pengaduan_verifikasi.html")


# --- staff ---------------------------------------------------------------------------------------


@require_safe
@module_required(perms.can_list_pengaduan)
def pengaduan_list_view(request):
    """Verified complaints, newest first, filtered by status; those past their due date and
    still unanswered are marked. Two queries whatever the number of rows."""
    filters = PengaduanFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    today = timezone.localdate()
    rows = [
        (p, p.is_overdue(today)) for p in pengaduan_list(perms.visible_pengaduan(request.user), status=status)
    ]
    return render(request, "banding/pengaduan_list.html", {"filters": filters, "rows": rows})


def _visible(request, pk) -> Pengaduan:
    return get_object_or_404(
        perms.visible_pengaduan(request.user).select_related("ditangani_oleh", "terkait"), pk=pk
    )


@require_safe
@module_required(perms.can_list_pengaduan)
def pengaduan_detail_view(request, pk):
    pengaduan = _visible(request, pk)
    user = request.user
    return render(
        request,
        "banding/pengaduan_detail.html",
        {
            "pengaduan": pengaduan,
            "history": labelled_history(pengaduan),
            "terlambat": pengaduan.is_overdue(timezone.localdate()),
            "can_acknowledge": perms.can_acknowledge_pengaduan(user, pengaduan),
            "can_investigate": perms.can_investigate_pengaduan(user, pengaduan),
            "can_respond": perms.can_respond_pengaduan(user, pengaduan),
            "can_close": perms.can_close_pengaduan(user, pengaduan),
            "can_set_terkait": perms.can_set_terkait_pengaduan(user, pengaduan),
        },
    )


@require_safe
@module_required(perms.can_list_pengaduan)
def pengaduan_lampiran_view(request, pk):
    pengaduan = _visible(request, pk)
    return stream_file(pengaduan.lampiran, stem=f"lampiran-{pengaduan.nomor}".replace("/", "-"))


def _action(request, pk, *, allowed, template: str, form_class=None, run, done: str, initial=None):
    """GET: the confirmation page (with its form); POST: run the service, then back to the
    detail with a message (to the list when it now concerns the user, X-5), or the form
    again with the refusal on it (nothing typed lost)."""
    pengaduan = _visible(request, pk)
    if not allowed(request.user, pengaduan):
        raise PermissionDenied
    form = (
        form_class(request.POST if request.method == "POST" else None, initial=initial and initial(pengaduan))
        if form_class
        else None
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            run(pengaduan, form.cleaned_data if form else {})
        except ServiceError as error:
            show_error(request, error, form)
        else:
            messages.success(request, done)
            if not perms.visible_pengaduan(request.user).filter(pk=pengaduan.pk).exists():
                return redirect("banding:pengaduan-list")
            return redirect(pengaduan)
    return render(request, template, {"pengaduan": pengaduan, "form": form})


@require_http_methods(["GET", "POST"])
@module_required(perms.can_list_pengaduan)
def pengaduan_acknowledge_view(request, pk):
    return _action(
        request,
        pk,
        allowed=perms.can_acknowledge_pengaduan,
        template="banding/pengaduan_konfirmasi.html",
        form_class=TerkaitForm,
        run=lambda p, d: svc.pengaduan_acknowledge(pengaduan=p, terkait=d["terkait"], actor=request.user),
        done=(
            "Penerimaan pengaduan dikonfirmasi dan pelapor diberi tahu melalui email; Anda tercatat "
            "sebagai penanganannya, kecuali bila pengaduan ini mengenai Anda."
        ),
    )


@require_http_methods(["GET", "POST"])
@module_required(perms.can_list_pengaduan)
def pengaduan_investigate_view(request, pk):
    return _action(
        request,
        pk,
        allowed=perms.can_investigate_pengaduan,
        template="banding/pengaduan_tindak_lanjut.html",
        form_class=CatatanForm,
        run=lambda p, d: svc.pengaduan_investigate(pengaduan=p, catatan=d["catatan"], actor=request.user),
        done="Tindak lanjut pengaduan dicatat.",
    )


@require_http_methods(["GET", "POST"])
@module_required(perms.can_list_pengaduan)
def pengaduan_respond_view(request, pk):
    return _action(
        request,
        pk,
        allowed=perms.can_respond_pengaduan,
        template="banding/pengaduan_jawab.html",
        form_class=JawabanForm,
        run=lambda p, d: svc.pengaduan_respond(pengaduan=p, jawaban=d["jawaban"], actor=request.user),
        done="Jawaban disimpan dan dikirim ke email pelapor.",
    )


@require_http_methods(["GET", "POST"])
@module_required(perms.can_list_pengaduan)
def pengaduan_close_view(request, pk):
    return _action(
        request,
        pk,
        allowed=perms.can_close_pengaduan,
        template="banding/pengaduan_tutup.html",
        run=lambda p, _: svc.pengaduan_close(pengaduan=p, actor=request.user),
        done="Pengaduan ditutup.",
    )


@require_http_methods(["GET", "POST"])
@module_required(perms.can_list_pengaduan)
def pengaduan_terkait_view(request, pk):
    """Name or change the person the complaint is about (X-5), by staff it is not about."""
    return _action(
        request,
        pk,
        allowed=perms.can_set_terkait_pengaduan,
        template="banding/pengaduan_terkait.html",
        form_class=TerkaitForm,
        initial=lambda p: {"terkait": p.terkait_id},
        run=lambda p, d: svc.pengaduan_set_terkait(pengaduan=p, terkait=d["terkait"], actor=request.user),
        done="Orang yang diadukan disimpan.",
    )


def ringkasan_context(request) -> dict:
    """For the banding home page: the period's counts and durations of appeals and complaints
    (banding.selectors.ringkasan_banding_pengaduan), for the banding staff only (the Manajer
    reads them there until the executive dashboard does)."""
    from .forms_pengaduan import PeriodeForm
    from .selectors import ringkasan_banding_pengaduan

    if not perms.is_banding_staff(request.user):
        return {}
    periode = PeriodeForm(request.GET or None)
    dari, sampai = periode.period(timezone.localdate())
    return {"periode": periode, "ringkasan": ringkasan_banding_pengaduan(dari=dari, sampai=sampai)}
