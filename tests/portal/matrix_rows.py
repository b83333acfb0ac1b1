"""Permission-matrix rows (tests/test_permission_matrix.py) for the portal's scope pages (SE-A4.1)."""

from django.urls import reverse

from ..matrix import PUBLIC, Row


def _skema_aktif(c):
    """An active scheme made through the muk service, the Ketua acting."""
    from decimal import Decimal

    from muk import services as muk_services

    return muk_services.skema_create(
        actor=c["ketua"],
        kode="SKM/MATRIKS/PUBLIK",
        judul="Skema Publik Matriks",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("1000000"),
    )


ROWS = {
    "portal:ruang-lingkup": Row(PUBLIC),
    "portal:skema-detail": Row(
        PUBLIC, url=lambda c: reverse("portal:skema-detail", args=[_skema_aktif(c).pk])
    ),
}
