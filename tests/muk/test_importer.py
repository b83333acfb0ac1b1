"""Importing units, elements and KUK from an .xlsx sheet: every row checked, all or nothing
(SE-A4.6)."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from akun.models import AuditEntry
from muk import importer, services
from muk.importer import ImportRefused
from muk.models import KUK, Elemen, UnitKompetensi

from .conftest import XLSX, unit_rows, upload, xlsx_bytes

pytestmark = pytest.mark.embedded


def structure(skema):
    """(unit code, element number, KUK number, KUK text) of every KUK of `skema`, in order."""
    return list(
        KUK.objects.filter(elemen__unit__skema=skema)
        .order_by("elemen__unit__urutan", "elemen__nomor", "urutan")
        .values_list("elemen__unit__kode", "elemen__nomor", "nomor", "teks")
    )


def refused(skema, actor, rows=(), **kwargs) -> list[str]:
    """The errors of a refused import; asserts the scheme's rows did not change."""
    before = structure(skema)
    with pytest.raises(ImportRefused) as e:
        services.skema_import_structure(skema=skema, upload=upload(rows, **kwargs), actor=actor)
    assert structure(skema) == before
    return e.value.errors


# --- the page ----------------------------------------------------------------------------


def test_import_page_replaces_units_elements_and_kuk(client, manajer, skema_with_units):
    """SE-A4.6: a valid sheet replaces the scheme's old structure."""
    rows = unit_rows("J.620100.004.02") + unit_rows("J.620100.005.02", elements=1, kuk=3, judul="UI")
    client.force_login(manajer)
    response = client.post(f"/muk/skema/{skema_with_units.pk}/impor/", {"berkas": upload(rows)})
    assert response.status_code == 302
    assert list(skema_with_units.units.values_list("kode", "urutan")) == [
        ("J.620100.004.02", 1),
        ("J.620100.005.02", 2),
    ]
    assert not UnitKompetensi.objects.filter(kode="J.620100.011.01").exists()
    assert Elemen.objects.filter(unit__skema=skema_with_units).count() == 3
    assert len(structure(skema_with_units)) == 7
    page = client.get(response.url).content.decode()
    assert "Impor berhasil: 2 unit, 3 elemen, 7 KUK." in page


def test_import_page_lists_every_row_error_and_changes_nothing(client, manajer, skema_with_units):
    """SE-A4.6 edge: bad code, KUK not matching its element, duplicate KUK → 'Baris N' each."""
    rows = [
        ("J.620100.004.02", "Struktur Data", "", 1, "Elemen 1", "1.1", "KUK satu."),
        ("J620100.004.02", "Struktur Data", "", 1, "Elemen 1", "1.2", "Kode salah."),
        ("J.620100.004.02", "Struktur Data", "", 1, "Elemen 1", "2.1", "Nomor tidak sesuai elemen."),
        ("J.620100.004.02", "Struktur Data", "", 1, "Elemen 1", "1.1", "Duplikat."),
    ]
    before = structure(skema_with_units)
    client.force_login(manajer)
    html = client.post(f"/muk/skema/{skema_with_units.pk}/impor/", {"berkas": upload(rows)}).content.decode()
    assert "Impor dibatalkan; tidak ada yang diubah." in html
    assert "<li>Baris 3: kode unit &quot;J620100.004.02&quot; tidak valid" in html
    assert "<li>Baris 4: nomor KUK 2.1 tidak sesuai elemen 1" in html
    assert "<li>Baris 5: KUK 1.1 unit J.620100.004.02 sudah ada di baris 2.</li>" in html
    assert structure(skema_with_units) == before
    assert list(skema_with_units.units.values_list("kode", flat=True)) == ["J.620100.011.01"]


def test_a_file_that_is_not_xlsx_is_refused_on_the_page(client, manajer, skema_with_units):
    """SE-A4.6 edge: a PDF renamed .xlsx is refused in Indonesian."""
    client.force_login(manajer)
    fake = upload(content=b"%PDF-1.7 bukan lembar kerja", name="kuk.xlsx")
    html = client.post(f"/muk/skema/{skema_with_units.pk}/impor/", {"berkas": fake}).content.decode()
    assert "Berkas bukan lembar kerja Excel (.xlsx)" in html
    assert skema_with_units.units.count() == 1


def test_the_template_is_a_valid_xlsx_that_imports_once_filled(client, manajer, skema_with_units):
    """SE-A4.6: the downloadable template has the columns; filled in, it imports cleanly."""
    client.force_login(manajer)
    response = client.get("/muk/skema/impor-templat.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == importer.COLUMNS
    assert sheet.max_row == 1  # no example rows to import by mistake
    for row in unit_rows("M.74SPS03.088.2", elements=2, kuk=10):
        sheet.append(row)
    filled = io.BytesIO()
    workbook.save(filled)
    response = client.post(
        f"/muk/skema/{skema_with_units.pk}/impor/", {"berkas": upload(content=filled.getvalue())}
    )
    assert response.status_code == 302
    numbers = [n for _, e, n, _ in structure(skema_with_units) if e == 1]
    assert numbers == [f"1.{k}" for k in range(1, 11)]  # 1.10 after 1.9


def test_import_is_audited_with_the_actor(client, manajer, skema_with_units):
    """SE-A4.6 / X-4: rows removed and created are in the audit trail, by the person."""
    client.force_login(manajer)
    client.post(f"/muk/skema/{skema_with_units.pk}/impor/", {"berkas": upload(unit_rows())})
    created = AuditEntry.objects.filter(content_type__model="kuk", action=AuditEntry.Action.CREATE)
    deleted = AuditEntry.objects.filter(content_type__model="unitkompetensi", action=AuditEntry.Action.DELETE)
    assert {e.actor for e in created.filter(actor=manajer)} == {manajer} and created.filter(
        actor=manajer
    ).count() == 4
    assert [e.actor for e in deleted] == [manajer]


# --- the rules -----------------------------------------------------------------------------


def test_missing_columns_are_named_in_one_error(skema_with_units, ketua):
    """SE-A4.6 edge: a sheet with missing columns; nothing changes."""
    header = ["kode_unit", "judul_unit", "kelompok", "nomor_elemen", "judul_elemen"]
    errors = refused(skema_with_units, ketua, [r[:5] for r in unit_rows()], header=header)
    assert errors == [
        "Kolom wajib tidak ada di baris judul (baris 1): nomor_kuk, teks_kuk. "
        "Unduh templat untuk melihat susunan kolom."
    ]


def test_headers_match_whatever_their_case_and_spaces(skema_with_units, ketua):
    header = [
        " Kode Unit",
        "JUDUL_UNIT",
        "Kelompok",
        "Nomor  Elemen",
        "judul elemen",
        "Nomor_KUK ",
        "Teks KUK",
        "Catatan",
    ]
    rows = [(*r, "abaikan") for r in unit_rows()]
    summary = services.skema_import_structure(
        skema=skema_with_units, upload=upload(rows, header=header), actor=ketua
    )
    assert (summary.units, summary.elemen, summary.kuk) == (1, 2, 4)


def test_empty_required_cells_are_reported_per_row(skema_with_units, ketua):
    rows = unit_rows()
    rows[1] = ("J.620100.004.02", "Menggunakan Struktur Data", "K1", 1, "", "1.2", None)
    assert refused(skema_with_units, ketua, rows) == ["Baris 3: kolom judul_elemen, teks_kuk kosong."]


def test_every_row_is_checked_not_just_the_first_error(skema_with_units, ketua):
    rows = [
        ("X.1", "A", "", 1, "E", "1.1", "t"),
        ("J.620100.004.02", "A", "", "satu", "E", "1.1", "t"),
        ("J.620100.004.02", "A", "", 1, "E", "1", "t"),
        ("J.620100.004.02", "A", "", 2, "E", "1.1", "t"),
    ]
    errors = refused(skema_with_units, ketua, rows)
    assert [e.split(":")[0] for e in errors] == ["Baris 2", "Baris 3", "Baris 4", "Baris 5"]
    assert 'nomor elemen "satu" harus bilangan bulat' in errors[1]
    assert 'nomor KUK "1" harus berbentuk' in errors[2]


def test_the_same_unit_code_with_another_title_is_refused(skema_with_units, ketua):
    rows = unit_rows()
    rows[3] = ("J.620100.004.02", "Judul Lain", "K1", 2, "Elemen 2", "2.2", "KUK.")
    assert refused(skema_with_units, ketua, rows) == [
        'Baris 5: judul unit J.620100.004.02 berbeda dengan baris 2 ("Menggunakan Struktur Data").'
    ]


def test_the_same_element_with_another_title_is_refused(skema_with_units, ketua):
    rows = unit_rows()
    rows[1] = ("J.620100.004.02", "Menggunakan Struktur Data", "K1", 1, "Elemen Satu", "1.2", "KUK.")
    assert refused(skema_with_units, ketua, rows) == [
        'Baris 3: judul elemen 1 unit J.620100.004.02 berbeda dengan baris 2 ("Elemen 1").'
    ]


def test_an_empty_sheet_is_refused(skema_with_units, ketua):
    assert refused(skema_with_units, ketua, []) == ["Lembar tidak berisi baris data di bawah baris judul."]


@pytest.mark.parametrize(
    "name, content",
    [
        ("kuk.xlsx", b"kode_unit;judul_unit\nJ.620100.004.02;x\n"),  # CSV renamed
        ("kuk.xls", None),  # right content, wrong kind of name
        ("kuk.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(skema_with_units, ketua, name, content):
    """SE-A4.6 edge: only real .xlsx workbooks are read."""
    content = content if content is not None else xlsx_bytes(unit_rows())
    errors = refused(skema_with_units, ketua, name=name, content=content)
    assert len(errors) == 1 and errors[0].startswith("Berkas bukan lembar kerja Excel (.xlsx).")


def test_a_zip_that_is_not_a_workbook_is_refused(skema_with_units, ketua):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    errors = refused(skema_with_units, ketua, content=data.getvalue())
    assert errors[0].startswith("Berkas bukan lembar kerja Excel (.xlsx).")


def test_a_file_over_5_mb_is_refused(skema_with_units, ketua):
    errors = refused(skema_with_units, ketua, content=b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    assert errors == ["Berkas lebih dari 5 MB. Pecah lembar KUK atau hapus isi yang tidak perlu."]


def test_a_sheet_over_5000_rows_is_refused(skema_with_units, ketua):
    rows = [("J.620100.004.02", "A", "", 1, "E", f"1.{k}", "t") for k in range(1, 5002)]
    errors = refused(skema_with_units, ketua, rows)
    assert errors == ["Lembar berisi lebih dari 5.000 baris data; batas satu impor 5.000 baris."]


def test_unit_codes_old_and_new_style_are_accepted():
    rows = [
        (2, dict(zip(importer.COLUMNS, ("J.620100.004.02", "A", "", 1, "E", "1.1", "t"), strict=True))),
        (3, dict(zip(importer.COLUMNS, ("M.74SPS03.088.2", "B", "", 1, "E", "1.1", "t"), strict=True))),
        (4, dict(zip(importer.COLUMNS, ("TIK.PR02.001.01", "C", "", 1, "E", "1.1", "t"), strict=True))),
    ]
    assert [u.kode for u in importer.build_structure(rows)] == [
        "J.620100.004.02",
        "M.74SPS03.088.2",
        "TIK.PR02.001.01",
    ]


def test_a_zip_that_expands_beyond_50_mb_is_refused(skema_with_units, ketua):
    """A small upload that would inflate to gigabytes is not opened."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (51 * 1024 * 1024))
    errors = refused(skema_with_units, ketua, content=data.getvalue())
    assert errors == ["Isi berkas terlalu besar setelah diekstrak (lebih dari 50 MB)."]


def test_a_file_over_5_mb_is_refused_on_the_page(client, manajer, skema_with_units):
    client.force_login(manajer)
    big = upload(content=b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), name="besar.xlsx")
    html = client.post(f"/muk/skema/{skema_with_units.pk}/impor/", {"berkas": big}).content.decode()
    assert "Berkas lebih dari 5 MB." in html
    assert skema_with_units.units.count() == 1


def test_a_workbook_with_a_broken_sheet_is_refused(skema_with_units, ketua):
    """A read-only sheet is parsed while its rows are read: XML broken after row 2 is refused."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(unit_rows())))
    sheet = next(n for n in good.namelist() if "worksheets/" in n)
    body = good.read(sheet)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for info in good.infolist():
            broken = body[: body.index(b'<row r="3"')] + b'<row r="3"><c'
            archive.writestr(info, broken if info.filename == sheet else good.read(info.filename))
    errors = refused(skema_with_units, ketua, content=data.getvalue())
    assert errors == [importer.UNREADABLE]
