"""What every view of `sertifikasi` fetches the same way (STYLE.md §4: not visible -> 404)."""

from django.shortcuts import get_object_or_404

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
