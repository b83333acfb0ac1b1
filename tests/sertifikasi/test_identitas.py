"""SE-A4.8a, X-10: the identity rules of the FR.APL.01 application (issue 11 item 1): the
NIK (16 digits, province code, birth date with +40 for women agreeing with the typed date
and sex, serial not 0000), a foreign applicant's passport number, the name exactly as on the
KTP, the minimum age, and the NIK masked for display. Each rule is shown broken and kept;
each refusal names its field, its own code and what exactly is wrong."""

from datetime import date

import pytest

from lsp_portal.errors import ServiceError
from sertifikasi.identitas import (
    PROVINSI,
    check_usia,
    clean_nama,
    clean_nik,
    clean_paspor,
    provinsi_of,
    samarkan_nik,
    usia_pada,
)

NIK_LAKI = "3201121205900001"  # Jawa Barat, born 12-05-1990, man
NIK_PEREMPUAN = "3201125205900002"  # the same date + 40: a woman
LAHIR = date(1990, 5, 12)


def refusal(excinfo) -> tuple[str, str, str]:
    """(field, code, message) of the one error a ServiceError carries."""
    ((field, errors),) = excinfo.value.error_dict.items()
    assert len(errors) == 1
    return field, errors[0].code, errors[0].message


def nik(*, prov="32", wilayah="0112", ttl="120590", urut="0001") -> str:
    return prov + wilayah + ttl + urut


def refuse_nik(value, *, tanggal_lahir=None, jenis_kelamin=None) -> tuple[str, str]:
    with pytest.raises(ServiceError) as excinfo:
        clean_nik(value, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin)
    field, code, message = refusal(excinfo)
    assert field == "nik"
    return code, message


# --- NIK kept ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tanggal_lahir", "jenis_kelamin"),
    [(NIK_LAKI, LAHIR, "L"), (NIK_PEREMPUAN, LAHIR, "P")],
    ids=["man", "woman"],
)
def test_valid_nik_agreeing_with_birth_date_and_sex_is_kept(value, tanggal_lahir, jenis_kelamin):
    assert clean_nik(value, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin) == value


@pytest.mark.parametrize(
    "typed",
    ["3201 1212 0590 0001", "32.01.12.120590.0001", " 3201-1212-0590-0001 ", "3201121205900001\n"],
)
def test_nik_typed_in_groups_comes_back_as_16_digits(typed):
    assert clean_nik(typed, tanggal_lahir=LAHIR, jenis_kelamin="L") == NIK_LAKI


@pytest.mark.parametrize(
    ("tanggal_lahir", "jenis_kelamin"),
    [(None, None), (None, ""), (LAHIR, None), (None, "P")],
    ids=["nothing-yet", "sex-empty", "date-only", "sex-only"],
)
def test_nik_checks_only_what_is_given_so_far(tanggal_lahir, jenis_kelamin):
    assert clean_nik(NIK_PEREMPUAN, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin)


@pytest.mark.parametrize(
    ("ttl", "lahir", "jenis_kelamin"),
    [
        ("010190", date(1990, 1, 1), "L"),
        ("310190", date(1990, 1, 31), "L"),  # the 31st
        ("410190", date(1990, 1, 1), "P"),  # lowest day for a woman
        ("710190", date(1990, 1, 31), "P"),  # highest day: 31 + 40
        ("301190", date(1990, 11, 30), "L"),
        ("290200", date(2000, 2, 29), "L"),  # 2000 was a leap year
        ("690200", date(2000, 2, 29), "P"),
        ("290296", date(1996, 2, 29), "L"),
        ("010100", date(2000, 1, 1), "L"),  # year 00
        ("311299", date(1999, 12, 31), "L"),  # year 99
        ("711299", date(1999, 12, 31), "P"),
        ("150805", date(2005, 8, 15), "L"),
    ],
)
def test_nik_birth_dates_at_the_edges_are_kept(ttl, lahir, jenis_kelamin):
    value = nik(ttl=ttl)
    assert clean_nik(value, tanggal_lahir=lahir, jenis_kelamin=jenis_kelamin) == value
    assert clean_nik(value, tanggal_lahir=None, jenis_kelamin=None) == value


@pytest.mark.parametrize("kode", sorted(PROVINSI))
def test_every_province_code_is_accepted(kode):
    assert clean_nik(nik(prov=kode), tanggal_lahir=LAHIR, jenis_kelamin="L") == nik(prov=kode)


def test_province_list_is_the_kemendagri_numbering_with_the_2022_papua_provinces():
    expected = {
        *range(11, 20),
        21,
        *range(31, 37),
        *range(51, 54),
        *range(61, 66),
        *range(71, 77),
        81,
        82,
        *range(91, 97),
    }
    assert {int(k) for k in PROVINSI} == expected
    assert len(PROVINSI) == 38 and all(PROVINSI.values())


@pytest.mark.parametrize(
    ("kode", "nama"),
    [
        ("91", "Papua"),
        ("92", "Papua Barat"),
        ("93", "Papua Selatan"),
        ("94", "Papua Tengah"),
        ("95", "Papua Pegunungan"),
        ("96", "Papua Barat Daya"),
        ("11", "Aceh"),
        ("31", "DKI Jakarta"),
        ("32", "Jawa Barat"),
        ("65", "Kalimantan Utara"),
        ("76", "Sulawesi Barat"),
    ],
)
def test_provinsi_of_names_the_province(kode, nama):
    assert provinsi_of(nik(prov=kode)) == nama


@pytest.mark.parametrize("value", ["2701121205900001", "", None, "3", "ab01121205900001"])
def test_provinsi_of_is_none_without_a_province_code(value):
    assert provinsi_of(value) is None


def test_provinsi_of_reads_a_nik_typed_in_groups():
    assert provinsi_of("32.01 12 120590 0001") == "Jawa Barat"


# --- NIK refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   ", " . - ", None])
def test_missing_nik_is_refused(value):
    assert refuse_nik(value) == ("nik_required", "NIK wajib diisi.")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("32011212O5900001", "'O'"),  # letter O for zero
        ("320112120590000x", "'x'"),
        ("32011212059000０1", "'０'"),  # full-width digit from a phone keyboard
        ("3201121205900001/", "'/'"),
    ],
)
def test_nik_with_something_other_than_digits_is_refused_naming_it(value, shown):
    assert refuse_nik(value) == ("nik_not_digits", f"NIK hanya boleh berisi angka (ada {shown}).")


@pytest.mark.parametrize("length", [1, 15, 17, 20])
def test_nik_of_wrong_length_is_refused_with_the_count(length):
    value = (NIK_LAKI * 2)[:length]
    assert refuse_nik(value) == ("nik_length", f"NIK harus 16 angka (Anda mengetik {length}).")


def test_nik_length_counts_digits_without_the_spaces():
    assert refuse_nik("3201 1212 0590 001")[1] == "NIK harus 16 angka (Anda mengetik 15)."


@pytest.mark.parametrize(
    "kode",
    ["00", "10", "20", "22", "27", "30", "37", "50", "54", "60", "66", "77", "80", "83", "90", "97", "99"],
)
def test_nik_without_a_province_code_is_refused(kode):
    assert refuse_nik(nik(prov=kode), tanggal_lahir=LAHIR, jenis_kelamin="L") == (
        "nik_province",
        f"Dua angka pertama NIK ({kode}) bukan kode provinsi.",
    )


@pytest.mark.parametrize(
    ("ttl", "reason"),
    [
        ("000590", "tanggal 00 tidak ada (laki-laki 01 sampai 31, perempuan 41 sampai 71)"),
        ("320590", "tanggal 32 tidak ada (laki-laki 01 sampai 31, perempuan 41 sampai 71)"),
        ("400590", "tanggal 40 tidak ada (laki-laki 01 sampai 31, perempuan 41 sampai 71)"),
        ("720590", "tanggal 72 tidak ada (laki-laki 01 sampai 31, perempuan 41 sampai 71)"),
        ("990590", "tanggal 99 tidak ada (laki-laki 01 sampai 31, perempuan 41 sampai 71)"),
        ("120090", "bulan 00 tidak ada"),
        ("121390", "bulan 13 tidak ada"),
        ("310490", "tanggal 31 tidak ada pada bulan 04"),
        ("710490", "tanggal 31 tidak ada pada bulan 04"),  # a woman's 31 April
        ("300290", "tanggal 30 tidak ada pada bulan 02"),
        ("290290", "29 Februari tidak ada pada tahun berakhiran 90 (bukan tahun kabisat)"),
        ("690201", "29 Februari tidak ada pada tahun berakhiran 01 (bukan tahun kabisat)"),
    ],
)
def test_nik_whose_digits_7_to_12_are_no_real_date_is_refused(ttl, reason):
    assert refuse_nik(nik(ttl=ttl)) == (
        "nik_date_invalid",
        f"Tanggal lahir pada NIK (angka ke-7 sampai ke-12: {ttl}) tidak mungkin: {reason}.",
    )


def test_nik_with_serial_0000_is_refused():
    assert refuse_nik(nik(urut="0000"), tanggal_lahir=LAHIR, jenis_kelamin="L") == (
        "nik_serial",
        "Empat angka terakhir NIK (nomor urut) tidak boleh 0000.",
    )


@pytest.mark.parametrize(
    ("value", "typed", "shown_nik", "shown_typed"),
    [
        (NIK_LAKI, date(1990, 5, 13), "12-05-1990", "13-05-1990"),  # day
        (NIK_LAKI, date(1990, 6, 12), "12-05-1990", "12-06-1990"),  # month
        (NIK_LAKI, date(1991, 5, 12), "12-05-1990", "12-05-1991"),  # year
        (NIK_PEREMPUAN, date(1990, 5, 13), "12-05-1990", "13-05-1990"),  # shown without the +40
        (nik(ttl="010100"), date(1999, 12, 31), "01-01-2000", "31-12-1999"),  # nearest century
        (nik(ttl="290200"), date(2000, 3, 1), "29-02-2000", "01-03-2000"),
    ],
)
def test_nik_birth_date_differing_from_the_typed_one_is_refused(value, typed, shown_nik, shown_typed):
    assert refuse_nik(value, tanggal_lahir=typed, jenis_kelamin=None) == (
        "nik_date_mismatch",
        f"Tanggal lahir pada NIK ({shown_nik}) tidak sama dengan tanggal lahir yang Anda isi "
        f"({shown_typed}).",
    )


def test_nik_century_is_not_checked_only_the_last_two_digits_of_the_year():
    assert clean_nik(NIK_LAKI, tanggal_lahir=date(2090, 5, 12), jenis_kelamin="L") == NIK_LAKI


def test_woman_nik_with_man_chosen_is_refused():
    assert refuse_nik(NIK_PEREMPUAN, tanggal_lahir=LAHIR, jenis_kelamin="L") == (
        "nik_sex_mismatch",
        "NIK ini milik perempuan (tanggal pada NIK ditambah 40), tetapi jenis kelamin yang dipilih "
        "laki-laki.",
    )


def test_man_nik_with_woman_chosen_is_refused():
    assert refuse_nik(NIK_LAKI, tanggal_lahir=None, jenis_kelamin="P") == (
        "nik_sex_mismatch",
        "NIK ini milik laki-laki (tanggal pada NIK tidak ditambah 40), tetapi jenis kelamin yang "
        "dipilih perempuan.",
    )


def test_every_nik_rule_has_its_own_code():
    broken = [
        "",
        "3201121205900O01",
        "320112120590001",
        nik(prov="27"),
        nik(ttl="320590"),
        nik(urut="0000"),
    ]
    codes = [refuse_nik(value, tanggal_lahir=LAHIR, jenis_kelamin="L")[0] for value in broken]
    codes.append(refuse_nik(NIK_LAKI, tanggal_lahir=date(1990, 5, 13))[0])
    codes.append(refuse_nik(NIK_LAKI, jenis_kelamin="P")[0])
    assert len(set(codes)) == 8


def test_nik_with_an_unknown_sex_value_is_a_programming_error():
    with pytest.raises(ValueError):
        clean_nik(NIK_LAKI, tanggal_lahir=LAHIR, jenis_kelamin="X")


# --- Passport ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("A1234567", "A1234567"),
        ("a 123 4567", "A1234567"),
        ("AB1234", "AB1234"),  # 6: the shortest
        ("X" * 20, "X" * 20),  # 20: the longest
        ("123456789", "123456789"),
    ],
)
def test_passport_number_is_kept_in_capitals_without_spaces(typed, kept):
    assert clean_paspor(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("", "paspor_required", "Nomor paspor wajib diisi."),
        ("  ", "paspor_required", "Nomor paspor wajib diisi."),
        ("AB123", "paspor_length", "Nomor paspor harus 6 sampai 20 huruf/angka (Anda mengetik 5)."),
        ("X" * 21, "paspor_length", "Nomor paspor harus 6 sampai 20 huruf/angka (Anda mengetik 21)."),
        ("A-123456", "paspor_not_alnum", "Nomor paspor hanya boleh berisi huruf A-Z dan angka (ada '-')."),
        ("É1234567", "paspor_not_alnum", "Nomor paspor hanya boleh berisi huruf A-Z dan angka (ada 'É')."),
        ("A1234/67", "paspor_not_alnum", "Nomor paspor hanya boleh berisi huruf A-Z dan angka (ada '/')."),
    ],
)
def test_bad_passport_number_is_refused(typed, code, message):
    with pytest.raises(ServiceError) as excinfo:
        clean_paspor(typed)
    assert refusal(excinfo) == ("nomor_paspor", code, message)


# --- Name ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("BUDI SANTOSO", "BUDI SANTOSO"),
        ("budi santoso", "budi santoso"),  # never title-cased
        ("McDonald van der Berg", "McDonald van der Berg"),
        ("Sukarno", "Sukarno"),  # one word
        ("O'Neil", "O'Neil"),
        ("Ma’ruf Amin", "Ma’ruf Amin"),  # typographic apostrophe kept as typed
        ("Siti-Aisyah", "Siti-Aisyah"),
        ("Dr. Budi Santoso, S.Kom., M.T.", "Dr. Budi Santoso, S.Kom., M.T."),
        ("José Ñúñez", "José Ñúñez"),
        ("Jose\u0301", "Jos\u00e9"),  # typed decomposed, stored composed (NFC)
        ("  Budi \t  Santoso\n ", "Budi Santoso"),
        ("Budi\u00a0Santoso", "Budi Santoso"),  # no-break space
        ("Ng" + "a" * 148, "Ng" + "a" * 148),  # 150 characters
    ],
)
def test_name_is_kept_as_typed_with_whitespace_tidied(typed, kept):
    assert clean_nama(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("", "nama_required", "Nama wajib diisi."),
        (" \t ", "nama_required", "Nama wajib diisi."),
        (
            "Budi Santoso 2",
            "nama_digit",
            "Nama tidak boleh berisi angka (ada '2'); tulis nama seperti pada KTP.",
        ),
        (
            "Budi²",
            "nama_digit",
            "Nama tidak boleh berisi angka (ada '²'); tulis nama seperti pada KTP.",
        ),
        (
            "Budi\x00",
            "nama_control",
            "Nama berisi karakter tak terlihat (U+0000); hapus lalu ketik ulang nama Anda.",
        ),
        (
            "Bu\u200bdi",
            "nama_control",
            "Nama berisi karakter tak terlihat (U+200B); hapus lalu ketik ulang nama Anda.",
        ),
        ("Budi 😀", "nama_symbol", None),
        ("Budi ❤\ufe0f", "nama_symbol", None),
        ("Budi\ufe0f", "nama_symbol", None),
        ("budi@lsp", "nama_symbol", None),
        ("Budi/Santoso", "nama_symbol", None),
        ('"Budi"', "nama_symbol", None),
        ("...", "nama_no_letter", "Nama harus berisi huruf."),
        ("- ' ,", "nama_no_letter", "Nama harus berisi huruf."),
        ("N" * 151, "nama_too_long", "Nama paling panjang 150 karakter (Anda mengetik 151)."),
    ],
)
def test_bad_name_is_refused(typed, code, message):
    with pytest.raises(ServiceError) as excinfo:
        clean_nama(typed)
    field, got_code, got_message = refusal(excinfo)
    assert (field, got_code) == ("nama", code)
    if message is not None:
        assert got_message == message


def test_symbol_refusal_names_the_symbol_and_what_is_allowed():
    with pytest.raises(ServiceError) as excinfo:
        clean_nama("Budi 😀")
    assert str(excinfo.value) == (
        "Nama tidak boleh berisi simbol atau emoji (ada '😀'); yang boleh hanya huruf, spasi, "
        "tanda petik ('), tanda hubung (-), titik (.) dan koma (,)."
    )


def test_name_refusal_goes_on_the_field_asked_for():
    with pytest.raises(ServiceError) as excinfo:
        clean_nama("", field="nama_ibu")
    assert refusal(excinfo)[0] == "nama_ibu"


# --- Age -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lahir", "pada", "usia"),
    [
        (date(2000, 5, 12), date(2015, 5, 11), 14),
        (date(2000, 5, 12), date(2015, 5, 12), 15),
        (date(2000, 12, 31), date(2016, 1, 1), 15),
        (date(2008, 2, 29), date(2023, 2, 28), 14),  # no 29 February in 2023 ...
        (date(2008, 2, 29), date(2023, 3, 1), 15),  # ... so the birthday is 1 March
        (date(2008, 2, 29), date(2024, 2, 28), 15),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2000, 1, 31), date(2000, 1, 31), 0),
    ],
)
def test_usia_pada_counts_full_years(lahir, pada, usia):
    assert usia_pada(lahir, pada) == usia


@pytest.mark.parametrize(
    ("lahir", "pada"),
    [
        (date(2011, 3, 10), date(2026, 3, 10)),  # 15th birthday is the application day
        (date(2012, 2, 29), date(2027, 3, 1)),
        (date(1926, 3, 10), date(2026, 3, 10)),  # exactly 100 years
    ],
)
def test_applicant_old_enough_is_accepted_with_the_age(lahir, pada):
    assert check_usia(lahir, pada=pada) == usia_pada(lahir, pada)


def refuse_usia(lahir, pada) -> tuple[str, str]:
    with pytest.raises(ServiceError) as excinfo:
        check_usia(lahir, pada=pada)
    field, code, message = refusal(excinfo)
    assert field == "tanggal_lahir"
    return code, message


@pytest.mark.parametrize(
    ("lahir", "pada"),
    [
        (date(2011, 3, 11), date(2026, 3, 10)),  # one day short of 15
        (date(2012, 2, 29), date(2027, 2, 28)),  # 29 February: 15 only on 1 March 2027
    ],
)
def test_applicant_younger_than_the_minimum_is_refused(lahir, pada):
    assert refuse_usia(lahir, pada) == (
        "usia_minimum",
        "Usia minimum pemohon 15 tahun pada tanggal permohonan; usia Anda 14 tahun.",
    )


def test_minimum_age_comes_from_the_setting(settings):
    assert settings.SERTIFIKASI_USIA_MINIMUM == 15  # the default
    settings.SERTIFIKASI_USIA_MINIMUM = 17
    assert refuse_usia(date(2010, 1, 1), date(2026, 6, 1)) == (
        "usia_minimum",
        "Usia minimum pemohon 17 tahun pada tanggal permohonan; usia Anda 16 tahun.",
    )
    assert check_usia(date(2009, 6, 1), pada=date(2026, 6, 1)) == 17


def test_birth_date_after_the_application_is_refused():
    assert refuse_usia(date(2026, 3, 11), date(2026, 3, 10)) == (
        "usia_future",
        "Tanggal lahir (11-03-2026) sesudah tanggal permohonan (10-03-2026).",
    )


def test_birth_on_the_application_day_is_too_young_not_future():
    assert refuse_usia(date(2026, 3, 10), date(2026, 3, 10))[0] == "usia_minimum"


def test_birth_more_than_100_years_before_is_refused():
    assert refuse_usia(date(1926, 3, 9), date(2026, 3, 10)) == (
        "usia_too_old",
        "Tanggal lahir (09-03-1926) lebih dari 100 tahun sebelum tanggal permohonan; periksa tahunnya.",
    )


# --- Masking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("3201121205903456", "************3456"),
        ("3201 1212 0590 3456", "************3456"),
        ("A1234567", "****4567"),  # passport
        ("AB1234", "**1234"),
        ("12345", "*2345"),
        ("1234", "****"),  # too short to show anything
        ("", ""),
        (None, ""),
    ],
)
def test_samarkan_nik_shows_only_the_last_four(value, shown):
    assert samarkan_nik(value) == shown
