# Complaint numbers are taken from the kernel's counter (lsp_portal.counters, "pengaduan"):
# each year's last complaint number is carried over so the sequence continues.

from django.db import migrations
from django.db.models import Max


def carry_over(apps, schema_editor):
    Pengaduan = apps.get_model("banding", "Pengaduan")
    Penghitung = apps.get_model("lsp_portal", "Penghitung")
    years = Pengaduan.objects.filter(tahun__isnull=False).values("tahun").annotate(m=Max("urutan"))
    Penghitung.objects.bulk_create(
        [Penghitung(kunci="pengaduan", tahun=row["tahun"], terakhir=row["m"] or 0) for row in years]
    )


def carry_back(apps, schema_editor):
    apps.get_model("lsp_portal", "Penghitung").objects.filter(kunci="pengaduan").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("banding", "0004_banding_sop"),
        ("lsp_portal", "0003_penghitung"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]
