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


# --- MUK versions -------------------------------------------------------------------------------

MAPA01 = {
    "pendekatan": "individu",
    "tujuan": "sertifikasi",
    "lingkungan": "simulasi",
    "konteks": "Asesmen jarak jauh di TUK Sewaktu.",
    "potensi_asesi": 2,
    "kandidat": "Siswa SMK kelas XII RPL.",
    "bukti": "Hasil demonstrasi dan jawaban tertulis.",
    "tolok_ukur": "SKKNI No. 282 Tahun 2016",
}
TEMUAN = {
    "valid": "ya",
    "reliabel": "ya",
    "fleksibel": "ya",
    "adil": "ya",
    "valid_catatan": "",
    "reliabel_catatan": "",
    "fleksibel_catatan": "",
    "adil_catatan": "",
    "temuan": "Instrumen sesuai KUK.",
    "rekomendasi": "Layak digunakan.",
}


def fill_unit(versi, unit, actor, *, items=1):
    """MAPA.01, MAPA.02 and an IA.01 checklist of `items` items (on the unit's first KUK)."""
    from muk.models import KUK

    services.mapa01_save(versi=versi, unit=unit, data=MAPA01, metode={"observasi": "L"}, actor=actor)
    services.mapa02_save(versi=versi, unit=unit, cells={("IA.01", 2)}, actor=actor)
    instrumen = services.instrumen_create(
        versi=versi, unit=unit, jenis="IA.01", judul=f"Ceklis {unit.kode}", actor=actor
    )
    kuk = KUK.objects.filter(elemen__unit=unit).order_by("elemen__nomor", "urutan").first()
    for n in range(items):
        services.butir_create(instrumen=instrumen, teks=f"Aktivitas {n + 1}", kuk=kuk, actor=actor)
    return instrumen


@pytest.fixture
def skema_two_units(make_skema, ketua):
    """A scheme with two units (2 elements × 2 KUK each)."""
    skema = make_skema(kode="SKM/UJI/MUK")
    rows = unit_rows("J.620100.004.02") + unit_rows("J.620100.011.01", judul="Instalasi Tools")
    services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
    return skema


@pytest.fixture
def draft(skema_two_units, manajer):
    """An empty MUK v1 draft of skema_two_units, drafted by the Manajer."""
    return services.muk_versi_create(skema=skema_two_units, actor=manajer)


@pytest.fixture
def complete(draft, manajer):
    """The draft with MAPA.01/02 and an IA.01 checklist for every unit."""
    for unit in draft.skema.units.all():
        fill_unit(draft, unit, manajer)
    return draft


@pytest.fixture
def submitted(complete, manajer):
    return services.muk_versi_submit(versi=complete, actor=manajer)


def validate(versi, validator, *, secret=None, temuan=None, consent=True):
    from ..conftest import PASSWORD

    return services.muk_versi_validate(
        versi=versi,
        validator=validator,
        temuan=temuan or TEMUAN,
        secret=PASSWORD if secret is None else secret,
        consent=consent,
        ip="203.0.113.9",
        user_agent="pytest",
    )


@pytest.fixture
def validated(submitted, komite):
    return validate(submitted, komite)
