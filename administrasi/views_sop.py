"""The SOP repository's pages (administrasi.sop, SE-A1.1–A1.4): the kinds with the version in
force, a kind's versions, a version's page, and the draft's edit, submission and return. The
Ketua approves on the records engine's signing page of the version's record."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from akun.permissions import module_required
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.status import labelled_history

from . import permissions, sop
from .forms_sop import SopForm, SopSubmitForm, SopWithdrawForm
from .forms_surat import ketua_initial
from .models import Sop


def _jenis_label(jenis: str) -> str:
    if jenis not in Sop.Jenis.values:
        raise Http404("Jenis SOP tidak dikenal.")
    return Sop.Jenis(jenis).label


def _version(request, pk) -> Sop:
    return get_object_or_404(
        permissions.visible_sop(request.user).select_related("penandatangan", "dibuat_oleh", "dokumen"), pk=pk
    )


@module_required(permissions.can_open_sop)
def sop_list_view(request):
    """Every SOP kind: the version in force (or none: the approval package's slot is ✗) and
    the version being written or waiting for approval."""
    return render(
        request,
        "administrasi/sop_list.html",
        {"kinds": sop.kinds_overview()},
    )


@module_required(permissions.can_open_sop)
def sop_jenis_view(request, jenis):
    """A kind's versions, newest first, and "start a new version" while none is open."""
    label = _jenis_label(jenis)
    rows = list(sop.versions(jenis))
    open_version = next((v for v in rows if v.status in Sop.OPEN), None)
    return render(
        request,
        "administrasi/sop_jenis.html",
        {
            "jenis": jenis,
            "label": label,
            "versions": rows,
            "open_version": open_version,
            "can_start": permissions.can_start_sop(request.user, open_version),
        },
    )


@require_POST
@module_required(permissions.can_manage_sop)
def sop_start_view(request, jenis):
    _jenis_label(jenis)
    try:
        draft = sop.sop_draft_start(jenis=jenis, actor=request.user)
    except ServiceError as error:
        show_error(request, error)
        return redirect("administrasi:sop-jenis", jenis=jenis)
    messages.success(
        request, f"Draf versi {draft.versi} dibuat. Ubah isinya, lalu ajukan untuk disahkan Ketua."
    )
    return redirect("administrasi:sop-edit", pk=draft.pk)


@module_required(permissions.can_open_sop)
def sop_detail_view(request, pk):
    """One version: its identity, text, status and history, its record (PDF once signed), and
    the actions the user may take on it now."""
    version = _version(request, pk)
    user = request.user
    return render(
        request,
        "administrasi/sop_detail.html",
        {
            "sop": version,
            "history": labelled_history(version),
            "in_force": sop.in_force(version.jenis),
            "can_edit": permissions.can_edit_sop(user, version),
            "can_submit": permissions.can_submit_sop(user, version),
            "can_withdraw": permissions.can_withdraw_sop(user, version),
            "can_approve": permissions.can_approve_sop(user, version),
        },
    )


@module_required(permissions.can_manage_sop)
def sop_edit_view(request, pk):
    version = _version(request, pk)
    if not permissions.can_edit_sop(request.user, version):
        messages.error(request, "Hanya draf SOP yang dapat diubah.")
        return redirect(version)
    form = SopForm.for_sop(version, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sop.sop_draft_update(sop=version, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "Draf SOP disimpan.")
            return redirect(version)
    return render(request, "administrasi/sop_form.html", {"sop": version, "form": form})


@module_required(permissions.can_manage_sop)
def sop_submit_view(request, pk):
    """Submit the draft: its effective date and the Ketua who approves it. What would refuse
    it (no reference, no change note) is shown before the form is sent."""
    version = _version(request, pk)
    if not permissions.can_submit_sop(request.user, version):
        messages.error(request, "Hanya draf SOP yang dapat diajukan.")
        return redirect(version)
    form = SopSubmitForm(request.POST or None, initial=ketua_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            version = sop.sop_submit(sop=version, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request,
                f"SOP diajukan dan menunggu tanda tangan {version.penandatangan}.",
            )
            return redirect(version)
    return render(
        request,
        "administrasi/sop_submit.html",
        {
            "sop": version,
            "form": form,
            "blocked": sop.draft_refusal(version),
            "no_ketua": not form.fields["penandatangan"].queryset.exists(),
        },
    )


@module_required(permissions.can_open_sop)
def sop_withdraw_view(request, pk):
    """Return a version waiting for approval to draft, with a reason (its writers, or the
    Ketua asked to approve it)."""
    version = _version(request, pk)
    if not permissions.can_withdraw_sop(request.user, version):
        messages.error(request, "SOP ini tidak sedang menunggu pengesahan.")
        return redirect(version)
    form = SopWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = sop.sop_withdraw(sop=version, actor=request.user, alasan=form.cleaned_data["alasan"])
        except ServiceError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "SOP dikembalikan menjadi draf.")
            return redirect(version)
    return render(request, "administrasi/sop_withdraw.html", {"sop": version, "form": form})
