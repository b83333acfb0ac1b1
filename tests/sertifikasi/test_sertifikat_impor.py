"""The certificate imports (issue 13 item 6; SE-A4.12): the registration numbers BNSP returns
(nomor sertifikat -> nomor registrasi) and the LSP's older register, each from an .xlsx sheet
with its template. SE-A4.12 edge: a bad row is rejected on its own, named by its row with
the reasons; the good rows are applied.

Certificates to number are imported ones (made with the model) and, for the corrected
record, the demo candidate's certificate signed by decision.sk_signed in the one test that needs it."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from administrasi.models import Dokumen
from lsp_portal.models import Notifikasi
from sertifikasi import services
from sertifikasi.models import Sertifikat
from sertifikasi.services import ImportRefused, JourneyError
from sertifikasi.services.sertifikat_impor import REGISTRASI_COLUMNS, SERTIFIKAT_COLUMNS

from .conftest import NIK_L, NIK_P
from .decision import certificate_of, sk_signed

pytestmark = [pytest.mark.django_db]

St = Sertifikat.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(header, rows, name="data.xlsx", title=None):
    workbook = Workbook()
    ws = workbook.active
    if title:
        ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


def imported(demo, nomor, **over):
    skema = demo["skema"]
    values = {
        "nama": "Rina Lestari",
        "nik": "3273015505950009",
        "skema": skema,
        "skema_kode": skema.kode,
        "skema_judul": skema.judul,
        "nomor": nomor,
        "tanggal_terbit": dt.date(2022, 3, 1),
        "berlaku_sampai": dt.date(2025, 3, 1),
        "terbit": True,
        "sumber": Sertifikat.Sumber.IMPOR,
        **over,
    }
    return Sertifikat.objects.create(**values)


def filled(ws) -> list[tuple]:
    """The rows with a value (the templates format the empty rows below as text or dates)."""
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def where(errors):
    """{row: [message, ...]} of a result's RowErrors."""
    found = {}
    for e in errors:
        found.setdefault(e.baris, []).append(f"{e.kolom}: {e.pesan}")
    return found


# --- the registration numbers BNSP returns --------------------------------------------------------

REG_HEADER = ["Nomor sertifikat", "Nomor registrasi BNSP"]


def test_good_registration_rows_are_applied_and_bad_rows_named(demo):
    """SE-A4.12 edge: unknown certificate, malformed number, a number twice in the sheet and
    one another certificate holds are rejected per row; the rest are applied, the system
    certificate's record corrected for the Ketua, who is told once."""
    _, p_k, _ = sk_signed(demo)
    cert = certificate_of(p_k)
    a = imported(demo, "LAMA/0001/2022")
    b = imported(demo, "LAMA/0002/2022")
    imported(demo, "LAMA/0003/2022", nomor_registrasi="REG 1111 2222 3333")
    upload = sheet(
        REG_HEADER,
        [
            [a.nomor, "REG 0001 2022 0001"],  # 2: applied
            ["TIDAK/ADA/1", "REG 0001 2022 0002"],  # 3: unknown certificate
            [b.nomor, "abc"],  # 4: malformed
            [cert.nomor, "62010 2433 0001 2026"],  # 5: applied, record corrected
            [b.nomor, "REG 0001 2022 0001"],  # 6: same number as row 2
            [b.nomor, "reg 1111 2222 3333"],  # 7: held by LAMA/0003/2022
            [b.nomor, None],  # 8: no number yet: skipped
        ],
    )
    result = services.registrasi_impor(upload=upload, actor=demo["admin"])

    assert [s.nomor for s in result.diterapkan] == [a.nomor, cert.nomor]
    errors = where(result.errors)
    assert sorted(errors) == [3, 4, 6, 7]
    assert "Tidak ada sertifikat bernomor TIDAK/ADA/1" in errors[3][0]
    assert errors[4] == [
        "Nomor registrasi BNSP: Nomor registrasi BNSP berisi sekurang-kurangnya 8 angka, "
        "misalnya 62010 2433 0001 2026."
    ]
    assert "sama dengan baris 2" in errors[6][0]
    assert "sudah tercatat pada sertifikat LAMA/0003/2022" in errors[7][0]
    a.refresh_from_db()
    b.refresh_from_db()
    cert.refresh_from_db()
    assert (a.nomor_registrasi, b.nomor_registrasi) == ("REG 0001 2022 0001", "")
    assert cert.nomor_registrasi == "62010 2433 0001 2026"
    v2 = Dokumen.objects.get(seri=cert.dokumen.seri, versi=2)
    assert v2.status == Dokumen.Status.DRAFT
    assert v2.data["pemegang"]["nomor_registrasi"] == "62010 2433 0001 2026"
    assert (
        Notifikasi.objects.filter(
            penerima=demo["ketua"], judul="Koreksi sertifikat menunggu tanda tangan"
        ).count()
        == 1
    )


def test_the_same_registration_sheet_again_applies_nothing_new(demo):
    a = imported(demo, "LAMA/0001/2022")
    rows = [[a.nomor, "REG 0001 2022 0001"]]
    services.registrasi_impor(upload=sheet(REG_HEADER, rows), actor=demo["admin"])
    again = services.registrasi_impor(upload=sheet(REG_HEADER, rows), actor=demo["admin"])
    assert (again.diterapkan, again.sama, again.errors) == ([], 1, [])


def test_a_bnsp_sheet_with_its_own_headings_and_extra_columns_is_read(demo):
    a = imported(demo, "LAMA/0001/2022")
    upload = sheet(
        ["No", "Nama", "No. Sertifikat", "No. Registrasi"], [[1, a.nama, a.nomor, "REG 0001 2022 0001"]]
    )
    result = services.registrasi_impor(upload=upload, actor=demo["admin"])
    assert [s.pk for s in result.diterapkan] == [a.pk] and result.errors == []


def test_a_registration_sheet_refused_as_a_whole(demo):
    with pytest.raises(ImportRefused, match="Kolom wajib tidak ada"):
        services.registrasi_impor(upload=sheet(["Nomor sertifikat"], [["X"]]), actor=demo["admin"])
    fake = SimpleUploadedFile("data.xlsx", b"%PDF-1.4 not a sheet", content_type=XLSX)
    with pytest.raises(ImportRefused, match="bukan lembar kerja Excel"):
        services.registrasi_impor(upload=fake, actor=demo["admin"])
    with pytest.raises(JourneyError, match="tidak berwenang"):
        services.registrasi_impor(
            upload=sheet(REG_HEADER, [["X", "REG 0001 2022 0001"]]), actor=demo["komite"]
        )


def test_the_registration_template_lists_certificates_without_a_number(demo, client):
    waiting = imported(demo, "LAMA/0001/2022")
    imported(demo, "LAMA/0002/2022", nomor_registrasi="REG 0001 2022 0009")
    imported(demo, "LAMA/0003/2022", status=St.DICABUT, alasan_status="Dicabut.")
    client.force_login(demo["admin"])
    response = client.get(reverse("sertifikasi:sertifikat-registrasi-templat"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(response.content))["Registrasi"]
    rows = filled(ws)
    assert list(rows[0]) == [c.judul for c in REGISTRASI_COLUMNS]
    assert [r[0] for r in rows[1:]] == [waiting.nomor]
    assert ws["B2"].number_format == "@"


def test_the_registration_import_page_lists_rejected_rows_and_their_report(demo, client):
    a = imported(demo, "LAMA/0001/2022")
    client.force_login(demo["admin"])
    upload = sheet(REG_HEADER, [[a.nomor, "REG 0001 2022 0001"], ["TIDAK/ADA", "REG 0001 2022 0002"]])
    response = client.post(reverse("sertifikasi:sertifikat-registrasi-impor"), {"berkas": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 nomor registrasi dicatat" in html and "1 baris ditolak" in html
    assert "Tidak ada sertifikat bernomor TIDAK/ADA" in html
    report = client.get(reverse("sertifikasi:sertifikat-registrasi-impor") + "?laporan=xlsx")
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == 3 and "TIDAK/ADA" in rows[1][2]


# --- the older register -------------------------------------------------------------------------

HEADER = [c.judul for c in SERTIFIKAT_COLUMNS]


def row(demo, nomor, **over):
    values = {
        "nama": "Sari Wulandari",
        "nik": NIK_P,
        "skema": demo["skema"].kode,
        "nomor": nomor,
        "nomor_registrasi": "",
        "tanggal_terbit": "15-03-2021",
        "berlaku_sampai": "",
        "status": "",
        "alasan": "",
        **over,
    }
    return [values[c.key] for c in SERTIFIKAT_COLUMNS]


def test_the_older_register_adds_good_rows_and_rejects_bad_rows_with_reasons(demo):
    """SE-A4.12: older certificates importable; unknown scheme, bad date, duplicate number
    (in the sheet or the register), a revocation without reason each rejected by row."""
    imported(demo, "LAMA/ADA/2019")
    upload = sheet(
        HEADER,
        [
            row(demo, "LAMA/0001/2021"),  # 2: good, validity from the scheme
            row(demo, "LAMA/0002/2021", skema="SKM/TIDAK/ADA"),  # 3: unknown scheme
            row(demo, "LAMA/0003/2021", tanggal_terbit="31-02-2021"),  # 4: not a date
            row(demo, "LAMA/0001/2021", nik=NIK_L, nama="Budi Santoso"),  # 5: same number as row 2
            row(demo, "LAMA/ADA/2019"),  # 6: already in the register
            row(demo, "LAMA/0006/2021", status="dicabut"),  # 7: revoked without reason
            row(
                demo,
                "LAMA/0007/2021",
                nama="Budi Santoso",
                nik=NIK_L,
                tanggal_terbit=dt.datetime(2020, 1, 10),
                berlaku_sampai="10-01-2023",
                status="dibekukan",
                alasan="Pengaduan pengguna jasa.",
                nomor_registrasi="REG 0007 2020 0001",
            ),  # 8: good, suspended, a date cell
            row(demo, "LAMA/0008/2021", tanggal_terbit="2021/03/15", nik="123"),  # 9: bad date and NIK
            row(demo, "LAMA/0009/2021", tanggal_terbit="15-03-2099"),  # 10: issued in the future
            row(demo, "LAMA/0010/2021", berlaku_sampai="01-01-2021"),  # 11: ends before issue
        ],
    )
    result = services.sertifikat_impor(upload=upload, actor=demo["admin"])

    assert [s.nomor for s in result.dibuat] == ["LAMA/0001/2021", "LAMA/0007/2021"]
    errors = where(result.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 9, 10, 11]
    assert errors[3] == [
        "Kode skema: Kode skema SKM/TIDAK/ADA tidak ada di daftar skema LSP. Periksa penulisannya, atau "
        "tambahkan skemanya lebih dahulu di aplikasi Skema."
    ]
    assert "Tanggal terbit 31-02-2021 tidak ada di kalender" in errors[4][0]
    assert "sama dengan baris 2" in errors[5][0]
    assert "LAMA/ADA/2019 sudah ada di register" in errors[6][0]
    assert errors[7] == ["Alasan status: Alasan wajib diisi untuk status dicabut."]
    assert len(errors[9]) == 2 and any("NIK harus 16 angka" in m for m in errors[9])
    assert any("DD-MM-YYYY" in m for m in errors[9])
    assert "setelah hari ini" in errors[10][0]
    assert "harus setelah tanggal terbit" in errors[11][0]

    good = Sertifikat.objects.get(nomor="LAMA/0001/2021")
    assert (good.sumber, good.terbit, good.dokumen_id, good.status) == ("impor", True, None, St.AKTIF)
    assert (good.tanggal_terbit, good.berlaku_sampai) == (dt.date(2021, 3, 15), dt.date(2024, 3, 15))
    assert (good.skema, good.skema_kode, good.nik) == (demo["skema"], demo["skema"].kode, NIK_P)
    suspended = Sertifikat.objects.get(nomor="LAMA/0007/2021")
    assert (suspended.status, suspended.alasan_status) == (St.DIBEKUKAN, "Pengaduan pengguna jasa.")
    assert (
        suspended.status_diubah_oleh == demo["admin"] and suspended.nomor_registrasi == "REG 0007 2020 0001"
    )
    assert suspended.status_efektif() == St.DIBEKUKAN


def test_importing_the_same_register_again_adds_nothing(demo):
    rows = [row(demo, "LAMA/0001/2021")]
    services.sertifikat_impor(upload=sheet(HEADER, rows), actor=demo["admin"])
    again = services.sertifikat_impor(upload=sheet(HEADER, rows), actor=demo["admin"])
    assert again.dibuat == [] and "sudah ada di register" in again.errors[0].pesan
    assert Sertifikat.objects.filter(nomor="LAMA/0001/2021").count() == 1


def test_an_expired_row_is_expired_by_date(demo):
    """'kedaluwarsa' is derived, accepted only when the date has passed; stored as aktif."""
    rows = [
        row(demo, "LAMA/0001/2018", tanggal_terbit="01-02-2018", status="Kedaluwarsa"),
        row(demo, "LAMA/0002/2024", tanggal_terbit="01-02-2024", status="kedaluwarsa"),
    ]
    result = services.sertifikat_impor(upload=sheet(HEADER, rows), actor=demo["admin"])
    [s] = result.dibuat
    assert s.status == St.AKTIF and s.status_efektif() == Sertifikat.KEDALUWARSA
    assert "kedaluwarsa dihitung dari tanggal" in result.errors[0].pesan and result.errors[0].baris == 3


def test_a_row_is_linked_to_the_account_whose_application_carries_its_nik(demo):
    """The holder sees their imported certificate: one account's signed application has the NIK."""
    from .conftest import submitted

    submitted(demo)  # asesi's application with NIK_P, signed and submitted
    result = services.sertifikat_impor(
        upload=sheet(HEADER, [row(demo, "LAMA/0001/2021"), row(demo, "LAMA/0002/2021", nik=NIK_L)]),
        actor=demo["admin"],
    )
    assert result.ditautkan == 1
    linked = {s.nomor: s.pemegang for s in result.dibuat}
    assert linked == {"LAMA/0001/2021": demo["asesi"], "LAMA/0002/2021": None}
    assert [s.nomor for s in services.sertifikat_saya(demo["asesi"])] == ["LAMA/0001/2021"]


def test_the_older_register_import_needs_the_manage_right(demo):
    with pytest.raises(JourneyError, match="tidak berwenang"):
        services.sertifikat_impor(upload=sheet(HEADER, [row(demo, "X/1")]), actor=demo["komite"])


def test_the_register_template_has_the_columns_an_example_and_the_scheme_codes(demo, client):
    client.force_login(demo["manajer"])
    response = client.get(reverse("sertifikasi:sertifikat-impor-templat"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    rows = filled(workbook["Sertifikat"])
    assert list(rows[0]) == HEADER and len(rows) == 2
    guide = [r[0] for r in workbook["Petunjuk"].iter_rows(values_only=True)]
    assert demo["skema"].kode in guide
    # The template filled and uploaded as it is imports nothing (the example row is left out).
    out = io.BytesIO(response.content)
    upload = SimpleUploadedFile("templat.xlsx", out.getvalue(), content_type=XLSX)
    with pytest.raises(ImportRefused, match="tidak berisi baris sertifikat"):
        services.sertifikat_impor(upload=upload, actor=demo["manajer"])


def test_the_register_import_page_reports_added_and_rejected_rows(demo, client):
    client.force_login(demo["admin"])
    upload = sheet(HEADER, [row(demo, "LAMA/0001/2021"), row(demo, "LAMA/0002/2021", skema="SKM/X")])
    response = client.post(reverse("sertifikasi:sertifikat-impor"), {"berkas": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 sertifikat ditambahkan ke register" in html and "1 baris ditolak" in html
    assert "Kode skema SKM/X tidak ada" in html
    assert Sertifikat.objects.filter(nomor="LAMA/0001/2021").exists()


def test_an_all_good_register_import_redirects_with_a_message(demo, client):
    client.force_login(demo["admin"])
    upload = sheet(HEADER, [row(demo, "LAMA/0001/2021")])
    response = client.post(reverse("sertifikasi:sertifikat-impor"), {"berkas": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("sertifikasi:sertifikat-impor")
    assert "1 sertifikat ditambahkan ke register" in response.content.decode()


def test_a_file_that_is_not_a_sheet_is_refused_on_the_page(demo, client):
    client.force_login(demo["admin"])
    fake = SimpleUploadedFile("register.xlsx", b"%PDF-1.4 bukan lembar", content_type=XLSX)
    response = client.post(reverse("sertifikasi:sertifikat-impor"), {"berkas": fake})
    assert response.status_code == 200 and "bukan lembar kerja Excel" in response.content.decode()
    assert not Sertifikat.objects.exists()
