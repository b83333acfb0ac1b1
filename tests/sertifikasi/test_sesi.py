"""The batch's session through its services (issue 13, step 1): the lead assessor's review of
the instruments (FR.IA.11-TINJAU, SE-A4.8e), joining (SE-A4.10), staff's extension, the log
and an incident that ends an assessment, the identity check (X-8), the berita acara. Time is
moved with time_machine into or out of the session's window; nothing waits on the clock.

The module's world, made once per module like the demo itself (each test runs in a savepoint
of it and leaves nothing behind): the demo applicant `agreed` in a tatap muka batch two weeks
ahead (`siap`) and another applicant (an account of their own) in a remote batch the day after
(`remote`); another batch a test makes is on a day of its own (an assessor's batches do not
overlap)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from administrasi.models import Dokumen
from lsp_portal.errors import ServiceError
from lsp_portal.models import Notifikasi
from sertifikasi import services
from sertifikasi.models import CekIdentitas, Kehadiran, Lembar, LogSesi, Permohonan, Rekaman, Sesi
from sertifikasi.services.asesmen import sesi_of
from tests.conftest import make_user

from .conftest import (
    DEMO_PASSWORD,
    IDENTITAS_L,
    IDENTITAS_P,
    agreed,
    apl02_signed,
    build_world,
    join_batch,
    png_upload,
    review_apl02,
    save_plan,
    sign_ak01,
    staffed_jadwal,
    ttd,
)

S = Permohonan.Status
VIDEO = "https://meet.example/jwd-sesi"


# --- the world ---------------------------------------------------------------------------------


def agreed_in(demo, jadwal, **kw):
    """`agreed` in `jadwal`: an application (apl02_signed(demo, **kw)) in siap_asesmen with
    FR.AK.01 final."""
    p = join_batch(demo, apl02_signed(demo, **kw), jadwal)
    return sign_ak01(demo, save_plan(demo, review_apl02(demo, p)))


def remote_candidate(demo, *, days=14, **kw):
    """`agreed` in a remote batch: an application in siap_asesmen with FR.AK.01 final, in a
    jarak jauh batch (video link VIDEO) `days` ahead whose assessor is the demo assessor."""
    jadwal = staffed_jadwal(demo, mode="jarak_jauh", tautan_video=VIDEO, days=days)
    kw.setdefault("data", {**IDENTITAS_P, "mode": "jarak_jauh"})
    return agreed_in(demo, jadwal, **kw)


def other_applicant(n: int, **data) -> dict:
    """Extra demo applicant `n` (test_pleno.identity: an account of their own, the demo
    password): the keywords `asesi` and `data` (FR.APL.01, with `data` over it) of apl02_signed."""
    from .test_pleno import NAMES, identity

    asesi = make_user(f"peserta{n}@demo.lsp.id", "asesi", name=NAMES[n], password=DEMO_PASSWORD)
    return {"asesi": asesi, "data": {**identity(n), **data}}


def remote_other(demo, n=0):
    """Extra applicant `n` in a remote batch 15 days ahead (the day after `agreed`'s batch)."""
    return remote_candidate(demo, days=15, **other_applicant(n, mode="jarak_jauh"))


@pytest.fixture(scope="module", name="_world")
def world_fixture(_demo_seeded, django_db_blocker):
    """(siap, remote) once per module (see the module's docstring), as primary keys."""
    return build_world(django_db_blocker, lambda demo: (agreed(demo).pk, remote_other(demo).pk))


@pytest.fixture
def siap(demo, _world) -> Permohonan:
    """The demo applicant in siap_asesmen, FR.AK.01 final, in a tatap muka batch (the world's)."""
    return Permohonan.objects.get(pk=_world[0])


@pytest.fixture
def remote(demo, _world) -> Permohonan:
    """`remote_candidate` of the world: an applicant in siap_asesmen in a remote batch."""
    return Permohonan.objects.get(pk=_world[1])


def review(demo, jadwal, answer=True, catatan=None):
    """The demo assessor (the batch's lead) signs FR.IA.11 answering every line `answer`."""
    instrumen = services.batch_instruments(jadwal)
    return services.reviu_instrumen_save(
        jadwal=jadwal,
        jawaban={i.pk: dict.fromkeys(services.ASPEK_REVIU, answer) for i in instrumen},
        catatan=catatan or {},
        actor=demo["asesor"],
        ttd=ttd(),
    )


def at(jadwal, minutes=60):
    """Travel to `minutes` after the batch's start (inside its window by default)."""
    return time_machine.travel(jadwal.mulai + dt.timedelta(minutes=minutes), tick=False)


def refused(call, message):
    with pytest.raises(ServiceError) as e:
        call()
    assert message in str(e.value), str(e.value)
    return e.value


def check(demo, jadwal, p, hasil="sesuai", catatan="", **kw):
    return services.identitas_periksa(
        jadwal=jadwal, permohonan=p, hasil=hasil, catatan=catatan, actor=demo["asesor"], ip="10.0.0.9", **kw
    )


# --- FR.IA.11-TINJAU ---------------------------------------------------------------------------


def test_review_lists_each_planned_instrument_once_and_signs_the_record(demo, siap):
    """SE-A4.8e: the instruments of every candidate's plan, each once; the lead assessor's
    signature makes FR.IA.11-TINJAU final and the batch points at it."""
    p = siap
    jadwal = p.jadwal
    second = join_batch(demo, apl02_signed(demo, asesi=demo["asesi2"], data=IDENTITAS_L), jadwal)
    save_plan(demo, review_apl02(demo, second))
    instrumen = services.batch_instruments(jadwal)
    planned = {i.pk for i in services.asesmen.planned_instruments(p)}
    assert [i.pk for i in instrumen] and len({i.pk for i in instrumen}) == len(instrumen)
    assert {i.pk for i in instrumen} == planned  # both plans are the full plan: the same instruments

    dokumen = review(demo, jadwal)
    jadwal.refresh_from_db()
    assert jadwal.reviu_instrumen == dokumen and dokumen.status == Dokumen.Status.FINAL
    assert dokumen.jenis.kode == "FR.IA.11-TINJAU"
    assert [row["instrumen"] for row in dokumen.data["instrumen"]] == [
        services.instrumen_label(i) for i in instrumen
    ]
    assert dokumen.data["instrumen"][0]["sesuai_unit_kuk"] == "Ya"
    assert services.reviu_refusal(jadwal) == ""


def test_review_refusals(demo, siap):
    """SE-A4.8e: not the lead assessor, an unanswered line, a Tidak without a note; a
    correction is a new version."""
    p = siap
    jadwal = p.jadwal
    instrumen = services.batch_instruments(jadwal)
    refused(
        lambda: services.reviu_instrumen_save(
            jadwal=jadwal, jawaban={}, catatan={}, actor=demo["manajer"], ttd=ttd()
        ),
        "Hanya asesor kepala jadwal ini",
    )
    partial = {i.pk: dict.fromkeys(services.ASPEK_REVIU, True) for i in instrumen}
    partial[instrumen[-1].pk].pop("waktu_memadai")
    error = refused(
        lambda: services.reviu_instrumen_save(
            jadwal=jadwal, jawaban=partial, catatan={}, actor=demo["asesor"], ttd=ttd()
        ),
        'jawab Ya atau Tidak untuk "Waktu pelaksanaan memadai"',
    )
    assert error.field == f"instrumen-{instrumen[-1].pk}"
    refused(lambda: review(demo, jadwal, answer=False), "tulis catatan")
    assert reviu_id(jadwal) is None

    first = review(demo, jadwal)
    notes = {i.pk: "Waktu kurang; ditambah 15 menit." for i in instrumen}
    second = review(demo, jadwal, answer=False, catatan=notes)
    assert second.versi == first.versi + 1 and reviu_id(jadwal) == second.pk
    assert second.data["instrumen"][0]["catatan"] == "Waktu kurang; ditambah 15 menit."


def reviu_id(jadwal):
    jadwal.refresh_from_db()
    return jadwal.reviu_instrumen_id


@pytest.mark.usefixtures("_world")
def test_review_with_no_candidate_plan_is_refused(demo):
    """SE-A4.8e: nothing to review before a candidate has a plan."""
    jadwal = staffed_jadwal(demo, nama="Batch lain", days=20)
    refused(lambda: review(demo, jadwal), "Belum ada asesi dengan rencana asesmen")


def test_an_instrument_added_after_the_review_blocks_the_start_until_reviewed_again(demo, siap):
    """SE-A4.8e: a candidate whose plan uses an instrument the review does not name keeps the
    batch from starting (the review is updated, a new version)."""
    p = siap
    review(demo, p.jadwal)
    p.jadwal.refresh_from_db()
    # Drop one instrument from the signed review's rows (as if the plan gained it later).
    dokumen = p.jadwal.reviu_instrumen
    rows = dokumen.data["instrumen"]
    Dokumen.objects.filter(pk=dokumen.pk).update(data={**dokumen.data, "instrumen": rows[1:]})
    assert "belum ditinjau dalam FR.IA.11" in services.reviu_refusal(p.jadwal)
    review(demo, p.jadwal)
    p.jadwal.refresh_from_db()
    assert services.reviu_refusal(p.jadwal) == ""


# --- joining -----------------------------------------------------------------------------------


def test_join_is_refused_before_the_review_and_outside_the_window(demo, remote):
    """SE-A4.10, SE-A4.8e: a remote session: refused before FR.IA.11 is final, and outside its
    window (30 minutes before the start until the end); inside, the first join is the
    attendance line (time, IP, device) and every join a log line."""
    p = remote
    jadwal = p.jadwal
    with at(jadwal):
        refused(
            lambda: services.sesi_hadir(jadwal=jadwal, actor=p.asesi),
            "asesor kepala belum menandatangani ceklis meninjau instrumen",
        )
    review(demo, jadwal)
    with at(jadwal, minutes=-31):
        refused(
            lambda: services.sesi_hadir(jadwal=jadwal, actor=p.asesi), "Sesi asesmen jarak jauh hanya terbuka"
        )
    with at(jadwal, minutes=8 * 60 + 1):
        refused(
            lambda: services.sesi_hadir(jadwal=jadwal, actor=p.asesi), "hubungi LSP bila perlu diperpanjang"
        )
    assert not Kehadiran.objects.exists()

    with at(jadwal, minutes=-30):
        first = services.sesi_hadir(jadwal=jadwal, actor=p.asesi, ip="10.1.2.3", user_agent="Ponsel")
    with at(jadwal, minutes=10):
        again = services.sesi_hadir(jadwal=jadwal, actor=p.asesi, ip="10.1.2.4", user_agent="Laptop")
        services.sesi_hadir(jadwal=jadwal, actor=demo["asesor"], ip="10.9.9.9")
    assert again.pk == first.pk and first.ip == "10.1.2.3" and first.user_agent == "Ponsel"
    assert first.hadir_pada == jadwal.mulai - dt.timedelta(minutes=30)
    assert first.peran == "asesi" and first.permohonan_id == p.pk
    assert Kehadiran.objects.filter(sesi__jadwal=jadwal).count() == 2
    masuk = LogSesi.objects.filter(sesi__jadwal=jadwal, jenis=LogSesi.Jenis.MASUK)
    assert masuk.count() == 3 and masuk.filter(ip="10.1.2.4").exists()


def test_face_to_face_join_only_on_the_batch_day(demo, siap):
    """SE-A4.10: a tatap muka batch has no window but its day."""
    p = siap
    review(demo, p.jadwal)
    with at(p.jadwal, minutes=-24 * 60):
        refused(
            lambda: services.sesi_hadir(jadwal=p.jadwal, actor=p.asesi), "Asesmen tatap muka berlangsung pada"
        )
    with at(p.jadwal, minutes=-90):
        assert services.sesi_hadir(jadwal=p.jadwal, actor=p.asesi).peran == "asesi"


def test_join_refused_for_someone_outside_the_batch(demo, siap):
    """SE-A4.10: only the batch's candidates and assessors join."""
    p = siap
    review(demo, p.jadwal)
    with at(p.jadwal):
        refused(lambda: services.sesi_hadir(jadwal=p.jadwal, actor=demo["manajer"]), "Hanya asesi dan asesor")


def test_extension_keeps_the_session_open_later_and_is_logged(demo, remote):
    """SE-A4.10: staff with manage_jadwal extend with a reason; a time not after the current
    end, no reason, or no right is refused; joining works until the new end."""
    p = remote
    jadwal = p.jadwal
    review(demo, jadwal)
    later = jadwal.selesai + dt.timedelta(minutes=45)
    refused(
        lambda: services.sesi_perpanjang(jadwal=jadwal, sampai=later, alasan="x", actor=demo["asesor"]),
        "Hanya pengelola jadwal",
    )
    refused(
        lambda: services.sesi_perpanjang(jadwal=jadwal, sampai=later, alasan=" ", actor=demo["manajer"]),
        "Tulis alasan perpanjangan",
    )
    refused(
        lambda: services.sesi_perpanjang(
            jadwal=jadwal, sampai=jadwal.selesai, alasan="Gangguan", actor=demo["manajer"]
        ),
        "harus setelah akhir sesi saat ini",
    )
    sesi = services.sesi_perpanjang(
        jadwal=jadwal, sampai=later, alasan="Gangguan listrik", actor=demo["manajer"], ip="10.0.0.1"
    )
    assert sesi.diperpanjang_sampai == later
    line = LogSesi.objects.get(sesi=sesi, jenis=LogSesi.Jenis.PERPANJANGAN)
    assert "Gangguan listrik" in line.teks and line.oleh == demo["manajer"]
    refused(
        lambda: services.sesi_perpanjang(jadwal=jadwal, sampai=later, alasan="Lagi", actor=demo["manajer"]),
        "harus setelah akhir sesi saat ini",
    )
    with at(jadwal, minutes=8 * 60 + 30):
        assert services.sesi_hadir(jadwal=jadwal, actor=p.asesi)
    with at(jadwal, minutes=8 * 60 + 46):
        refused(lambda: services.sesi_hadir(jadwal=jadwal, actor=p.asesi), "hanya terbuka")


# --- the identity check ------------------------------------------------------------------------


def test_identity_passed_begins_the_assessment(demo, remote):
    """X-8: sesuai: a CekIdentitas row with the re-encoded snapshot and its SHA-256, the
    candidate in asesmen with their sheets made, an 'identitas' log line, the candidate
    told."""
    p = remote
    jadwal = p.jadwal
    review(demo, jadwal)
    with at(jadwal):
        cek = check(demo, jadwal, p, foto=png_upload("wajah.png"))
    p.refresh_from_db()
    assert p.status == S.ASESMEN and cek.hasil == "sesuai"
    assert cek.foto.name.startswith(f"sertifikasi/identitas/{jadwal.pk}/") and len(cek.foto_sha256) == 64
    assert Lembar.objects.filter(permohonan=p).count() == len(services.asesmen.planned_instruments(p)) > 0
    assert LogSesi.objects.filter(sesi=cek.sesi, jenis=LogSesi.Jenis.IDENTITAS, permohonan=p).exists()
    assert Notifikasi.objects.filter(penerima=p.asesi, judul__contains="asesmen dimulai").exists()
    with at(jadwal):
        refused(lambda: check(demo, jadwal, p), "sudah diperiksa")


def test_identity_failed_stops_the_assessment_and_tells_staff(demo, siap):
    """X-8: tidak sesuai needs a note; then a CekIdentitas row, the candidate stopped with the
    reason, an 'insiden' log line, staff and the candidate told."""
    p = siap
    review(demo, p.jadwal)
    with at(p.jadwal):
        refused(lambda: check(demo, p.jadwal, p, hasil="tidak_sesuai"), "Tulis catatan")
        cek = check(demo, p.jadwal, p, hasil="tidak_sesuai", catatan="Wajah tidak cocok dengan KTP")
    p.refresh_from_db()
    assert p.status == S.DIHENTIKAN and cek.hasil == "tidak_sesuai" and not cek.foto
    line = LogSesi.objects.get(sesi=cek.sesi, jenis=LogSesi.Jenis.INSIDEN)
    assert "Wajah tidak cocok dengan KTP" in line.teks
    assert Notifikasi.objects.filter(penerima=demo["admin"], judul__contains="tidak sesuai").exists()
    assert Notifikasi.objects.filter(penerima=p.asesi, judul__contains="dihentikan").exists()


def test_identity_check_refusals(demo, remote):
    """X-8, SE-A4.8c, SE-A4.8e: before the review, before AK.01 is final, outside the window,
    by an assessor who is not the candidate's, a snapshot that is not an image."""
    p = remote
    jadwal = p.jadwal
    with at(jadwal):
        refused(lambda: check(demo, jadwal, p), "asesor kepala belum menandatangani ceklis")
    review(demo, jadwal)
    with at(jadwal, minutes=-60):
        refused(lambda: check(demo, jadwal, p), "Sesi asesmen jarak jauh hanya terbuka")
    with at(jadwal):
        refused(
            lambda: services.identitas_periksa(
                jadwal=jadwal, permohonan=p, hasil="sesuai", catatan="", actor=demo["manajer"]
            ),
            "Hanya asesor asesi ini",
        )
        from .conftest import pdf_upload

        error = refused(lambda: check(demo, jadwal, p, foto=pdf_upload("ktp.pdf")), "Cuplikan identitas")
        assert error.field == "foto"
    assert not CekIdentitas.objects.exists()
    p.refresh_from_db()
    assert p.status == S.SIAP_ASESMEN


def test_identity_check_needs_the_agreement(demo, siap):
    """SE-A4.8c: a candidate whose FR.AK.01 is not final cannot begin."""
    p = siap
    review(demo, p.jadwal)
    Permohonan.objects.filter(pk=p.pk).update(status=S.PRA_ASESMEN)  # as after a reschedule
    with at(p.jadwal):
        refused(lambda: check(demo, p.jadwal, p), "persetujuan asesmen (FR.AK.01) belum ditandatangani")


# --- log and incidents -------------------------------------------------------------------------


def test_log_note_and_an_incident_that_ends_an_assessment(demo, siap):
    """SE-A4.10: assessors write notes and incidents; an incident may end a candidate's
    assessment (asesmen -> dihentikan with the text), only while it is under way."""
    p = siap
    jadwal = p.jadwal
    review(demo, jadwal)
    refused(
        lambda: services.sesi_catat(jadwal=jadwal, jenis="catatan", teks="x", actor=demo["manajer"]),
        "Hanya asesor jadwal ini",
    )
    refused(
        lambda: services.sesi_catat(jadwal=jadwal, jenis="catatan", teks="  ", actor=demo["asesor"]),
        "Tulis uraian",
    )
    note = services.sesi_catat(
        jadwal=jadwal, jenis="catatan", teks="Koneksi asesi lambat", actor=demo["asesor"]
    )
    assert note.jenis == "catatan" and note.permohonan is None
    refused(
        lambda: services.sesi_catat(
            jadwal=jadwal,
            jenis="insiden",
            teks="Mencontek",
            permohonan=p,
            hentikan=True,
            actor=demo["asesor"],
        ),
        "tidak sedang berlangsung",
    )
    refused(
        lambda: services.sesi_catat(
            jadwal=jadwal, jenis="insiden", teks="x", hentikan=True, actor=demo["asesor"]
        ),
        "pilih asesinya",
    )
    with at(jadwal):
        check(demo, jadwal, p)
    line = services.sesi_catat(
        jadwal=jadwal,
        jenis="insiden",
        teks="Membuka catatan",
        permohonan=p,
        hentikan=True,
        actor=demo["asesor"],
    )
    p.refresh_from_db()
    assert p.status == S.DIHENTIKAN and line.jenis == "insiden" and line.permohonan == p
    assert Notifikasi.objects.filter(penerima=p.asesi, judul="Asesmen Anda dihentikan").exists()


def test_log_about_a_candidate_of_another_batch_is_refused(demo, siap):
    """SE-A4.10: the candidate named must be of this batch."""
    p = siap
    other = staffed_jadwal(demo, nama="Batch lain", days=20)
    refused(
        lambda: services.sesi_catat(
            jadwal=other, jenis="catatan", teks="x", permohonan=p, actor=demo["asesor"]
        ),
        "bukan peserta jadwal ini",
    )


# --- the berita acara --------------------------------------------------------------------------


def test_berita_acara_records_the_session_and_closes_it(demo, remote):
    """SE-A4.10, X-8, X-9: BA-ASESMEN holds the batch, time, mode, video link, attendance,
    identity results, incidents and recordings (title + SHA-256), signed by the lead; the
    session is closed: joining and the identity check are refused after it."""
    p = remote
    jadwal = p.jadwal
    refused(
        lambda: services.berita_acara_sign(jadwal=jadwal, actor=demo["asesor"], ttd=ttd()),
        "Berita acara dibuat setelah sesi dibuka",
    )
    review(demo, jadwal)
    with at(jadwal):
        services.sesi_hadir(jadwal=jadwal, actor=p.asesi, ip="10.1.1.1")
        check(demo, jadwal, p)
        services.sesi_catat(
            jadwal=jadwal, jenis="insiden", teks="Suara terputus 2 menit", actor=demo["asesor"]
        )
        # The recording's service is another helper's: the row is written directly here.
        Rekaman.objects.create(
            sesi=sesi_of(jadwal),
            judul="Rekaman sesi pagi",
            tautan="https://video.example/1",
            sha256="a" * 64,
            diunggah_oleh=demo["asesor"],
        )
        refused(
            lambda: services.berita_acara_sign(jadwal=jadwal, actor=demo["manajer"], ttd=ttd()),
            "Hanya asesor kepala",
        )
        dokumen = services.berita_acara_sign(jadwal=jadwal, actor=demo["asesor"], ttd=ttd())
    sesi = Sesi.objects.get(jadwal=jadwal)
    assert sesi.berita_acara == dokumen and sesi.ditutup_pada == jadwal.mulai + dt.timedelta(hours=1)
    assert dokumen.jenis.kode == "BA-ASESMEN" and dokumen.status == Dokumen.Status.FINAL
    data = dokumen.data
    assert data["mode"] == "Jarak jauh" and data["tautan_video"] == VIDEO
    assert [row["nama"] for row in data["daftar_hadir"]] == [p.nama]
    assert data["daftar_hadir"][0]["hadir_pada"].endswith("09.00 WIB")
    assert data["pemeriksaan_identitas"][0]["hasil"] == "Sesuai"
    assert data["insiden"][0]["uraian"] == "Suara terputus 2 menit"
    assert data["rekaman"] == [{"judul": "Rekaman sesi pagi", "sha256": "a" * 64}]
    with at(jadwal, minutes=90):
        refused(
            lambda: services.sesi_hadir(jadwal=jadwal, actor=p.asesi),
            "Sesi sudah ditutup dengan berita acara",
        )
        again = services.berita_acara_sign(jadwal=jadwal, actor=demo["asesor"], ttd=ttd())
    assert again.versi == 2 and Sesi.objects.get(pk=sesi.pk).ditutup_pada == sesi.ditutup_pada


def test_window_helpers_agree_with_the_settings(demo, settings, remote):
    """SE-A4.10: the window opens SERTIFIKASI_SESI_BUKA_MENIT before the start."""
    settings.SERTIFIKASI_SESI_BUKA_MENIT = 10
    p = remote
    sesi = sesi_of(p.jadwal)
    assert services.time_refusal(p.jadwal, sesi, now=p.jadwal.mulai - dt.timedelta(minutes=10)) == ""
    assert services.time_refusal(p.jadwal, sesi, now=p.jadwal.mulai - dt.timedelta(minutes=11))
    assert timezone.is_aware(p.jadwal.mulai)
