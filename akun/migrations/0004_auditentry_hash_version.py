# Entries already in the trail were hashed without the fields version 2 covers: they get
# version 1 and keep verifying exactly as before; nothing is re-hashed or re-chained (a
# re-chain would rewrite every hash, which is what the chain exists to reveal). New entries
# default to version 2.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('akun', '0003_more_rights'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=1, editable=False, verbose_name='versi hash'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=2, editable=False, verbose_name='versi hash'),
        ),
    ]
