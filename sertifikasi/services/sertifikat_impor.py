"""The register's sheets (SE-A4.12, issue 13 item 6):

- registrasi_impor: the registration numbers BNSP returns (nomor sertifikat -> nomor
  registrasi), each row through services.sertifikat.sertifikat_registrasi_set's rules; a bad
  row is named and left, the good rows are applied.
- sertifikat_impor: the LSP's older register (certificates issued before this system), row by
  row: a bad row (unknown scheme, bad date, duplicate number...) is rejected with its reasons,
  the good rows are added (sumber impor, no record).

Sheets are read by services.impor.read_sheet (the same limits and checks as the candidate
import); the error report is services.impor.impor_report_workbook.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from administrasi.services import RecordError, add_years
from akun.audit import acting_as
from akun.models import User

from .. import identitas
from ..models import Permohonan, Sertifikat
from .common import JourneyError, notify
from .impor import (
    DATE_TEXT,
    IMPOR_MAX_BYTES,
    IMPOR_MAX_ROWS,
    RowError,
    _header_key,
    _text,
    read_sheet,
    safe_cell,
)
from .sertifikat import MAX_ALASAN, REGISTRASI_CONTOH, registrasi_clean, sertifikat_registrasi_set

St = Sertifikat.Status


# --- sheets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    key: str
    judul: str
    wajib: bool
    petunjuk: str


def _headers(columns, aliases: dict[str, str]) -> dict[str, str]:
    headers = {}
    for c in columns:
        headers[_header_key(c.judul)] = c.key
        headers[_header_key(c.key)] = c.key
    headers |= {_header_key(k): v for k, v in aliases.items()}
    return headers


def _workbook(title: str, columns, rows, *, text_keys, date_keys=(), guide: list[list]) -> bytes:
    """An import template: sheet `title` with the bold header, `rows` (lists of values,
    written as safe cells), text-formatted `text_keys` columns (Excel keeps long numbers and
    leading zeros), dates shown DD-MM-YYYY; and a "Petunjuk" sheet of `guide` rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([c.judul for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    last = max(sheet.max_row, IMPOR_MAX_ROWS + 1)
    for i, c in enumerate(columns, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(16, min(len(c.judul) + 4, 40))
        fmt = "@" if c.key in text_keys else "DD-MM-YYYY" if c.key in date_keys else None
        if fmt:
            for r in range(2, last + 1):
                sheet[f"{letter}{r}"].number_format = fmt
    sheet.freeze_panes = "A2"
    petunjuk = workbook.create_sheet("Petunjuk")
    for row in guide:
        petunjuk.append([safe_cell(v) for v in row])
    petunjuk["A1"].font = Font(bold=True)
    petunjuk.column_dimensions["A"].width = 30
    petunjuk.column_dimensions["B"].width = 8
    petunjuk.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sorted(errors: list[RowError], columns) -> list[RowError]:
    order = {c.judul: i for i, c in enumerate(columns)}
    return sorted(errors, key=lambda e: (e.baris or 0, order.get(e.kolom, -1)))


# --- the registration numbers BNSP returns -------------------------------------------------------

REGISTRASI_SHEET = "Registrasi"
REGISTRASI_COLUMNS = (
    Kolom("nomor", "Nomor sertifikat", True, "Nomor sertifikat LSP, persis seperti di register."),
    Kolom(
        "nomor_registrasi",
        "Nomor registrasi BNSP",
        True,
        f"Nomor dari BNSP, misalnya {REGISTRASI_CONTOH} (sel berformat Teks). Baris dengan kolom ini kosong "
        "dilewati.",
    ),
    Kolom("nama", "Nama pemegang", False, "Hanya untuk memudahkan pengisian; tidak diimpor."),
    Kolom("skema", "Kode skema", False, "Hanya untuk memudahkan pengisian; tidak diimpor."),
)
REGISTRASI_HEADERS = _headers(
    REGISTRASI_COLUMNS[:2],
    {
        "no sertifikat": "nomor",
        "nomor sertifikat kompetensi": "nomor",
        "no registrasi": "nomor_registrasi",
        "nomor registrasi": "nomor_registrasi",
        "no reg": "nomor_registrasi",
        "no registrasi bnsp": "nomor_registrasi",
    },
)
REGISTRASI_LABELS = {c.key: c.judul for c in REGISTRASI_COLUMNS}


@dataclass
class RegistrasiResult:
    """What one sheet did: the certificates given their number, how many rows already had
    it, and the rows left (each RowError names its row)."""

    diterapkan: list[Sertifikat] = field(default_factory=list)
    sama: int = 0
    errors: list[RowError] = field(default_factory=list)


def registrasi_template_workbook() -> bytes:
    """The sheet to return BNSP's numbers in: one row per issued, unrevoked certificate
    still without a number (number, holder, scheme), the number column empty and text."""
    pending = (
        Sertifikat.objects.filter(terbit=True, nomor_registrasi="")
        .exclude(status=St.DICABUT)
        .order_by("tanggal_terbit", "nomor")
        .values_list("nomor", "nama", "skema_kode")[:IMPOR_MAX_ROWS]
    )
    rows = [[nomor, "", nama, kode] for nomor, nama, kode in pending]
    guide = [
        ["Impor nomor registrasi BNSP"],
        [
            f"Isi lembar {REGISTRASI_SHEET}: satu baris per sertifikat, nomor sertifikat LSP dan nomor "
            f"registrasi dari BNSP. Paling banyak {IMPOR_MAX_ROWS} baris per berkas. Templat ini sudah "
            "berisi sertifikat yang belum memiliki nomor registrasi; lembar dari BNSP boleh juga diunggah "
            "langsung bila judul kolomnya 'Nomor sertifikat' dan 'Nomor registrasi'."
        ],
        [
            "Setiap baris diperiksa sendiri: baris yang salah ditolak dengan alasannya, baris yang benar "
            "diterapkan. Sertifikat yang diterbitkan sistem mendapat versi koreksi yang ditandatangani ulang "
            "Ketua LSP agar nomor registrasi tercetak pada sertifikat."
        ],
        [],
        ["Kolom", "Wajib", "Isi"],
        *[[c.judul, "ya" if c.wajib else "tidak", c.petunjuk] for c in REGISTRASI_COLUMNS],
    ]
    return _workbook(REGISTRASI_SHEET, REGISTRASI_COLUMNS, rows, text_keys={"nomor_registrasi"}, guide=guide)


def registrasi_impor(*, upload, actor: User) -> RegistrasiResult:
    """Apply the registration numbers of an uploaded sheet (nomor sertifikat -> nomor
    registrasi), row by row (SE-A4.12 edge: bad rows rejected per row).

    Refused as a whole (ImportRefused / JourneyError, nothing applied): `actor` without
    manage_sertifikat; a file that is not a readable .xlsx, too big, without the two columns,
    empty or over IMPOR_MAX_ROWS rows. A row with no registration number is skipped. Each
    other row is checked (a certificate of that number exists; the number is well formed;
    not twice in the sheet; not another certificate's) and applied by
    sertifikat_registrasi_set in its own savepoint, so a refusal there (a revoked
    certificate, a record not final...) leaves that row only. A row whose certificate already
    has that number counts as `sama`. The Ketua is told once of the corrections to sign.
    Idempotent: the same sheet again applies nothing new."""
    from ..permissions import can_manage_sertifikat

    if not can_manage_sertifikat(actor):
        raise JourneyError("Anda tidak berwenang mencatat nomor registrasi sertifikat.")
    records = read_sheet(
        upload,
        headers=REGISTRASI_HEADERS,
        required=[(c.key, c.judul) for c in REGISTRASI_COLUMNS if c.wajib],
        sheet_title=REGISTRASI_SHEET,
        max_rows=IMPOR_MAX_ROWS,
        too_many=(
            f"Lembar berisi lebih dari {IMPOR_MAX_ROWS} baris; batas satu impor {IMPOR_MAX_ROWS} baris. "
            "Pecah daftarnya menjadi beberapa berkas."
        ),
        empty="Lembar tidak berisi baris di bawah baris judul.",
    )
    result = RegistrasiResult()
    L = REGISTRASI_LABELS
    rows = []
    for number, cells in records:
        if not _text(cells.get("nomor_registrasi")):
            continue  # the template lists every certificate without a number; unfilled rows wait
        nomor = " ".join(_text(cells.get("nomor")).split())
        row_errors = []
        if not nomor:
            row_errors.append(RowError(number, L["nomor"], "Nomor sertifikat wajib diisi."))
        try:
            reg = registrasi_clean(cells.get("nomor_registrasi"))
        except JourneyError as e:
            reg = ""
            row_errors.append(RowError(number, L["nomor_registrasi"], str(e)))
        result.errors.extend(row_errors)
        if not row_errors:
            rows.append((number, nomor, reg))
    certs = {s.nomor: s for s in Sertifikat.objects.filter(nomor__in=[n for _, n, _ in rows])}
    holders = {
        r.upper(): n
        for n, r in Sertifikat.objects.filter(nomor_registrasi__in={reg for _, _, reg in rows}).values_list(
            "nomor", "nomor_registrasi"
        )
    }
    seen: dict[str, int] = {}
    corrected = 0
    for number, nomor, reg in rows:
        s = certs.get(nomor)
        if s is None:
            result.errors.append(
                RowError(number, L["nomor"], f"Tidak ada sertifikat bernomor {nomor} di register.")
            )
            continue
        key = reg.upper()
        if key in seen:
            result.errors.append(
                RowError(number, L["nomor_registrasi"], f"Nomor registrasi sama dengan baris {seen[key]}.")
            )
            continue
        seen[key] = number
        if s.nomor_registrasi == reg:
            result.sama += 1
            continue
        holder = holders.get(key)
        if holder is not None and holder != nomor:
            result.errors.append(
                RowError(
                    number,
                    L["nomor_registrasi"],
                    f"Nomor registrasi {reg} sudah tercatat pada sertifikat {holder}.",
                )
            )
            continue
        try:
            with transaction.atomic():
                s = sertifikat_registrasi_set(
                    sertifikat=s, nomor_registrasi=reg, actor=actor, notify_signer=False
                )
        except JourneyError as e:
            result.errors.append(RowError(number, "", str(e)))
            continue
        result.diterapkan.append(s)
        corrected += s.dokumen_id is not None
    if corrected:
        from administrasi.services import approving_ketua

        try:
            ketua = approving_ketua()
        except RecordError:
            ketua = None
        notify(
            [ketua],
            judul="Koreksi sertifikat menunggu tanda tangan",
            pesan=(
                f"{corrected} sertifikat mendapat nomor registrasi BNSP dan versi koreksinya menunggu tanda "
                "tangan Anda agar nomor itu tercetak pada sertifikat."
            ),
            url=reverse("administrasi:tanda-tangan-list"),
            kunci=f"sertifikat-registrasi-impor-{timezone.now():%Y%m%d%H%M%S%f}",
        )
    result.errors = _sorted(result.errors, REGISTRASI_COLUMNS)
    return result


# --- the LSP's older register ---------------------------------------------------------------------

SERTIFIKAT_SHEET = "Sertifikat"
# One row is one insert (and its audit entry): about 1,000 rows stay well inside a request.
SERTIFIKAT_MAX_ROWS = 1000
STATUS_VALUES = {
    "": St.AKTIF,
    "aktif": St.AKTIF,
    "masih berlaku": St.AKTIF,
    "berlaku": St.AKTIF,
    "kedaluwarsa": Sertifikat.KEDALUWARSA,
    "kadaluarsa": Sertifikat.KEDALUWARSA,
    "kadaluwarsa": Sertifikat.KEDALUWARSA,
    "dibekukan": St.DIBEKUKAN,
    "beku": St.DIBEKUKAN,
    "dicabut": St.DICABUT,
    "cabut": St.DICABUT,
}
SERTIFIKAT_COLUMNS = (
    Kolom("nama", "Nama pemegang", True, "Nama seperti tercetak pada sertifikat."),
    Kolom(
        "nik",
        "NIK/nomor paspor",
        True,
        "16 angka NIK, atau nomor paspor pemegang asing (sel berformat Teks). Tidak pernah ditampilkan di "
        "register publik.",
    ),
    Kolom(
        "skema", "Kode skema", True, "Kode skema yang sudah ada di aplikasi Skema (lihat daftar di bawah)."
    ),
    Kolom("nomor", "Nomor sertifikat", True, "Nomor sertifikat LSP; satu nomor satu sertifikat."),
    Kolom("nomor_registrasi", "Nomor registrasi BNSP", False, f"Bila ada, misalnya {REGISTRASI_CONTOH}."),
    Kolom(
        "tanggal_terbit", "Tanggal terbit (DD-MM-YYYY)", True, "Tanggal seperti 15-05-2022, atau sel tanggal."
    ),
    Kolom(
        "berlaku_sampai",
        "Berlaku sampai (DD-MM-YYYY)",
        False,
        "Kosong: tanggal terbit ditambah masa berlaku skema.",
    ),
    Kolom(
        "status",
        "Status",
        False,
        "Kosong atau 'masih berlaku'; 'dibekukan' atau 'dicabut' (dengan alasan). Kedaluwarsa dihitung dari "
        "tanggal berlaku, tidak perlu ditulis.",
    ),
    Kolom("alasan", "Alasan status", False, "Wajib bila status dibekukan atau dicabut."),
)
SERTIFIKAT_HEADERS = _headers(
    SERTIFIKAT_COLUMNS,
    {
        "nama": "nama",
        "nama lengkap": "nama",
        "nik": "nik",
        "nomor paspor": "nik",
        "skema": "skema",
        "nomor skema": "skema",
        "no sertifikat": "nomor",
        "nomor registrasi": "nomor_registrasi",
        "no registrasi": "nomor_registrasi",
        "tanggal terbit": "tanggal_terbit",
        "berlaku sampai": "berlaku_sampai",
        "masa berlaku": "berlaku_sampai",
        "alasan": "alasan",
    },
)
SERTIFIKAT_LABELS = {c.key: c.judul for c in SERTIFIKAT_COLUMNS}
SERTIFIKAT_EXAMPLE = {
    "nama": "Siti Contoh Rahayu",
    "nik": "3273015505959999",
    "skema": "SKM/CONTOH/01/2020",
    "nomor": "CONTOH/0001/2021",
    "nomor_registrasi": "",
    "tanggal_terbit": dt.date(2021, 3, 15),
    "berlaku_sampai": "",
    "status": "masih berlaku",
    "alasan": "",
}


@dataclass
class SertifikatImporResult:
    """What one sheet added (in row order), how many were linked to a holder's account, and
    the rows rejected (each RowError names its row and column)."""

    dibuat: list[Sertifikat] = field(default_factory=list)
    ditautkan: int = 0
    errors: list[RowError] = field(default_factory=list)


def sertifikat_template_workbook() -> bytes:
    """The sheet of the older register: the columns, an example row (left as it is, it is not
    imported), and a "Petunjuk" sheet with the columns, the statuses and the scheme codes."""
    from muk.models import Skema

    example = [SERTIFIKAT_EXAMPLE[c.key] for c in SERTIFIKAT_COLUMNS]
    guide = [
        ["Impor register sertifikat lama"],
        [
            f"Isi lembar {SERTIFIKAT_SHEET}: satu baris per sertifikat yang diterbitkan sebelum sistem ini "
            f"dipakai, mulai baris 3 (baris 2 contoh, tidak diimpor). Paling banyak {SERTIFIKAT_MAX_ROWS} "
            f"baris dan {IMPOR_MAX_BYTES // (1024 * 1024)} MB per berkas."
        ],
        [
            "Setiap baris diperiksa sendiri: baris yang salah (skema tidak dikenal, tanggal salah, nomor "
            "ganda...) ditolak dengan alasannya, baris yang benar ditambahkan ke register. Nomor yang "
            "sudah ada tidak ditambahkan lagi, jadi berkas yang sama aman diunggah ulang setelah diperbaiki."
        ],
        [],
        ["Kolom", "Wajib", "Isi"],
        *[[c.judul, "ya" if c.wajib else "tidak", c.petunjuk] for c in SERTIFIKAT_COLUMNS],
        [],
        ["Kode skema", "", "Judul skema"],
        *[[kode, "", judul] for kode, judul in Skema.objects.order_by("kode").values_list("kode", "judul")],
    ]
    return _workbook(
        SERTIFIKAT_SHEET,
        SERTIFIKAT_COLUMNS,
        [example],
        text_keys={"nik", "nomor", "nomor_registrasi"},
        date_keys={"tanggal_terbit", "berlaku_sampai"},
        guide=guide,
    )


def _is_example(cells: dict) -> bool:
    return all(_text(cells.get(k)) == _text(v) for k, v in SERTIFIKAT_EXAMPLE.items())


def _tanggal(value, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    message = f"{label} harus berbentuk DD-MM-YYYY, misalnya 15-05-2022, atau sel bertipe tanggal."
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise JourneyError(message + " Sel ini berisi angka, bukan tanggal.")
    match = DATE_TEXT.match(_text(value))
    if not match:
        raise JourneyError(message)
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise JourneyError(f"{label} {_text(value)} tidak ada di kalender.") from None


def _identitas(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise JourneyError(
            "NIK tersimpan sebagai angka, dan Excel membulatkan angka 16 digit sehingga NIK bisa berubah. "
            "Format sel NIK sebagai Teks lalu ketik ulang NIK."
        )
    text = _text(value)
    if any(c.isalpha() for c in text):
        return identitas.clean_paspor(text)
    return identitas.clean_nik(text, tanggal_lahir=None, jenis_kelamin=None)


def _check_certificate_row(number: int, cells: dict, *, skema_by_kode: dict, today: dt.date):
    """The row's values cleaned, and a RowError per broken rule (each column checked)."""
    L = SERTIFIKAT_LABELS
    errors: list[RowError] = []
    data: dict = {}

    def check(key, clean):
        raw = cells.get(key)
        if not _text(raw):
            if any(c.key == key and c.wajib for c in SERTIFIKAT_COLUMNS):
                errors.append(RowError(number, L[key], f"{L[key].split(' (')[0]} wajib diisi."))
            else:
                data[key] = None
            return
        try:
            data[key] = clean(raw)
        except ValidationError as e:  # JourneyError, or identitas' ServiceError
            errors.append(RowError(number, L[key], " ".join(e.messages)))

    def skema(raw):
        kode = " ".join(_text(raw).split())
        found = skema_by_kode.get(kode.upper())
        if found is None:
            raise JourneyError(
                f"Kode skema {kode} tidak ada di daftar skema LSP. Periksa penulisannya, atau tambahkan "
                "skemanya lebih dahulu di aplikasi Skema."
            )
        return found

    def nomor(raw):
        text = " ".join(_text(raw).split())
        if len(text) > 120:
            raise JourneyError(f"Nomor sertifikat paling panjang 120 karakter (terisi {len(text)}).")
        return text

    def terbit(raw):
        value = _tanggal(raw, "Tanggal terbit")
        if value > today:
            raise JourneyError("Tanggal terbit tidak boleh setelah hari ini.")
        return value

    def status(raw):
        value = STATUS_VALUES.get(" ".join(_text(raw).lower().split()))
        if value is None:
            raise JourneyError("Status diisi 'masih berlaku', 'dibekukan', atau 'dicabut' (atau kosong).")
        return value

    check("nama", lambda raw: identitas.clean_nama(_text(raw)))
    check("nik", _identitas)
    check("skema", skema)
    check("nomor", nomor)
    check("nomor_registrasi", registrasi_clean)
    check("tanggal_terbit", terbit)
    check("berlaku_sampai", lambda raw: _tanggal(raw, "Tanggal berlaku sampai"))
    check("status", status)
    check("alasan", lambda raw: _text(raw)[:MAX_ALASAN])
    if errors:
        return data, errors
    if data["berlaku_sampai"] is None:
        data["berlaku_sampai"] = add_years(data["tanggal_terbit"], data["skema"].masa_berlaku_tahun)
    if data["berlaku_sampai"] <= data["tanggal_terbit"]:
        errors.append(
            RowError(number, L["berlaku_sampai"], "Tanggal berlaku sampai harus setelah tanggal terbit.")
        )
    value = data["status"] or St.AKTIF
    if value == Sertifikat.KEDALUWARSA:
        if data["berlaku_sampai"] >= today:
            errors.append(
                RowError(
                    number,
                    L["status"],
                    "Status kedaluwarsa tidak sesuai: tanggal berlaku sampai belum lewat. Kosongkan "
                    "statusnya; kedaluwarsa dihitung dari tanggal.",
                )
            )
        value = St.AKTIF
    data["status"] = value
    if value != St.AKTIF and not data["alasan"]:
        errors.append(
            RowError(number, L["alasan"], f"Alasan wajib diisi untuk status {St(value).label.lower()}.")
        )
    return data, errors


def _holders_by_identity(numbers: set[str]) -> dict[str, int]:
    """NIK/passport -> the one account whose signed application carries it (none when no or
    several accounts do), so the holder sees the imported certificate among theirs."""
    found: dict[str, set[int]] = {}
    applications = (
        Permohonan.objects.filter(Q(nik__in=numbers) | Q(nomor_paspor__in=numbers))
        .exclude(status=Permohonan.Status.DRAFT)
        .values_list("nik", "nomor_paspor", "asesi_id")
    )
    for nik, paspor, asesi_id in applications:
        for key in (nik, paspor):
            if key in numbers:
                found.setdefault(key, set()).add(asesi_id)
    return {key: next(iter(ids)) for key, ids in found.items() if len(ids) == 1}


def sertifikat_impor(*, upload, actor: User) -> SertifikatImporResult:
    """Add the certificates of the LSP's older register from an uploaded sheet (SE-A4.12:
    older certificates importable; bad rows rejected per row).

    Refused as a whole (ImportRefused / JourneyError, nothing added): `actor` without
    manage_sertifikat; a file that is not a readable .xlsx, too big, without the required
    columns, empty or over SERTIFIKAT_MAX_ROWS rows. Each row is then checked on its own: name
    (as on an ID card), NIK (16 digits, a real NIK) or passport number, a scheme code that
    exists, a certificate number not in the register nor earlier in the sheet, a well-formed
    registration number not held by another certificate, an issue date not in the future, a
    validity end after it (default: the scheme's years), a status (masih berlaku, dibekukan or
    dicabut, the last two with a reason; "kedaluwarsa" only when the date has passed). A row
    breaking a rule is rejected with every reason; each good row is added in its own savepoint
    as an issued certificate with sumber impor and no record, its holder's account linked when
    exactly one account's signed application carries its NIK. Not a repeat: a number already
    in the register is refused, so an import run again adds nothing twice."""
    from muk.models import Skema

    from ..permissions import can_manage_sertifikat

    if not can_manage_sertifikat(actor):
        raise JourneyError("Anda tidak berwenang mengimpor register sertifikat.")
    records = read_sheet(
        upload,
        headers=SERTIFIKAT_HEADERS,
        required=[(c.key, c.judul) for c in SERTIFIKAT_COLUMNS if c.wajib],
        sheet_title=SERTIFIKAT_SHEET,
        max_rows=SERTIFIKAT_MAX_ROWS,
        too_many=(
            f"Lembar berisi lebih dari {SERTIFIKAT_MAX_ROWS} sertifikat; batas satu impor "
            f"{SERTIFIKAT_MAX_ROWS} baris. Pecah register menjadi beberapa berkas."
        ),
        empty="Lembar tidak berisi baris sertifikat di bawah baris judul.",
        skip=_is_example,
    )
    L = SERTIFIKAT_LABELS
    today = timezone.localdate()
    skema_by_kode = {
        s.kode.upper(): s for s in Skema.objects.only("pk", "kode", "judul", "masa_berlaku_tahun")
    }
    result = SertifikatImporResult()
    checked = []
    for number, cells in records:
        data, errors = _check_certificate_row(number, cells, skema_by_kode=skema_by_kode, today=today)
        result.errors.extend(errors)
        checked.append((number, data, bool(errors)))
    numbers = {d["nomor"] for _, d, _ in checked if d.get("nomor")}
    regs = {d["nomor_registrasi"] for _, d, _ in checked if d.get("nomor_registrasi")}
    existing = set(Sertifikat.objects.filter(nomor__in=numbers).values_list("nomor", flat=True))
    existing_regs = {
        r.upper(): n
        for n, r in Sertifikat.objects.filter(nomor_registrasi__in=regs).values_list(
            "nomor", "nomor_registrasi"
        )
    }
    holders = _holders_by_identity({d["nik"] for _, d, bad in checked if not bad})
    seen_nomor: dict[str, int] = {}
    seen_reg: dict[str, int] = {}
    now = timezone.now()
    for number, data, bad in checked:
        row_errors = []
        nomor = data.get("nomor")
        if nomor:
            if nomor in seen_nomor:
                row_errors.append(
                    RowError(number, L["nomor"], f"Nomor sertifikat sama dengan baris {seen_nomor[nomor]}.")
                )
            else:
                seen_nomor[nomor] = number
            if nomor in existing:
                row_errors.append(
                    RowError(number, L["nomor"], f"Nomor sertifikat {nomor} sudah ada di register.")
                )
        reg = data.get("nomor_registrasi")
        if reg:
            key = reg.upper()
            if key in seen_reg:
                row_errors.append(
                    RowError(
                        number, L["nomor_registrasi"], f"Nomor registrasi sama dengan baris {seen_reg[key]}."
                    )
                )
            else:
                seen_reg[key] = number
            if key in existing_regs:
                row_errors.append(
                    RowError(
                        number,
                        L["nomor_registrasi"],
                        f"Nomor registrasi {reg} sudah tercatat pada sertifikat {existing_regs[key]}.",
                    )
                )
        result.errors.extend(row_errors)
        if bad or row_errors:
            continue
        skema = data["skema"]
        pemegang_id = holders.get(data["nik"])
        status = data["status"]
        sertifikat = Sertifikat(
            pemegang_id=pemegang_id,
            nama=data["nama"],
            nik=data["nik"],
            skema=skema,
            skema_kode=skema.kode,
            skema_judul=skema.judul,
            nomor=nomor,
            nomor_registrasi=reg or "",
            tanggal_terbit=data["tanggal_terbit"],
            berlaku_sampai=data["berlaku_sampai"],
            terbit=True,
            status=status,
            alasan_status=(data["alasan"] or "") if status != St.AKTIF else "",
            status_diubah_oleh=actor if status != St.AKTIF else None,
            status_diubah_pada=now if status != St.AKTIF else None,
            sumber=Sertifikat.Sumber.IMPOR,
        )
        try:
            with transaction.atomic(), acting_as(actor):
                sertifikat.save()
        except IntegrityError:  # the number was added meanwhile by another import
            result.errors.append(
                RowError(number, L["nomor"], f"Nomor sertifikat {nomor} baru saja ditambahkan ke register.")
            )
            continue
        result.dibuat.append(sertifikat)
        result.ditautkan += pemegang_id is not None
    result.errors = _sorted(result.errors, SERTIFIKAT_COLUMNS)
    return result
