from django.core.management.base import BaseCommand

from eksekutif.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Memuat data demo (akun untuk setiap peran). Aman dijalankan berulang."

    def handle(self, *args, **options):
        rows = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Data demo siap. Akun demo (kata sandi semua: {DEMO_PASSWORD}):")
        )
        width = max(len(email) for email, _ in rows)
        for email, role in rows:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
