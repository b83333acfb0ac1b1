"""Collective registration (issue 11 item 4, SE-A4.8a, X-10): LSP staff register candidates
from an .xlsx sheet.

`impor_template_workbook()` is the sheet to fill (one row per candidate, NIK and phone cells
formatted as text, an example row, a "Petunjuk" sheet with the allowed values).
`impor_peserta()` reads an uploaded sheet, checks every row by the rules of the applicant's
own FR.APL.01 form, and then either refuses the whole file (ImportRefused, with one RowError
per problem: row, column, message) or, in one transaction, makes for each row an account
(new, or an existing one reused) and a DRAFT application filled with the row's data, so the
candidate only uploads their evidence, checks and signs. After the commit each new account
is e-mailed an invitation with a link to set its password (allauth's password reset key);
an existing account gets an in-app and e-mail notification instead.

The upload is read as muk.importer reads KUK sheets: the content must be an .xlsx (a zip
with the workbook parts; a renamed PDF is refused), at most IMPOR_MAX_BYTES and
IMPOR_MAX_ROWS rows, bounded when unzipped, opened read-only with openpyxl. Values written
back into a workbook (the error report) are neutralised against formula injection.
"""

import datetime as dt
import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from akun.audit import acting_as
from akun.models import PHONE_VALIDATOR, Role, User
from muk.models import Skema

from .. import identitas
from ..models import Mode, Permohonan
from .common import JourneyError, notify
from .permohonan import PHONE, PHONE_MESSAGE, permohonan_create, permohonan_save, skema_open_refusal

log = logging.getLogger(__name__)

IMPOR_MAX_BYTES = 2 * 1024 * 1024
# One request creates every row (accounts, drafts, each audited in the hash chain): about
# 50 ms a row here, so 200 rows stay well inside the web server's 30 s; a larger group is
# imported in several sheets.
IMPOR_MAX_ROWS = 200
# A 2 MB zip can expand a thousandfold; a sheet of 200 candidates stays far below this, and
# it bounds the walk over empty formatted rows (every row is read, none silently skipped).
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
ZIP_MAGIC = b"PK\x03\x04"
# The parts every .xlsx has (ECMA-376 SpreadsheetML); a .docx or a plain zip lacks them.
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Peserta"
GUIDE_TITLE = "Petunjuk"

NOT_XLSX = (
    "Berkas bukan lembar kerja Excel (.xlsx). Unduh templat impor, isi, simpan sebagai .xlsx, "
    "lalu unggah lagi."
)
UNREADABLE = (
    "Berkas .xlsx rusak atau tidak dapat dibaca. Simpan ulang dari Excel/LibreOffice lalu unggah lagi."
)
TOO_BIG = (
    f"Berkas lebih dari {IMPOR_MAX_BYTES // (1024 * 1024)} MB. Pecah daftar peserta menjadi beberapa berkas."
)
TOO_MANY = (
    f"Lembar berisi lebih dari {IMPOR_MAX_ROWS} baris peserta; batas satu impor {IMPOR_MAX_ROWS} baris. "
    "Pecah daftar peserta menjadi beberapa berkas."
)


@dataclass(frozen=True)
class Kolom:
    key: str  # the Permohonan field
    judul: str  # the header in the sheet
    wajib: bool
    petunjuk: str


COLUMNS = (
    Kolom("nama", "Nama lengkap sesuai KTP", True, "Persis seperti di KTP: huruf, spasi, ' - . , saja."),
    Kolom(
        "nik",
        "NIK",
        True,
        "16 angka. Sel berformat Teks (sudah diatur di templat); jangan diketik sebagai angka, Excel "
        "membulatkan angka 16 digit.",
    ),
    Kolom("tempat_lahir", "Tempat lahir", True, "Kota/kabupaten tempat lahir."),
    Kolom(
        "tanggal_lahir",
        "Tanggal lahir (DD-MM-YYYY)",
        True,
        "Tanggal seperti 15-05-1995, atau sel bertipe tanggal. Harus sama dengan tanggal pada NIK.",
    ),
    Kolom(
        "jenis_kelamin",
        "Jenis kelamin (L/P)",
        True,
        "L untuk laki-laki, P untuk perempuan; harus sesuai NIK.",
    ),
    Kolom(
        "email",
        "Email",
        True,
        "Alamat email peserta, satu per peserta. Akun baru dibuat dengan email ini dan undangan "
        "dikirim ke sana; "
        "email yang sudah punya akun memakai akun itu.",
    ),
    Kolom("nomor_hp", "Nomor HP", True, "Nomor Indonesia, misalnya 081234567890 (sel berformat Teks)."),
    Kolom("alamat", "Alamat", True, "Alamat rumah sesuai KTP atau domisili."),
    Kolom("pendidikan", "Pendidikan terakhir", True, "Salah satu kode di tabel pendidikan di bawah."),
    Kolom("pekerjaan_institusi", "Institusi/perusahaan", False, "Boleh kosong."),
    Kolom("pekerjaan_jabatan", "Jabatan", False, "Boleh kosong."),
)
LABELS = {c.key: c.judul for c in COLUMNS}
REQUIRED = {c.key for c in COLUMNS if c.wajib}
MAX_LENGTH = {"tempat_lahir": 100, "alamat": 1000, "pekerjaan_institusi": 200, "pekerjaan_jabatan": 150}
EXAMPLE = {
    "nama": "Siti Contoh Rahayu",
    "nik": "3273015505959999",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1995, 5, 15),
    "jenis_kelamin": "P",
    "email": "siti.contoh@example.com",
    "nomor_hp": "081234567890",
    "alamat": "Jl. Merdeka No. 10, Bandung",
    "pendidikan": "s1",
    "pekerjaan_institusi": "PT Contoh Nusantara",
    "pekerjaan_jabatan": "Staf TI",
}
JENIS_KELAMIN = {"l": "L", "laki-laki": "L", "laki laki": "L", "p": "P", "perempuan": "P"}


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet row (None for the file as a whole), the column's header ("" for
    the whole row) and the Indonesian message."""

    baris: int | None
    kolom: str
    pesan: str

    def __str__(self) -> str:
        where = [f"Baris {self.baris}"] if self.baris else []
        if self.kolom:
            where.append(f"kolom {self.kolom}")
        return f"{', '.join(where)}: {self.pesan}" if where else self.pesan


class ImportRefused(JourneyError):
    """The file or some of its rows cannot be imported, so nothing was; `errors` lists every
    problem found (RowError, in row order)."""

    def __init__(self, errors: list[RowError]):
        super().__init__([str(e) for e in errors], code="import_refused")
        self.errors = list(errors)


@dataclass
class ImportResult:
    """What one import made: a draft application per row, in the sheet's order."""

    permohonan: list[Permohonan] = field(default_factory=list)
    akun_baru: list[User] = field(default_factory=list)
    akun_lama: list[User] = field(default_factory=list)


# --- the template and the report (.xlsx written) ------------------------------------------


def safe_cell(value):
    """A value as a workbook cell shows it and never runs it (OWASP CSV/formula injection):
    text starting with = + - @ or a tab/return gets a leading apostrophe; openpyxl would
    otherwise store "=..." as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def impor_template_workbook() -> bytes:
    """The sheet to fill (.xlsx): sheet "Peserta" with the header row and an example row
    (left as it is, the example is not imported), NIK and phone columns formatted as text,
    drop-down lists for sex and education; sheet "Petunjuk" with what each column takes and
    the education codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([c.judul for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([EXAMPLE[c.key] for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    letters = {c.key: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
    widths = {
        "nama": 32,
        "nik": 20,
        "tempat_lahir": 16,
        "tanggal_lahir": 16,
        "jenis_kelamin": 10,
        "email": 30,
    }
    widths |= {
        "nomor_hp": 16,
        "alamat": 40,
        "pendidikan": 12,
        "pekerjaan_institusi": 28,
        "pekerjaan_jabatan": 20,
    }
    for key, width in widths.items():
        sheet.column_dimensions[letters[key]].width = width
    # Text cells, so Excel keeps the 16 digits of a NIK and the leading 0 of a phone number.
    last = IMPOR_MAX_ROWS + 1
    for key in ("nik", "nomor_hp"):
        sheet.column_dimensions[letters[key]].number_format = "@"
        for row in range(2, last + 1):
            sheet[f"{letters[key]}{row}"].number_format = "@"
    sheet.column_dimensions[letters["tanggal_lahir"]].number_format = "DD-MM-YYYY"
    sheet[f"{letters['tanggal_lahir']}2"].number_format = "DD-MM-YYYY"
    jk = DataValidation(type="list", formula1='"L,P"', allow_blank=True)
    jk.error, jk.errorTitle = "Isi L atau P.", "Jenis kelamin"
    pendidikan = DataValidation(
        type="list", formula1='"' + ",".join(Permohonan.Pendidikan.values) + '"', allow_blank=True
    )
    pendidikan.error, pendidikan.errorTitle = (
        "Pilih kode pendidikan dari lembar Petunjuk.",
        "Pendidikan terakhir",
    )
    for validation, key in ((jk, "jenis_kelamin"), (pendidikan, "pendidikan")):
        sheet.add_data_validation(validation)
        validation.add(f"{letters[key]}2:{letters[key]}{last}")
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(GUIDE_TITLE)
    guide.append(["Impor peserta sertifikasi"])
    guide["A1"].font = Font(bold=True)
    guide.append(
        [
            f"Isi lembar {SHEET_TITLE}: satu baris per peserta, mulai baris 3 (baris 2 adalah contoh; "
            "selama tidak diubah, baris contoh tidak diimpor). Paling banyak "
            f"{IMPOR_MAX_ROWS} peserta dan {IMPOR_MAX_BYTES // (1024 * 1024)} MB per berkas."
        ]
    )
    guide.append(
        [
            "Seluruh baris diperiksa lebih dahulu dengan aturan formulir FR.APL.01. Bila ada satu kesalahan "
            "saja, tidak ada peserta yang didaftarkan dan laporan kesalahan per baris ditampilkan."
        ]
    )
    guide.append([])
    guide.append(["Kolom", "Wajib", "Isi"])
    for cell in guide[5]:
        cell.font = Font(bold=True)
    for c in COLUMNS:
        guide.append([c.judul, "ya" if c.wajib else "tidak", c.petunjuk])
    guide.append([])
    guide.append(["Kode pendidikan terakhir", "", "Arti"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for value, label in Permohonan.Pendidikan.choices:
        guide.append([value, "", label])
    guide.append([])
    guide.append(["Jenis kelamin", "", "L = laki-laki, P = perempuan"])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 8
    guide.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def impor_report_workbook(errors: list[RowError]) -> bytes:
    """The error report of a refused import as an .xlsx (Baris, Kolom, Kesalahan); every
    value written as text that cannot run as a formula (safe_cell)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kesalahan"
    sheet.append(["Baris", "Kolom", "Kesalahan"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in errors:
        sheet.append([e.baris if e.baris else "", safe_cell(e.kolom), safe_cell(e.pesan)])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading the upload --------------------------------------------------------------------


def _header_key(value) -> str:
    """'Tanggal lahir (DD-MM-YYYY)', 'tanggal_lahir', ' TANGGAL  LAHIR ' -> 'tanggal lahir'."""
    if value is None:
        return ""
    text = re.sub(r"\([^)]*\)", " ", str(value).lower())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


HEADERS = {}
for _c in COLUMNS:
    HEADERS[_header_key(_c.judul)] = _c.key
    HEADERS[_header_key(_c.key)] = _c.key
HEADERS |= {
    "nama lengkap": "nama",
    "nama": "nama",
    "institusi": "pekerjaan_institusi",
    "jabatan": "pekerjaan_jabatan",
}


def _check_container(upload) -> None:
    """Refuse (ImportRefused) what is not an .xlsx by its content, or too big."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    if size is not None and size > IMPOR_MAX_BYTES:
        raise ImportRefused([RowError(None, "", TOO_BIG)])
    upload.seek(0)
    head = upload.read(len(ZIP_MAGIC))
    upload.seek(0)
    if head != ZIP_MAGIC or (name and not name.endswith(".xlsx")):
        raise ImportRefused([RowError(None, "", NOT_XLSX)])
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = {info.filename for info in entries}
            if len(entries) > MAX_ZIP_ENTRIES or any(part not in names for part in XLSX_PARTS):
                raise ImportRefused([RowError(None, "", NOT_XLSX)])
            if sum(info.file_size for info in entries) > MAX_UNCOMPRESSED_BYTES:
                raise ImportRefused(
                    [
                        RowError(
                            None,
                            "",
                            "Isi berkas terlalu besar setelah diekstrak (lebih dari 10 MB). "
                            "Hapus isi yang tidak perlu.",
                        )
                    ]
                )
    except zipfile.BadZipFile:
        raise ImportRefused([RowError(None, "", NOT_XLSX)]) from None
    upload.seek(0)


def read_rows(upload) -> list[tuple[int, dict]]:
    """(sheet row number, {column key: cell value}) of every filled row of the sheet
    "Peserta" (else the first sheet), the example row left out. Raises ImportRefused for a
    file that is not a readable .xlsx, too big, without the required header columns, with no
    row or more than IMPOR_MAX_ROWS rows."""
    return read_sheet(
        upload,
        headers=HEADERS,
        required=[(c.key, c.judul) for c in COLUMNS if c.wajib],
        sheet_title=SHEET_TITLE,
        max_rows=IMPOR_MAX_ROWS,
        too_many=TOO_MANY,
        empty="Lembar tidak berisi baris peserta di bawah baris judul.",
        skip=_is_example,
    )


def read_sheet(
    upload,
    *,
    headers: dict[str, str],
    required: list[tuple[str, str]],
    sheet_title: str,
    max_rows: int,
    too_many: str,
    empty: str,
    skip=None,
) -> list[tuple[int, dict]]:
    """Any import sheet (here and in services.sertifikat_impor): (sheet row number, {column key:
    cell value}) of every filled row of the sheet `sheet_title` (else the first sheet).
    `headers` maps a header (as _header_key reads it) to a column key; `required` lists the
    (key, header) that must be there; `skip(cells)` leaves a row out (the template's example).
    Raises ImportRefused for a file that is not a readable .xlsx, too big, without a required
    column, with no row (`empty`) or more than `max_rows` rows (`too_many`)."""
    import openpyxl

    _check_container(upload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl: unsupported extensions, styles
            workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise ImportRefused([RowError(None, "", UNREADABLE)]) from None
    try:
        if not workbook.worksheets:
            raise ImportRefused([RowError(None, "", "Berkas tidak berisi lembar kerja.")])
        sheet = workbook[sheet_title] if sheet_title in workbook.sheetnames else workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong dimension; read every cell
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        positions: dict[str, int] = {}
        for index, value in enumerate(header):
            key = headers.get(_header_key(value))
            if key and key not in positions:
                positions[key] = index
        missing = [judul for key, judul in required if key not in positions]
        if missing:
            raise ImportRefused(
                [
                    RowError(
                        1,
                        "",
                        f"Kolom wajib tidak ada di baris judul: {', '.join(missing)}. "
                        "Unduh templat impor untuk melihat susunan kolom.",
                    )
                ]
            )
        records = []
        for number, values in enumerate(rows, start=2):
            cells = {k: values[i] if i < len(values) else None for k, i in positions.items()}
            if not any(_text(v) for v in cells.values()) or (skip is not None and skip(cells)):
                continue
            if len(records) >= max_rows:
                raise ImportRefused([RowError(None, "", too_many)])
            records.append((number, cells))
    except ImportRefused:
        raise
    except Exception:  # a read-only sheet is parsed while iterating: broken XML shows up here
        raise ImportRefused([RowError(None, "", UNREADABLE)]) from None
    finally:
        workbook.close()
    if not records:
        raise ImportRefused([RowError(None, "", empty)])
    return records


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):  # a date or datetime cell
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _is_example(cells: dict) -> bool:
    return all(_text(cells.get(k)) == _text(EXAMPLE[k]) for k in EXAMPLE)


# --- checking a row ---------------------------------------------------------------------------

DATE_TEXT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_MESSAGE = "Tanggal lahir harus berbentuk DD-MM-YYYY, misalnya 15-05-1995, atau sel bertipe tanggal."


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise JourneyError(DATE_MESSAGE + " Sel ini berisi angka, bukan tanggal.")
    match = DATE_TEXT.match(_text(value))
    if not match:
        raise JourneyError(DATE_MESSAGE)
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise JourneyError(f"Tanggal lahir {_text(value)} tidak ada di kalender.") from None


def _nik_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise JourneyError(
            "NIK tersimpan sebagai angka, dan Excel membulatkan angka 16 digit sehingga NIK bisa berubah. "
            "Format sel NIK sebagai Teks lalu ketik ulang NIK."
        )
    return _text(value)


def _phone(value) -> str:
    text = _text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and text.startswith("8"):
        text = "0" + text  # a number cell dropped the leading 0 of 08...
    compact = re.sub(r"[\s\-()]", "", text)
    if not PHONE.match(compact):
        raise JourneyError(PHONE_MESSAGE)
    return compact


def _pendidikan(value) -> str:
    text = _text(value).lower()
    for code, label in Permohonan.Pendidikan.choices:
        if text in (code, label.lower()):
            return code
    raise JourneyError(
        f"Kode pendidikan tidak dikenal; pakai salah satu: {', '.join(Permohonan.Pendidikan.values)}."
    )


def _message(e: ValidationError) -> str:
    return " ".join(e.messages)


def check_row(number: int, cells: dict, *, today: dt.date) -> tuple[dict, list[RowError]]:
    """The row's values cleaned by the FR.APL.01 rules (identitas: name, NIK against the
    row's birth date and sex, minimum age; e-mail; phone; education code; lengths), and a
    RowError per broken rule."""
    errors: list[RowError] = []
    data: dict = {}

    def check(key, clean):
        raw = cells.get(key)
        if not _text(raw):
            if key in REQUIRED:
                errors.append(RowError(number, LABELS[key], f"{LABELS[key]} wajib diisi."))
            else:
                data[key] = ""
            return
        try:
            data[key] = clean(raw)
        except ValidationError as e:
            errors.append(RowError(number, LABELS[key], _message(e)))

    def length(key):
        def clean(raw):
            text = _text(raw)
            if len(text) > MAX_LENGTH[key]:
                raise JourneyError(f"Paling banyak {MAX_LENGTH[key]} karakter (terisi {len(text)}).")
            return text

        return clean

    def email(raw):
        text = _text(raw).lower()
        try:
            validate_email(text)
        except ValidationError:
            raise JourneyError(f"Alamat email tidak valid: {text}.") from None
        return text

    def jenis_kelamin(raw):
        value = JENIS_KELAMIN.get(_text(raw).lower())
        if value is None:
            raise JourneyError("Isi L (laki-laki) atau P (perempuan).")
        return value

    def tanggal_lahir(raw):
        value = _date(raw)
        identitas.check_usia(value, pada=today)
        return value

    check("nama", lambda raw: identitas.clean_nama(_text(raw)))
    check("tempat_lahir", length("tempat_lahir"))
    check("tanggal_lahir", tanggal_lahir)
    check("jenis_kelamin", jenis_kelamin)
    # The NIK is compared with the birth date and sex only when those are valid themselves.
    check(
        "nik",
        lambda raw: identitas.clean_nik(
            _nik_text(raw), tanggal_lahir=data.get("tanggal_lahir"), jenis_kelamin=data.get("jenis_kelamin")
        ),
    )
    check("email", email)
    check("nomor_hp", _phone)
    check("alamat", length("alamat"))
    check("pendidikan", _pendidikan)
    check("pekerjaan_institusi", length("pekerjaan_institusi"))
    check("pekerjaan_jabatan", length("pekerjaan_jabatan"))
    order = [c.judul for c in COLUMNS]
    errors.sort(key=lambda e: order.index(e.kolom))
    return data, errors


# --- the import ---------------------------------------------------------------------------------


def _check_choices(*, skema: Skema, mode: str, tujuan: str, tujuan_lainnya: str) -> None:
    refusal = skema_open_refusal(skema)
    if refusal:
        raise JourneyError(refusal, field="skema", code="skema")
    if mode not in Mode.values:
        raise JourneyError("Pilih mode asesmen.", field="mode")
    if mode == Mode.JARAK_JAUH and not skema.jarak_jauh_disetujui:
        raise JourneyError(
            f"Skema {skema.kode} belum disetujui BNSP untuk asesmen jarak jauh; pilih tatap muka (SE-E3).",
            field="mode",
            code="remote_not_approved",
        )
    if tujuan not in Permohonan.Tujuan.values:
        raise JourneyError("Pilih tujuan asesmen.", field="tujuan")
    if tujuan == Permohonan.Tujuan.LAINNYA and not tujuan_lainnya:
        raise JourneyError("Jelaskan tujuan asesmen lainnya.", field="tujuan_lainnya")


def _accounts_by_email(emails: set[str]) -> dict[str, User]:
    """Existing accounts by any of their addresses (the account's own or an allauth one)."""
    from allauth.account.models import EmailAddress

    found = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    for address in EmailAddress.objects.filter(email__in=emails).select_related("user"):
        found.setdefault(address.email.lower(), address.user)
    return found


def check_sheet(records, *, skema: Skema) -> tuple[list[tuple[int, dict, User | None]], list[RowError]]:
    """Every row checked, then the sheet as a whole and against the database, in a fixed
    number of queries: a NIK or e-mail twice in the sheet; an existing account with that
    e-mail is reused unless it is inactive or already has an open application for the
    scheme; a NIK with an open application for the scheme (a draft included) is refused.
    Returns ([(row number, data, existing account or None)], errors)."""
    today = timezone.localdate()
    rows, errors = [], []
    for number, cells in records:
        data, row_errors = check_row(number, cells, today=today)
        errors.extend(row_errors)
        rows.append((number, data))
    emails = {d["email"] for _, d in rows if d.get("email")}
    niks = {d["nik"] for _, d in rows if d.get("nik")}
    accounts = _accounts_by_email(emails)
    open_apps = Permohonan.objects.filter(skema=skema).exclude(status__in=Permohonan.CLOSED)
    busy_accounts = set(
        open_apps.filter(asesi__in=list(accounts.values())).values_list("asesi_id", flat=True)
    )
    busy_niks = set(open_apps.filter(nik__in=niks).values_list("nik", flat=True))
    seen_nik: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    checked = []
    for number, data in rows:
        nik, email = data.get("nik"), data.get("email")
        if nik:
            if nik in seen_nik:
                errors.append(RowError(number, LABELS["nik"], f"NIK sama dengan baris {seen_nik[nik]}."))
            else:
                seen_nik[nik] = number
            if nik in busy_niks:
                errors.append(
                    RowError(
                        number,
                        LABELS["nik"],
                        f"NIK ini sudah memiliki permohonan yang masih berjalan untuk skema {skema.kode}.",
                    )
                )
        account = accounts.get(email) if email else None
        if email:
            if email in seen_email:
                errors.append(
                    RowError(number, LABELS["email"], f"Email sama dengan baris {seen_email[email]}.")
                )
            else:
                seen_email[email] = number
            if account is not None and not account.is_active:
                errors.append(RowError(number, LABELS["email"], "Akun dengan email ini nonaktif."))
            elif account is not None and account.pk in busy_accounts:
                errors.append(
                    RowError(
                        number,
                        LABELS["email"],
                        f"Akun dengan email ini sudah memiliki permohonan yang masih berjalan untuk skema "
                        f"{skema.kode}.",
                    )
                )
        checked.append((number, data, account))
    order = {c.judul: i for i, c in enumerate(COLUMNS)}
    errors.sort(key=lambda e: (e.baris or 0, order.get(e.kolom, -1)))
    return checked, errors


def _new_account(data: dict, *, asesi_role: Role, actor: User) -> User:
    from allauth.account.models import EmailAddress

    phone = data["nomor_hp"]
    try:
        PHONE_VALIDATOR(phone)
    except ValidationError:
        phone = ""  # a landline stays on the application only; the account keeps mobiles
    with acting_as(actor):
        # No password: the person sets theirs through the invitation link.
        user = User.objects.create_user(data["email"], None, nama_lengkap=data["nama"], nomor_hp=phone)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.groups.add(asesi_role.group)
    return user


def _reuse_account(user: User, *, asesi_role: Role, actor: User) -> User:
    if not user.groups.filter(pk=asesi_role.group_id).exists():
        with acting_as(actor):
            user.groups.add(asesi_role.group)
    return user


def impor_peserta(
    *, skema: Skema, mode: str, tujuan: str, upload, actor: User, tujuan_lainnya: str = ""
) -> ImportResult:
    """Register the candidates of an uploaded .xlsx sheet for `skema` (all or nothing).

    Refuses, raising and creating nothing: an actor without the right to manage batches or
    verify applications (JourneyError); an inactive or incomplete scheme, jarak jauh for a
    scheme without BNSP remote approval, an unknown mode or purpose (JourneyError on the
    field); a file that is not an .xlsx by its content, over IMPOR_MAX_BYTES or
    IMPOR_MAX_ROWS rows, or any row breaking a rule of check_row/check_sheet (ImportRefused,
    every problem listed).

    Otherwise, in one transaction: per row an account (new: no usable password, verified
    e-mail, role Asesi; or the existing one with that e-mail, given the Asesi role if it
    lacks it) and a draft application (permohonan_create + permohonan_save) holding the
    row's identity, `mode` and `tujuan`. Existing accounts are notified in the transaction
    (lsp_portal.notifications); after the commit each new account is e-mailed an invitation
    with a password-set link. Not idempotent: importing the same sheet again is refused
    (the accounts now hold an open application for the scheme).
    """
    from ..permissions import can_import

    if not can_import(actor):
        raise JourneyError("Anda tidak berhak mendaftarkan peserta secara kolektif.")
    tujuan_lainnya = (tujuan_lainnya or "").strip()
    _check_choices(skema=skema, mode=mode, tujuan=tujuan, tujuan_lainnya=tujuan_lainnya)
    records = read_rows(upload)
    checked, errors = check_sheet(records, skema=skema)
    if errors:
        raise ImportRefused(errors)
    try:
        with transaction.atomic():
            result = _create(
                checked, skema=skema, mode=mode, tujuan=tujuan, tujuan_lainnya=tujuan_lainnya, actor=actor
            )
    except IntegrityError:
        # Another import or a sign-up took one of these e-mails or NIKs meanwhile.
        raise ImportRefused(
            [
                RowError(
                    None,
                    "",
                    "Data peserta berubah selama impor (akun atau permohonan baru). Unggah lagi berkasnya.",
                )
            ]
        ) from None
    new = {u.pk for u in result.akun_baru}
    invite = [(p.asesi_id, p.pk) for p in result.permohonan if p.asesi_id in new]
    transaction.on_commit(lambda: _send_invitations(invite, actor_name=str(actor)))
    return result


def _create(checked, *, skema, mode, tujuan, tujuan_lainnya, actor) -> ImportResult:
    asesi_role = Role.objects.select_related("group").get(code=Role.Code.ASESI)
    result = ImportResult()
    for number, data, account in checked:
        if account is None:
            user = _new_account(data, asesi_role=asesi_role, actor=actor)
            result.akun_baru.append(user)
        else:
            user = _reuse_account(account, asesi_role=asesi_role, actor=actor)
            result.akun_lama.append(user)
        values = {
            **data,
            "kewarganegaraan": Permohonan.Kewarganegaraan.WNI,
            "mode": mode,
            "tujuan": tujuan,
            "tujuan_lainnya": tujuan_lainnya if tujuan == Permohonan.Tujuan.LAINNYA else "",
        }
        try:
            permohonan = permohonan_create(asesi=user, skema=skema, actor=actor)
            # The draft is the candidate's: the form's own save, as if they typed the row.
            problems = permohonan_save(permohonan=permohonan, data=values, actor=user)
        except JourneyError as e:
            raise ImportRefused([RowError(number, "", _message(e))]) from None
        if problems:
            raise ImportRefused(
                [RowError(number, LABELS.get(f, f), message) for f, message in problems.items()]
            )
        permohonan.refresh_from_db()
        result.permohonan.append(permohonan)
        if account is not None:
            notify(
                [user],
                judul=f"Anda didaftarkan untuk sertifikasi {skema.kode}",
                pesan=(
                    f"{actor} mendaftarkan Anda sebagai calon peserta sertifikasi skema {skema.judul} "
                    f"({permohonan.get_mode_display().lower()}). Periksa data permohonan yang sudah "
                    "diisikan, unggah bukti persyaratan dasar, lalu setujui kebijakan privasi dan "
                    "tandatangani permohonan (FR.APL.01) untuk mengajukannya."
                ),
                url=permohonan.get_absolute_url(),
                kunci=f"permohonan-{permohonan.pk}-impor",
            )
    return result


# --- the invitation -----------------------------------------------------------------------------


def invitation_link(user: User) -> str:
    """The absolute link where `user` sets their password: allauth's password reset key
    (valid PASSWORD_RESET_TIMEOUT; spent once the password is set)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL + path


def invitation_message(user: User, permohonan: Permohonan, *, actor_name: str) -> tuple[str, str]:
    """(subject, body) of the invitation e-mail, in Indonesian."""
    days = max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)
    skema = permohonan.skema
    subject = f"[LSP] Undangan sertifikasi kompetensi: {skema.judul}"[:200]
    body = (
        f"Yth. {user.nama_lengkap or user.email},\n\n"
        f"{actor_name} dari {settings.LSP_NAME} mendaftarkan Anda sebagai calon peserta sertifikasi "
        f"kompetensi skema {skema.kode} {skema.judul} ({permohonan.get_mode_display().lower()}). "
        f"Akun portal LSP telah dibuat dengan alamat email ini ({user.email}).\n\n"
        "Langkah berikutnya:\n"
        f"1. Buat kata sandi akun Anda melalui tautan berikut (berlaku {days} hari, hanya sekali pakai):\n"
        f"   {invitation_link(user)}\n"
        "2. Masuk ke portal dengan email dan kata sandi tersebut, lalu buka permohonan Anda:\n"
        f"   {settings.SITE_URL}{permohonan.get_absolute_url()}\n"
        "3. Periksa data pribadi yang telah diisikan LSP, unggah bukti persyaratan dasar, lalu setujui "
        "kebijakan privasi dan tandatangani permohonan (FR.APL.01) untuk mengajukannya.\n\n"
        "Bila tautan sudah tidak berlaku, buka halaman berikut dan masukkan email Anda untuk menerima tautan "
        f"baru:\n{settings.SITE_URL}{reverse('account_reset_password')}\n\n"
        "Bila Anda merasa tidak pernah mendaftar, abaikan email ini.\n\n"
        f"Hormat kami,\n{settings.LSP_NAME}\n\n"
        "Pesan ini dikirim otomatis oleh sistem informasi LSP; mohon tidak membalas email ini."
    )
    return subject, body


def _send_invitations(pairs: list[tuple[int, int]], *, actor_name: str) -> None:
    """After commit: one invitation per new account, queued on akun's account-mail task (as
    allauth's own mails). A failure is logged, never raised into the request: the person
    can still ask for a link on the password reset page."""
    from akun.tasks import send_account_email

    users = User.objects.in_bulk([u for u, _ in pairs])
    apps = Permohonan.objects.select_related("skema").in_bulk([p for _, p in pairs])
    for user_id, permohonan_id in pairs:
        user = users.get(user_id)
        permohonan = apps.get(permohonan_id)
        if user is None or permohonan is None:
            continue
        try:
            subject, body = invitation_message(user, permohonan, actor_name=actor_name)
            send_account_email.delay(
                subject=subject, body=body, to=[user.email], from_email=settings.DEFAULT_FROM_EMAIL
            )
        except Exception:
            log.exception("Undangan impor untuk akun %s gagal dikirim.", user_id)
