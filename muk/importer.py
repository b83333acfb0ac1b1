"""Reading a scheme's units, elements and KUK from an .xlsx sheet (SE-A4.6).

Pure: nothing here writes. `read_structure()` checks the file and every row and either
returns the structure or raises ImportRefused with every problem found ("Baris N: ...");
`services.skema_import_structure()` then makes the scheme's rows match it in one transaction.

One row per KUK; a unit whose elements are not known yet is one row with only its code and
title (and group), an element whose KUK are not known yet one row without the KUK columns.
Such units are held but not complete (UnitKompetensi.lengkap) until their detail comes.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from lsp_portal.errors import ServiceError

from .models import KUK_NUMBER_RE, UNIT_CODE_HINT, UNIT_CODE_RE

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A 5 MB zip can expand to gigabytes; real KUK sheets stay far below this.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
NOT_XLSX = "Berkas bukan lembar kerja Excel (.xlsx). Simpan lembar KUK sebagai .xlsx lalu unggah lagi."
UNREADABLE = NOT_XLSX + " Berkas tidak dapat dibaca."
TOO_BIG = "Berkas lebih dari 5 MB. Pecah lembar KUK atau hapus isi yang tidak perlu."

COLUMNS = ["kode_unit", "judul_unit", "kelompok", "nomor_elemen", "judul_elemen", "nomor_kuk", "teks_kuk"]
# Always required; the element pair once a row names an element or a KUK, the KUK pair once
# it names a KUK.
UNIT_COLUMNS = ["kode_unit", "judul_unit"]
ELEMEN_COLUMNS = ["nomor_elemen", "judul_elemen"]
KUK_COLUMNS = ["nomor_kuk", "teks_kuk"]
MAX_LENGTH = {"kode_unit": 40, "judul_unit": 255, "kelompok": 120, "judul_elemen": 500, "nomor_kuk": 10}
COLUMN_HELP = {
    "kode_unit": "Kode unit kompetensi, misalnya J.620100.004.02.",
    "judul_unit": "Judul unit; sama persis untuk setiap baris unit yang sama.",
    "kelompok": "Kelompok pekerjaan (boleh kosong), misalnya Kelompok 1: Dasar pemrograman.",
    "nomor_elemen": "Nomor elemen dalam unit: 1, 2, 3, ... Kosongkan (bersama kolom elemen dan "
    "KUK lainnya) untuk unit yang elemennya belum diketahui.",
    "judul_elemen": "Judul elemen; sama persis untuk setiap baris elemen yang sama.",
    "nomor_kuk": "Nomor KUK diawali nomor elemennya, misalnya 2.1 untuk elemen 2. Kosongkan "
    "(bersama teks_kuk) untuk elemen yang KUK-nya belum diketahui.",
    "teks_kuk": "Kalimat kriteria unjuk kerja.",
}
EXAMPLE = [
    (
        "J.620100.004.02",
        "Menggunakan Struktur Data",
        "Kelompok 1: Dasar pemrograman",
        1,
        "Mengidentifikasi konsep data dan struktur data",
        "1.1",
        "Konsep data dan struktur data diidentifikasi sesuai dengan konteks permasalahan.",
    ),
]


class ImportRefused(ServiceError):
    """The file or its rows cannot be imported; `errors` are Indonesian, one per problem."""

    def __init__(self, errors: list[str]):
        super().__init__(list(errors), code="import_refused")
        self.errors = list(errors)


@dataclass
class KukData:
    nomor: str
    urutan: int
    teks: str


@dataclass
class ElemenData:
    nomor: int
    judul: str
    kuk: list[KukData] = field(default_factory=list)


@dataclass
class UnitData:
    kode: str
    judul: str
    kelompok: str
    elemen: dict[int, ElemenData] = field(default_factory=dict)

    def sorted_elemen(self) -> list[ElemenData]:
        return [self.elemen[n] for n in sorted(self.elemen)]


def _header_key(value) -> str:
    """'Kode Unit', ' kode_unit ', 'KODE  UNIT' → 'kode_unit'."""
    return re.sub(r"[\s_]+", "_", str(value).strip().lower()) if value is not None else ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _element_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 1 else None
    text = _text(value)
    return int(text) if text.isdigit() and int(text) >= 1 else None


def _open_sheet(upload):
    """The first worksheet of `upload`, or ImportRefused: not an xlsx, too big, unreadable."""
    import openpyxl

    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ImportRefused([TOO_BIG])
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    not_xlsx = NOT_XLSX
    if head != ZIP_MAGIC or (name and not name.lower().endswith(".xlsx")):
        raise ImportRefused([not_xlsx])
    try:
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise ImportRefused(["Isi berkas terlalu besar setelah diekstrak (lebih dari 50 MB)."])
    except zipfile.BadZipFile:
        raise ImportRefused([not_xlsx]) from None
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl: unsupported extensions, styles
            workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise ImportRefused([UNREADABLE]) from None
    if not workbook.worksheets:
        workbook.close()
        raise ImportRefused(["Berkas tidak berisi lembar kerja."])
    return workbook, workbook.worksheets[0]


def read_structure(upload) -> list[UnitData]:
    """The units of the first sheet of an uploaded .xlsx, in the order they first appear.

    Raises ImportRefused with every problem found; never returns a partial structure.
    """
    workbook, sheet = _open_sheet(upload)
    try:
        sheet.reset_dimensions()  # some writers store a wrong dimension; read every cell
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        positions: dict[str, int] = {}
        for index, value in enumerate(header):
            key = _header_key(value)
            if key in COLUMNS and key not in positions:
                positions[key] = index
        missing = [c for c in COLUMNS if c not in positions]
        if missing:
            raise ImportRefused(
                [
                    f"Kolom wajib tidak ada di baris judul (baris 1): {', '.join(missing)}. "
                    "Unduh templat untuk melihat susunan kolom."
                ]
            )
        records = []
        for number, values in enumerate(rows, start=2):
            if not any(_text(v) for v in values):
                continue
            if len(records) >= MAX_ROWS:
                limit = f"{MAX_ROWS:,}".replace(",", ".")
                raise ImportRefused(
                    [f"Lembar berisi lebih dari {limit} baris data; batas satu impor {limit} baris."]
                )
            records.append(
                (number, {c: values[i] if i < len(values) else None for c, i in positions.items()})
            )
    except ImportRefused:
        raise
    except Exception:  # a read-only sheet is parsed while iterating: broken XML shows up here
        raise ImportRefused([UNREADABLE]) from None
    finally:
        workbook.close()
    return build_structure(records)


def build_structure(records) -> list[UnitData]:
    """Validate (row number, {column: value}) pairs into units → elements → KUK.

    Raises ImportRefused listing every row problem ("Baris N: ...").
    """
    errors: list[str] = []
    units: dict[str, UnitData] = {}
    unit_rows: dict[str, int] = {}
    element_rows: dict[tuple[str, int], int] = {}
    kuk_rows: dict[tuple[str, str], int] = {}
    if not records:
        raise ImportRefused(["Lembar tidak berisi baris data di bawah baris judul."])
    for number, raw in records:
        row_errors = []

        def problem(message, number=number, row_errors=row_errors):
            row_errors.append(f"Baris {number}: {message}")

        cells = {c: _text(raw.get(c)) for c in COLUMNS}
        has_kuk = any(cells[c] for c in KUK_COLUMNS)
        has_elemen = has_kuk or any(cells[c] for c in ELEMEN_COLUMNS)
        required = UNIT_COLUMNS + (ELEMEN_COLUMNS if has_elemen else []) + (KUK_COLUMNS if has_kuk else [])
        empty = [c for c in COLUMNS if c in required and not cells[c]]
        if empty:
            problem(f"kolom {', '.join(empty)} kosong.")
        for column, limit in MAX_LENGTH.items():
            if len(cells[column]) > limit:
                problem(f"isi kolom {column} lebih dari {limit} karakter.")
        kode = cells["kode_unit"]
        if kode and not UNIT_CODE_RE.match(kode):
            problem(f'kode unit "{kode}" tidak valid; {UNIT_CODE_HINT}')
        nomor_elemen = _element_number(raw.get("nomor_elemen"))
        if cells["nomor_elemen"] and nomor_elemen is None:
            problem(f'nomor elemen "{cells["nomor_elemen"]}" harus bilangan bulat 1, 2, 3, ...')
        nomor_kuk = cells["nomor_kuk"]
        match = KUK_NUMBER_RE.match(nomor_kuk) if nomor_kuk else None
        if nomor_kuk and not match:
            problem(
                f'nomor KUK "{nomor_kuk}" harus berbentuk <nomor elemen>.<urutan>, misalnya 1.2 '
                "(format kolom nomor_kuk sebagai Teks)."
            )
        elif match and nomor_elemen is not None and int(match.group(1)) != nomor_elemen:
            problem(
                f"nomor KUK {nomor_kuk} tidak sesuai elemen {nomor_elemen}; "
                f"KUK elemen {nomor_elemen} bernomor {nomor_elemen}.1, {nomor_elemen}.2, dst."
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        unit = units.get(kode)
        if unit is None:
            unit = units[kode] = UnitData(kode=kode, judul=cells["judul_unit"], kelompok=cells["kelompok"])
            unit_rows[kode] = number
        else:
            first = unit_rows[kode]
            if unit.judul != cells["judul_unit"]:
                problem(f'judul unit {kode} berbeda dengan baris {first} ("{unit.judul}").')
            if unit.kelompok != cells["kelompok"]:
                problem(f'kelompok unit {kode} berbeda dengan baris {first} ("{unit.kelompok or "kosong"}").')
        if not has_elemen:  # a unit whose elements are not known yet
            errors.extend(row_errors)
            continue
        elemen = unit.elemen.get(nomor_elemen)
        if elemen is None:
            elemen = unit.elemen[nomor_elemen] = ElemenData(nomor=nomor_elemen, judul=cells["judul_elemen"])
            element_rows[kode, nomor_elemen] = number
        elif elemen.judul != cells["judul_elemen"]:
            first = element_rows[kode, nomor_elemen]
            problem(
                f'judul elemen {nomor_elemen} unit {kode} berbeda dengan baris {first} ("{elemen.judul}").'
            )
        if has_kuk and (kode, nomor_kuk) in kuk_rows:
            problem(f"KUK {nomor_kuk} unit {kode} sudah ada di baris {kuk_rows[kode, nomor_kuk]}.")
        elif has_kuk:
            kuk_rows[kode, nomor_kuk] = number
            elemen.kuk.append(KukData(nomor=nomor_kuk, urutan=int(match.group(2)), teks=cells["teks_kuk"]))
        # else: an element whose KUK are not known yet
        errors.extend(row_errors)
    if errors:
        raise ImportRefused(errors)
    for unit in units.values():
        for elemen in unit.elemen.values():
            elemen.kuk.sort(key=lambda k: k.urutan)
    return list(units.values())


def template_workbook() -> bytes:
    """The blank import sheet (.xlsx): the header row on sheet 1, help and an example on
    sheet 2 (only the first sheet is imported)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KUK"
    sheet.append(COLUMNS)
    widths = {"A": 18, "B": 40, "C": 30, "D": 14, "E": 45, "F": 12, "G": 70}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Text format, or Excel turns KUK 1.10 into the number 1.1.
    for letter in "AF":
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Kolom", "Isi"])
    for column in COLUMNS:
        guide.append([column, COLUMN_HELP[column]])
    guide.append([])
    guide.append(["Contoh baris (isi di lembar KUK, satu baris per KUK):"])
    guide.append(COLUMNS)
    for row in EXAMPLE:
        guide.append(list(row))
    guide.append([])
    guide.append(
        ["Unit yang elemen dan KUK-nya belum diketahui: satu baris berisi kode_unit dan judul_unit saja."]
    )
    guide.append(
        [
            "Hanya lembar pertama (KUK) yang dibaca. Impor menyamakan unit, elemen, dan KUK skema dengan "
            "lembar ini: yang baru ditambahkan, yang berbeda diubah, yang tidak ada di lembar dihapus."
        ]
    )
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
