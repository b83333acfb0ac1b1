"""Where records live (SE-A3.Kb): never overwritten, never deleted before `retained_until`.

On S3 each upload carries Object Lock COMPLIANCE with the record's retain-until date, so not
even the bucket's owner can delete it early; on local disk (the embedded setup) the storage
class itself refuses. Either way the application refuses first and logs the attempt.
"""

import contextlib
import datetime as dt
from contextvars import ContextVar

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.core.files.utils import validate_file_name
from storages.utils import clean_name

from lsp_portal.errors import ServiceError
from lsp_portal.storage import PrivateFileSystemStorage, PrivateS3Storage

_retain_until: ContextVar = ContextVar("lsp_retain_until", default=None)


@contextlib.contextmanager
def retain_until(date: dt.date):
    """Files saved to the record storage inside the block are locked until `date`."""
    token = _retain_until.set(date)
    try:
        yield
    finally:
        _retain_until.reset(token)


class RetentionError(ServiceError):
    """A delete or overwrite refused because the record is still retained. Deliberately
    not an OSError: the render task retries OSErrors, and a refusal is not transient."""


class RecordFileExists(RetentionError):
    """The name is taken: a record file is never written over."""

    def __init__(self, name):
        super().__init__(f"Berkas arsip {name} sudah ada dan tidak dapat ditimpa.")


class _RecordStorageMixin:
    # Whether a writer should look for the name before it renders and saves (True), or may
    # save straight away and learn from RecordFileExists that the name is taken (False:
    # only where the refusal is atomic, S3 conditional writes).
    probe_before_save = True

    def _save(self, name, content):
        if _retain_until.get() is None:
            raise RetentionError("Berkas arsip harus disimpan dengan tanggal akhir masa simpan.")
        if self.exists(name):
            raise RecordFileExists(name)
        return super()._save(name, content)

    def delete(self, name):
        from .services import file_refuse_delete

        file_refuse_delete(name=name)  # raises while a record holds it; logs the attempt
        return super().delete(name)


class RecordFileSystemStorage(_RecordStorageMixin, PrivateFileSystemStorage):
    pass


# Files up to this size go up in one conditional PUT; larger ones (big dossier ZIPs) by the
# multipart upload after an existence check.
SINGLE_PUT_LIMIT = 64 * 1024 * 1024


class RecordS3Storage(_RecordStorageMixin, PrivateS3Storage):
    """Uploads are conditional (`If-None-Match: *`, S3 conditional writes): the bucket itself
    refuses a second object under a name, atomically, with no existence probe before it.
    S3_CONDITIONAL_WRITES=0 for an S3-compatible server that lacks them (probe, then PUT)."""

    @property
    def probe_before_save(self):
        return not settings.S3_CONDITIONAL_WRITES

    def get_available_name(self, name, max_length=None):
        # A record's file keeps its name or is refused in _save; it is never renamed, so
        # there is nothing to probe for here.
        validate_file_name(name, allow_relative_path=True)
        if max_length is not None and len(name) > max_length:
            raise SuspiciousFileOperation(f"Nama berkas arsip lebih dari {max_length} karakter: {name}")
        return name

    def _save(self, name, content):
        size = getattr(content, "size", None)
        if not settings.S3_CONDITIONAL_WRITES or size is None or size > SINGLE_PUT_LIMIT:
            return super()._save(name, content)
        if _retain_until.get() is None:
            raise RetentionError("Berkas arsip harus disimpan dengan tanggal akhir masa simpan.")
        cleaned = clean_name(name)
        key = self._normalize_name(cleaned)
        params = self._get_write_parameters(key, content)
        content.seek(0)
        try:
            self.bucket.meta.client.put_object(
                Bucket=self.bucket_name, Key=key, Body=content.read(), IfNoneMatch="*", **params
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "PreconditionFailed":
                raise RecordFileExists(name) from None
            raise
        return cleaned

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        until = _retain_until.get()
        if until is not None:
            params["ObjectLockMode"] = "COMPLIANCE"
            params["ObjectLockRetainUntilDate"] = dt.datetime.combine(
                until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
            )
        return params


def record_storage():
    return storages["records"]
