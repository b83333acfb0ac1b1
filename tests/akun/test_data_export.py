"""Download my data (UU PDP 27/2022 art. 7-8: access and a copy; X-10): a ZIP of what every
app registered in lsp_portal.personal_data holds about the person signed in."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from administrasi import services as records
from administrasi.models import Dokumen
from akun import privasi
from akun.models import AuditEntry
from lsp_portal import personal_data

from ..conftest import PASSWORD, make_user

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

URL = "/akun/profil/data-saya/"
NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 10:00 WIB


def download(client):
    response = client.post(URL)
    assert response.status_code == 200, response.content[:500]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return response, archive, json.loads(archive.read("data.json").decode("utf-8"))


@pytest.fixture
def signed(django_capture_on_commit_callbacks):
    """signed(subject, signer) → a final SPT about `subject` signed by `signer`, with its PDF."""

    def make(subject, signer):
        dokumen = records.dokumen_issue(
            kode="SPT-ASESOR",
            subject=subject,
            judul=f"Penugasan {subject.nama_lengkap}",
            data={"tugas": "uji"},
            signers={"ketua": signer},
            actor=signer,
        )
        with django_capture_on_commit_callbacks(execute=True):
            records.dokumen_sign(
                dokumen=dokumen, signer=signer, secret=PASSWORD, consent=True, ip="203.0.113.5"
            )
        return Dokumen.objects.get(pk=dokumen.pk)

    return make


def test_page_explains_what_the_download_holds(login, asesi):
    response = login(asesi).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "data.json" in body
    assert "Unduh data saya (ZIP)" in body


def test_profile_links_the_download(login, asesi):
    assert f'href="{reverse("akun:data-saya")}"' in login(asesi).get("/akun/profil/").content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_zip_is_named_by_date_and_holds_pretty_utf8_json(login, asesi):
    """X-10: data-pribadi-<date>.zip with a readable data.json (UTF-8, indented)."""
    asesi.nama_lengkap = "Siti Nurhaliza Ñoño"
    asesi.save()
    with time_machine.travel(NOW, tick=False):
        response, archive, data = download(login(asesi))
    assert response["Content-Type"] == "application/zip"
    assert 'filename="data-pribadi-2026-12-04.zip"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    raw = archive.read("data.json").decode("utf-8")
    assert "Siti Nurhaliza Ñoño" in raw  # not \u-escaped
    assert raw.startswith("{\n  ")
    assert data["pengguna"] == asesi.email
    assert data["dibuat_pada"].startswith("2026-12-04T10:00:00")


def test_account_section_holds_account_roles_consents_and_mfa_flag(login, asesi):
    privasi.persetujuan_beri(
        user=asesi, kebijakan=privasi.kebijakan_terkini(), ip="203.0.113.7", user_agent="Firefox uji"
    )
    _, _, data = download(login(asesi))
    akun = data["bagian"]["akun"]
    assert akun["akun"]["email"] == asesi.email
    assert akun["akun"]["nama_lengkap"] == asesi.nama_lengkap
    assert akun["alamat_email"] == [{"email": asesi.email, "terverifikasi": True, "utama": True}]
    assert akun["peran"] == ["Asesi"]
    assert akun["autentikasi_dua_faktor"] == {"totp_aktif": False, "kode_pemulihan_dibuat": False}
    [consent] = akun["persetujuan_privasi"]
    assert (consent["versi"], consent["alamat_ip"], consent["perangkat"]) == (1, "203.0.113.7", "Firefox uji")


def test_account_activity_lists_own_account_changes_only(login, asesi, asesi_lain):
    """The person's own acts on their account (here: a profile edit) are listed; another
    person's are not."""
    login(asesi_lain).post("/akun/profil/ubah/", {"nama_lengkap": "Orang Lain Sekali", "nomor_hp": ""})
    client = login(asesi)
    client.post("/akun/profil/ubah/", {"nama_lengkap": "Nama Baru Saya", "nomor_hp": ""})
    _, _, data = download(client)
    aktivitas = data["bagian"]["akun"]["aktivitas_akun"]
    assert any(
        e["perubahan"].get("nama_lengkap", [None, None])[1] == "Nama Baru Saya" for e in aktivitas["entri"]
    )
    assert "Orang Lain Sekali" not in json.dumps(data)


def test_record_the_user_signed_is_included_with_its_pdf(login, ketua, asesor, signed):
    """X-10: a final record the person signed: its facts, their signature's evidence, and
    the PDF byte for byte."""
    dokumen = signed(asesor, ketua)
    _, archive, data = download(login(ketua))
    [row] = data["bagian"]["administrasi"]["dokumen"]
    assert (row["jenis"], row["nomor"], row["versi"], row["status"]) == (
        "SPT-ASESOR",
        dokumen.nomor,
        1,
        "Final",
    )
    assert row["tentang_saya"] is False
    assert row["tanda_tangan_saya"][0]["alamat_ip"] == "203.0.113.5"
    assert row["berkas_pdf"] in archive.namelist()
    assert row["berkas_pdf"].startswith("berkas/administrasi/")
    assert data["berkas"]["administrasi"] == [row["berkas_pdf"]]
    with dokumen.pdf.open("rb") as stored:
        assert archive.read(row["berkas_pdf"]) == stored.read()


def test_record_about_the_user_is_included(login, ketua, asesor, signed):
    dokumen = signed(asesor, ketua)
    _, archive, data = download(login(asesor))
    [row] = data["bagian"]["administrasi"]["dokumen"]
    assert (row["nomor"], row["tentang_saya"], row["tanda_tangan_saya"]) == (dokumen.nomor, True, [])
    assert row["berkas_pdf"] in archive.namelist()


def test_another_users_record_is_not_included(login, ketua, asesor, asesor_lain, signed):
    """Only the person's own data: a record someone else signed about someone else is absent."""
    mine = signed(asesor, ketua)
    other_ketua = make_user("ketua.dua@uji.lsp.id", "ketua")
    theirs = signed(asesor_lain, other_ketua)
    _, archive, data = download(login(ketua))
    numbers = [row["nomor"] for row in data["bagian"]["administrasi"]["dokumen"]]
    assert numbers == [mine.nomor]
    assert theirs.nomor not in json.dumps(data)
    assert len([n for n in archive.namelist() if n.startswith("berkas/")]) == 1


def test_a_person_without_records_gets_no_records_section(login, asesi):
    _, archive, data = download(login(asesi))
    assert "administrasi" not in data["bagian"]
    assert archive.namelist() == ["data.json"]


def test_the_export_is_in_the_audit_trail(login, asesi):
    """X-4: who downloaded their data, when and from where."""
    download(login(asesi))
    entry = AuditEntry.objects.get(
        content_type__model="user", object_pk=str(asesi.pk), action=AuditEntry.Action.ACCESS
    )
    assert entry.actor == asesi
    assert entry.additional_data["tindakan"] == "unduh data pribadi"
    assert entry.remote_addr == "127.0.0.1"


def test_more_than_five_downloads_an_hour_are_refused_with_a_message(login, asesi, settings):
    """Rate limit: 5 per hour per person; the 6th gets 429 and says when to try again; the
    window closes on time."""
    # The clock is travelled: a cache that keeps time by Python's clock. Redis expires keys by
    # its own clock (its windows closing on time: tests/akun/test_rate_limits.py).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "export"}
    }
    client = login(asesi)
    with time_machine.travel(NOW, tick=False) as clock:
        for _ in range(privasi.EXPORT_LIMIT):
            download(client)
        refused = client.post(URL)
        assert refused.status_code == 429
        assert refused["Content-Type"].startswith("text/html")
        assert "5 kali dalam satu jam" in refused.content.decode()
        clock.shift(timedelta(hours=1, seconds=1))
        download(client)


def test_limit_is_per_person(login, asesi, asesi_lain):
    client = login(asesi)
    for _ in range(privasi.EXPORT_LIMIT):
        client.post(URL)
    assert client.post(URL).status_code == 429
    download(login(asesi_lain))


# --- the kernel registry -----------------------------------------------------------------


def test_registry_collects_a_section_per_app_with_data(asesi, ketua, asesor, signed):
    signed(asesor, ketua)
    assert [s.name for s in personal_data.collect(ketua)] == ["akun", "administrasi"]
    assert [s.name for s in personal_data.collect(asesi)] == ["akun"]


def test_zip_file_names_cannot_leave_their_folder(tmp_path):
    """A provider's file name is one path inside berkas/<section>/, whatever it holds."""
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    storage.save("a.txt", io.BytesIO(b"isi"))
    section = personal_data.Section(
        name="uji", data={}, files=[("../../etc/passwd", storage, "a.txt"), ("passwd", storage, "a.txt")]
    )
    out = io.BytesIO()
    counts = personal_data.write_zip([section], out, header={})
    names = zipfile.ZipFile(out).namelist()
    assert counts == {"bagian": 1, "berkas": 2}
    assert sorted(names) == ["berkas/uji/etc/passwd", "berkas/uji/passwd", "data.json"]


def test_a_missing_file_is_listed_not_fatal(tmp_path):
    from django.core.files.storage import FileSystemStorage

    section = personal_data.Section(
        name="uji", data={}, files=[("hilang.pdf", FileSystemStorage(location=tmp_path), "tidak-ada.pdf")]
    )
    out = io.BytesIO()
    personal_data.write_zip([section], out, header={})
    data = json.loads(zipfile.ZipFile(out).read("data.json"))
    assert data["berkas_tidak_tersedia"] == {"uji": ["hilang.pdf"]}
