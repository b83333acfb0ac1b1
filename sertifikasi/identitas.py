"""Identity rules of the FR.APL.01 application (part 1, "Data pribadi"): NIK, passport number,
name, age. SE-A4.8a, X-10.

Pure functions, no database: the form calls them to word the error on the right field, the
service calls them again before it saves. Each refusal is a `ServiceError` on the field it is
about, with an Indonesian message that names exactly what is wrong and a `code` per rule.

The NIK (Nomor Induk Kependudukan, UU 24/2013 and Permendagri on the NIK) is 16 digits:
``PP KK CC DDMMYY SSSS``: province, regency, district (Kemendagri region codes), the birth
date with 40 added to the day for women, and a serial number that is never 0000.
"""

import calendar
import re
import unicodedata
from datetime import date, timedelta

from django.conf import settings

from lsp_portal.errors import ServiceError

# Kemendagri province codes (Kepmendagri 100.1.1-6117/2022 for the Papua provinces made in
# 2022). A NIK keeps the code it was issued with: NIKs from before 2022 carry the old Papua
# numbering (91 was Papua Barat, 94 Papua), so for 91-96 the name is the current holder of
# the code, not always the province the person registered in.
PROVINSI: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

NIK_PANJANG = 16
PASPOR_MIN, PASPOR_MAX = 6, 20
NAMA_MAX = 150
USIA_MAKSIMUM = 100  # years; an earlier birth date is a typing mistake in the year

LAKI_LAKI, PEREMPUAN = "L", "P"
_JENIS_KELAMIN = {LAKI_LAKI: "laki-laki", PEREMPUAN: "perempuan"}

# People type a NIK in groups ("3201 1212 0590 0001", "32.01.12...") or with hyphens.
_NIK_SEPARATORS = re.compile(r"[\s.\-]+")
# Punctuation a name on a KTP may carry: O'Neil / Ma’ruf, Siti-Aisyah, S.Kom., "Budi, S.T."
_NAMA_PUNCTUATION = frozenset("'\u2019-.,")


def _fmt(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _char(c: str) -> str:
    """A character as a message shows it: visible ones quoted, the rest by code point."""
    return f"'{c}'" if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}"


# --- NIK -----------------------------------------------------------------------------------


def _compact(value: str | None) -> str:
    return _NIK_SEPARATORS.sub("", value or "")


def _nik_error(message: str, code: str) -> ServiceError:
    return ServiceError(message, field="nik", code=code)


def _nik_birth_day(nik: str) -> tuple[int, int, int, bool]:
    """(day, month, two-digit year, is_female) from digits 7-12, refusing a date that cannot
    exist. The century is not in the NIK; a date is real if it exists in 20YY, the century
    that makes every YY divisible by 4 a leap year (29-02-00 is real: 2000)."""
    six = nik[6:12]
    dd, mm, yy = int(six[:2]), int(six[2:4]), int(six[4:])
    female = dd > 40
    day = dd - 40 if female else dd
    if not (1 <= dd <= 31 or 41 <= dd <= 71):
        reason = f"tanggal {six[:2]} tidak ada (laki-laki 01 sampai 31, perempuan 41 sampai 71)"
    elif not 1 <= mm <= 12:
        reason = f"bulan {six[2:4]} tidak ada"
    elif day > calendar.monthrange(2000 + yy, mm)[1]:
        if mm == 2 and day == 29:
            reason = f"29 Februari tidak ada pada tahun berakhiran {six[4:]} (bukan tahun kabisat)"
        else:
            reason = f"tanggal {day} tidak ada pada bulan {six[2:4]}"
    else:
        return day, mm, yy, female
    raise _nik_error(
        f"Tanggal lahir pada NIK (angka ke-7 sampai ke-12: {six}) tidak mungkin: {reason}.",
        "nik_date_invalid",
    )


def _nik_date_near(day: int, month: int, yy: int, near: date) -> date:
    """The NIK's birth date in the century closest to the typed one, for the message."""
    candidates = []
    for century in (1800, 1900, 2000, 2100):
        try:
            candidates.append(date(century + yy, month, day))
        except ValueError:  # 29-02 of a century year that is not a leap year
            continue
    return min(candidates, key=lambda d: abs(d.year - near.year))


def clean_nik(nik: str, *, tanggal_lahir: date | None, jenis_kelamin: str | None) -> str:
    """Return the 16 digits of `nik` (spaces, dots and hyphens typed between groups removed),
    or raise `ServiceError(field="nik")` naming the first rule it breaks.

    Rules, each with its `code`: given (nik_required); digits only (nik_not_digits); 16 of
    them (nik_length); digits 1-2 a province code (nik_province); digits 7-12 a real date
    DDMMYY, day + 40 for women (nik_date_invalid); serial, the last four, not 0000
    (nik_serial); that date agrees with `tanggal_lahir` in day, month and the year's last two
    digits (nik_date_mismatch); day > 40 exactly when `jenis_kelamin` is "P"
    (nik_sex_mismatch). `tanggal_lahir` or `jenis_kelamin` None (or "") while the form is
    still incomplete skips only the comparison with it.
    """
    if jenis_kelamin not in (None, "", LAKI_LAKI, PEREMPUAN):
        raise ValueError(f"jenis_kelamin must be 'L', 'P' or None, not {jenis_kelamin!r}")
    value = _compact(nik)
    if not value:
        raise _nik_error("NIK wajib diisi.", "nik_required")
    wrong = next((c for c in value if not ("0" <= c <= "9")), None)
    if wrong is not None:
        raise _nik_error(f"NIK hanya boleh berisi angka (ada {_char(wrong)}).", "nik_not_digits")
    if len(value) != NIK_PANJANG:
        raise _nik_error(f"NIK harus 16 angka (Anda mengetik {len(value)}).", "nik_length")
    if value[:2] not in PROVINSI:
        raise _nik_error(f"Dua angka pertama NIK ({value[:2]}) bukan kode provinsi.", "nik_province")
    day, month, yy, female = _nik_birth_day(value)
    if value[12:] == "0000":
        raise _nik_error("Empat angka terakhir NIK (nomor urut) tidak boleh 0000.", "nik_serial")
    if tanggal_lahir is not None and (day, month, yy) != (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
    ):
        pada_nik = _nik_date_near(day, month, yy, tanggal_lahir)
        raise _nik_error(
            f"Tanggal lahir pada NIK ({_fmt(pada_nik)}) tidak sama dengan tanggal lahir yang Anda "
            f"isi ({_fmt(tanggal_lahir)}).",
            "nik_date_mismatch",
        )
    if jenis_kelamin and female != (jenis_kelamin == PEREMPUAN):
        if female:
            message = (
                "NIK ini milik perempuan (tanggal pada NIK ditambah 40), tetapi jenis kelamin "
                "yang dipilih laki-laki."
            )
        else:
            message = (
                "NIK ini milik laki-laki (tanggal pada NIK tidak ditambah 40), tetapi jenis "
                "kelamin yang dipilih perempuan."
            )
        raise _nik_error(message, "nik_sex_mismatch")
    return value


def provinsi_of(nik: str | None) -> str | None:
    """The name of the province whose code opens `nik` (see PROVINSI on old Papua codes),
    or None when it opens with no province code."""
    return PROVINSI.get(_compact(nik)[:2])


# --- Passport (WNA) ------------------------------------------------------------------------


def clean_paspor(nomor: str) -> str:
    """Return a foreign applicant's passport number in capitals without spaces, or raise
    `ServiceError(field="nomor_paspor")`: given (paspor_required), letters A-Z and digits only
    (paspor_not_alnum), 6 to 20 of them (paspor_length)."""
    value = "".join((nomor or "").split())
    if not value:
        raise ServiceError("Nomor paspor wajib diisi.", field="nomor_paspor", code="paspor_required")
    wrong = next((c for c in value if not (c.isascii() and c.isalnum())), None)
    if wrong is not None:
        raise ServiceError(
            f"Nomor paspor hanya boleh berisi huruf A-Z dan angka (ada {_char(wrong)}).",
            field="nomor_paspor",
            code="paspor_not_alnum",
        )
    if not PASPOR_MIN <= len(value) <= PASPOR_MAX:
        raise ServiceError(
            f"Nomor paspor harus {PASPOR_MIN} sampai {PASPOR_MAX} huruf/angka (Anda mengetik {len(value)}).",
            field="nomor_paspor",
            code="paspor_length",
        )
    return value.upper()


# --- Name ----------------------------------------------------------------------------------


def _is_variation_selector(c: str) -> bool:
    # Marks (category M) are allowed for letters typed decomposed, but these two blocks only
    # turn the character before them into an emoji.
    return "\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef"


def clean_nama(nama: str, *, field: str = "nama") -> str:
    """Return the full name as on the KTP, trimmed, each run of whitespace made one space and
    in Unicode NFC, capitals exactly as typed; or raise `ServiceError(field=field)`.

    Allowed: letters of any script (é, ñ), combining marks, spaces, apostrophes (' and ’),
    hyphens, periods, commas (titles "S.Kom.", "Budi, S.T."); one word is enough. Refused,
    each with its `code`: empty (nama_required), a digit (nama_digit), a control or invisible
    character (nama_control), any other symbol or emoji (nama_symbol), no letter at all
    (nama_no_letter), more than 150 characters (nama_too_long).
    """
    value = unicodedata.normalize("NFC", " ".join((nama or "").split()))
    if not value:
        raise ServiceError("Nama wajib diisi.", field=field, code="nama_required")
    for c in value:
        category = unicodedata.category(c)
        if category.startswith("N"):
            raise ServiceError(
                f"Nama tidak boleh berisi angka (ada {_char(c)}); tulis nama seperti pada KTP.",
                field=field,
                code="nama_digit",
            )
        if category.startswith("C") or category in ("Zl", "Zp"):
            raise ServiceError(
                f"Nama berisi karakter tak terlihat ({_char(c)}); hapus lalu ketik ulang nama Anda.",
                field=field,
                code="nama_control",
            )
        if not (
            category.startswith("L")
            or (category.startswith("M") and not _is_variation_selector(c))
            or c == " "
            or c in _NAMA_PUNCTUATION
        ):
            raise ServiceError(
                f"Nama tidak boleh berisi simbol atau emoji (ada {_char(c)}); yang boleh hanya "
                "huruf, spasi, tanda petik ('), tanda hubung (-), titik (.) dan koma (,).",
                field=field,
                code="nama_symbol",
            )
    if not any(unicodedata.category(c).startswith("L") for c in value):
        raise ServiceError("Nama harus berisi huruf.", field=field, code="nama_no_letter")
    if len(value) > NAMA_MAX:
        raise ServiceError(
            f"Nama paling panjang {NAMA_MAX} karakter (Anda mengetik {len(value)}).",
            field=field,
            code="nama_too_long",
        )
    return value


# --- Age -----------------------------------------------------------------------------------


def usia_pada(tanggal_lahir: date, pada: date) -> int:
    """Full years of age on `pada`. Someone born on 29 February turns a year older on
    1 March in a year without one (negative when `pada` is before the birth)."""
    before_birthday = (pada.month, pada.day) < (tanggal_lahir.month, tanggal_lahir.day)
    return pada.year - tanggal_lahir.year - before_birthday


def check_usia(tanggal_lahir: date, *, pada: date) -> int:
    """Return the applicant's age on `pada` (the application date), or raise
    `ServiceError(field="tanggal_lahir")`: born after `pada` (usia_future), more than 100
    years before it (usia_too_old), or younger than settings.SERTIFIKASI_USIA_MINIMUM full
    years (usia_minimum)."""
    if tanggal_lahir > pada:
        raise ServiceError(
            f"Tanggal lahir ({_fmt(tanggal_lahir)}) sesudah tanggal permohonan ({_fmt(pada)}).",
            field="tanggal_lahir",
            code="usia_future",
        )
    # More than 100 years ago: the 100th birthday fell before `pada`.
    if usia_pada(tanggal_lahir, pada - timedelta(days=1)) >= USIA_MAKSIMUM:
        raise ServiceError(
            f"Tanggal lahir ({_fmt(tanggal_lahir)}) lebih dari {USIA_MAKSIMUM} tahun sebelum tanggal "
            "permohonan; periksa tahunnya.",
            field="tanggal_lahir",
            code="usia_too_old",
        )
    usia = usia_pada(tanggal_lahir, pada)
    minimum = settings.SERTIFIKASI_USIA_MINIMUM
    if usia < minimum:
        raise ServiceError(
            f"Usia minimum pemohon {minimum} tahun pada tanggal permohonan; usia Anda {usia} tahun.",
            field="tanggal_lahir",
            code="usia_minimum",
        )
    return usia


# --- Display -------------------------------------------------------------------------------


def samarkan_nik(nik: str | None) -> str:
    """`nik` (or a passport number) with every character but the last four replaced by "*":
    "3201121205900001" -> "************0001". A value of four characters or fewer is masked
    whole; empty (or None) gives "". Spaces are dropped first so they reveal nothing."""
    value = "".join((nik or "").split())
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]
