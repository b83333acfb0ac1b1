"""Scheduling a batch follows the TUK's SK penetapan (SE-A4.9, SE-A4.3): a TUK hosts only the
schemes its SK lists, and only until the SK's date; the demo TUK, verified for the sample
scheme by the verification workflow's demo, takes the sample scheme's batch."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lsp_portal.errors import ServiceError
from sertifikasi.models import Jadwal
from tuk import services as tuk_services
from tuk.models import Tuk

from .conftest import bare_skema, make_jadwal


def _tuk(admin, kode="TUK-JDW-UJI-01"):
    return tuk_services.tuk_create(
        actor=admin,
        kode=kode,
        nama=f"TUK Sewaktu {kode}",
        jenis="sewaktu",
        alamat="Jl. Pemuda No. 9, Rawamangun",
        kota="Kota Jakarta Timur",
        provinsi="DKI Jakarta",
        kode_pos="13220",
        penanggung_jawab="Dewi Lestari",
        penanggung_jawab_telepon="081277770000",
        penanggung_jawab_email="jadwal@uji.lsp.id",
        bandwidth_mbps=Decimal("50"),
        kamera_tersedia=True,
        ruang_sesuai=True,
    )


def _code(error: ServiceError) -> str:
    return error.error_dict["tuk"][0].code


def test_a_tuk_verified_for_another_scheme_only_is_refused(demo):
    """SE-A4.9: the SK penetapan lists TUK × schemes; another scheme's SK does not count."""
    other = bare_skema(demo["ketua"], "SKM/LSP-DEMO/LAIN/01/2026", "Skema Lain Uji")
    tuk = _tuk(demo["admin"])
    tuk_services.penetapan_apply(
        tuk=tuk,
        skema_ids=[other.pk],
        berlaku_sampai=timezone.localdate() + dt.timedelta(days=60),
        sk_nomor="SK/TUK/UJI/001",
        actor=demo["ketua"],
    )
    tuk.refresh_from_db()
    assert tuk.is_verified_on(timezone.localdate() + dt.timedelta(days=14))
    with pytest.raises(ServiceError, match="SK penetapan TUK harus mencantumkan skema ini") as e:
        make_jadwal(demo, tuk=tuk)
    assert _code(e.value) == "tuk_skema"
    assert not Jadwal.objects.filter(tuk=tuk).exists()


def test_a_tuk_whose_sk_ended_before_the_batch_is_refused(demo):
    """SE-A4.3: after the SK's date scheduling refuses the TUK."""
    tuk = _tuk(demo["admin"])
    tuk_services.penetapan_apply(
        tuk=tuk,
        skema_ids=[demo["skema"].pk],
        berlaku_sampai=timezone.localdate() + dt.timedelta(days=10),
        sk_nomor="SK/TUK/UJI/002",
        actor=demo["ketua"],
    )
    tuk.refresh_from_db()
    with pytest.raises(ServiceError, match="tidak terverifikasi") as e:
        make_jadwal(demo, tuk=tuk, days=14)
    assert _code(e.value) == "tuk_unverified"
    assert not Jadwal.objects.filter(tuk=tuk).exists()
    assert make_jadwal(demo, tuk=tuk, days=7).tuk_id == tuk.pk  # within the SK: accepted


def test_the_demo_tuk_takes_the_sample_schemes_batch(demo):
    """The demo TUK is verified by its SK penetapan (verifikasi_tuk's demo) for the sample
    scheme, not by hand."""
    tuk = Tuk.objects.get(pk=demo["tuk"].pk)
    assert tuk.sk_penetapan is not None and tuk.sk_penetapan.jenis.kode == "SK-PENETAPAN-TUK"
    assert tuk.skema_ditetapkan.filter(skema=demo["skema"]).exists()
    jadwal = make_jadwal(demo, days=14)
    assert (jadwal.tuk_id, jadwal.skema_id) == (tuk.pk, demo["skema"].pk)
