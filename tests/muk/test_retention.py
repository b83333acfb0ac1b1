"""A scheme's certificate validity sets how long records about it are kept (SE-A3.Kb)."""

import pytest
from django.utils import timezone

from administrasi import services as records
from administrasi.models import JenisDokumen
from muk import services

pytestmark = pytest.mark.embedded


def test_record_retention_years_is_the_certificate_validity(make_skema):
    """SE-A4.6: the records engine reads record_retention_years() on its subject."""
    skema = make_skema(masa_berlaku_tahun=5)
    assert skema.record_retention_years() == 5
    jenis = JenisDokumen.objects.get(kode="SPT-ASESOR")
    jenis.masa_simpan_tahun = None
    assert records.retention_years(jenis=jenis, subject=skema) == 5


def test_shortening_validity_never_shortens_an_issued_records_retention(make_skema, ketua):
    """SE-A3.Kb: retained_until is fixed at issue; a later, shorter validity leaves it."""
    JenisDokumen.objects.filter(kode="SPT-ASESOR").update(masa_simpan_tahun=None)
    skema = make_skema(masa_berlaku_tahun=5)
    dokumen = records.dokumen_issue(
        kode="SPT-ASESOR", subject=skema, judul="Uji", data={}, signers={"ketua": ketua}, actor=ketua
    )
    kept = dokumen.retained_until
    assert kept == records.add_years(timezone.localdate(dokumen.diterbitkan_pada), 5)
    services.skema_update(skema=skema, masa_berlaku_tahun=1, actor=ketua)
    dokumen.refresh_from_db()
    assert dokumen.retained_until == kept
