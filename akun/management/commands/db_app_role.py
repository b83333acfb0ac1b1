"""The application's own PostgreSQL role (X-4): the audit trail is append-only in the database
itself, not only in the code.

Run by the schema owner (the role that migrates) after every `migrate`: it creates the role
web, worker and beat connect as, or updates its password, and grants it exactly what the
application needs on the tables as they are now: read and write on every table, but only
SELECT and INSERT on the audit entries. The chain head stays writable (each append moves it
under its row lock); an edit of an entry is still found by `verify_audit`, and the head's hash
is what the LSP copies off the host. Safe to repeat; grants on tables a later migration adds
follow on its next run (docker-compose.yml runs it in `migrate`).
"""

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_statements(role: str, schema: str, database: str) -> list[str]:
    """The grants, in order. Everything is first revoked, so a right granted by hand or by
    an older version of this command does not linger."""
    from akun.models import AuditEntry

    q = connection.ops.quote_name
    role, schema, database = q(role), q(schema), q(database)
    audit = q(AuditEntry._meta.db_table)
    return [
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        # The ledger: read and append, nothing else (no UPDATE, DELETE or TRUNCATE).
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {audit} FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]


class Command(BaseCommand):
    help = (
        "Membuat atau memperbarui peran PostgreSQL aplikasi (DB_APP_USER, DB_APP_PASSWORD) dengan "
        "hak seperlunya: jejak audit hanya SELECT dan INSERT. Dijalankan oleh pemilik skema setelah migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", help="Nama peran (bawaan: variabel DB_APP_USER).")
        parser.add_argument("--password", help="Kata sandi (bawaan: variabel DB_APP_PASSWORD).")

    def handle(self, *args, role=None, password=None, **options):
        role = role or os.environ.get("DB_APP_USER", "")
        password = password if password is not None else os.environ.get("DB_APP_PASSWORD", "")
        if connection.vendor != "postgresql":
            raise CommandError(
                "Peran basis data aplikasi hanya ada di PostgreSQL; basis data ini bukan PostgreSQL."
            )
        if not ROLE_NAME.match(role):
            raise CommandError(
                "DB_APP_USER wajib diisi: huruf kecil, angka dan garis bawah, "
                "diawali huruf (misalnya lsp_app)."
            )
        if not password:
            raise CommandError("DB_APP_PASSWORD wajib diisi.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema(), current_database()")
            owner, schema, database = cursor.fetchone()
            if role == owner:
                raise CommandError(
                    f"Peran aplikasi harus berbeda dari peran pemilik skema ({owner}) "
                    "yang menjalankan migrasi."
                )
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row and row[0]:
                raise CommandError(f"Peran {role} adalah superuser; pakai peran lain untuk aplikasi.")
            verb = "ALTER" if row else "CREATE"
            quoted = connection.ops.quote_name(role)
            # Client-side binding (Django's default with psycopg 3) quotes the password literal.
            cursor.execute(
                f"{verb} ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %s",
                [password],
            )
            for statement in app_role_statements(role, schema, database):
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"Peran aplikasi {role} {'diperbarui' if row else 'dibuat'}: baca-tulis semua tabel, "
                "jejak audit hanya SELECT dan INSERT."
            )
        )
