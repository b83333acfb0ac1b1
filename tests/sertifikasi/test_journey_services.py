"""The journey through the services, step by step (SE-A4.7, SE-A4.8a–c)."""

from administrasi.models import Dokumen
from sertifikasi import services
from sertifikasi.models import Permohonan

from .conftest import planned, ttd

S = Permohonan.Status


def test_whole_journey_to_signed_ak01(demo):
    """SE-A4.7 SE-A4.8a SE-A4.8b SE-A4.8c: every step moves the status; AK.01 signed in order."""
    p = planned(demo)
    assert p.status == S.PRA_ASESMEN
    dokumen = services.ak01_propose(permohonan=p, actor=demo["asesor"])
    assert [t.pihak for t in dokumen.tanda_tangan.all()] == ["asesi", "asesor"]
    p.refresh_from_db()
    p = services.ak01_sign(permohonan=p, actor=demo["asesi"], ttd=ttd())
    assert p.status == S.PRA_ASESMEN
    p = services.ak01_sign(permohonan=p, actor=demo["asesor"], ttd=ttd())
    assert p.status == S.SIAP_ASESMEN
    assert Dokumen.objects.get(pk=p.ak01_id).status == Dokumen.Status.FINAL
    assert services.asesmen_require_ak01(p).pk == p.pk
