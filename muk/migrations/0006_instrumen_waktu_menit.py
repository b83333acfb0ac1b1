from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("muk", "0005_persyaratan_teknis_tuk"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrumen",
            name="waktu_menit",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Untuk pertanyaan tertulis (FR.IA.05/06): lama pengerjaan; tambahan waktu FR.AK.07 ditambahkan.",
                null=True,
                verbose_name="waktu pengerjaan (menit)",
            ),
        ),
    ]
