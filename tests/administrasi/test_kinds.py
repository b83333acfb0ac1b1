"""The LSP configures each kind's numbering pattern and retention (SE-A4.5)."""

import pytest
from django.utils import timezone

from administrasi import services
from administrasi.models import JenisDokumen
from akun.models import AuditEntry

pytestmark = pytest.mark.embedded


def test_admin_changes_a_pattern_and_new_numbers_follow_it(client, admin_lsp, issue):
    old = issue()
    client.force_login(admin_lsp)
    response = client.post(
        "/administrasi/jenis/SPT-ASESOR/",
        {
            "nama": "Surat Perintah Tugas Asesor",
            "pola_nomor": "ST.{seq:04d}/LSP-NUS/{bulan}/{tahun}",
            "masa_simpan_tahun": "",
        },
    )
    assert response.status_code == 302
    today = timezone.localdate()
    assert issue().nomor == f"ST.0002/LSP-NUS/{today.month:02d}/{today.year}"
    old.refresh_from_db()
    assert old.nomor.startswith("001/SPT-AS/")  # issued numbers never change


def test_a_pattern_without_sequence_is_refused_in_indonesian(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/administrasi/jenis/SPT-ASESOR/", {"nama": "SPT", "pola_nomor": "SPT/{tahun}"})
    assert "Pola nomor harus memuat nomor urut {seq}." in response.content.decode()
    assert JenisDokumen.objects.get(kode="SPT-ASESOR").pola_nomor.startswith("{seq:03d}")


def test_a_numbered_kind_needs_a_pattern(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/administrasi/jenis/SPT-ASESOR/", {"nama": "SPT", "pola_nomor": ""})
    assert "harus punya pola nomor" in response.content.decode()


def test_retention_years_must_be_sensible(client, admin_lsp):
    client.force_login(admin_lsp)
    response = client.post("/administrasi/jenis/FR.AK.01/", {"nama": "Persetujuan", "masa_simpan_tahun": "0"})
    assert "antara 1 dan 100 tahun" in response.content.decode()


def test_kind_changes_are_audited(client, admin_lsp):
    client.force_login(admin_lsp)
    client.post("/administrasi/jenis/FR.AK.01/", {"nama": "Persetujuan Asesmen", "masa_simpan_tahun": "5"})
    kind = JenisDokumen.objects.get(kode="FR.AK.01")
    entry = AuditEntry.objects.filter(content_type__model="jenisdokumen", object_pk=str(kind.pk)).latest("pk")
    assert entry.actor == admin_lsp and entry.changes["masa_simpan_tahun"] == [None, 5]


def test_the_page_shows_the_next_number(client, admin_lsp):
    client.force_login(admin_lsp)
    html = client.get("/administrasi/jenis/SPT-ASESOR/").content.decode()
    today = timezone.localdate()
    assert f"007/SPT-AS/LSP/{services.ROMAN[today.month - 1]}/{today.year}" in html


def test_superuser_cannot_delete_a_record_in_the_admin(client, final_record):
    """SE-A3.Kb: not even a superuser deletes a retained record, via the admin or its bulk action."""
    from akun.models import User

    root = User.objects.create_superuser("root@uji.lsp.id", "x", nama_lengkap="Root")
    client.force_login(root)
    url = f"/admin-teknis/administrasi/dokumen/{final_record.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(
        "/admin-teknis/administrasi/dokumen/",
        {"action": "delete_selected", "_selected_action": [final_record.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert type(final_record).objects.filter(pk=final_record.pk).exists()


def test_storage_outage_keeps_the_signature_and_the_pdf_follows(issue, sign, ketua, monkeypatch):
    """S3 down while signing: the signature is saved, no error reaches the signer, and the
    sweep stores the PDF when storage is back."""
    from botocore.exceptions import EndpointConnectionError

    from administrasi import tasks
    from administrasi.models import Dokumen
    from administrasi.storage import record_storage

    def down(self, name, content):
        raise EndpointConnectionError(endpoint_url="http://s3.lsp.internal")

    monkeypatch.setattr(type(record_storage()), "_save", down)
    dokumen = issue()
    sign(dokumen, ketua)
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL and not dokumen.pdf
    monkeypatch.undo()
    assert tasks.render_pending_pdfs.delay().get() == 1
    dokumen.refresh_from_db()
    assert dokumen.pdf_sha256


def test_signing_attempts_are_limited(issue, sign, ketua):
    """A stolen session cannot guess the password through the signing form."""
    dokumen = issue()
    for _ in range(10):
        with pytest.raises(services.RecordError, match="salah"):
            sign(dokumen, ketua, secret="tebakan")
    with pytest.raises(services.RecordError, match="Terlalu banyak percobaan tanda tangan"):
        sign(dokumen, ketua)
