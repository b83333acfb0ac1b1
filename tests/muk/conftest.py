import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from muk import importer, services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def skema_data(**overrides):
    data = {
        "kode": "SKM/UJI/001",
        "judul": "Skema Uji",
        "jenis": "okupasi",
        "acuan": "SKKNI No. 282 Tahun 2016",
        "masa_berlaku_tahun": 3,
        "biaya_tatap_muka": Decimal("1000000"),
        "biaya_jarak_jauh": Decimal("900000"),
        "jarak_jauh_disetujui": False,
        "nomor_surat_bnsp": "",
        "tanggal_surat_bnsp": None,
        "nirkertas_disetujui": False,
        "aktif": True,
        "metode_default": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_skema(ketua):
    """make_skema(**fields) → a scheme created through the service by the Ketua."""

    def make(**overrides):
        return services.skema_create(actor=ketua, **skema_data(**overrides))

    return make


def unit_rows(kode="J.620100.004.02", *, elements=2, kuk=2, judul="Menggunakan Struktur Data", kelompok="K1"):
    """Sheet rows (COLUMNS order) for one unit with `elements` elements of `kuk` KUK each."""
    return [
        (kode, judul, kelompok, e, f"Elemen {e}", f"{e}.{k}", f"KUK {e}.{k} unit {kode}.")
        for e in range(1, elements + 1)
        for k in range(1, kuk + 1)
    ]


def xlsx_bytes(rows, header=None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header or importer.COLUMNS))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(rows=(), *, header=None, name="kuk.xlsx", content=None):
    return SimpleUploadedFile(name, content if content is not None else xlsx_bytes(rows, header), XLSX)


@pytest.fixture
def skema_with_units(make_skema, ketua):
    """A scheme that already has one unit (J.620100.011.01, 1 element, 2 KUK)."""
    skema = make_skema(kode="SKM/UJI/LAMA")
    services.skema_import_structure(
        skema=skema, upload=upload(unit_rows("J.620100.011.01", elements=1)), actor=ketua
    )
    return skema
