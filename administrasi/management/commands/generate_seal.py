from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lsp_portal.seal import SealNotConfigured, generate_seal, seal_paths


class Command(BaseCommand):
    help = (
        "Membuat kunci (izin 0600) dan sertifikat segel elektronik LSP (self-signed) bila belum ada; "
        "segel yang sudah ada tidak diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ganti segel yang sudah ada.")

    def handle(self, *args, force=False, **options):
        try:
            created = generate_seal(common_name=settings.LSP_NAME, force=force)
        except SealNotConfigured as e:
            raise CommandError(str(e)) from None
        key, cert = seal_paths()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Segel dibuat: {cert} (kunci {key})."))
        else:
            self.stdout.write(f"Segel sudah ada: {cert}.")
