"""The staff register of certificates (issue 13 item 7; SE-A4.12, X-1, X-10): filters by a
fragment of name or number, scheme, effective status, issue year and batch; counts per
status; the .xlsx export of the filtered rows; NIK masked unless the user verifies
applications.

Register rows are created directly (Sertifikat rows of the older register, `sumber` impor,
bulk-created for the volume test): the list reads the register and does not care how a row
got there."""

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sertifikasi import register
from sertifikasi.identitas import samarkan_nik
from sertifikasi.models import Jadwal, Sertifikat

from .conftest import NIK_L, NIK_P, make_jadwal

pytestmark = [pytest.mark.django_db]

LIST = reverse("sertifikasi:sertifikat-list")
EKSPOR = reverse("sertifikasi:sertifikat-ekspor")
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def row(skema, n, **over) -> Sertifikat:
    values = {
        "nama": f"Pemegang Nomor {n:04d}",
        "nik": f"3273015505{n:06d}",
        "skema": skema,
        "skema_kode": skema.kode,
        "skema_judul": skema.judul,
        "nomor": f"{n:05d}/SERT/LSP/2025",
        "nomor_registrasi": f"KOM.1234.{n:05d} 2025",
        "tanggal_terbit": dt.date(2025, 1, 10),
        "berlaku_sampai": dt.date(2028, 1, 10),
        "terbit": True,
        "sumber": Sertifikat.Sumber.IMPOR,
        **over,
    }
    return Sertifikat(**values)


def make(skema, n, **over) -> Sertifikat:
    s = row(skema, n, **over)
    s.save()
    return s


@pytest.fixture
def register_rows(demo):
    """Six certificates, one per case: valid (2025, batch), valid (2024), expired, suspended,
    revoked, draft."""
    skema = demo["skema"]
    jadwal = make_jadwal(demo)
    return {
        "berlaku": make(skema, 1, nama="Sari Wulandari", nik=NIK_P, jadwal=jadwal),
        "lama": make(skema, 2, nama="Budi Santoso", nik=NIK_L, tanggal_terbit=dt.date(2024, 3, 1)),
        "kedaluwarsa": make(
            skema,
            3,
            nama="Citra Kedaluwarsa",
            tanggal_terbit=dt.date(2022, 1, 1),
            berlaku_sampai=dt.date(2025, 1, 1),
        ),
        "dibekukan": make(
            skema,
            4,
            nama="Dodi Dibekukan",
            status="dibekukan",
            alasan_status="Diperiksa.",
            status_diubah_pada=NOW,
        ),
        "dicabut": make(
            skema, 5, nama='=HYPERLINK("http://x")', status="dicabut", alasan_status="+Pelanggaran kode etik."
        ),
        "draf": make(skema, 6, nama="Eka Draf", terbit=False, nomor_registrasi=""),
        "jadwal": jadwal,
    }


def names(response) -> set[str]:
    return {s.nama for s in response.context["page"]}


def test_the_register_lists_every_certificate_with_counts_per_status(client, demo, register_rows):
    """SE-A4.12: drafts too; the counts per effective status of the listed rows."""
    client.force_login(demo["admin"])
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 6
    assert response.context["counts"] == {
        "total": 6,
        "aktif": 2,
        "kedaluwarsa": 1,
        "dibekukan": 1,
        "dicabut": 1,
        "belum_terbit": 1,
    }
    html = response.content.decode()
    assert "6 sertifikat: 2 masih berlaku, 1 kedaluwarsa, 1 dibekukan, 1 dicabut, 1 belum terbit." in html
    badges = {s.nama: s.status_badge.label for s in response.context["page"]}
    assert badges["Citra Kedaluwarsa"] == "Kedaluwarsa" and badges["Eka Draf"] == "Belum terbit"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "wulan"}, {"Sari Wulandari"}),
        ({"q": "00002/sert"}, {"Budi Santoso"}),
        ({"q": "kom.1234.00004"}, {"Dodi Dibekukan"}),
        ({"status": "aktif"}, {"Sari Wulandari", "Budi Santoso"}),
        ({"status": "kedaluwarsa"}, {"Citra Kedaluwarsa"}),
        ({"status": "dibekukan"}, {"Dodi Dibekukan"}),
        ({"status": "dicabut"}, {'=HYPERLINK("http://x")'}),
        ({"status": "belum_terbit"}, {"Eka Draf"}),
        ({"tahun": 2024}, {"Budi Santoso"}),
        ({"tahun": 2025, "status": "aktif"}, {"Sari Wulandari"}),
    ],
)
def test_the_register_filters(client, demo, register_rows, params, expected):
    client.force_login(demo["admin"])
    assert names(client.get(LIST, params)) == expected


def test_the_register_filters_by_batch_and_scheme(client, demo, register_rows):
    client.force_login(demo["manajer"])
    assert names(client.get(LIST, {"jadwal": register_rows["jadwal"].pk})) == {"Sari Wulandari"}
    assert len(names(client.get(LIST, {"skema": demo["skema"].pk}))) == 6
    form = client.get(LIST).context["form"]
    assert list(form.fields["jadwal"].queryset) == [register_rows["jadwal"]]  # batches with a certificate


def test_counts_follow_the_filters_but_not_the_status(client, demo, register_rows):
    client.force_login(demo["admin"])
    response = client.get(LIST, {"tahun": 2025, "status": "dibekukan"})
    assert response.context["counts"]["total"] == 4  # 2025: berlaku, dibekukan, dicabut, draf
    assert response.context["page"].paginator.count == 1


def test_nik_is_whole_for_a_verifier_and_found_whole(client, demo, register_rows):
    """X-10: who verifies applications sees and searches the whole NIK."""
    client.force_login(demo["admin"])
    html = client.get(LIST).content.decode()
    assert NIK_P in html
    assert names(client.get(LIST, {"q": NIK_L})) == {"Budi Santoso"}


def test_nik_is_masked_for_staff_who_do_not_verify(client, demo, register_rows):
    """X-10: the Komite Teknis sees the register with the NIK masked and cannot search by it."""
    client.force_login(demo["komite"])
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert NIK_P not in html and samarkan_nik(NIK_P) in html
    assert "NIK/paspor (disamarkan)" in html
    assert names(client.get(LIST, {"q": NIK_L})) == set()
    assert "Unduh .xlsx" not in html  # the export is for manage_sertifikat


def test_the_auditor_reads_the_register_but_not_the_export(client, demo, register_rows):
    client.force_login(demo["auditor"])
    assert client.get(LIST).status_code == 200
    assert client.get(EKSPOR).status_code == 403


def test_applicants_and_the_public_do_not_reach_the_register(client, demo, register_rows):
    assert client.get(LIST).status_code == 302
    client.force_login(demo["asesi"])
    assert client.get(LIST).status_code == 403
    assert client.get(EKSPOR).status_code == 403


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="register-sertifikat-20260615.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Register"]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_the_export_holds_the_filtered_rows_read_back(client, demo, register_rows):
    """The .xlsx holds exactly the list's rows, in its order, with effective statuses and
    dates as dates; the NIK whole for a verifier."""
    client.force_login(demo["admin"])
    header, rows = _sheet(client.get(EKSPOR, {"tahun": 2025, "status": "aktif"}))
    assert header == tuple(title for title, _ in register.EKSPOR_KOLOM)
    assert rows == [
        (
            1,
            "Sari Wulandari",
            NIK_P,
            demo["skema"].kode,
            demo["skema"].judul,
            "00001/SERT/LSP/2025",
            "KOM.1234.00001 2025",
            dt.datetime(2025, 1, 10),
            dt.datetime(2028, 1, 10),
            "Masih berlaku",
            None,
            None,
            register_rows["jadwal"].nama,
            "Impor register lama",
        )
    ]


def test_the_export_of_everything_labels_each_status_and_cannot_run_formulas(client, demo, register_rows):
    client.force_login(demo["admin"])
    _, rows = _sheet(client.get(EKSPOR))
    by_number = {r[5]: r for r in rows}
    assert len(rows) == 6 and [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert {r[9] for r in rows} == {"Masih berlaku", "Kedaluwarsa", "Dibekukan", "Dicabut", "Belum terbit"}
    revoked = by_number["00005/SERT/LSP/2025"]
    assert revoked[1] == '\'=HYPERLINK("http://x")' and revoked[11] == "'+Pelanggaran kode etik."
    suspended = by_number["00004/SERT/LSP/2025"]
    assert suspended[9] == "Dibekukan" and suspended[10] == dt.datetime(2026, 6, 15, 10, 0)


def test_the_export_masks_the_nik_for_a_manager_without_the_verify_right(client, demo, register_rows):
    """X-10 holds in the file too: manage_sertifikat without verify_permohonan gets masks."""
    from akun.models import Role

    admin_role = Role.objects.get(code="admin_lsp")
    right = admin_role.group.permissions.get(codename="verify_permohonan")
    admin_role.group.permissions.remove(right)
    client.force_login(demo["admin"])
    _, rows = _sheet(client.get(EKSPOR, {"q": "wulan"}))
    assert rows[0][2] == samarkan_nik(NIK_P)


def test_an_export_past_the_limit_is_refused_with_the_reason(client, demo, register_rows, monkeypatch):
    monkeypatch.setattr(register, "EKSPOR_MAKS", 3)
    client.force_login(demo["admin"])
    response = client.get(EKSPOR, {"tahun": "2025"}, follow=True)
    assert response.redirect_chain == [(f"{LIST}?tahun=2025", 302)]
    html = response.content.decode()
    assert "Terlalu banyak untuk satu berkas: 4 sertifikat (paling banyak 3)" in html
    assert _sheet(client.get(EKSPOR, {"tahun": "2024"}))[1][0][1] == "Budi Santoso"


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params or {}).status_code == 200
    return len(captured)


def test_the_register_costs_the_same_queries_at_5_and_50_certificates(client, demo):
    """Issue 13 speed: the staff register's queries do not grow with it (counts, batches and
    the page each one query)."""
    skema = demo["skema"]
    jadwal = make_jadwal(demo)
    Sertifikat.objects.bulk_create([row(skema, n, jadwal=jadwal) for n in range(1, 6)])
    client.force_login(demo["admin"])
    params = {"q": "pemegang", "status": "aktif", "jadwal": jadwal.pk, "tahun": 2025}
    small = (_queries(client), _queries(client, params))
    Sertifikat.objects.bulk_create([row(skema, n, jadwal=jadwal) for n in range(6, 51)])
    assert Jadwal.objects.count() >= 1
    large = (_queries(client), _queries(client, params))
    assert small == large
    assert client.get(LIST).context["page"].paginator.count == 50
