from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Menyiapkan penyimpanan berkas: membuat bucket S3 dengan Object Lock bila belum ada "
        "(django-storages tidak membuat bucket), atau folder lokal."
    )

    def handle(self, *args, **options):
        if not settings.S3_ENDPOINT_URL:
            settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
            self.stdout.write(f"Penyimpanan lokal: {settings.MEDIA_ROOT}")
            return
        from django.core.files.storage import default_storage

        client = default_storage.connection.meta.client
        bucket = settings.S3_BUCKET
        try:
            client.head_bucket(Bucket=bucket)
            self.stdout.write(f"Bucket {bucket} sudah ada.")
        except client.exceptions.ClientError:
            try:
                # Object Lock can only be switched on when the bucket is created (SE-A3.Kb).
                client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
                self.stdout.write(self.style.SUCCESS(f"Bucket {bucket} dibuat dengan Object Lock."))
            except (client.exceptions.BucketAlreadyOwnedByYou, client.exceptions.BucketAlreadyExists):
                self.stdout.write(f"Bucket {bucket} sudah ada.")
