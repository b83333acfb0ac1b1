"""Records engine: numbering, signatures, final PDFs, corrections (SE-A4.5, X-11)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from administrasi import services
from administrasi.models import Dokumen, JenisDokumen, TandaTangan
from lsp_portal.seal import verify_seal

from ..conftest import PASSWORD
from .conftest import MONTHS

pytestmark = pytest.mark.embedded


# --- numbering --------------------------------------------------------------------------


def test_numbers_follow_the_kinds_pattern_with_roman_month(issue):
    """SE-A4.5: {seq:03d}/SPT-AS/LSP/{bulan_romawi}/{tahun}."""
    today = timezone.localdate()
    roman = services.ROMAN[today.month - 1]
    first, second = issue(), issue()
    assert first.nomor == f"001/SPT-AS/LSP/{roman}/{today.year}"
    assert second.nomor == f"002/SPT-AS/LSP/{roman}/{today.year}"


def test_each_kind_counts_on_its_own(issue, ketua):
    issue("SPT-ASESOR")
    sk = issue("SK-KOMITE-TEKNIS")
    assert sk.urut == 1


def test_a_failed_issue_leaves_no_gap(issue, ketua, asesor):
    """SE-A4.5: the number is taken in the issuing transaction and given back with it."""
    issue()
    with pytest.raises(services.RecordError):
        issue(signers={"ketua": ketua, "asesor": asesor})  # an extra signer: refused
    assert issue().urut == 2
    assert services.last_number("SPT-ASESOR", timezone.localdate().year) == 2


def test_unnumbered_kinds_get_no_number(issue, asesi, asesor):
    dokumen = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    assert (dokumen.nomor, dokumen.urut) == ("", None)


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("SPT/{tahun}", "harus memuat nomor urut"),
        ("{seq}/{bulan_romawi}/{kota}", "tidak dikenal: kota"),
        ("{seq:03d}/{tahun", "tidak valid"),
    ],
)
def test_bad_numbering_patterns_are_refused_in_indonesian(pattern, message):
    with pytest.raises(services.RecordError, match=message):
        services.validate_pattern(pattern)


def test_numbering_restarts_each_year(issue):
    jenis = JenisDokumen.objects.get(kode="SPT-ASESOR")
    services.number_take(jenis=jenis, when=dt.date(2025, 12, 31))
    year, seq, nomor = services.number_take(jenis=jenis, when=dt.date(2026, 1, 2))
    assert (year, seq, nomor) == (2026, 1, "001/SPT-AS/LSP/I/2026")


# --- issuing and signing ----------------------------------------------------------------


def test_wrong_signers_are_refused_and_nothing_is_created(issue, asesi):
    before = Dokumen.objects.count()
    with pytest.raises(services.RecordError, match="Kurang: asesor"):
        issue("FR.AK.01", subject=asesi, signers={"asesi": asesi})
    assert Dokumen.objects.count() == before


def test_signers_sign_in_the_kinds_order(issue, sign, asesi, asesor):
    """X-11: FR.AK.01 is signed by the asesi, then the asesor (FORMS.md)."""
    dokumen = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    with pytest.raises(services.RecordError, match="Menunggu tanda tangan Asesi"):
        sign(dokumen, asesor)
    sign(dokumen, asesi)
    assert Dokumen.objects.get(pk=dokumen.pk).status == Dokumen.Status.DRAFT
    sign(dokumen, asesor)
    assert Dokumen.objects.get(pk=dokumen.pk).status == Dokumen.Status.FINAL


def test_signature_keeps_who_when_where_and_what(issue, sign, ketua):
    """X-11 (UU ITE art. 11): signer, role, time, IP, user agent, hash of what was signed."""
    dokumen = issue()
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):  # the time is the signing's, not the clock's
        sign(dokumen, ketua)
    row = TandaTangan.objects.get(dokumen=dokumen)
    assert (row.penandatangan, row.label, row.ip, row.user_agent) == (
        ketua,
        "Ketua/Direktur LSP",
        "203.0.113.5",
        "pytest",
    )
    assert row.metode == TandaTangan.Metode.PASSWORD
    assert row.hash_ditandatangani == services.signed_content_hash(dokumen)
    assert "UU ITE" in row.persetujuan
    assert row.ditandatangani_pada == moment


def test_wrong_password_signs_nothing(issue, sign, ketua):
    dokumen = issue()
    with pytest.raises(services.RecordError, match="Kata sandi atau kode autentikator salah"):
        sign(dokumen, ketua, secret="salah")
    assert not TandaTangan.objects.get(dokumen=dokumen).sudah


def test_signing_without_consent_is_refused(issue, sign, ketua):
    dokumen = issue()
    with pytest.raises(services.RecordError, match="pernyataan persetujuan"):
        sign(dokumen, ketua, consent=False)
    assert not TandaTangan.objects.get(dokumen=dokumen).sudah


def test_someone_who_is_not_a_party_cannot_sign(issue, sign, admin_lsp):
    with pytest.raises(services.RecordError, match="bukan penandatangan"):
        sign(issue(), admin_lsp)


def test_signing_twice_is_refused(issue, sign, asesi, asesor):
    dokumen = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    sign(dokumen, asesi)
    with pytest.raises(services.RecordError, match="sudah menandatangani"):
        sign(dokumen, asesi)


def test_a_final_record_is_read_only(final_record, sign, ketua):
    with pytest.raises(services.RecordError, match="berstatus final"):
        sign(final_record, ketua)


def test_totp_code_signs_too(issue, sign, ketua):
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(ketua, secret)
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    assert Authenticator.objects.filter(user=ketua).exists() and get_adapter()
    dokumen = issue()
    sign(dokumen, ketua, secret=code)
    assert TandaTangan.objects.get(dokumen=dokumen).metode == TandaTangan.Metode.TOTP


def test_a_drawn_signature_must_be_a_real_png(issue, sign, ketua):
    with pytest.raises(services.RecordError, match="rusak atau bukan gambar"):
        sign(issue(), ketua, gambar="data:image/png;base64,bm90IGEgcG5n")


def test_a_drawn_signature_is_kept(issue, sign, ketua):
    import base64
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    image = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    dokumen = issue()
    sign(dokumen, ketua, gambar=image)
    assert TandaTangan.objects.get(dokumen=dokumen).gambar == image


# --- the PDF ------------------------------------------------------------------------------


def test_final_record_gets_a_sealed_pdf_with_its_hash(final_record):
    """X-11: every final PDF carries the LSP's PAdES seal; the stored hash is the file's."""
    content = final_record.pdf.read()
    assert content.startswith(b"%PDF-")
    assert services.sha256_hex(content) == final_record.pdf_sha256
    check = verify_seal(content)
    assert check.ok, check


def test_rendering_twice_keeps_one_pdf(final_record):
    name, digest = final_record.pdf.name, final_record.pdf_sha256
    assert services.dokumen_render_pdf(dokumen_id=final_record.pk) is False
    final_record.refresh_from_db()
    assert (final_record.pdf.name, final_record.pdf_sha256) == (name, digest)


def test_one_changed_byte_breaks_the_seal(final_record):
    """X-11 edge: 1 byte changed is rejected."""
    content = bytearray(final_record.pdf.read())
    content[len(content) // 3] ^= 0x01
    assert not verify_seal(bytes(content)).ok


def pdf_text(content: bytes) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_pdf_shows_kind_number_indonesian_date_signer_and_verification_code(final_record, ketua):
    text = pdf_text(final_record.pdf.read())
    assert "Surat Perintah Tugas Asesor" in text
    assert final_record.nomor in text
    assert MONTHS[timezone.localdate(final_record.diterbitkan_pada).month - 1] in text
    assert ketua.nama_lengkap in text and "Ditandatangani elektronik" in text
    # The code, not the token: a token may wrap at a "-" that pdftotext then drops (issue 10 item 22).
    assert final_record.kode_verifikasi in " ".join(text.split())
    assert "Halaman 1 dari 1" in text


def test_no_signers_means_final_at_once(issue, django_capture_on_commit_callbacks, ketua):
    with django_capture_on_commit_callbacks(execute=True):
        dokumen = issue("DOSIER", signers={})
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL and dokumen.pdf


def test_broker_outage_keeps_the_signature_and_the_sweep_makes_the_pdf(issue, sign, ketua, monkeypatch):
    """A down broker: the user's action is saved; the PDF follows when the sweep runs."""
    from kombu.exceptions import OperationalError

    from administrasi import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.render_dokumen_pdf, "delay", broker_down)
    dokumen = issue()
    sign(dokumen, ketua)
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL and not dokumen.pdf
    monkeypatch.undo()
    assert tasks.render_pending_pdfs.delay().get() == 1
    dokumen.refresh_from_db()
    assert dokumen.pdf and verify_seal(dokumen.pdf.read()).ok


def test_a_crash_after_storing_leaves_no_half_record_and_the_retry_finishes(issue, sign, ketua, monkeypatch):
    """The file was written, then the worker died before the row was updated: the row is
    untouched, and the retry adopts the intact sealed file instead of writing another."""
    from administrasi.storage import record_storage

    storage_class = type(record_storage())  # local disk or S3, as configured
    real_save = storage_class._save

    def save_then_die(self, name, content):
        real_save(self, name, content)
        raise SystemExit("worker killed")

    monkeypatch.setattr(storage_class, "_save", save_then_die)
    dokumen = issue()
    with pytest.raises(SystemExit):
        sign(dokumen, ketua)
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL and not dokumen.pdf and not dokumen.pdf_sha256
    monkeypatch.undo()
    assert services.dokumen_render_pdf(dokumen_id=dokumen.pk) is True
    dokumen.refresh_from_db()
    assert dokumen.pdf.name == services.pdf_name(dokumen)
    assert verify_seal(dokumen.pdf.read()).ok


def test_a_torn_write_is_replaced_on_retry(issue, sign, ketua, monkeypatch):
    from django.core.files.base import ContentFile

    from administrasi.storage import record_storage

    storage_class = type(record_storage())
    real_save = storage_class._save

    def torn(self, name, content):
        real_save(self, name, ContentFile(content.read()[:500]))
        raise SystemExit("worker killed mid-write")

    monkeypatch.setattr(storage_class, "_save", torn)
    dokumen = issue()
    with pytest.raises(SystemExit):
        sign(dokumen, ketua)
    monkeypatch.undo()
    services.dokumen_render_pdf(dokumen_id=dokumen.pk)
    dokumen.refresh_from_db()
    content = dokumen.pdf.read()
    assert len(content) > 500 and verify_seal(content).ok


# --- corrections ------------------------------------------------------------------------


def test_correction_makes_a_new_version_and_keeps_the_old(final_record, admin_lsp, sign, ketua):
    new = services.dokumen_correct(
        dokumen=final_record,
        data={"nama_asesor": "Dewi Lestari, S.Kom."},
        alasan="gelar belum tercantum",
        actor=admin_lsp,
    )
    old = Dokumen.objects.get(pk=final_record.pk)
    # Version 1 stays in force until its parties sign version 2 (test_correct_void_approval.py).
    assert (old.status, new.status) == (Dokumen.Status.FINAL, Dokumen.Status.DRAFT)
    assert (new.versi, new.nomor, new.seri, new.sebelumnya) == (2, old.nomor, old.seri, old)
    assert [t.pihak for t in new.tanda_tangan.all()] == ["ketua"] and not new.tanda_tangan.get().sudah
    sign(new, ketua)
    old = Dokumen.objects.get(pk=final_record.pk)
    assert old.status == Dokumen.Status.SUPERSEDED
    assert old.pdf and old.pdf_sha256 == final_record.pdf_sha256  # never re-rendered


def test_a_superseded_version_cannot_be_signed_or_corrected_again(final_record, admin_lsp, sign, ketua):
    new = services.dokumen_correct(dokumen=final_record, data={}, alasan="salah ketik", actor=admin_lsp)
    sign(new, ketua)
    with pytest.raises(services.RecordError, match="digantikan"):
        services.dokumen_correct(dokumen=final_record, data={}, alasan="lagi", actor=admin_lsp)
    with pytest.raises(services.RecordError):
        sign(final_record, ketua)


def test_correction_needs_a_reason(final_record, admin_lsp):
    with pytest.raises(services.RecordError, match="Alasan koreksi wajib"):
        services.dokumen_correct(dokumen=final_record, data={}, alasan=" ", actor=admin_lsp)


def test_status_changes_are_kept_with_their_actor(final_record, admin_lsp, ketua):
    from lsp_portal.workflow import status_history

    new = services.dokumen_correct(dokumen=final_record, data={}, alasan="salah ketik", actor=admin_lsp)
    services.dokumen_sign(dokumen=new, signer=ketua, secret=PASSWORD, consent=True)
    moves = [(h.from_status, h.to_status, h.actor) for h in status_history(final_record)]
    # Superseded by the signature that put the correction in force; the note names its issuer.
    assert moves == [("draft", "final", ketua), ("final", "superseded", ketua)]
    assert str(admin_lsp) in list(status_history(final_record))[-1].note


def test_void_keeps_the_record_and_its_number(final_record, admin_lsp, ketua):
    request = services.dokumen_void(dokumen=final_record, alasan="diterbitkan ganda", actor=admin_lsp)
    services.dokumen_sign(dokumen=request, signer=ketua, secret=PASSWORD, consent=True)  # the Ketua approves
    final_record.refresh_from_db()
    assert final_record.status == Dokumen.Status.VOID and final_record.nomor


def test_new_person_record_is_retained_three_years_by_default(issue):
    dokumen = issue()
    assert dokumen.retained_until == services.add_years(timezone.localdate(), 3)


def test_a_kind_may_keep_its_records_longer(issue):
    JenisDokumen.objects.filter(kode="SPT-ASESOR").update(masa_simpan_tahun=5)
    assert issue().retained_until == services.add_years(timezone.localdate(), 5)


def test_retention_follows_the_subjects_scheme_validity(issue, ketua):
    """SE-A3.Kb: a subject whose scheme certifies for 4 years keeps its records 4 years."""
    subject = ketua
    subject.record_retention_years = lambda: 4
    assert issue(subject=subject).retained_until == services.add_years(timezone.localdate(), 4)
