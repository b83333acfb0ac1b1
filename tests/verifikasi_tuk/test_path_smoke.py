"""SE-A4.9: the whole path by the services, from request to SK penetapan (smoke of the
conftest's steps; the detailed refusals live in their own modules)."""

from tuk.models import Tuk
from verifikasi_tuk.models import Permintaan

from .conftest import sk_issued


def test_request_to_sk_makes_the_tuk_verified_for_its_scheme(vt):
    penetapan = sk_issued(vt)
    p = Permintaan.objects.get(pk=penetapan.permintaan_id)
    assert p.status == Permintaan.Status.DITETAPKAN
    penetapan.dokumen.refresh_from_db()
    assert p.berita_acara.status == "final" and penetapan.dokumen.status == "final"
    tuk = Tuk.objects.get(pk=vt["tuk"].pk)
    assert tuk.status == Tuk.Status.TERVERIFIKASI and tuk.sk_penetapan_id == penetapan.dokumen_id
    assert tuk.is_verified_on(tuk.berlaku_sampai, skema_id=vt["skema"].pk)
    assert not tuk.is_verified_on(tuk.berlaku_sampai, skema_id=vt["skema"].pk + 999)
