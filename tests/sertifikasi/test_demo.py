"""The journey's demo data (`seed_demo`, as `make run` loads it), made through the services so
every screen has something to show:

- issue 11 item 9: an application in each state of the journey, and a second run makes
  nothing;
- issue 13 item 10: one remote batch taken to its certificates: the K candidate's
  certificate valid in the public register (its sealed PDF renders), the BK candidate told
  why, every record of the batch final and signed in order.

The demo is seeded once for the module (it takes seconds) and rolled back after it; each test
runs in a savepoint of it (as tests/conftest.py's `_demo_seeded`, here with the
journey's demo applications)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from administrasi.models import Dokumen
from administrasi.tasks import render_dokumen_pdf
from eksekutif.demo import DEMO_PASSWORD, seed_demo
from lsp_portal.models import Notifikasi
from sertifikasi.demo import (
    ALASAN_BK,
    APPLICANTS,
    BATCH_NAME,
    REMOTE_APPLICANTS,
    REMOTE_BATCH_NAME,
    seed_journey_demo,
)
from sertifikasi.models import Jadwal, Keputusan, Lembar, Permohonan, Pleno, Sertifikat
from sertifikasi.services.pleno import BANDING_URL

S = Permohonan.Status


@pytest.fixture(scope="module")
def _journey_seeded(django_db_setup, django_db_blocker):
    from django.db import connection, transaction

    from tests.conftest import clear_own_cache

    clear_own_cache()
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "the module's demo must be seeded outside a test's transaction"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def seeded(_journey_seeded, db):
    """The demo with the journey's applications and the remote batch, in this test's savepoint."""


def test_demo_has_each_state_and_is_idempotent(seeded):
    """SE-A4.7: draft, submitted, returned, verified, waiting, scheduled, AK.01 to sign, AK.01
    signed, not accepted."""
    by_email = {p.asesi.email: p for p in Permohonan.objects.select_related("asesi", "ak01")}
    states = {email: by_email[email].status for email, *_ in APPLICANTS}
    assert states == {
        "asesi2@demo.lsp.id": S.DRAFT,
        "asesi9@demo.lsp.id": S.DIAJUKAN,
        "asesi3@demo.lsp.id": S.DIKEMBALIKAN,
        "asesi4@demo.lsp.id": S.ASESMEN_MANDIRI,
        "asesi5@demo.lsp.id": S.MENUNGGU_JADWAL,
        "asesi6@demo.lsp.id": S.DIJADWALKAN,
        "asesi@demo.lsp.id": S.PRA_ASESMEN,
        "asesi7@demo.lsp.id": S.SIAP_ASESMEN,
        "asesi8@demo.lsp.id": S.DITOLAK,
    }
    assert by_email["asesi@demo.lsp.id"].ak01.status == Dokumen.Status.DRAFT  # waiting for Sari
    assert by_email["asesi7@demo.lsp.id"].ak01.status == Dokumen.Status.FINAL
    jadwal = Jadwal.objects.get(nama=BATCH_NAME)
    assert jadwal.spt.status == Dokumen.Status.FINAL
    assert jadwal.peserta.count() == 3
    counts = (Permohonan.objects.count(), Dokumen.objects.count(), Sertifikat.objects.count())
    assert seed_journey_demo(password=DEMO_PASSWORD) == 0
    seed_demo()
    assert (Permohonan.objects.count(), Dokumen.objects.count(), Sertifikat.objects.count()) == counts


def _records_of(*subjects) -> list[Dokumen]:
    """Every record in force (not superseded) whose subject is one of `subjects`."""
    found = []
    for obj in subjects:
        kind = ContentType.objects.get_for_model(obj)
        found += list(
            Dokumen.objects.filter(subject_type=kind, subject_id=str(obj.pk))
            .exclude(status=Dokumen.Status.SUPERSEDED)
            .select_related("jenis")
        )
    return found


def test_demo_remote_batch_reaches_the_register(seeded, client):
    """Issue 13 item 10 (SE-A4.8f–i, SE-A4.12, X-1): the demo's remote batch went through the
    services to the end: the K candidate (asesi10@) kompeten with a valid certificate that the
    public register finds and shows without the NIK, its sealed PDF renders; the BK candidate
    (asesi11@) belum kompeten with the pleno's reason, told so; every record of the batch,
    its candidates and its pleno final, signed in its kind's order."""
    jadwal = Jadwal.objects.select_related("sesi", "pleno").get(nama=REMOTE_BATCH_NAME)
    assert jadwal.mode == "jarak_jauh" and jadwal.tautan_video
    assert jadwal.sesi.ditutup_pada and jadwal.sesi.berita_acara_id
    assert jadwal.pleno.status == Pleno.Status.DITETAPKAN
    (k_email, *_), (bk_email, *_) = REMOTE_APPLICANTS
    p_k = Permohonan.objects.select_related("asesi").get(asesi__email=k_email)
    p_bk = Permohonan.objects.select_related("asesi").get(asesi__email=bk_email)
    assert (p_k.status, p_bk.status) == (S.KOMPETEN, S.BELUM_KOMPETEN)
    assert p_k.jadwal_id == p_bk.jadwal_id == jadwal.pk

    # The K candidate's certificate: issued, valid, in the public register without the NIK.
    sertifikat = Sertifikat.objects.get(permohonan=p_k)
    assert sertifikat.terbit and sertifikat.status_efektif() == Sertifikat.Status.AKTIF
    assert list(Sertifikat.objects.berlaku()) == [sertifikat]
    page = client.get(reverse("sertifikat_publik:cari"), {"q": sertifikat.nomor}).content.decode()
    assert sertifikat.get_public_url() in page and p_k.nama in page
    response = client.get(sertifikat.get_public_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert sertifikat.nomor in page and "Masih berlaku" in page and p_k.nik not in page
    assert not Sertifikat.objects.filter(permohonan=p_bk).exists()
    assert render_dokumen_pdf(sertifikat.dokumen_id)  # not rendered: the seed's commit never came
    sertifikat.dokumen.refresh_from_db()
    assert sertifikat.dokumen.pdf.read().startswith(b"%PDF-") and sertifikat.dokumen.pdf_sha256

    # The BK candidate: the pleno's reason, told with the way to appeal.
    keputusan = Keputusan.objects.get(permohonan=p_bk)
    assert keputusan.hasil == Keputusan.Hasil.BK and keputusan.alasan == ALASAN_BK
    told = Notifikasi.objects.get(penerima=p_bk.asesi, judul="Hasil sertifikasi: belum kompeten")
    assert ALASAN_BK in told.pesan and "banding" in told.pesan
    client.force_login(p_bk.asesi)
    page = client.get(p_bk.get_absolute_url()).content.decode()
    assert "Belum kompeten (BK)" in page and ALASAN_BK in page and BANDING_URL in page

    # Every record of the batch, its candidates and its pleno: final, signed in order.
    sheets = list(Lembar.objects.filter(permohonan__in=[p_k, p_bk]).select_related("instrumen"))
    assert {x.status for x in sheets} == {Lembar.Status.FINAL}
    assert {x.instrumen.jenis for x in sheets} == {"IA.01", "IA.05", "IA.07"}
    documents = _records_of(p_k, p_bk, jadwal, jadwal.pleno)
    kinds = {d.jenis.kode for d in documents}
    assert {"FR.APL.01", "FR.APL.02", "FR.AK.01", "FR.IA.01", "FR.IA.05", "FR.IA.07", "FR.AK.02"} <= kinds
    assert {"FR.AK.03", "FR.IA.11-TINJAU", "BA-ASESMEN", "FR.AK.05", "FR.AK.06", "SPT-ASESOR"} <= kinds
    assert {"SK-KEPUTUSAN", "SERTIFIKAT"} <= kinds
    for dokumen in documents:
        assert dokumen.status == Dokumen.Status.FINAL, dokumen
        rows = list(dokumen.tanda_tangan.order_by("urutan"))
        assert [t.pihak for t in rows] == [party["pihak"] for party in dokumen.jenis.penandatangan], dokumen
        times = [t.ditandatangani_pada for t in rows]
        assert all(times) and times == sorted(times), dokumen


def test_demo_appeals_one_decided_one_in_progress_made_once(seeded):
    """Issue 14: the remote batch's BK candidate has an appeal decided (ditolak, the SK
    keputusan banding signed: sent) and one in progress (registered, its panel formed); a
    second seed makes none."""
    from banding.demo import seed_banding_demo
    from banding.models import Banding

    decided, open_ = Banding.objects.order_by("pk")
    assert decided.status == Banding.Status.DISAMPAIKAN and decided.hasil == Banding.Hasil.DITOLAK
    assert decided.sk.status == Dokumen.Status.FINAL and decided.sidang.exists()
    assert open_.status == Banding.Status.DIKAJI and open_.panel.count() == 3 and open_.diregistrasi_oleh_id
    assert seed_banding_demo(password=DEMO_PASSWORD) == 0
    seed_demo()
    assert Banding.objects.count() == 2
