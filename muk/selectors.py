"""Shared reads of schemes: a constant number of queries whatever the size."""

from django.db.models import Count, Prefetch

from .models import KUK, Elemen, PersyaratanDasar, UnitKompetensi
from .permissions import visible_skema


def skema_list(*, user):
    """Schemes `user` may see, with their unit and KUK counts (one query)."""
    return (
        visible_skema(user)
        .annotate(
            jumlah_unit=Count("units", distinct=True),
            jumlah_kuk=Count("units__elemen__kuk", distinct=True),
        )
        .order_by("kode")
    )


def skema_with_structure(*, user):
    """Schemes `user` may see, prefetched down to KUK and requirements (five queries)."""
    return visible_skema(user).prefetch_related(
        Prefetch(
            "units",
            queryset=UnitKompetensi.objects.order_by("urutan", "kode").prefetch_related(
                Prefetch(
                    "elemen",
                    queryset=Elemen.objects.order_by("nomor").prefetch_related(
                        Prefetch("kuk", queryset=KUK.objects.order_by("urutan", "nomor"))
                    ),
                )
            ),
        ),
        Prefetch("persyaratan", queryset=PersyaratanDasar.objects.order_by("urutan", "pk")),
    )


def persyaratan_by_jenis(skema) -> list[tuple[str, str, list]]:
    """(jenis, label, rows) for each kind of requirement, in the form's order, from the
    prefetched rows (no query)."""
    rows = list(skema.persyaratan.all())
    return [
        (value, label, [r for r in rows if r.jenis == value])
        for value, label in PersyaratanDasar.Jenis.choices
    ]
