from django.db import migrations


def copy_scheme_to_values(apps, schema_editor):
    """Each record's scheme (the foreign key into muk) as values: its id, code and title."""
    Dokumen = apps.get_model("administrasi", "Dokumen")
    for dokumen in Dokumen.objects.filter(skema__isnull=False).select_related("skema").iterator():
        Dokumen.objects.filter(pk=dokumen.pk).update(
            skema_ref=dokumen.skema_id, skema_kode=dokumen.skema.kode, skema_judul=dokumen.skema.judul
        )


def copy_values_to_scheme(apps, schema_editor):
    """Back: the foreign key from the stored id, where that scheme still exists."""
    Dokumen = apps.get_model("administrasi", "Dokumen")
    Skema = apps.get_model("muk", "Skema")
    existing = set(Skema.objects.values_list("pk", flat=True))
    for pk, ref in Dokumen.objects.filter(skema_ref__isnull=False).values_list("pk", "skema_ref"):
        if ref in existing:
            Dokumen.objects.filter(pk=pk).update(skema_id=ref)


class Migration(migrations.Migration):

    dependencies = [
        ("administrasi", "0004_dokumen_skema_values"),
        ("muk", "0001_schemes"),
    ]

    operations = [
        migrations.RunPython(copy_scheme_to_values, copy_values_to_scheme),
    ]
