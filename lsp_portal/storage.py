"""Storage classes. No file of the LSP is ever at a public URL (SE-A3.Kb, UU PDP):
downloads go through views that check visibility, which stream the file (local disk) or
redirect to a presigned URL valid five minutes (S3)."""

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

PRESIGNED_URL_SECONDS = 300


class PublicURLRefused(Exception):
    pass


class PrivateFileSystemStorage(FileSystemStorage):
    """Local files in MEDIA_ROOT, which no URL pattern serves."""

    def url(self, name):
        raise PublicURLRefused(
            "Berkas lokal tidak punya URL publik; unduh melalui tampilan yang memeriksa hak akses."
        )


class PrivateS3Storage(S3Storage):
    """S3-compatible bucket: private objects, presigned URLs of five minutes, no overwrite."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            default_acl=None,
            querystring_auth=True,
            querystring_expire=PRESIGNED_URL_SECONDS,
            file_overwrite=False,
        )
        return defaults
