"""Records are kept at least one certificate validity period (SE-A3.Kb).

No delete and no overwrite before `retained_until`, whoever asks (a superuser too); every
refused attempt is kept. On S3 the object itself carries Object Lock COMPLIANCE.
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from administrasi import services
from administrasi.models import Dokumen, UpayaHapus
from administrasi.storage import RetentionError, record_storage, retain_until
from akun.audit import acting_as

from ..conftest import need

pytestmark = pytest.mark.embedded


def read(name):
    with record_storage().open(name) as fh:
        return fh.read()


# --- the record row ----------------------------------------------------------------------


def test_deleting_a_record_is_refused(final_record):
    """SE-A3.Kb: a retained record is not deleted; the row and its PDF stay."""
    with pytest.raises(RetentionError, match="wajib disimpan sampai"):
        final_record.delete()
    assert Dokumen.objects.filter(pk=final_record.pk, pdf=final_record.pdf.name).exists()
    assert record_storage().exists(final_record.pdf.name)


def test_a_refused_delete_is_logged_with_who_and_how(final_record, admin_lsp):
    """SE-A3.Kb: attempts are logged (who, via which path)."""
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False), acting_as(admin_lsp), pytest.raises(RetentionError):
        final_record.delete()
    attempt = UpayaHapus.objects.get()
    assert (attempt.dokumen, attempt.melalui, attempt.pelaku) == (final_record, "model", admin_lsp)
    assert attempt.waktu == moment


def test_a_superuser_is_refused_too(final_record):
    """SE-A3.Kb: 'superuser too'."""
    from akun.models import User

    root = User.objects.create_superuser("root@uji.lsp.id", "x", nama_lengkap="Root")
    with acting_as(root), pytest.raises(RetentionError):
        final_record.delete()
    assert Dokumen.objects.filter(pk=final_record.pk).exists()
    assert UpayaHapus.objects.get().pelaku == root


def test_a_superuser_cannot_delete_a_record_in_the_admin(client, final_record):
    """SE-A3.Kb: the admin's delete is refused to a superuser."""
    from django.urls import reverse

    from akun.models import User

    client.force_login(User.objects.create_superuser("root@uji.lsp.id", "x", nama_lengkap="Root"))
    response = client.post(
        reverse("admin:administrasi_dokumen_delete", args=[final_record.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Dokumen.objects.filter(pk=final_record.pk).exists()


def test_a_draft_record_is_not_deleted_either(issue):
    """SE-A3.Kb: drafts are records too."""
    draft = issue()
    with pytest.raises(RetentionError):
        draft.delete()
    assert Dokumen.objects.filter(pk=draft.pk).exists()


def test_a_bulk_delete_is_refused(final_record, issue):
    """SE-A3.Kb: a queryset delete is refused."""
    issue()
    with pytest.raises(RetentionError, match="tidak dapat dihapus secara massal"):
        Dokumen.objects.all().delete()
    with pytest.raises(RetentionError):
        Dokumen.objects.filter(pk=final_record.pk).delete()
    assert Dokumen.objects.count() == 2


# --- the file ------------------------------------------------------------------------------


def test_deleting_a_record_file_through_the_storage_is_refused(final_record):
    """SE-A3.Kb: the storage refuses to delete a file a record holds."""
    name = final_record.pdf.name
    with pytest.raises(RetentionError, match="tidak dapat dihapus"):
        record_storage().delete(name)
    assert services.sha256_hex(read(name)) == final_record.pdf_sha256


def test_a_refused_file_delete_is_logged(final_record, admin_lsp):
    """SE-A3.Kb: the refused file delete is logged (file, who, via)."""
    with acting_as(admin_lsp), pytest.raises(RetentionError):
        record_storage().delete(final_record.pdf.name)
    attempt = UpayaHapus.objects.get()
    assert (attempt.dokumen, attempt.nama_berkas, attempt.melalui, attempt.pelaku) == (
        final_record,
        final_record.pdf.name,
        "storage",
        admin_lsp,
    )


def test_writing_over_a_record_file_is_refused(final_record):
    """SE-A3.Kb: The record storage itself refuses to write a name that exists, even when asked
    directly (a storage configured to overwrite would pass the name through)."""
    name = final_record.pdf.name
    storage = record_storage()
    with (
        retain_until(final_record.retained_until),
        pytest.raises(RetentionError, match="tidak dapat ditimpa"),
    ):
        storage._save(name, ContentFile(b"%PDF-1.7 palsu"))
    assert services.sha256_hex(read(name)) == final_record.pdf_sha256


def test_saving_under_a_taken_name_keeps_the_original_file(final_record, settings):
    """SE-A3.Kb: saving under a taken name never replaces the record's file. On S3 the
    bucket refuses the conditional write (If-None-Match); on disk the name is not reused."""
    name = final_record.pdf.name
    with retain_until(final_record.retained_until):
        if settings.S3_ENDPOINT_URL:
            with pytest.raises(RetentionError, match="tidak dapat ditimpa"):
                record_storage().save(name, ContentFile(b"%PDF-1.7 palsu"))
        else:
            assert record_storage().save(name, ContentFile(b"%PDF-1.7 palsu")) != name
    assert services.sha256_hex(read(name)) == final_record.pdf_sha256


@pytest.mark.services
def test_without_conditional_writes_the_storage_probes_first(final_record, settings):
    """SE-A3.Kb: with S3_CONDITIONAL_WRITES off (a server without them) the record storage
    still refuses a taken name, by probing before it writes."""
    need("S3_ENDPOINT_URL")
    settings.S3_CONDITIONAL_WRITES = False
    with (
        retain_until(final_record.retained_until),
        pytest.raises(RetentionError, match="tidak dapat ditimpa"),
    ):
        record_storage()._save(final_record.pdf.name, ContentFile(b"%PDF-1.7 palsu"))
    assert services.sha256_hex(read(final_record.pdf.name)) == final_record.pdf_sha256


def test_a_record_file_needs_a_retention_date(db):
    """SE-A3.Kb: nothing enters the record storage without a retain-until date."""
    with pytest.raises(RetentionError, match="tanggal akhir masa simpan"):
        record_storage().save("arsip/tanpa-tanggal.pdf", ContentFile(b"%PDF-1.7"))
    assert not record_storage().exists("arsip/tanpa-tanggal.pdf")


# --- how long ------------------------------------------------------------------------------


def test_a_correction_never_shortens_retention(final_record, admin_lsp):
    """SE-A3.Kb: A v1 kept for 10 years gives a v2 kept at least as long (not the kind's 3 years)."""
    longer = services.add_years(timezone.localdate(), 10)
    Dokumen.objects.filter(pk=final_record.pk).update(retained_until=longer)
    final_record.refresh_from_db()
    new = services.dokumen_correct(dokumen=final_record, data={}, alasan="salah ketik", actor=admin_lsp)
    assert new.retained_until == longer
    assert Dokumen.objects.get(pk=final_record.pk).retained_until == longer  # v1 unchanged


def test_a_correction_later_keeps_the_new_version_a_full_period(final_record, admin_lsp):
    """SE-A3.Kb: A v1 close to its end gives a v2 kept a full period from the correction."""
    Dokumen.objects.filter(pk=final_record.pk).update(retained_until=timezone.localdate())
    final_record.refresh_from_db()
    new = services.dokumen_correct(dokumen=final_record, data={}, alasan="salah ketik", actor=admin_lsp)
    assert new.retained_until == services.add_years(timezone.localdate(), 3)


# --- S3 Object Lock ------------------------------------------------------------------------


def s3_key(name):
    location = record_storage().location
    return f"{location}/{name}" if location else name


def s3_client():
    return record_storage().connection.meta.client


@pytest.mark.services
def test_the_stored_object_is_locked_in_compliance_mode_until_after_retention(final_record):
    """SE-A3.Kb on S3: read back with head_object (moto has no GetObjectRetention)."""
    need("S3_ENDPOINT_URL")
    from django.conf import settings

    head = s3_client().head_object(Bucket=settings.S3_BUCKET, Key=s3_key(final_record.pdf.name))
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] == dt.datetime.combine(
        final_record.retained_until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
    )


@pytest.mark.services
def test_the_server_denies_deleting_the_locked_version(final_record):
    """SE-A3.Kb on S3: Not even the bucket's owner, bypassing the application, deletes it early."""
    need("S3_ENDPOINT_URL")
    from botocore.exceptions import ClientError
    from django.conf import settings

    client, key = s3_client(), s3_key(final_record.pdf.name)
    version = client.head_object(Bucket=settings.S3_BUCKET, Key=key)["VersionId"]
    with pytest.raises(ClientError) as refused:
        client.delete_object(Bucket=settings.S3_BUCKET, Key=key, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    body = client.get_object(Bucket=settings.S3_BUCKET, Key=key, VersionId=version)["Body"].read()
    assert services.sha256_hex(body) == final_record.pdf_sha256


@pytest.mark.services
def test_a_corrected_version_is_locked_at_least_as_long(final_record, admin_lsp, sign, ketua):
    """SE-A3.Kb on S3: a correction's object is locked at least as long as v1."""
    need("S3_ENDPOINT_URL")
    from django.conf import settings

    longer = services.add_years(timezone.localdate(), 10)
    Dokumen.objects.filter(pk=final_record.pk).update(retained_until=longer)
    final_record.refresh_from_db()
    new = services.dokumen_correct(dokumen=final_record, data={"a": 1}, alasan="salah ketik", actor=admin_lsp)
    sign(new, ketua)
    new.refresh_from_db()
    head = s3_client().head_object(Bucket=settings.S3_BUCKET, Key=s3_key(new.pdf.name))
    assert head["ObjectLockRetainUntilDate"].date() == longer + dt.timedelta(days=1)
