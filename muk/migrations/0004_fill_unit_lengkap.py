"""Mark the units that are complete (at least one element, a KUK under every element).

Every unit imported before 0003 came from a sheet that required elements and KUK on each
row, so in practice all existing units become lengkap; the rule is applied rather than
assumed. Reverse: nothing to undo (the column goes with 0003).
"""

from django.db import migrations
from django.db.models import Exists, OuterRef


def fill(apps, schema_editor):
    UnitKompetensi = apps.get_model("muk", "UnitKompetensi")
    Elemen = apps.get_model("muk", "Elemen")
    KUK = apps.get_model("muk", "KUK")
    has_elemen = Exists(Elemen.objects.filter(unit=OuterRef("pk")))
    has_bare_elemen = Exists(
        Elemen.objects.filter(unit=OuterRef("pk")).exclude(
            Exists(KUK.objects.filter(elemen=OuterRef("pk")))
        )
    )
    # A data migration: the audit trail's receivers are not connected to historical models.
    UnitKompetensi.objects.filter(has_elemen).exclude(has_bare_elemen).update(lengkap=True)


class Migration(migrations.Migration):
    dependencies = [("muk", "0003_acuan_500_unit_lengkap")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
