"""Batch signing pages: the records waiting for the user's signature (filter by kind, choose
some or all), one confirmation with the secret and consent, then the batch's progress page,
which reloads itself until every record is signed and every PDF made (no JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from lsp_portal.errors import show_error
from lsp_portal.http import client_ip
from lsp_portal.pagination import paginate

from . import services
from .forms import BatchSignForm
from .models import TandaTanganMassalItem
from .permissions import dokumen_to_sign, visible_batches, visible_dokumen

PAGE_SIZE = 100
REFRESH_SECONDS = 3


def _waiting(user, kode=""):
    records = dokumen_to_sign(user).select_related("jenis").order_by("diterbitkan_pada", "pk")
    return records.filter(jenis__kode=kode) if kode else records


@login_required
def tanda_tangan_list_view(request):
    """The records on which the user is the next signer now, by kind; checkboxes for some,
    a button for all of a kind (or all)."""
    kode = request.GET.get("jenis", "").strip()
    kinds = (
        dokumen_to_sign(request.user)
        .values("jenis__kode", "jenis__nama")
        .annotate(jumlah=Count("pk"))
        .order_by("jenis__kode")
    )
    return render(
        request,
        "administrasi/tanda_tangan_list.html",
        {
            "kinds": kinds,
            "kode": kode,
            "page": paginate(request, _waiting(request.user, kode), per_page=PAGE_SIZE),
            "max_batch": services.MAX_BATCH,
        },
    )


def _chosen_ids(request) -> list[int]:
    """What the list page sent: every waiting record (of the kind) for "semua", else the
    ticked ones."""
    if request.POST.get("aksi") == "semua":
        waiting = _waiting(request.user, request.POST.get("jenis", "").strip())
        return list(waiting.values_list("pk", flat=True)[: services.MAX_BATCH + 1])
    return [int(pk) for pk in request.POST.getlist("dokumen") if pk.isdigit()]


@login_required
def tanda_tangan_confirm_view(request):
    """From the list: show the chosen records and ask for the secret and consent once. The
    confirmation: sign them (Celery), then the progress page."""
    if request.method != "POST":
        return redirect("administrasi:tanda-tangan-list")
    back = reverse("administrasi:tanda-tangan-list")
    if "pilihan" in request.POST:
        form = BatchSignForm(request.POST)
        if form.is_valid():
            try:
                batch = services.dokumen_sign_batch(
                    dokumen_ids=form.cleaned_data["pilihan"],
                    signer=request.user,
                    secret=form.cleaned_data["secret"],
                    consent=form.cleaned_data["consent"],
                    ip=client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                    gambar=form.cleaned_data["gambar"],
                )
            except services.RecordError as e:
                show_error(request, e, form)
            else:
                return redirect(batch)
        elif "pilihan" in form.errors:
            messages.error(request, " ".join(form.errors["pilihan"]))
            return redirect(back)
        ids = form.cleaned_data.get("pilihan") or []
    else:
        ids = _chosen_ids(request)
        if not ids:
            messages.error(request, "Pilih minimal satu dokumen untuk ditandatangani.")
            return redirect(back)
        if len(ids) > services.MAX_BATCH:
            ids = ids[: services.MAX_BATCH]
            most = intcomma(services.MAX_BATCH)
            messages.warning(
                request,
                f"Sekali tanda tangan paling banyak {most} dokumen; {most} dokumen pertama dipilih. "
                "Sisanya dapat ditandatangani sesudahnya.",
            )
        form = BatchSignForm(initial={"pilihan": ",".join(map(str, ids))})
    # What the user is about to sign: only records they may see (others are not named).
    records = visible_dokumen(request.user).filter(pk__in=ids).select_related("jenis").order_by("pk")
    return render(
        request,
        "administrasi/tanda_tangan_confirm.html",
        {"form": form, "records": records, "chosen": len(ids)},
    )


@login_required
def tanda_tangan_batch_view(request, pk):
    """Progress of one batch: signed, skipped (with reasons), PDFs made. Its signer only;
    reloads itself every few seconds until everything is done."""
    batch = get_object_or_404(visible_batches(request.user), pk=pk)
    progress = services.batch_progress(batch)
    skipped = (
        batch.items.filter(hasil=TandaTanganMassalItem.Hasil.SKIPPED)
        .select_related("dokumen__jenis")
        .order_by("urutan")
    )
    signed = paginate(
        request,
        batch.items.filter(hasil=TandaTanganMassalItem.Hasil.SIGNED)
        .select_related("dokumen__jenis")
        .order_by("urutan"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "administrasi/tanda_tangan_batch.html",
        {
            "batch": batch,
            "progress": progress,
            "skipped": skipped,
            "signed": signed,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
