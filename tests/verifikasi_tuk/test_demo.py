"""The TUK verification's demo, made through the real services (SE-A4.9): TUK-SWK-001
established for the sample scheme by a signed SK penetapan, TUK-TK-001 waiting for the
follow-up of its condition; a second seed creates nothing."""

import pytest

from administrasi.models import Dokumen
from eksekutif.demo import DEMO_PASSWORD, seed_demo
from lsp_portal.models import StatusChange
from tuk.models import Tuk
from verifikasi_tuk import services
from verifikasi_tuk.demo import seed_verifikasi_demo
from verifikasi_tuk.models import BuktiVerifikasi, ItemCeklis, Penetapan, Permintaan, Syarat

pytestmark = pytest.mark.embedded

MODELS = (Permintaan, ItemCeklis, BuktiVerifikasi, Syarat, Penetapan, Dokumen, StatusChange)


def _counts():
    return [m.objects.count() for m in MODELS]


def test_the_demo_runs_the_workflow_and_a_second_seed_creates_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the records' PDFs render after commit
        seed_demo(journey=False)
    sewaktu = Tuk.objects.get(kode="TUK-SWK-001")
    skema_id = Permintaan.objects.get(tuk=sewaktu).skema_ids[0]
    assert sewaktu.skema_ditetapkan.get().skema.kode == "SKM/LSP-DEMO/JWD/01/2025"
    penetapan = Penetapan.objects.select_related("dokumen", "permintaan").get(tuk=sewaktu)
    sk = penetapan.dokumen
    assert sk.jenis.kode == services.SK_KIND and sk.status == Dokumen.Status.FINAL and sk.pdf
    assert sewaktu.sk_penetapan_id == sk.pk and penetapan.skema_ids == [skema_id]
    assert penetapan.permintaan.status == Permintaan.Status.DITETAPKAN
    assert sewaktu.is_verified_on(penetapan.berlaku_sampai, skema_id=skema_id)
    assert penetapan.berlaku_sampai == services.berlaku_maksimal(sewaktu, today=penetapan.tanggal)
    p = penetapan.permintaan
    assert p.rekomendasi == Permintaan.Rekomendasi.LAYAK and len(p.rekaman_sha256) == 64
    assert set(p.bukti.values_list("jenis", flat=True)) == {"foto", "uji_kecepatan"}
    assert not p.ceklis.exclude(hasil="sesuai").exists()

    tempat_kerja = Tuk.objects.get(kode="TUK-TK-001")
    tindak_lanjut = Permintaan.objects.get(tuk=tempat_kerja)
    assert tindak_lanjut.status == Permintaan.Status.TINDAK_LANJUT
    assert tindak_lanjut.diajukan_oleh == tempat_kerja.pengelola
    assert [s.status for s in tindak_lanjut.syarat.all()] == [Syarat.Status.TERBUKA]
    assert "tenang" in tindak_lanjut.syarat.get().uraian
    assert not tempat_kerja.is_verified_on(penetapan.tanggal)

    before = _counts()
    seed_verifikasi_demo(DEMO_PASSWORD)
    seed_demo(journey=False)
    assert _counts() == before
