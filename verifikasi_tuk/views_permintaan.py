"""The request pages: create, detail (the whole story of one verification), assignment,
cancellation and evidence downloads (issue 12; SE-A4.9, X-6). Others' requests answer 404
(permissions.visible_permintaan); every refusal is the service's, shown on the form."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from administrasi import permissions as records_permissions
from akun.permissions import module_required
from lsp_portal import schemes
from lsp_portal.errors import ServiceError, show_error
from lsp_portal.files import stream_file
from lsp_portal.status import labelled_history
from tuk import permissions as tuk_permissions

from . import permissions, services
from .forms import AlasanForm, AssignForm, PermintaanForm, verifier_candidates
from .models import BuktiVerifikasi, Permintaan, Syarat


def scheme_map() -> dict:
    """Scheme id → lsp_portal.schemes.Scheme, in one query (every scheme)."""
    return {s.id: s for s in schemes.all_schemes()}


def _get(request, pk, queryset=None):
    qs = queryset if queryset is not None else permissions.visible_permintaan(request.user)
    return get_object_or_404(qs.select_related("tuk", "verifikator", "spt"), pk=pk)


@module_required(permissions.can_request)
def permintaan_create_view(request):
    tuk_qs = permissions.requestable_tuk(request.user)
    initial = {}
    if request.GET.get("tuk", "").isdigit():
        initial["tuk"] = int(request.GET["tuk"])
    form = PermintaanForm(request.POST or None, initial=initial, tuk_queryset=tuk_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            p = services.permintaan_create(
                tuk=data["tuk"],
                jenis=data["jenis"],
                skema_ids=data["skema"],
                alasan=data["alasan"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(request, f"Permintaan verifikasi TUK {p.tuk.nama} diajukan.")
            return redirect(p)
    return render(request, "verifikasi_tuk/permintaan_form.html", {"form": form})


@module_required(permissions.can_open)
def permintaan_detail_view(request, pk):
    user = request.user
    qs = permissions.visible_permintaan(user).select_related(
        "tuk", "verifikator", "spt", "berita_acara", "diajukan_oleh", "penetapan__dokumen"
    )
    qs = qs.prefetch_related(
        "ceklis",
        Prefetch("bukti", queryset=BuktiVerifikasi.objects.select_related("item", "syarat")),
        Prefetch("syarat", queryset=Syarat.objects.order_by("urutan")),
    )
    p = get_object_or_404(qs, pk=pk)
    by_id = scheme_map()
    ceklis = [
        {"skema": by_id.get(skema_id), "items": list(items)}
        for skema_id, items in groupby(p.ceklis.all(), key=lambda i: i.skema_id)
    ]
    syarat = [
        {
            "s": s,
            "can_answer": permissions.can_answer_syarat(user, s),
            "can_review": permissions.can_review_syarat(user, s),
        }
        for s in p.syarat.all()
    ]
    try:
        penetapan = p.penetapan
    except Permintaan.penetapan.RelatedObjectDoesNotExist:
        penetapan = None
    return render(
        request,
        "verifikasi_tuk/permintaan_detail.html",
        {
            "p": p,
            "skema": [by_id.get(i) or f"Skema #{i}" for i in p.skema_ids],
            "ceklis": ceklis,
            "bukti": list(p.bukti.all()),
            "syarat": syarat,
            "penetapan": penetapan,
            "history": labelled_history(p),
            "can_open_tuk": tuk_permissions.can_open(user),
            "can_assign": permissions.can_assign(user, p),
            "can_cancel": permissions.can_cancel(user, p),
            "can_fill_ceklis": permissions.can_fill_ceklis(user, p),
            "can_issue_sk": permissions.can_issue_sk(user, p),
            "can_fail": permissions.can_fail_tindak_lanjut(user, p),
            # SE-B1.l, SE-A3.Kb: the request's records (SPT, BA, SK) packaged for BNSP.
            "can_dossier": p.spt_id is not None and records_permissions.can_manage(user),
        },
    )


@module_required(permissions.can_open)
def assign_view(request, pk):
    p = _get(request, pk)
    if not permissions.can_assign(request.user, p):
        raise PermissionDenied
    today = timezone.localdate()
    refusals = {
        personel.pk: services.verifikator_refusal(personel, tuk=p.tuk, on=today)
        for personel in verifier_candidates()
    }
    form = AssignForm(request.POST or None, refusals=refusals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            p = services.verifikator_assign(
                permintaan=p,
                verifikator=data["verifikator"],
                tanggal=data["tanggal"],
                tautan_video=data["tautan_video"],
                signer=data["signer"],
                actor=request.user,
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(
                request,
                f"{p.verifikator.nama} ditugaskan. SPT verifikasi TUK menunggu tanda tangan "
                f"{data['signer'].nama_lengkap or data['signer'].email}.",
            )
            return redirect(p)
    return render(request, "verifikasi_tuk/assign_form.html", {"form": form, "p": p})


@module_required(permissions.can_open)
def cancel_view(request, pk):
    p = _get(request, pk)
    if not permissions.can_cancel(request.user, p):
        raise PermissionDenied
    form = AlasanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.permintaan_cancel(
                permintaan=p, alasan=form.cleaned_data["alasan"], actor=request.user
            )
        except ServiceError as e:
            show_error(request, e, form)
        else:
            messages.success(request, "Permintaan verifikasi dibatalkan.")
            return redirect(p)
    return render(request, "verifikasi_tuk/cancel_form.html", {"form": form, "p": p})


@module_required(permissions.can_open)
def bukti_file_view(request, pk, bid):
    p = get_object_or_404(permissions.visible_permintaan(request.user), pk=pk)
    bukti = get_object_or_404(BuktiVerifikasi.objects.filter(permintaan=p), pk=bid)
    return stream_file(bukti.berkas, stem=f"bukti-verifikasi-{p.pk}-{bukti.pk}")
