"""Collective registration from an .xlsx sheet (issue 11 item 4, SE-A4.8a, SE-E3, X-10):
the template, the all-or-nothing import with a report per row and column, invitations with a
working set-password link, reused accounts, refused files, who may import."""

import datetime as dt
import html
import io
import re

from django.contrib.auth.hashers import is_password_usable
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from akun.models import Role, User
from lsp_portal.models import Notifikasi
from sertifikasi import services
from sertifikasi.models import Permohonan
from sertifikasi.services.impor import IMPOR_MAX_ROWS
from tests.hostile_files import valid_pdf

IMPOR = reverse("sertifikasi:impor")
TEMPLAT = reverse("sertifikasi:impor-templat")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_PASSWORD = "Sandi#Peserta2026x"
KEYS = [c.key for c in services.impor.COLUMNS]


def make_nik(lahir: dt.date, jenis_kelamin: str, *, prefix="327301", serial="0001") -> str:
    day = lahir.day + (40 if jenis_kelamin == "P" else 0)
    return f"{prefix}{day:02d}{lahir.month:02d}{lahir.year % 100:02d}{serial}"


def peserta(nama, email, lahir, jk, **over):
    row = {
        "nama": nama,
        "nik": make_nik(lahir, jk),
        "tempat_lahir": "Bandung",
        "tanggal_lahir": lahir,
        "jenis_kelamin": jk,
        "email": email,
        "nomor_hp": "081311112222",
        "alamat": "Jl. Asia Afrika No. 1, Bandung",
        "pendidikan": "s1",
        "pekerjaan_institusi": "PT Kode Nusantara",
        "pekerjaan_jabatan": "Pemrogram",
    }
    row.update(over)
    return row


def filled(rows, template: bytes | None = None) -> bytes:
    """`rows` ({column key: value}) written under the example row of the downloaded template
    (or of a bare sheet with the template's headers)."""
    if template is not None:
        workbook = load_workbook(io.BytesIO(template))
        sheet = workbook[services.impor.SHEET_TITLE]
        start = 3
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.append([c.judul for c in services.impor.COLUMNS])
        start = 2
    for offset, row in enumerate(rows):
        for column, key in enumerate(KEYS, start=1):
            sheet.cell(start + offset, column, row.get(key))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def post(client, demo, content: bytes, *, name="peserta.xlsx", mode="tatap_muka", tujuan="sertifikasi"):
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    data = {"skema": demo["skema"].pk, "mode": mode, "tujuan": tujuan, "tujuan_lainnya": "", "berkas": upload}
    return client.post(IMPOR, data)


def link_path(body: str, prefix: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S*)", body).group(1)


def test_template_downloads_and_import_creates_accounts_drafts_and_invitations(
    client, demo, django_capture_on_commit_callbacks
):
    """SE-A4.8a, X-10: three filled rows of the downloaded template (the example row left in)
    become three new accounts (no usable password, verified e-mail, role Asesi), three draft
    applications with the rows' data, and three Indonesian invitations whose link sets a
    password."""
    client.force_login(demo["admin"])
    response = client.get(TEMPLAT)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="templat-impor-peserta.xlsx"' in response["Content-Disposition"]
    template = response.content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Peserta"]
    assert [c.value for c in sheet[1]][:2] == ["Nama lengkap sesuai KTP", "NIK"]
    assert sheet["B3"].number_format == "@" and sheet["G3"].number_format == "@"  # NIK, nomor HP as text
    guide = [str(c.value) for row in workbook["Petunjuk"].iter_rows() for c in row if c.value]
    assert "s1" in guide and "Sarjana (S1)" in guide and "d4" in guide

    rows = [
        peserta("Ahmad Fauzi", "ahmad@peserta.id", dt.date(1990, 3, 4), "L"),  # a real date cell
        peserta("Dewi Kartika", "Dewi@Peserta.id", dt.date(1988, 12, 25), "P", tanggal_lahir="25-12-1988"),
        peserta(
            "Yohana O'Neil",
            "yohana@peserta.id",
            dt.date(2000, 1, 31),
            "P",
            tanggal_lahir="31/01/2000",
            nomor_hp="0215551234",
            pendidikan="d3",
            pekerjaan_institusi=None,
            pekerjaan_jabatan=None,
        ),
    ]
    before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, demo, filled(rows, template))

    assert response.status_code == 302 and response["Location"] == IMPOR
    assertContains(client.get(IMPOR), "3 peserta didaftarkan")
    assert User.objects.count() == before + 3
    assert not User.objects.filter(email="siti.contoh@example.com").exists()  # the example row
    asesi_group = Role.objects.get(code=Role.Code.ASESI).group
    apps = {p.email: p for p in Permohonan.objects.select_related("asesi").filter(skema=demo["skema"])}
    assert set(apps) == {"ahmad@peserta.id", "dewi@peserta.id", "yohana@peserta.id"}
    for p in apps.values():
        assert p.status == Permohonan.Status.DRAFT and p.asesi.email == p.email
        assert not is_password_usable(p.asesi.password)
        assert p.asesi.emailaddress_set.get().verified
        assert p.asesi.groups.filter(pk=asesi_group.pk).exists()
    dewi = apps["dewi@peserta.id"]
    assert (dewi.nama, dewi.nik, dewi.tanggal_lahir, dewi.jenis_kelamin) == (
        "Dewi Kartika",
        make_nik(dt.date(1988, 12, 25), "P"),
        dt.date(1988, 12, 25),
        "P",
    )
    assert (dewi.mode, dewi.tujuan, dewi.pendidikan, dewi.pekerjaan_institusi) == (
        "tatap_muka",
        "sertifikasi",
        "s1",
        "PT Kode Nusantara",
    )
    yohana = apps["yohana@peserta.id"]
    assert (yohana.nama, yohana.tanggal_lahir, yohana.nomor_hp, yohana.pendidikan) == (
        "Yohana O'Neil",
        dt.date(2000, 1, 31),
        "0215551234",
        "d3",
    )
    assert yohana.asesi.nomor_hp == ""  # a landline is not an account's mobile number
    assert apps["ahmad@peserta.id"].tanggal_lahir == dt.date(1990, 3, 4)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(apps)
    message = next(m for m in mail.outbox if m.to == ["dewi@peserta.id"])
    assert demo["skema"].judul in message.subject
    assert "Buat kata sandi" in message.body and demo["skema"].kode in message.body
    assert "unggah bukti persyaratan dasar" in message.body
    assert link_path(message.body, dewi.get_absolute_url()) == dewi.get_absolute_url()

    invitee = Client()
    form_url = invitee.get(link_path(message.body, "/akun/password/reset/key/"))["Location"]
    response = invitee.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    dewi.asesi.refresh_from_db()
    assert dewi.asesi.check_password(NEW_PASSWORD)
    response = invitee.post(reverse("account_login"), {"login": "dewi@peserta.id", "password": NEW_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in invitee.session


def test_bad_rows_refuse_the_whole_import_with_a_report_per_row_and_column(client, demo):
    """SE-A4.8a, X-10: a NIK with an impossible date, a NIK twice in the sheet, a bad e-mail,
    an under-age candidate: nothing is created and the report names each row and column (on
    the page and as an .xlsx). A refused import costs the same queries for 2 or 6 rows."""
    client.force_login(demo["manajer"])
    template = client.get(TEMPLAT).content
    young = dt.date(timezone.localdate().year - 10, 1, 1)
    rows = [
        peserta("Ahmad Fauzi", "ahmad@peserta.id", dt.date(1990, 3, 4), "L"),  # row 3: fine
        peserta("Bayu Aji", "bayu@peserta.id", dt.date(1990, 3, 4), "L", nik="3273013203900001"),  # row 4
        peserta("Candra Wijaya", "candra@peserta.id", dt.date(1990, 3, 4), "L"),  # row 5: NIK of row 3
        peserta("Dewi Kartika", "dewi@@peserta", dt.date(1988, 12, 25), "P"),  # row 6
        peserta("Eka Putri", "eka@peserta.id", young, "P"),  # row 7: under 15
        peserta("Fajar & Rekan", "fajar@peserta.id", dt.date(1991, 6, 7), "L"),  # row 8
    ]
    users, apps = User.objects.count(), Permohonan.objects.count()

    response = post(client, demo, filled(rows, template))

    assert response.status_code == 200
    assert (User.objects.count(), Permohonan.objects.count(), len(mail.outbox)) == (users, apps, 0)
    assertContains(response, "Impor dibatalkan; tidak ada yang didaftarkan")
    report = report_rows(response)
    assert [r[:2] for r in report] == [
        ["4", "NIK"],
        ["5", "NIK"],
        ["6", "Email"],
        ["7", "Tanggal lahir (DD-MM-YYYY)"],
        ["8", "Nama lengkap sesuai KTP"],
    ]
    assert "Tanggal lahir pada NIK" in report[0][2] and "tidak mungkin" in report[0][2]
    assert report[1][2] == "NIK sama dengan baris 3."
    assert "Alamat email tidak valid" in report[2][2]
    assert "Usia minimum pemohon 15 tahun" in report[3][2]
    assert "simbol" in report[4][2]

    download = client.get(IMPOR + "?laporan=xlsx")
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(download.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("Baris", "Kolom", "Kesalahan")
    assert [line[:2] for line in lines[1:]] == [
        (4, "NIK"),
        (5, "NIK"),
        (6, "Email"),
        (7, "Tanggal lahir (DD-MM-YYYY)"),
        (8, "Nama lengkap sesuai KTP"),
    ]

    def queries(count):
        bad = [
            peserta(f"Peserta {chr(65 + i)}", f"p{i}@@peserta.id", dt.date(1990, 3, 4), "L")
            for i in range(count)
        ]
        content = filled(bad)
        with CaptureQueriesContext(connection) as captured:
            assert post(client, demo, content).status_code == 200
        return len(captured)

    assert queries(2) == queries(6)


def report_rows(response) -> list[list[str]]:
    """The cells of the error report table on the page."""
    table = response.content.decode().split('id="kesalahan-impor"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_report_cells_cannot_run_as_formulas():
    """A report value starting with = + - @ is written as text with an apostrophe (formula
    injection), never as a formula."""
    errors = [services.RowError(3, "Nama", "=1+1"), services.RowError(4, "@SUM(A1)", "-2+3")]
    sheet = load_workbook(io.BytesIO(services.impor_report_workbook(errors))).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row[1:]]
    assert [c.value for c in cells] == ["Nama", "'=1+1", "'@SUM(A1)", "'-2+3"]
    assert {c.data_type for c in cells} == {"s"}


def test_files_that_are_not_a_small_xlsx_are_refused(client, demo):
    """A PDF renamed .xlsx, a zip that is not a workbook, a file over 2 MB, a sheet over 500
    rows, a sheet without the template's columns: refused with a clear message, nothing made."""
    import zipfile

    client.force_login(demo["ketua"])
    users, apps = User.objects.count(), Permohonan.objects.count()

    response = post(client, demo, valid_pdf(), name="peserta.xlsx")
    assertContains(response, "Berkas bukan lembar kerja Excel (.xlsx)")

    not_workbook = io.BytesIO()
    with zipfile.ZipFile(not_workbook, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assertContains(post(client, demo, not_workbook.getvalue()), "Berkas bukan lembar kerja Excel (.xlsx)")

    good = filled([peserta("Ahmad Fauzi", "ahmad@peserta.id", dt.date(1990, 3, 4), "L")])
    assertContains(post(client, demo, good, name="peserta.csv"), "Berkas bukan lembar kerja Excel (.xlsx)")

    big = good + b"\0" * (2 * 1024 * 1024)
    assertContains(post(client, demo, big), "Berkas lebih dari 2 MB")

    many = [
        peserta("Peserta Banyak", f"p{i}@peserta.id", dt.date(1990, 3, 4), "L", nik=f"3273010403{i:06d}")
        for i in range(IMPOR_MAX_ROWS + 1)
    ]
    assertContains(post(client, demo, filled(many)), f"lebih dari {IMPOR_MAX_ROWS} baris peserta")

    workbook = Workbook()
    workbook.active.append(["nama", "email"])
    workbook.active.append(["Ahmad", "ahmad@peserta.id"])
    out = io.BytesIO()
    workbook.save(out)
    response = post(client, demo, out.getvalue())
    assertContains(response, "Kolom wajib tidak ada di baris judul")
    assertContains(response, "Tanggal lahir (DD-MM-YYYY)")

    assert (User.objects.count(), Permohonan.objects.count()) == (users, apps)


def test_existing_account_is_reused_and_one_with_an_open_application_is_refused(
    client, demo, django_capture_on_commit_callbacks
):
    """SE-A4.8a: an e-mail that already has an account uses that account (its password kept;
    told by a notification, not invited); importing it again for the scheme, or a NIK that
    has an open application for it, is refused."""
    client.force_login(demo["admin"])
    budi = demo["asesi2"]
    lahir = dt.date(1990, 11, 2)
    rows = [
        peserta("Budi Santoso", budi.email.upper(), lahir, "L", nik="3171010211900002"),
        peserta("Ahmad Fauzi", "ahmad@peserta.id", dt.date(1990, 3, 4), "L"),
    ]
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, demo, filled(rows))
    assert response.status_code == 302
    assert User.objects.count() == users + 1
    p = Permohonan.objects.get(asesi=budi, skema=demo["skema"])
    assert (p.status, p.nik, p.email) == (Permohonan.Status.DRAFT, "3171010211900002", budi.email)
    budi.refresh_from_db()
    assert budi.check_password("Demo#LSP2026")
    notice = Notifikasi.objects.get(penerima=budi)
    assert notice.url == p.get_absolute_url() and demo["skema"].kode in notice.judul
    invitations = [m for m in mail.outbox if "Undangan" in m.subject]
    assert [m.to for m in invitations] == [["ahmad@peserta.id"]]
    assert any(m.to == [budi.email] and "Buat kata sandi" not in m.body for m in mail.outbox)

    again = [
        peserta("Budi Santoso", budi.email, lahir, "L", nik="3171010211900002"),
        peserta("Ahmad Fauzi", "lain@peserta.id", dt.date(1990, 3, 4), "L"),
    ]
    response = post(client, demo, filled(again))
    assert response.status_code == 200
    assertContains(response, "NIK ini sudah memiliki permohonan yang masih berjalan")
    assertContains(response, "Akun dengan email ini sudah memiliki permohonan yang masih berjalan")
    assert User.objects.count() == users + 1
    assert not User.objects.filter(email="lain@peserta.id").exists()


def test_remote_mode_is_refused_for_a_scheme_without_bnsp_approval(client, demo):
    """SE-E3: jarak jauh only for a scheme with BNSP remote approval; the refusal is on the
    mode field and nothing is made."""
    from muk.services import skema_set_remote_approval

    skema_set_remote_approval(skema=demo["skema"], disetujui=False, actor=demo["ketua"])
    client.force_login(demo["admin"])
    content = filled([peserta("Ahmad Fauzi", "ahmad@peserta.id", dt.date(1990, 3, 4), "L")])

    response = post(client, demo, content, mode="jarak_jauh")

    assert response.status_code == 200
    assert "belum disetujui BNSP untuk asesmen jarak jauh" in " ".join(
        response.context["form"].errors["mode"]
    )
    assert not Permohonan.objects.exists()


def test_only_admin_manajer_and_ketua_may_import(client, demo):
    """SE-A4.4: the import and its template are for staff who verify applications or manage
    batches; applicants, assessors and other staff get 403, anonymous users the login page.
    The service refuses such an actor too."""
    import pytest

    assert client.get(IMPOR).status_code == 302
    for name in ("asesi", "asesor", "komite", "ti"):
        client.force_login(demo[name])
        assert client.get(IMPOR).status_code == 403, name
        assert client.get(TEMPLAT).status_code == 403, name
    for name in ("admin", "manajer", "ketua"):
        client.force_login(demo[name])
        response = client.get(IMPOR)
        assert response.status_code == 200, name
        assertContains(response, TEMPLAT)
        assertNotContains(response, "Impor dibatalkan")
        assert client.get(TEMPLAT).status_code == 200, name
    content = filled([peserta("Ahmad Fauzi", "ahmad@peserta.id", dt.date(1990, 3, 4), "L")])
    with pytest.raises(services.JourneyError):
        services.impor_peserta(
            skema=demo["skema"],
            mode="tatap_muka",
            tujuan="sertifikasi",
            upload=SimpleUploadedFile("p.xlsx", content),
            actor=demo["asesor"],
        )
