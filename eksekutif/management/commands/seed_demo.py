from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eksekutif.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Memuat data demo (akun untuk setiap peran). Aman dijalankan berulang. Hanya dengan DEBUG=1."

    def handle(self, *args, **options):
        # The demo accounts share one published password: never in a production database.
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo ditolak: DEBUG=0 (mode produksi). Data demo memakai kata sandi yang "
                "diumumkan dan hanya boleh dimuat pada instalasi demo atau pengembangan (DEBUG=1)."
            )
        rows = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Data demo siap. Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
        )
        width = max(len(email) for email, _ in rows)
        for email, role in rows:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
