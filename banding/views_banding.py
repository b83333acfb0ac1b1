"""The appeal's pages (FLOW.md §3, SE-A4.8j, SE-A4.13, X-6): the candidate's FR.AK.04 and
their appeal's page; the staff list and the detail page with each role's actions. Views are
thin: fetch through permissions (others' appeals 404), ask `can_<verb>`, call a service, show
its refusal on the form with everything entered kept."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lsp_portal.errors import ServiceError, show_error
from lsp_portal.files import stream_file
from lsp_portal.status import labelled_history
from sertifikasi.models import Permohonan

from . import permissions, services
from .forms import BandingForm, KeputusanForm, PanelForm, SidangForm, TindakLanjutForm
from .models import Banding
from .selectors import banding_list


def _get(request, pk) -> Banding:
    return get_object_or_404(
        permissions.visible_banding(request.user).select_related(
            "keputusan__permohonan__skema",
            "keputusan__pleno__sk",
            "asesi",
            "ak04",
            "sk",
            "penandatangan",
            "sop",
        ),
        pk=pk,
    )


def _url(banding) -> str:
    return reverse("banding:detail", args=[banding.pk])


@login_required
@require_http_methods(["GET", "POST"])
def ajukan_view(request, keputusan_pk):
    """FR.AK.04: the candidate appeals their decision while the window is open; refused
    (closed window, an open appeal...) the page says why. Others' decisions 404."""
    keputusan = get_object_or_404(
        permissions.appealable_keputusan(request.user).select_related("permohonan__skema", "pleno__sk"),
        pk=keputusan_pk,
    )
    refusal = services.file_refusal(keputusan, request.user)
    form = BandingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            banding = services.banding_file(
                keputusan=keputusan,
                asesi=request.user,
                alasan=form.cleaned_data["alasan"],
                bukti=form.cleaned_data["bukti"],
                ttd=form.tandatangan(request),
                **form.answers(),
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"Banding Anda diterima dengan nomor {banding.nomor}. Keputusan banding paling lambat "
                f"{banding.batas_keputusan:%d-%m-%Y}.",
            )
            return redirect(_url(banding))
    return render(
        request,
        "banding/ajukan.html",
        {
            "keputusan": keputusan,
            "form": form,
            "refusal": refusal,
            "batas": services.window_end(keputusan),
            "open": services.open_banding(keputusan),
        },
    )


@login_required
def daftar_view(request):
    """Appeals with status and deadline, overdue ones marked: banding staff all; a panel
    member or the Ketua theirs. Constant queries."""
    if not permissions.can_list(request.user):
        raise PermissionDenied
    rows = banding_list(permissions.visible_banding(request.user))
    return render(
        request,
        "banding/daftar.html",
        # The way back to /banding/ only for those it opens for (a panel member is not).
        {"rows": rows, "today": timezone.localdate(), "can_open_home": permissions.can_open(request.user)},
    )


@login_required
def detail_view(request, pk):
    """An appeal: status, history, deadline, panel and hearings, decision and SK; the actions
    the user may take. The appellant sees the decision only once sent."""
    banding = _get(request, pk)
    user = request.user
    appellant = permissions.is_appellant(user, banding)
    staff_side = not appellant or permissions.is_banding_staff(user)
    show_decision = staff_side or banding.status == Banding.Status.DISAMPAIKAN
    history = labelled_history(banding)
    if not show_decision:
        # The decision's note carries its reasons: nothing reaches the appellant before the
        # Ketua signs (banding_decide).
        decided = Banding.Status.DIPUTUSKAN.label
        history = [replace(h, note="") if h.ke == decided else h for h in history]
    return render(
        request,
        "banding/detail.html",
        {
            "banding": banding,
            "history": history,
            "panel": list(banding.panel.select_related("user")),
            "sidang": list(banding.sidang.all()),
            "bukti": list(banding.bukti.all()),
            "today": timezone.localdate(),
            "show_decision": show_decision,
            # The way back: /banding/ for those it opens for, else the list (a panel member).
            "can_open_home": permissions.can_open(user),
            "can_list": permissions.can_list(user),
            "can_register": permissions.can_register(user, banding),
            "can_form_panel": permissions.can_form_panel(user, banding),
            "can_record_sidang": permissions.can_record_sidang(user, banding),
            "can_decide": permissions.can_decide(user, banding),
            "can_sign_sk": permissions.can_sign_sk(user, banding),
            "can_link_followup": permissions.can_link_followup(user, banding),
        },
    )


@login_required
def bukti_view(request, pk, bukti_pk):
    banding = _get(request, pk)
    bukti = get_object_or_404(banding.bukti, pk=bukti_pk)
    return stream_file(bukti.berkas, stem=f"bukti-banding-{banding.pk}-{bukti.pk}")


def _action(request, banding, *, allowed, form, title, submit, call, done, intro=""):
    """One action page: GET shows the form (confirmation), POST calls the service; a refusal
    is shown on the form with what was entered kept."""
    if not allowed:
        raise PermissionDenied
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            call()
        except ServiceError as e:
            if form is None:
                show_error(request, e)
                return redirect(_url(banding))
            show_error(request, e, form)
        else:
            messages.success(request, done)
            return redirect(_url(banding))
    return render(
        request,
        "banding/aksi.html",
        {"banding": banding, "form": form, "title": title, "submit": submit, "intro": intro},
    )


@login_required
@require_http_methods(["GET", "POST"])
def registrasi_view(request, pk):
    banding = _get(request, pk)
    return _action(
        request,
        banding,
        allowed=permissions.can_register(request.user, banding),
        form=None,
        title="Registrasi banding",
        submit="Registrasi",
        intro="FR.AK.04 diterima dan dicatat; asesi diberi tahu nomor dan batas waktu keputusan.",
        call=lambda: services.banding_register(banding=banding, actor=request.user),
        done="Banding diregistrasi.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_view(request, pk):
    """The Manajer names the panel; members refused under X-6 are named with the reason."""
    banding = _get(request, pk)
    form = PanelForm(request.POST or None, choices=services.panel_choices())

    def call():
        d = form.cleaned_data
        services.panel_form(
            banding=banding,
            anggota=list(d["anggota"]),
            ketua_tim=d["ketua_tim"],
            penandatangan=d["penandatangan"],
            actor=request.user,
        )

    return _action(
        request,
        banding,
        allowed=permissions.can_form_panel(request.user, banding),
        form=form,
        title="Bentuk tim banding",
        submit="Tetapkan tim",
        intro="Anggota tim tidak boleh terlibat dalam asesmen atau keputusan yang dibanding.",
        call=call,
        done="Tim banding ditetapkan; anggota diberi tahu.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def sidang_view(request, pk):
    banding = _get(request, pk)
    form = SidangForm(request.POST or None)
    return _action(
        request,
        banding,
        allowed=permissions.can_record_sidang(request.user, banding),
        form=form,
        title="Catat sidang banding",
        submit="Simpan sidang",
        call=lambda: services.sidang_record(banding=banding, actor=request.user, **form.cleaned_data),
        done="Sidang banding dicatat.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def putuskan_view(request, pk):
    banding = _get(request, pk)
    form = KeputusanForm(request.POST or None)
    return _action(
        request,
        banding,
        allowed=permissions.can_decide(request.user, banding),
        form=form,
        title="Keputusan tim banding",
        submit="Simpan keputusan",
        intro=(
            "SK keputusan banding diterbitkan untuk ditandatangani Ketua LSP; asesi diberi tahu setelahnya."
        ),
        call=lambda: services.banding_decide(
            banding=banding,
            hasil=form.cleaned_data["hasil"],
            alasan=form.cleaned_data["alasan"],
            actor=request.user,
        ),
        done="Keputusan banding dicatat; SK menunggu tanda tangan Ketua LSP.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tindak_lanjut_view(request, pk):
    banding = _get(request, pk)
    form = TindakLanjutForm(request.POST or None)

    def call():
        permohonan = Permohonan.objects.filter(pk=form.cleaned_data["permohonan"]).first()
        if permohonan is None:
            raise services.BandingError("Permohonan tidak ditemukan.", field="permohonan")
        services.banding_link_followup(banding=banding, permohonan=permohonan, actor=request.user)

    return _action(
        request,
        banding,
        allowed=permissions.can_link_followup(request.user, banding),
        form=form,
        title="Tindak lanjut banding",
        submit="Simpan tindak lanjut",
        intro=(
            "Permohonan asesmen ulang, atau permohonan yang keputusannya diubah, "
            "atas asesi dan skema yang sama."
        ),
        call=call,
        done="Tindak lanjut banding dicatat.",
    )
