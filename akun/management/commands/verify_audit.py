from django.core.management.base import BaseCommand, CommandError

from akun.audit import verify_chain


class Command(BaseCommand):
    help = "Memeriksa rantai hash jejak audit; gagal bila ada entri yang diubah atau dihapus."

    def handle(self, *args, **options):
        checked, problems = verify_chain()
        for problem in problems:
            self.stderr.write(problem.message)
        if problems:
            raise CommandError(f"Jejak audit RUSAK: {len(problems)} masalah pada {checked} entri.")
        self.stdout.write(self.style.SUCCESS(f"Jejak audit utuh: {checked} entri diperiksa."))
