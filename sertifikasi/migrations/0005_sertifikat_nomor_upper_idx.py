from django.db import migrations

# The public verification by number (SE-A4.12, X-1) compares the typed number with the
# certificate and the BNSP registration number regardless of case (`iexact`): on PostgreSQL
# UPPER(col::text) = UPPER(%s). The trigram indexes of 0003 can answer that too, but every
# certificate number shares the trigrams of "/SERT/LSP/", so on 1,000,000 certificates an
# unknown number took ~130 ms (bench/register.py); a btree on the same expression answers in
# well under a millisecond. SQLite (the embedded setup) reads its few rows as before.
COLUMNS = ("nomor", "nomor_registrasi")


def upper_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS sertifikasi_sert_{column}_upper "
            f"ON sertifikasi_sertifikat (UPPER({column}::text))"
        )


def drop_upper_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS sertifikasi_sert_{column}_upper")


class Migration(migrations.Migration):
    dependencies = [
        ("sertifikasi", "0004_sertifikat_registrasi_unique"),
    ]

    operations = [migrations.RunPython(upper_indexes, drop_upper_indexes)]
