"""What every view of `sertifikasi` fetches the same way (STYLE.md §4: not visible -> 404)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from administrasi.models import Dokumen, TandaTangan
from administrasi.services import Tandatangan

from .models import Jadwal, Permohonan
from .permissions import visible_jadwal, visible_permohonan


def get_permohonan(request, pk, *related) -> Permohonan:
    """The application `pk` if the user may see it, else 404."""
    return get_object_or_404(
        visible_permohonan(request.user).select_related(
            "skema", "asesi", "jadwal", "asesor__personel", *related
        ),
        pk=pk,
    )


def get_jadwal(request, pk) -> Jadwal:
    return get_object_or_404(
        visible_jadwal(request.user).select_related(
            "skema", "tuk", "spt", "penandatangan_spt", "dibuat_oleh"
        ),
        pk=pk,
    )


def signed_record(dokumen_id):
    """The record with its signature rows (signers), two queries; None without an id."""
    if dokumen_id is None:
        return None
    return (
        Dokumen.objects.select_related("jenis")
        .prefetch_related(
            Prefetch("tanda_tangan", queryset=TandaTangan.objects.select_related("penandatangan"))
        )
        .filter(pk=dokumen_id)
        .first()
    )


def waiting_for(dokumen) -> TandaTangan | None:
    """The signature row a draft record waits for (display only), or None."""
    if dokumen is None or dokumen.status != Dokumen.Status.DRAFT:
        return None
    return next((t for t in dokumen.tanda_tangan.all() if not t.sudah), None)


def raw_tandatangan(request) -> Tandatangan:
    """The signing act as posted, for a party out of turn: the service words the refusal
    (whose turn, already signed) before it looks at the secret."""
    from lsp_portal.http import client_ip

    return Tandatangan(
        secret=request.POST.get("secret", ""),
        consent=bool(request.POST.get("consent")),
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
    )
