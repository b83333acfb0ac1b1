"""Where records live (SE-A3.Kb): never overwritten, never deleted before `retained_until`.

On S3 each upload carries Object Lock COMPLIANCE with the record's retain-until date, so not
even the bucket's owner can delete it early; on local disk (the embedded setup) the storage
class itself refuses. Either way the application refuses first and logs the attempt.
"""

import contextlib
import datetime as dt
from contextvars import ContextVar

from django.core.files.storage import storages

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


class RetentionError(Exception):
    """A delete or overwrite refused because the record is still retained. Deliberately
    not an OSError: the render task retries OSErrors, and a refusal is not transient."""


class _RecordStorageMixin:
    def _save(self, name, content):
        if _retain_until.get() is None:
            raise RetentionError("Berkas arsip harus disimpan dengan tanggal akhir masa simpan.")
        if self.exists(name):
            raise RetentionError(f"Berkas arsip {name} sudah ada dan tidak dapat ditimpa.")
        return super()._save(name, content)

    def delete(self, name):
        from .services import file_refuse_delete

        file_refuse_delete(name=name)  # raises while a record holds it; logs the attempt
        return super().delete(name)


class RecordFileSystemStorage(_RecordStorageMixin, PrivateFileSystemStorage):
    pass


class RecordS3Storage(_RecordStorageMixin, PrivateS3Storage):
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
