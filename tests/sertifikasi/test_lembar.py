"""The candidate's instrument sheets FR.IA.01–10 except IA.05, through the services
(sertifikasi.services.lembar; SE-A4.8d, SE-D1.2d, SE-A4.10, X-8): for each kind who fills
what, the record FR.IA.xx issued with the sheet's content and signed in its kind's order
(draft -> dikirim -> final), and every refusal: the wrong party, unanswered items named,
after the sheet was sent, the gate closed (before the identity check, outside a remote
session's window), a file that is not a PDF or an image, the third party's link (once,
expiring, only its hash kept).

The world: tests/sertifikasi/conftest.py's `agreed` (FR.AK.01 final, siap asesmen). The
start of the assessment (the identity check that passed, siap_asesmen -> asesmen, the sheets)
is written through the models here (`begin`): the session service that does it also needs
the batch's instrument review and window, which these tests are not about. The demo MUK plans
FR.IA.01, IA.05 and IA.07 only; a sheet of another kind is made through the models (`sheet`).
The candidate in asesmen (`begun`) is made once per module, like the demo itself: each test
runs in a savepoint of it and leaves nothing behind; a test that needs a candidate before the
start adds the second demo applicant to that batch.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from administrasi.models import Dokumen
from lsp_portal.errors import ServiceError
from muk.models import ButirInstrumen, Instrumen, JenisIA
from sertifikasi.models import (
    BerkasLembar,
    Bukti,
    CekIdentitas,
    Jadwal,
    Lembar,
    Permohonan,
    TautanPihakKetiga,
)
from sertifikasi.services import JourneyError, asesmen
from sertifikasi.services import lembar as svc

from .conftest import agreed, build_world, png_upload, ttd
from .test_ak import second_candidate

S = Permohonan.Status
L = Lembar.Status


# --- the world ------------------------------------------------------------------------------------


def begin(p, actor):
    """The assessment of `p` (siap asesmen) begun: a passed identity check, asesmen, its
    sheets (through the models; see the module's note)."""
    from lsp_portal.workflow import transition

    sesi = asesmen.sesi_of(p.jadwal)
    CekIdentitas.objects.create(sesi=sesi, permohonan=p, hasil=CekIdentitas.Hasil.SESUAI, oleh=actor)
    p = transition(p, S.ASESMEN, actor=actor, note="identitas sesuai")
    asesmen.lembar_prepare(p)
    return Permohonan.objects.get(pk=p.pk)


def in_asesmen(demo, **kw):
    return begin(agreed(demo, **kw), demo["asesor"])


@pytest.fixture(scope="module", name="_begun")
def begun_world(_demo_seeded, django_db_blocker):
    """`in_asesmen(demo)` once per module (see the module's docstring)."""
    return build_world(django_db_blocker, lambda demo: in_asesmen(demo).pk)


@pytest.fixture(name="begun")
def begun_fixture(demo, _begun) -> Permohonan:
    """The module's candidate in asesmen (`_begun`), read afresh for the test."""
    return Permohonan.objects.get(pk=_begun)


def sheet(p, jenis, items=("Butir satu", "Butir dua"), *, judul=None) -> Lembar:
    """A sheet of kind `jenis` for `p`'s first planned unit: an instrument of the plan's MUK
    version with `items` (each with a confidential expected answer), made through the models."""
    versi = p.rencana_asesmen.muk_versi
    unit = Instrumen.objects.filter(versi=versi).order_by("unit__urutan").first().unit
    instrumen = Instrumen.objects.create(versi=versi, unit=unit, jenis=jenis, judul=judul or f"Uji {jenis}")
    for i, teks in enumerate(items, start=1):
        ButirInstrumen.objects.create(instrumen=instrumen, urutan=i, teks=teks, jawaban="KUNCI-RAHASIA")
    return Lembar.objects.create(permohonan=p, instrumen=instrumen)


def planned(p, jenis) -> Lembar:
    return Lembar.objects.filter(permohonan=p, instrumen__jenis=jenis).select_related("instrumen").first()


def items_of(lembar):
    return list(ButirInstrumen.objects.filter(instrumen=lembar.instrumen).order_by("urutan", "pk"))


def refresh(lembar):
    return Lembar.objects.select_related("instrumen__unit", "dokumen", "permohonan").get(pk=lembar.pk)


def judge_all(lembar, actor, value, **extra):
    isian = {b.pk: {"penilaian": value, "catatan": "ok"} for b in items_of(lembar)}
    return svc.lembar_save(lembar=lembar, actor=actor, isian=isian, **extra)


# --- FR.IA.01 ---------------------------------------------------------------------------------------


def test_ia01_the_assessor_fills_the_checklist_and_signs_it_final(demo, begun):
    """SE-A4.8d, SE-D1.2d: IA.01 per KUK Ya/Tidak with notes and K/BK; the assessor alone
    signs; the record FR.IA.01 holds the content; the sheet is final."""
    p = begun
    lembar = planned(p, JenisIA.IA01)
    assert lembar is not None and lembar.status == L.DRAFT
    judge_all(lembar, demo["asesor"], "ya", rekomendasi="K", catatan="Demonstrasi lancar.")
    lembar = svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    lembar = refresh(lembar)
    assert lembar.status == L.FINAL
    assert asesmen.lembar_is_final(lembar)
    dokumen = lembar.dokumen
    assert dokumen.jenis.kode == "FR.IA.01" and dokumen.status == Dokumen.Status.FINAL
    assert [t.pihak for t in dokumen.tanda_tangan.all()] == ["asesor"]
    assert dokumen.data["rekomendasi"] == "Kompeten"
    assert dokumen.data["catatan"] == "Demonstrasi lancar."
    assert {b["penilaian"] for b in dokumen.data["butir"]} == {"Ya"}
    assert all(b["kuk"] for b in dokumen.data["butir"])
    assert "KUNCI" not in str(dokumen.data)


def test_ia01_unanswered_items_are_named_and_nothing_is_issued(demo, begun):
    """SE-A4.8d: sending with an item unjudged names it; no record."""
    p = begun
    lembar = planned(p, JenisIA.IA01)
    first, *rest = items_of(lembar)
    svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={first.pk: {"penilaian": "tidak"}})
    with pytest.raises(JourneyError) as e:
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    message = str(e.value)
    for b in rest:
        assert f"Butir ceklis {b.urutan} (KUK {b.kuk.nomor}): penilaian belum diisi." in message
    assert f"Butir ceklis {first.urutan} " not in message
    assert "Rekomendasi belum dipilih." in message
    assert refresh(lembar).dokumen_id is None and refresh(lembar).status == L.DRAFT


def test_ia01_is_the_assessors_the_candidate_is_refused(demo, begun):
    """SE-A4.8d: the candidate neither judges the checklist nor sends it."""
    p = begun
    lembar = planned(p, JenisIA.IA01)
    b = items_of(lembar)[0]
    with pytest.raises(JourneyError, match="bukan bagian Anda"):
        svc.lembar_save(lembar=lembar, actor=p.asesi, isian={b.pk: {"penilaian": "ya"}})
    with pytest.raises(JourneyError, match="Kesimpulan lembar diisi oleh asesor"):
        svc.lembar_save(lembar=lembar, actor=p.asesi, rekomendasi="K")
    judge_all(lembar, demo["asesor"], "ya", rekomendasi="K")
    with pytest.raises(JourneyError, match="dikirim dan ditandatangani asesor"):
        svc.lembar_kirim(lembar=lembar, actor=p.asesi, ttd=ttd())
    with pytest.raises(JourneyError, match="diisi oleh asesi atau asesor"):
        svc.lembar_save(lembar=lembar, actor=demo["admin"], rekomendasi="K")
    assert not Lembar.objects.get(pk=lembar.pk).isian.filter(penilaian="", butir=b).exists()


def test_an_unknown_choice_is_refused_and_nothing_saved(demo, begun):
    p = begun
    lembar = planned(p, JenisIA.IA01)
    b = items_of(lembar)[0]
    with pytest.raises(JourneyError, match="pilihan tidak dikenal"):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={b.pk: {"penilaian": "mungkin"}})
    assert not lembar.isian.exists()


def test_a_sent_sheet_cannot_be_changed(demo, begun):
    """SE-A4.8d: after sending, a save or a second send is refused."""
    p = begun
    lembar = planned(p, JenisIA.IA01)
    judge_all(lembar, demo["asesor"], "ya", rekomendasi="K")
    svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    with pytest.raises(JourneyError, match="sudah dikirim"):
        judge_all(refresh(lembar), demo["asesor"], "tidak")
    with pytest.raises(JourneyError, match="sudah final"):
        svc.lembar_kirim(lembar=refresh(lembar), actor=demo["asesor"], ttd=ttd())
    assert set(refresh(lembar).isian.values_list("penilaian", flat=True)) == {"ya"}


def test_before_the_identity_check_every_sheet_is_closed(demo, begun):
    """X-8, SE-A4.8c: AK.01 final but no identity check yet: nothing is saved."""
    p = second_candidate(demo, begun)  # `agreed`, in the module's batch
    instrumen = Instrumen.objects.filter(versi=p.rencana_asesmen.muk_versi, jenis=JenisIA.IA01).first()
    lembar = Lembar.objects.create(permohonan=p, instrumen=instrumen)
    b = items_of(lembar)[0]
    with pytest.raises(JourneyError, match="Asesmen belum dimulai"):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={b.pk: {"penilaian": "ya"}})
    # The assessment began but the last identity check failed again: still closed.
    p = begin(p, demo["asesor"])
    CekIdentitas.objects.create(
        sesi=asesmen.sesi_of(p.jadwal),
        permohonan=p,
        hasil=CekIdentitas.Hasil.TIDAK_SESUAI,
        oleh=demo["asesor"],
    )
    with pytest.raises(JourneyError, match="Identitas asesi belum diperiksa"):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={b.pk: {"penilaian": "ya"}})
    assert not lembar.isian.exists()


def test_a_remote_batch_opens_the_sheets_only_in_its_window(demo, begun):
    """SE-A4.10: remote: before the session's window refused; inside saved; after it the
    assessor may still judge (the window limits the candidate). (The mode is set through the
    models: the batch's own rules are the scheduling tests'.)"""
    p = begun
    Jadwal.objects.filter(pk=p.jadwal_id).update(mode="jarak_jauh", tautan_video="https://video.lsp.id/r")
    lembar = planned(p, JenisIA.IA01)
    b = items_of(lembar)[0]
    with pytest.raises(JourneyError, match="Sesi asesmen hanya terbuka"):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={b.pk: {"penilaian": "ya"}})
    jadwal = Jadwal.objects.get(pk=p.jadwal_id)
    with time_machine.travel(jadwal.mulai + dt.timedelta(minutes=10), tick=False):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={b.pk: {"penilaian": "ya"}})
    assert lembar.isian.get(butir=b).penilaian == "ya"
    with time_machine.travel(jadwal.selesai + dt.timedelta(minutes=1), tick=False):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={b.pk: {"penilaian": "tidak"}})
    assert lembar.isian.get(butir=b).penilaian == "tidak"


# --- FR.IA.02 ---------------------------------------------------------------------------------------


def test_ia02_the_candidate_uploads_the_product_the_assessor_judges(demo, begun):
    """SE-A4.8d: a product per task (checked, its SHA-256 kept, in the record); the assessor
    judges each task and signs."""
    p = begun
    lembar = sheet(p, JenisIA.IA02, ("Buat halaman login", "Buat halaman daftar"))
    tasks = items_of(lembar)
    berkas = svc.lembar_berkas_upload(
        lembar=lembar, butir_id=tasks[0].pk, judul="Tangkapan layar login", upload=png_upload(), actor=p.asesi
    )
    assert berkas.jenis_berkas == "png" and len(berkas.sha256) == 64
    with pytest.raises(JourneyError, match="diisi oleh asesi"):
        svc.lembar_berkas_upload(
            lembar=lembar, butir_id=tasks[0].pk, judul="x", upload=png_upload(), actor=demo["asesor"]
        )
    with pytest.raises(JourneyError, match="bukan bagian Anda"):
        svc.lembar_save(lembar=lembar, actor=p.asesi, isian={tasks[0].pk: {"penilaian": "memenuhi"}})
    judge_all(lembar, demo["asesor"], "memenuhi")
    lembar = svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    lembar = refresh(lembar)
    assert lembar.status == L.FINAL
    item = lembar.dokumen.data["butir"][0]
    assert item["penilaian"] == "Memenuhi" and item["berkas"][0]["sha256"] == berkas.sha256


def test_ia02_a_file_that_is_not_pdf_or_image_is_refused_and_nothing_stored(demo, settings, begun):
    """SE-A4.4: judged by content: a web page named .pdf is refused."""
    p = begun
    lembar = sheet(p, JenisIA.IA02)
    upload = SimpleUploadedFile("produk.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(ServiceError) as e:
        svc.lembar_berkas_upload(
            lembar=lembar, butir_id=items_of(lembar)[0].pk, judul="Produk", upload=upload, actor=p.asesi
        )
    assert "Berkas hasil harus berupa PDF atau gambar" in str(e.value)
    assert not BerkasLembar.objects.exists()
    assert not [f for f in settings.MEDIA_ROOT.rglob("*") if f.is_file() and "lembar" in str(f)]


# --- FR.IA.03 / 07 / 09 --------------------------------------------------------------------------------


def test_ia07_the_assessor_records_answers_and_judgement(demo, begun):
    """SE-A4.8d: oral questions: the summary of the answer and memuaskan/tidak per question;
    a missing summary is named."""
    p = begun
    lembar = planned(p, JenisIA.IA07)
    questions = items_of(lembar)
    judge_all(lembar, demo["asesor"], "memuaskan")
    with pytest.raises(
        JourneyError, match=r"Pertanyaan 1 \(KUK [0-9.]+\): ringkasan jawaban asesi belum diisi"
    ):
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    svc.lembar_save(
        lembar=lembar,
        actor=demo["asesor"],
        isian={q.pk: {"jawaban": f"Jawaban {q.urutan}"} for q in questions},
    )
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd()))
    assert lembar.status == L.FINAL and lembar.dokumen.jenis.kode == "FR.IA.07"
    assert lembar.dokumen.data["butir"][0]["jawaban"] == "Jawaban 1"


def test_ia03_is_the_assessors_question_sheet(demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA03, ("Apa yang Anda lakukan bila server mati?",))
    q = items_of(lembar)[0]
    with pytest.raises(JourneyError, match="bukan bagian Anda"):
        svc.lembar_save(lembar=lembar, actor=p.asesi, isian={q.pk: {"jawaban": "Saya restart"}})
    svc.lembar_save(
        lembar=lembar,
        actor=demo["asesor"],
        isian={q.pk: {"jawaban": "Memeriksa log", "penilaian": "memuaskan"}},
    )
    assert refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())).status == L.FINAL


def test_ia09_the_assessor_sends_the_candidate_signs_first_then_the_assessor(demo, begun):
    """SE-A4.8d: FR.IA.09 [asesi, asesor]: sent by the assessor (no signature yet), signed
    by the candidate (dikirim), then by the assessor (final). Out of turn refused."""
    p = begun
    lembar = sheet(p, JenisIA.IA09, ("Ceritakan proyek web terakhir Anda.",))
    q = items_of(lembar)[0]
    svc.lembar_save(
        lembar=lembar,
        actor=demo["asesor"],
        isian={q.pk: {"jawaban": "Toko daring", "penilaian": "memuaskan"}},
    )
    assert svc.kirim_turn(demo["asesor"], lembar) == "terbitkan"
    assert svc.kirim_turn(p.asesi, lembar) == "terbitkan_ttd"
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=None))
    assert lembar.status == L.DIKIRIM and lembar.dokumen.jenis.kode == "FR.IA.09"
    assert svc.kirim_turn(demo["asesor"], lembar) == ""
    with pytest.raises(ServiceError, match="Menunggu tanda tangan Asesi"):
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=p.asesi, ttd=ttd()))
    assert lembar.status == L.DIKIRIM and not asesmen.lembar_is_final(lembar)
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd()))
    assert lembar.status == L.FINAL and asesmen.lembar_is_final(lembar)
    assert [t.pihak for t in lembar.dokumen.tanda_tangan.all()] == ["asesi", "asesor"]


# --- FR.IA.04 / 06 ---------------------------------------------------------------------------------------


def test_ia06_the_candidate_answers_sends_the_assessor_judges_both_sign(demo, begun):
    """SE-A4.8d, SE-D1.2d: written answers typed (each save kept), handed in (locked), judged
    after; signed by the candidate then the assessor."""
    p = begun
    lembar = sheet(p, JenisIA.IA06, ("Jelaskan HTTP.", "Jelaskan SQL injection."))
    one, two = items_of(lembar)
    svc.lembar_save(lembar=lembar, actor=p.asesi, isian={one.pk: {"jawaban": "Protokol"}})
    with pytest.raises(JourneyError, match="Asesi belum mengirim jawabannya"):
        svc.lembar_save(lembar=lembar, actor=demo["asesor"], isian={one.pk: {"penilaian": "memuaskan"}})
    with pytest.raises(JourneyError, match=r"Belum dijawab: Soal 2\."):
        svc.lembar_serahkan(lembar=lembar, actor=p.asesi)
    svc.lembar_save(lembar=lembar, actor=p.asesi, isian={two.pk: {"jawaban": "Serangan"}})
    svc.lembar_serahkan(lembar=lembar, actor=p.asesi)
    with pytest.raises(JourneyError, match="Jawaban sudah dikirim"):
        svc.lembar_save(lembar=lembar, actor=p.asesi, isian={two.pk: {"jawaban": "Ubah"}})
    with pytest.raises(JourneyError, match=r"Soal 2: penilaian belum diisi"):
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=None)
    judge_all(lembar, demo["asesor"], "memuaskan", catatan="Baik.")
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=None))
    assert lembar.status == L.DIKIRIM
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=p.asesi, ttd=ttd()))
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd()))
    assert lembar.status == L.FINAL
    data = lembar.dokumen.data
    assert [b["jawaban"] for b in data["butir"]] == ["Protokol", "Serangan"]
    assert data["jawaban_dikirim"] and "KUNCI" not in str(data)


def test_ia04_an_activity_answered_by_a_file_alone_may_be_handed_in(demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA04, ("Rancang basis data", "Tulis laporan"))
    one, two = items_of(lembar)
    svc.lembar_save(lembar=lembar, actor=p.asesi, isian={one.pk: {"jawaban": "ERD terlampir"}})
    svc.lembar_berkas_upload(
        lembar=lembar, butir_id=two.pk, judul="Laporan", upload=png_upload(), actor=p.asesi
    )
    lembar = svc.lembar_serahkan(lembar=lembar, actor=p.asesi)
    assert lembar.selesai_pada is not None
    with pytest.raises(JourneyError, match="berkas tidak dapat ditambah"):
        svc.lembar_berkas_upload(
            lembar=lembar, butir_id=two.pk, judul="x", upload=png_upload(), actor=p.asesi
        )
    judge_all(lembar, demo["asesor"], "ya")
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=p.asesi, ttd=ttd()))
    assert lembar.status == L.DIKIRIM  # the candidate sent and signed first; the assessor next
    assert refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())).status == L.FINAL


# --- FR.IA.08 ------------------------------------------------------------------------------------------


def test_ia08_each_evidence_file_is_marked_and_the_conclusion_given(demo, begun):
    """SE-A4.8d: per APL.02 evidence file Valid/Asli/Terkini/Memadai; observasi lanjut needs
    what; missing marks are named."""
    p = begun
    lembar = sheet(p, JenisIA.IA08, ())
    files = list(Bukti.objects.filter(permohonan=p, aktif=True))
    assert files
    first = files[0]
    svc.lembar_save(lembar=lembar, actor=demo["asesor"], portofolio={first.pk: {"valid": "ya", "asli": "ya"}})
    with pytest.raises(JourneyError) as e:
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    assert f"Bukti “{first.judul}”: Terkini, Memadai belum ditandai." in str(e.value)
    with pytest.raises(JourneyError, match="diisi oleh asesor"):
        svc.lembar_save(lembar=lembar, actor=p.asesi, portofolio={first.pk: {"valid": "tidak"}})
    marks = {f.pk: {"valid": "ya", "asli": "ya", "terkini": "tidak", "memadai": "ya"} for f in files}
    svc.lembar_save(lembar=lembar, actor=demo["asesor"], portofolio=marks, rekomendasi="observasi_lanjut")
    with pytest.raises(JourneyError, match="perlu observasi lanjut"):
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    svc.lembar_save(lembar=lembar, actor=demo["asesor"], catatan="Unit 1 elemen 2: observasi ulang.")
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd()))
    assert lembar.status == L.FINAL
    rows = lembar.dokumen.data["portofolio"]
    assert len(rows) == len(files) and rows[0]["Terkini"] == "Tidak" and rows[0]["sha256"] == first.sha256
    assert lembar.dokumen.data["rekomendasi"] == "Observasi lanjut"


# --- FR.IA.10 -----------------------------------------------------------------------------------------------


def _link(demo, p, lembar, **over):
    values = {"nama": "Rina Atasan", "email": "rina@contoh.co.id", "hubungan": "Atasan langsung", **over}
    return svc.pihak_ketiga_buat(lembar=lembar, actor=demo["asesor"], **values)


def test_ia10_a_link_is_mailed_answered_once_and_the_assessor_concludes(
    demo, begun, django_capture_on_commit_callbacks
):
    """SE-A4.8d: a random token, only its SHA-256 kept, e-mailed; answered once without an
    account (time and IP kept); then the assessor concludes and signs."""
    p = begun
    lembar = sheet(p, JenisIA.IA10, ("Apakah Anda mengamati pekerjaannya?", "Berapa lama?"))
    with django_capture_on_commit_callbacks(execute=True):
        tautan, token = _link(demo, p, lembar)
    assert tautan.token_sha256 == svc.token_hash(token) and token not in tautan.token_sha256
    assert not TautanPihakKetiga.objects.filter(token_sha256=token).exists()
    assert (
        len(mail.outbox) == 1 and token in mail.outbox[0].body and mail.outbox[0].to == ["rina@contoh.co.id"]
    )
    assert tautan.kedaluwarsa_pada > timezone.now() + dt.timedelta(days=13)
    with pytest.raises(JourneyError, match="Pihak ketiga menjawab|Belum ada jawaban pihak ketiga"):
        svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    one, two = items_of(lembar)
    with pytest.raises(JourneyError, match="Pertanyaan 2 belum dijawab"):
        svc.pihak_ketiga_jawab(
            token=token, jawaban={one.pk: "Ya"}, tempat_kerja="", telepon="", ip="10.0.0.9"
        )
    svc.pihak_ketiga_jawab(
        token=token,
        jawaban={one.pk: "Ya", two.pk: "Dua tahun"},
        tempat_kerja="PT Maju",
        telepon="",
        ip="10.0.0.9",
    )
    tautan.refresh_from_db()
    assert (
        tautan.dijawab_pada
        and tautan.ip == "10.0.0.9"
        and tautan.jawaban["butir"][str(two.pk)] == "Dua tahun"
    )
    with pytest.raises(svc.TautanTidakBerlaku):
        svc.pihak_ketiga_jawab(
            token=token, jawaban={one.pk: "Tidak", two.pk: "-"}, tempat_kerja="", telepon="", ip=None
        )
    tautan.refresh_from_db()
    assert tautan.jawaban["butir"][str(one.pk)] == "Ya"
    svc.lembar_save(lembar=lembar, actor=demo["asesor"], rekomendasi="mendukung", catatan="Konsisten.")
    lembar = refresh(svc.lembar_kirim(lembar=lembar, actor=demo["asesor"], ttd=ttd()))
    assert lembar.status == L.FINAL
    assert lembar.dokumen.data["pihak_ketiga"][0]["jawaban"][1]["jawaban"] == "Dua tahun"


def test_ia10_an_expired_or_wrong_token_is_refused_neutrally(demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA10, ("Apakah Anda mengamati pekerjaannya?",))
    tautan, token = _link(demo, p, lembar)
    q = items_of(lembar)[0]
    assert svc.tautan_usable(token) is not None
    assert svc.tautan_usable(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert svc.tautan_usable("") is None
    later = tautan.kedaluwarsa_pada + dt.timedelta(seconds=1)
    assert svc.tautan_usable(token, now=later) is None
    with pytest.raises(svc.TautanTidakBerlaku) as e:
        svc.pihak_ketiga_jawab(
            token=token, jawaban={q.pk: "Ya"}, tempat_kerja="", telepon="", ip=None, now=later
        )
    assert str(e.value) == svc.TAUTAN_NETRAL
    assert TautanPihakKetiga.objects.get(pk=tautan.pk).dijawab_pada is None


def test_ia10_only_the_assessor_sends_a_link_and_every_field_is_required(demo, begun):
    p = begun
    lembar = sheet(p, JenisIA.IA10, ("Apakah Anda mengamati pekerjaannya?",))
    with pytest.raises(JourneyError, match="diisi oleh asesor"):
        svc.pihak_ketiga_buat(lembar=lembar, actor=p.asesi, nama="A", email="a@b.id", hubungan="Rekan")
    with pytest.raises(JourneyError, match="Hubungan pihak ketiga wajib diisi"):
        _link(demo, p, lembar, hubungan=" ")
    with pytest.raises(JourneyError, match="hanya untuk FR.IA.10"):
        _link(demo, p, planned(p, JenisIA.IA01))
    assert not TautanPihakKetiga.objects.exists()


# --- who acts next ----------------------------------------------------------------------------------------


def test_giliran_says_who_acts_next(demo, begun):
    p = begun
    ia06 = sheet(p, JenisIA.IA06, ("Jelaskan HTTP.",))
    assert svc.giliran(ia06) == "Asesi menjawab"
    svc.lembar_save(lembar=ia06, actor=p.asesi, isian={items_of(ia06)[0].pk: {"jawaban": "x"}})
    assert svc.giliran(svc.lembar_serahkan(lembar=ia06, actor=p.asesi)) == "Asesor menilai"
    ia01 = planned(p, JenisIA.IA01)
    judge_all(ia01, demo["asesor"], "ya", rekomendasi="BK")
    assert svc.giliran(refresh(svc.lembar_kirim(lembar=ia01, actor=demo["asesor"], ttd=ttd()))) == "Selesai"
