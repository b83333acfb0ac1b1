"""A certificate after issue (issue 13 item 6; SE-A4.12, X-1): suspension, its lifting and
revocation by the Ketua with a reason (audited, the holder told, revocation final), expiry by
date with no job, and the BNSP registration number: shown at once, printed by a corrected
version of the record that the Ketua signs again.

The world: decision.sk_issued once per module (the demo candidate's certificate drafted for
the Ketua, in the module's demo transaction); `cert` signs it per test (the certificate in the
register), `draft` leaves it unsigned. Imported certificates (the older register) are made
with the model, as sertifikat_impor makes them (test_sertifikat_impor.py tests that service).
"""

import datetime as dt
import subprocess

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from administrasi import services as records
from administrasi.models import Dokumen
from akun.models import AuditEntry
from lsp_portal.models import Notifikasi
from lsp_portal.seal import verify_seal
from lsp_portal.status import labelled_history
from sertifikasi import services
from sertifikasi.models import Sertifikat
from sertifikasi.services import JourneyError
from sertifikasi.services.pleno import sk_documents
from tests.conftest import clear_own_cache

from .conftest import DEMO_PASSWORD
from .decision import certificate_of, sk_issued

pytestmark = [pytest.mark.django_db]

St = Sertifikat.Status
REG = "62010 2433 0001 2026"


# --- the world -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _issued(_demo_seeded, django_db_blocker):
    """decision.sk_issued once per module: the SK and asesi's certificate wait for the Ketua."""
    from .conftest import _demo_objects

    with django_db_blocker.unblock():
        pleno, p_k, _ = sk_issued(_demo_objects())
    return pleno.pk, p_k.pk


def sign(demo, dokumen_id):
    clear_own_cache()
    records.dokumen_sign(
        dokumen=Dokumen.objects.get(pk=dokumen_id), signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True
    )


@pytest.fixture
def draft(demo, _issued):
    """The demo candidate's certificate, drafted and not yet signed."""
    return certificate_of(_issued[1])


@pytest.fixture
def cert(demo, _issued):
    """The certificate signed by the Ketua with the SK (the records engine's signature; the
    batch act runs by Celery and has its own tests): issued, in the register."""
    from sertifikasi.models import Pleno

    for pk in sk_documents(Pleno.objects.get(pk=_issued[0])):
        sign(demo, pk)
    s = certificate_of(_issued[1])
    assert s.terbit and s.dokumen.status == Dokumen.Status.FINAL
    return s


def imported(demo, nomor="LAMA/0001/2021", **over) -> Sertifikat:
    skema = demo["skema"]
    values = {
        "nama": "Rina Lestari",
        "nik": "3273015505950009",
        "skema": skema,
        "skema_kode": skema.kode,
        "skema_judul": skema.judul,
        "nomor": nomor,
        "tanggal_terbit": dt.date(2024, 3, 1),
        "berlaku_sampai": dt.date(2027, 3, 1),
        "terbit": True,
        "sumber": Sertifikat.Sumber.IMPOR,
        **over,
    }
    return Sertifikat.objects.create(**values)


def pdf_text(dokumen: Dokumen) -> str:
    assert records.dokumen_render_pdf(dokumen_id=dokumen.pk)
    dokumen.refresh_from_db()
    content = dokumen.pdf.read()
    assert verify_seal(content).ok
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def status_set(demo, s, status, alasan="Bukti kecurangan asesmen ditemukan dalam audit.", actor=None):
    return services.sertifikat_status_set(
        sertifikat=s, status=status, alasan=alasan, actor=actor or demo["ketua"]
    )


# --- status (X-1) ----------------------------------------------------------------------------


def test_suspension_records_reason_actor_history_and_tells_the_holder(demo, cert):
    """X-1: the Ketua suspends with a reason: status, reason, who and when on the certificate,
    a history row with the reason, an audit entry, and the holder is told."""
    s = status_set(demo, cert, St.DIBEKUKAN, alasan="Pemegang sedang diperiksa atas pengaduan.")

    s.refresh_from_db()
    assert (s.status, s.alasan_status) == (St.DIBEKUKAN, "Pemegang sedang diperiksa atas pengaduan.")
    assert s.status_diubah_oleh == demo["ketua"] and s.status_diubah_pada is not None
    assert s.status_efektif() == St.DIBEKUKAN and s.status_badge.label == "Dibekukan"
    assert not Sertifikat.objects.berlaku().filter(pk=s.pk).exists()
    [h] = labelled_history(s)
    assert (h.dari, h.ke, h.actor, h.note) == (
        "Masih berlaku",
        "Dibekukan",
        demo["ketua"],
        "Pemegang sedang diperiksa atas pengaduan.",
    )
    assert AuditEntry.objects.filter(
        content_type__model="sertifikat", object_pk=str(s.pk), changes__has_key="alasan_status"
    ).exists()
    note = Notifikasi.objects.get(penerima=demo["asesi"], judul="Sertifikat Anda dibekukan")
    assert "Pemegang sedang diperiksa" in note.pesan and note.url == s.get_absolute_url()


def test_a_suspension_is_lifted_with_a_reason_and_the_certificate_counts_again(demo, cert):
    """X-1: only a suspension can be lifted; the certificate is valid again."""
    status_set(demo, cert, St.DIBEKUKAN)
    s = status_set(demo, cert, St.AKTIF, alasan="Pengaduan tidak terbukti.")

    assert s.status == St.AKTIF and s.alasan_status == "Pengaduan tidak terbukti."
    assert Sertifikat.objects.berlaku().filter(pk=s.pk).exists()
    assert [h.ke for h in labelled_history(s)] == ["Dibekukan", "Masih berlaku"]
    assert Notifikasi.objects.filter(penerima=demo["asesi"], judul="Sertifikat Anda berlaku kembali").exists()


def test_a_revocation_without_reason_is_refused_in_indonesian(demo, cert):
    """X-1 bad input: a revocation without reason refused, nothing saved."""
    for alasan in ("", "   "):
        with pytest.raises(JourneyError) as e:
            status_set(demo, cert, St.DICABUT, alasan=alasan)
        assert "Alasan pencabutan wajib diisi" in str(e.value)
        assert e.value.field == "alasan"
    cert.refresh_from_db()
    assert cert.status == St.AKTIF
    assert labelled_history(cert) == []


def test_a_revoked_certificate_is_never_lifted_nor_changed(demo, cert):
    """X-1: revocation is final: neither lifted nor suspended afterwards."""
    status_set(demo, cert, St.DICABUT)
    for target in (St.AKTIF, St.DIBEKUKAN, St.DICABUT):
        with pytest.raises(JourneyError, match="Pencabutan bersifat final"):
            status_set(demo, cert, target, alasan="Mohon dipulihkan.")
    cert.refresh_from_db()
    assert cert.status == St.DICABUT and cert.status_efektif() == St.DICABUT
    assert Notifikasi.objects.filter(penerima=demo["asesi"], judul="Sertifikat Anda dicabut").count() == 1


def test_a_suspended_certificate_can_be_revoked(demo, cert):
    status_set(demo, cert, St.DIBEKUKAN)
    s = status_set(demo, cert, St.DICABUT, alasan="Pemeriksaan membuktikan pemalsuan bukti.")
    assert s.status == St.DICABUT and s.alasan_status == "Pemeriksaan membuktikan pemalsuan bukti."


@pytest.mark.parametrize("persona", ["admin", "manajer", "komite", "asesi", "asesor"])
def test_only_the_revoke_right_changes_a_status(demo, persona):
    """X-1: an authorised role only (revoke_sertifikat: the Ketua); the Admin LSP and the
    Manajer, who manage the register, do not revoke."""
    s = imported(demo)
    with pytest.raises(JourneyError, match="Hanya pemegang hak membekukan dan mencabut"):
        status_set(demo, s, St.DICABUT, actor=demo[persona])
    s.refresh_from_db()
    assert s.status == St.AKTIF


def test_a_repeat_or_a_lift_of_an_active_certificate_is_refused(demo):
    s = imported(demo)
    with pytest.raises(JourneyError, match="tidak sedang dibekukan"):
        status_set(demo, s, St.AKTIF)
    status_set(demo, s, St.DIBEKUKAN)
    with pytest.raises(JourneyError, match="sudah dibekukan"):
        status_set(demo, s, St.DIBEKUKAN)
    with pytest.raises(JourneyError, match="Pilih tindakan"):
        status_set(demo, s, "kedaluwarsa")
    assert len(labelled_history(s)) == 1


def test_a_certificate_not_yet_signed_keeps_its_status(demo, draft):
    with pytest.raises(JourneyError, match="belum terbit"):
        status_set(demo, draft, St.DIBEKUKAN)


def test_a_draft_certificate_is_never_downloaded_even_by_staff(demo, draft, client):
    """Only the final record's sealed PDF is offered: a certificate the Ketua has not signed
    is neither in the holder's list nor downloadable by staff, who see it in the register."""
    from django.urls import reverse

    assert services.downloadable(draft) is None
    client.force_login(demo["ketua"])
    assert client.get(reverse("sertifikasi:sertifikat", args=[draft.pk])).status_code == 200
    assert client.get(reverse("sertifikasi:sertifikat-unduh", args=[draft.pk])).status_code == 404
    client.force_login(demo["asesi"])
    assert client.get(reverse("sertifikasi:sertifikat", args=[draft.pk])).status_code == 404
    assert draft.nomor not in client.get(reverse("sertifikasi:sertifikat-saya")).content.decode()


def test_an_imported_holder_without_account_is_suspended_without_notification(demo):
    s = status_set(demo, imported(demo), St.DIBEKUKAN)
    assert s.status == St.DIBEKUKAN
    assert not Notifikasi.objects.filter(judul="Sertifikat Anda dibekukan").exists()


# --- expiry: a date, no job (SE-A4.12 edge) --------------------------------------------------


def test_expired_by_date_with_no_job(demo, cert):
    """SE-A4.12: an expired certificate is never shown as valid; nothing runs for it."""
    end = cert.berlaku_sampai
    with time_machine.travel(dt.datetime.combine(end, dt.time(12), tzinfo=timezone.get_current_timezone())):
        assert cert.status_efektif() == St.AKTIF
        assert Sertifikat.objects.berlaku().filter(pk=cert.pk).exists()
    after = end + dt.timedelta(days=1)
    with time_machine.travel(
        dt.datetime.combine(after, dt.time(0, 1), tzinfo=timezone.get_current_timezone())
    ):
        cert.refresh_from_db()
        assert cert.status == St.AKTIF  # stored status untouched: no job moved it
        assert cert.status_efektif() == Sertifikat.KEDALUWARSA
        assert cert.status_badge.label == "Kedaluwarsa"
        assert not Sertifikat.objects.berlaku().filter(pk=cert.pk).exists()
        assert not services.ulang_available(cert)


def test_recertification_offered_within_six_months_of_the_end(demo, cert):
    end = cert.berlaku_sampai
    assert not services.ulang_available(cert, end - dt.timedelta(days=200))
    assert services.ulang_available(cert, end - dt.timedelta(days=150))
    assert services.ulang_available(cert, end)
    status_set(demo, cert, St.DIBEKUKAN)
    cert.refresh_from_db()
    assert not services.ulang_available(cert, end)


# --- the BNSP registration number -------------------------------------------------------------


def registrasi(demo, s, nomor=REG, actor=None):
    return services.sertifikat_registrasi_set(
        sertifikat=s, nomor_registrasi=nomor, actor=actor or demo["admin"]
    )


def test_registration_number_shows_at_once_and_drafts_a_corrected_record(demo, cert):
    """SE-A4.12: the register shows the number at once; the record gets version 2 with it,
    waiting for the Ketua; version 1 stays in force until then."""
    v1 = cert.dokumen
    s = registrasi(demo, cert, "  62010  2433 0001   2026 ")

    s.refresh_from_db()
    assert s.nomor_registrasi == REG
    assert s.dokumen_id == v1.pk
    v2 = Dokumen.objects.get(seri=v1.seri, versi=2)
    assert v2.status == Dokumen.Status.DRAFT and v2.nomor == v1.nomor == s.nomor
    assert v2.data["pemegang"]["nomor_registrasi"] == REG
    assert v2.data["tautan_publik"] == s.get_public_url()
    assert [t.penandatangan for t in v2.tanda_tangan.all()] == [demo["ketua"]]
    assert Notifikasi.objects.filter(
        penerima=demo["ketua"], judul="Koreksi sertifikat menunggu tanda tangan", url=v2.get_absolute_url()
    ).exists()


def test_the_ketua_signature_moves_the_certificate_to_the_pdf_with_the_number(demo, cert):
    """SE-A4.12, FLOW §2: once signed, the certificate's record is version 2 and its sealed
    PDF prints the registration number; version 1 is superseded, both kept."""
    v1 = cert.dokumen
    before = pdf_text(v1)
    assert REG not in before
    registrasi(demo, cert)
    v2 = Dokumen.objects.get(seri=v1.seri, versi=2)
    sign(demo, v2.pk)

    cert.refresh_from_db()
    v1.refresh_from_db()
    assert cert.dokumen_id == v2.pk and v1.status == Dokumen.Status.SUPERSEDED
    text = pdf_text(Dokumen.objects.get(pk=v2.pk))
    assert f"Nomor registrasi: {REG}" in text and cert.nomor in text and cert.nama in text
    assert services.downloadable(cert).pk == v2.pk


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "wajib diisi"),
        ("REG-ABC", "sekurang-kurangnya 8 angka"),
        ("62010*2433 0001 2026", "hanya boleh berisi huruf, angka"),
        ('=HYPERLINK("x") 12345678', "hanya boleh berisi huruf, angka"),
        ("1" * 61, "paling panjang 60 karakter"),
        (6201024330001, "tersimpan sebagai angka"),
    ],
)
def test_a_malformed_registration_number_is_refused(demo, cert, value, message):
    with pytest.raises(JourneyError, match=message) as e:
        registrasi(demo, cert, value)
    assert e.value.field == "nomor_registrasi"
    cert.refresh_from_db()
    assert (
        cert.nomor_registrasi == "" and not Dokumen.objects.filter(seri=cert.dokumen.seri, versi=2).exists()
    )


def test_a_registration_number_of_another_certificate_is_refused(demo, cert):
    """SE-A4.12: one registration number, one certificate (compared without case); the
    database refuses it too."""
    other = imported(demo, nomor_registrasi="REG 6201 0243 3000")
    with pytest.raises(JourneyError, match=f"sudah tercatat pada sertifikat {other.nomor}"):
        registrasi(demo, cert, "reg 6201 0243 3000")
    cert.refresh_from_db()
    assert cert.nomor_registrasi == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        imported(demo, nomor="LAMA/0002/2021", nomor_registrasi="REG 6201 0243 3000")


def test_the_same_number_again_is_a_no_op(demo, cert):
    registrasi(demo, cert)
    registrasi(demo, cert)
    assert Dokumen.objects.filter(seri=cert.dokumen.seri).count() == 2


def test_a_new_number_replaces_the_unsigned_correction(demo, cert):
    """A typo fixed before the Ketua signed: the unsigned correction is withdrawn (voided,
    kept) and the next version carries the new number."""
    registrasi(demo, cert, "62010 2433 0001 2025")
    registrasi(demo, cert)
    versions = {d.versi: d for d in Dokumen.objects.filter(seri=cert.dokumen.seri)}
    assert versions[2].status == Dokumen.Status.VOID
    assert versions[3].status == Dokumen.Status.DRAFT
    assert versions[3].data["pemegang"]["nomor_registrasi"] == REG
    cert.refresh_from_db()
    assert cert.nomor_registrasi == REG


def test_another_pending_correction_refuses_the_number(demo, cert):
    """One change at a time: a correction of someone else waiting for signatures is not
    thrown away; the records engine's reason is shown."""
    records.dokumen_correct(
        dokumen=cert.dokumen, data=cert.dokumen.data, alasan="Ejaan nama diperbaiki.", actor=demo["admin"]
    )
    with pytest.raises(JourneyError, match="masih menunggu tanda tangan"):
        registrasi(demo, cert)
    cert.refresh_from_db()
    assert cert.nomor_registrasi == ""


def test_an_unsigned_certificate_gets_no_number_yet(demo, draft):
    with pytest.raises(JourneyError, match="belum ditandatangani Ketua LSP"):
        registrasi(demo, draft)
    draft.refresh_from_db()
    assert draft.nomor_registrasi == ""


def test_an_imported_certificate_stores_the_number_only(demo):
    s = registrasi(demo, imported(demo))
    s.refresh_from_db()
    assert s.nomor_registrasi == REG and s.dokumen_id is None


def test_a_revoked_certificate_gets_no_number(demo):
    s = imported(demo)
    status_set(demo, s, St.DICABUT)
    with pytest.raises(JourneyError, match="sudah dicabut"):
        registrasi(demo, s)


@pytest.mark.parametrize("persona", ["komite", "asesi", "asesor"])
def test_only_the_register_managers_record_a_number(demo, persona):
    s = imported(demo)
    with pytest.raises(JourneyError, match="tidak berwenang"):
        registrasi(demo, s, actor=demo[persona])
