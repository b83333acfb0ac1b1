# The record numbers' counters move to the kernel's (lsp_portal.Penghitung, one mechanism for
# every app that numbers things): each kind's last number per year is carried over, so the
# next record continues its sequence.

from django.db import migrations


def carry_over(apps, schema_editor):
    NomorUrut = apps.get_model("administrasi", "NomorUrut")
    Penghitung = apps.get_model("lsp_portal", "Penghitung")
    Penghitung.objects.bulk_create(
        [
            Penghitung(kunci=f"dokumen:{row.jenis.kode}", tahun=row.tahun, terakhir=row.terakhir)
            for row in NomorUrut.objects.select_related("jenis")
        ]
    )


def carry_back(apps, schema_editor):
    NomorUrut = apps.get_model("administrasi", "NomorUrut")
    JenisDokumen = apps.get_model("administrasi", "JenisDokumen")
    Penghitung = apps.get_model("lsp_portal", "Penghitung")
    kinds = {j.kode: j for j in JenisDokumen.objects.all()}
    NomorUrut.objects.bulk_create(
        [
            NomorUrut(jenis=kinds[row.kunci.removeprefix("dokumen:")], tahun=row.tahun, terakhir=row.terakhir)
            for row in Penghitung.objects.filter(kunci__startswith="dokumen:")
            if row.kunci.removeprefix("dokumen:") in kinds
        ]
    )
    Penghitung.objects.filter(kunci__startswith="dokumen:").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("administrasi", "0008_sop"),
        ("lsp_portal", "0003_penghitung"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(
            name="NomorUrut",
        ),
    ]
