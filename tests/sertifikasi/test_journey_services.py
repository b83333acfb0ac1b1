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


def test_skipping_a_state_is_refused(demo):
    """SE-A4.7 edge: no step runs before its turn, and nothing changes when refused."""
    import pytest

    from lsp_portal.errors import ServiceError

    from .conftest import make_jadwal, submitted

    p = submitted(demo)  # diajukan: not verified yet
    asesi = demo["asesi"]
    with pytest.raises(ServiceError, match="asesmen mandiri tidak dapat diubah"):
        services.apl02_save(permohonan=p, jawaban={}, bukti={}, actor=asesi)
    with pytest.raises(ServiceError, match="asesmen mandiri tidak dapat diubah"):
        services.apl02_submit(permohonan=p, actor=asesi, ttd=ttd())
    jadwal = make_jadwal(demo)
    with pytest.raises(ServiceError, match="belum diverifikasi"):
        services.jadwal_add_peserta(jadwal=jadwal, permohonan_ids=[p.pk], actor=demo["manajer"])
    with pytest.raises(ServiceError):
        services.apl02_review(permohonan=p, rekomendasi="dapat", catatan="", actor=demo["asesor"], ttd=ttd())
    with pytest.raises(ServiceError):
        services.ak01_propose(permohonan=p, actor=demo["asesor"])
    with pytest.raises(ServiceError, match="tidak dapat diajukan"):
        services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd())
    with pytest.raises(ServiceError, match="Asesmen belum dapat dimulai"):
        services.asesmen_require_ak01(p)
    p.refresh_from_db()
    assert p.status == S.DIAJUKAN and p.jadwal_id is None and p.apl02_id is None
