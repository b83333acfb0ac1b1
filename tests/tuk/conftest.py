import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tuk import services


def tuk_data(**overrides):
    data = {
        "kode": "TUK-UJI-001",
        "nama": "TUK Uji Lab Komputer",
        "jenis": "sewaktu",
        "alamat": "Jl. Merdeka No. 1, Gambir",
        "kota": "Kota Jakarta Pusat",
        "provinsi": "DKI Jakarta",
        "kode_pos": "10110",
        "latitude": Decimal("-6.175400"),
        "longitude": Decimal("106.827200"),
        "penanggung_jawab": "Andi Saputra",
        "penanggung_jawab_telepon": "081234567890",
        "penanggung_jawab_email": "andi@uji.lsp.id",
        "pengelola": None,
        "bandwidth_mbps": Decimal("50"),
        "kamera_tersedia": True,
        "ruang_sesuai": True,
        "catatan_kesiapan": "",
    }
    data.update(overrides)
    return data


def form_data(**overrides):
    """tuk_data as a browser posts it: empty strings, unticked boxes left out, ids."""
    data = {}
    for key, value in tuk_data(**overrides).items():
        if value is None:
            value = ""
        elif hasattr(value, "pk"):
            value = value.pk
        if value is False:
            continue
        data[key] = value
    return data


def future(days=365):
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def make_tuk(admin_lsp):
    """make_tuk(**fields) → a TUK registered through the service by the admin."""

    def make(**overrides):
        return services.tuk_create(actor=admin_lsp, **tuk_data(**overrides))

    return make


@pytest.fixture
def make_skema(ketua):
    """make_skema(kode, judul=...) → a scheme (muk) made through its service by the Ketua."""
    from muk import services as muk_services
    from tests.muk.conftest import skema_data

    def make(kode="SKM/TUK/001", **overrides):
        data = skema_data(kode=kode, judul=f"Skema {kode}", **overrides)
        return muk_services.skema_create(actor=ketua, **data)

    return make


def apply(tuk, skema_list, *, days=365, sk_nomor="SK-001/TUK/2026", sk=None, actor=None):
    """An SK penetapan takes effect the one way it may: tuk.services.penetapan_apply (what the
    TUK verification calls)."""
    return services.penetapan_apply(
        tuk=tuk,
        skema_ids=[s.pk for s in skema_list],
        berlaku_sampai=future(days),
        sk_nomor=sk_nomor,
        sk=sk,
        actor=actor,
    )
