"""The records of the assessment by their services (SE-A4.8f–i, SE-D1.2f–i): FR.AK.02 per
unit with the evidence used, signed by the assessor then the candidate (-> menunggu
keputusan); FR.AK.03 once; FR.AK.05 of the batch by its lead assessor; FR.AK.06 after it.

How the tests reach the assessment (documented, not the journey's own pages):
- `started`: an application with a final FR.AK.01 (conftest `agreed`) is moved to
  `asesmen` with lsp_portal.workflow.transition and its sheets made with
  services.asesmen.lembar_prepare: what the identity check at the start of the session
  does (another module's service, whose own tests cover it).
- `finish_sheets`: each planned sheet is made final through the records engine directly:
  its FR.IA.xx record issued (administrasi.services.dokumen_issue) and signed by its parties
  in order, the sheet then marked final with that record. Filling every instrument through
  services.lembar is that module's tests' business; FR.AK.02 only reads whether a sheet is
  final (services.asesmen.lembar_is_final).

The module's world (`begun`, made once per module like the demo itself: each test runs in a
savepoint of it and leaves nothing behind): `started` with every sheet final but the last
(`finish_sheets(leave=1)`), where almost every test here starts; `finish_sheets(demo, p)`
then makes the last one final too.
"""

import pytest

from administrasi import services as records
from administrasi.models import Dokumen, JenisDokumen
from administrasi.services import RecordError
from lsp_portal.workflow import transition
from sertifikasi import services
from sertifikasi.models import HasilUnit, Lembar, LogSesi, Permohonan
from sertifikasi.services import JourneyError, ak
from sertifikasi.services.asesmen import lembar_kode, lembar_prepare, open_sheets
from tests.conftest import clear_own_cache

from .conftest import DEMO_PASSWORD, IDENTITAS_L, agreed, build_world, join_batch, sign_ak01, ttd

S = Permohonan.Status
ServiceErrorTypes = (JourneyError, RecordError)


# --- reaching the assessment --------------------------------------------------------------


def begin(demo, p) -> Permohonan:
    """Step: the assessment of `p` (FR.AK.01 final) begins: asesmen, sheets prepared."""
    p = transition(p, S.ASESMEN, actor=demo["asesor"], note="Identitas sesuai (tes)")
    lembar_prepare(p)
    return Permohonan.objects.get(pk=p.pk)


def started(demo, **kw) -> Permohonan:
    return begin(demo, agreed(demo, **kw))


def second_candidate(demo, p) -> Permohonan:
    """The second demo applicant (asesi2) in `p`'s batch, up to a final FR.AK.01."""
    from .conftest import apl02_signed, review_apl02, save_plan

    q = apl02_signed(demo, asesi=demo["asesi2"], data=IDENTITAS_L)
    q = join_batch(demo, q, p.jadwal)
    q = save_plan(demo, review_apl02(demo, q))
    return sign_ak01(demo, q)


def finish_sheet(demo, lembar: Lembar) -> Lembar:
    """Make one sheet final through the records engine (see the module's docstring)."""
    p = lembar.permohonan
    jenis = JenisDokumen.objects.get(kode=lembar_kode(lembar))
    people = {"asesor": demo["asesor"], "asesi": p.asesi}
    dokumen = records.dokumen_issue(
        kode=jenis.kode,
        subject=p,
        judul=f"{jenis.kode} {p.nama}",
        data={"instrumen": lembar.instrumen.judul},
        signers={party["pihak"]: people[party["pihak"]] for party in jenis.penandatangan},
        actor=demo["asesor"],
    )
    clear_own_cache()  # dozens of sheets: not on the signing attempt limit (10 per 5 minutes)
    for party in jenis.penandatangan:
        records.dokumen_sign(
            dokumen=dokumen, signer=people[party["pihak"]], secret=DEMO_PASSWORD, consent=True
        )
    Lembar.objects.filter(pk=lembar.pk).update(status=Lembar.Status.FINAL, dokumen=dokumen)
    clear_own_cache()
    return Lembar.objects.get(pk=lembar.pk)


def finish_sheets(demo, p, *, leave=0) -> list[Lembar]:
    """Make every sheet of `p` final but the last `leave` (those already final stay as they
    are); returns the ones left open."""
    sheets = list(p.lembar.select_related("instrumen", "permohonan").order_by("pk"))
    keep = sheets[len(sheets) - leave :] if leave else []
    for lembar in sheets:
        if lembar not in keep and lembar.status != Lembar.Status.FINAL:
            finish_sheet(demo, lembar)
    return keep


def judge_all(demo, p, *, bk=()) -> dict[int, dict]:
    """Step: the assessor judges every unit of `p`: K with the unit's first final sheet as
    evidence, or BK (unit codes in `bk`) with a follow-up."""
    evidence = ak.ak02_evidence(p)
    hasil = {}
    for unit in ak.ak02_units(p):
        choices = [key for key, _ in ak.evidence_choices(evidence, unit.pk)]
        if unit.kode in bk:
            hasil[unit.pk] = {
                "rekomendasi": "BK",
                "bukti": choices[:1],
                "tindak_lanjut": "Ulangi tugas praktik.",
            }
        else:
            hasil[unit.pk] = {"rekomendasi": "K", "bukti": choices[:1], "tindak_lanjut": ""}
    services.ak02_save(permohonan=p, hasil=hasil, actor=demo["asesor"])
    return hasil


def ak02_signed(demo, p, **kw) -> Permohonan:
    """Step: every sheet final, every unit judged, the assessor signs FR.AK.02."""
    finish_sheets(demo, p)
    judge_all(demo, p, **kw)
    services.ak02_sign_asesor(permohonan=p, komentar="Asesi siap.", actor=demo["asesor"], ttd=ttd())
    return Permohonan.objects.get(pk=p.pk)


def ak02_final(demo, p, **kw) -> Permohonan:
    p = ak02_signed(demo, p, **kw)
    return services.ak02_sign_asesi(permohonan=p, actor=p.asesi, ttd=ttd())


def ak03_answers(value="ya"):
    return {key: (value, "") for key, _ in ak.AK03_PERTANYAAN}


def ak05_signed(demo, jadwal, **isian):
    return services.ak05_sign(
        jadwal=jadwal,
        isian={"aspek_positif": "Asesi siap.", "penolakan": "Tidak ada", **isian},
        actor=demo["asesor"],
        ttd=ttd(),
    )


def all_met():
    return {key: {code for code, _ in criteria} for key, _, criteria in ak.ak06_grid()}


# --- the module's world -------------------------------------------------------------------


def _begun_world(demo) -> int:
    p = started(demo)
    finish_sheets(demo, p, leave=1)
    return p.pk


@pytest.fixture(scope="module", name="_begun")
def begun_world(_demo_seeded, django_db_blocker):
    """The demo candidate's assessment begun, every sheet final but the last: made once per
    module (see the module's docstring)."""
    return build_world(django_db_blocker, _begun_world)


@pytest.fixture(name="begun")
def begun_fixture(demo, _begun) -> Permohonan:
    """The module's candidate (`_begun`), read afresh for the test."""
    return Permohonan.objects.get(pk=_begun)


# --- FR.AK.02 -----------------------------------------------------------------------------


def test_ak02_signed_by_assessor_then_candidate_moves_to_menunggu_keputusan(demo, begun):
    """SE-A4.8f, SE-D1.2f: K/BK per unit with the evidence used and the follow-up; the
    assessor signs, then the candidate; final -> menunggu_keputusan, logged, both told."""
    p = begun
    finish_sheets(demo, p)
    units = ak.ak02_units(p)
    assert len(units) == demo["skema"].units.count() > 2
    judge_all(demo, p, bk={units[2].kode})
    assert HasilUnit.objects.filter(permohonan=p).count() == len(units)

    dokumen = services.ak02_sign_asesor(permohonan=p, komentar="Baik.", actor=demo["asesor"], ttd=ttd())
    p.refresh_from_db()
    assert p.ak02_id == dokumen.pk and p.status == S.ASESMEN
    assert dokumen.status == Dokumen.Status.DRAFT
    assert [t.pihak for t in dokumen.tanda_tangan.order_by("urutan")] == ["asesor", "asesi"]
    assert dokumen.data["rekomendasi"] == "Belum kompeten (BK)"
    assert dokumen.data["unit_belum_kompeten"] == [units[2].kode]
    row = dokumen.data["hasil_per_unit"][2]
    assert row["rekomendasi"] == "BK" and row["tindak_lanjut"] == "Ulangi tugas praktik."
    first = ak.evidence_choices(ak.ak02_evidence(p), units[2].pk)[0]
    assert first[0].startswith("lembar:") and row["bukti"] == first[1]

    p = services.ak02_sign_asesi(permohonan=p, actor=p.asesi, ttd=ttd())
    assert p.status == S.MENUNGGU_KEPUTUSAN
    assert Dokumen.objects.get(pk=dokumen.pk).status == Dokumen.Status.FINAL
    assert LogSesi.objects.filter(permohonan=p, teks__contains="FR.AK.02").exists()


def test_ak02_refused_while_a_sheet_is_open_names_it(demo, begun):
    """SE-A4.8f: FR.AK.02 waits for every planned sheet; the refusal names the open ones and
    nothing is issued."""
    p = begun
    left = finish_sheets(demo, p, leave=1)
    judge_all(demo, p)
    assert open_sheets(p) == left
    with pytest.raises(JourneyError) as e:
        services.ak02_sign_asesor(permohonan=p, komentar="", actor=demo["asesor"], ttd=ttd())
    assert left[0].instrumen.get_jenis_display() in str(e.value)
    assert "belum final" in str(e.value)
    p.refresh_from_db()
    assert p.ak02_id is None


def test_ak02_refuses_incomplete_units(demo, begun):
    """SE-A4.8f: every unit K/BK; a BK needs its follow-up, a K its evidence."""
    p = begun
    finish_sheets(demo, p)
    units = ak.ak02_units(p)
    judge_all(demo, p)
    services.ak02_save(
        permohonan=p,
        hasil={units[0].pk: {"rekomendasi": "BK", "tindak_lanjut": ""}, units[1].pk: {"bukti": []}},
        actor=demo["asesor"],
    )
    problems = ak.ak02_problems(p)
    assert f"Unit {units[0].kode}: tulis tindak lanjut untuk rekomendasi BK." in problems
    assert f"Unit {units[1].kode}: centang paling sedikit satu bukti yang digunakan." in problems
    with pytest.raises(JourneyError):
        services.ak02_sign_asesor(permohonan=p, komentar="", actor=demo["asesor"], ttd=ttd())


def test_ak02_save_keeps_values_and_refuses_foreign_evidence(demo, begun):
    """SE-A4.8f: autosave keeps what is typed (a BK without follow-up too); evidence not
    available to the unit (an open sheet, another unit's sheet) is refused, nothing saved."""
    p = begun
    open_left = finish_sheets(demo, p, leave=1)[0]
    units = ak.ak02_units(p)
    unit = units[0]
    services.ak02_save(
        permohonan=p,
        hasil={unit.pk: {"rekomendasi": "bk", "tindak_lanjut": "  Tambah bukti  "}},
        actor=demo["asesor"],
    )
    row = HasilUnit.objects.get(permohonan=p, unit=unit)
    assert (row.rekomendasi, row.tindak_lanjut, row.bukti) == ("BK", "Tambah bukti", [])
    with pytest.raises(JourneyError) as e:
        services.ak02_save(
            permohonan=p,
            hasil={open_left.instrumen.unit_id: {"rekomendasi": "K", "bukti": [f"lembar:{open_left.pk}"]}},
            actor=demo["asesor"],
        )
    assert e.value.field == f"bukti-{open_left.instrumen.unit_id}"
    other = Lembar.objects.filter(permohonan=p).exclude(instrumen__unit=unit).exclude(pk=open_left.pk).first()
    with pytest.raises(JourneyError):
        services.ak02_save(
            permohonan=p, hasil={unit.pk: {"bukti": [f"lembar:{other.pk}"]}}, actor=demo["asesor"]
        )
    with pytest.raises(JourneyError):
        services.ak02_save(permohonan=p, hasil={unit.pk: {"rekomendasi": "X"}}, actor=demo["asesor"])
    row.refresh_from_db()
    assert (row.rekomendasi, row.bukti) == ("BK", [])


def test_ak02_evidence_offers_recordings_and_apl02_files(demo, begun):
    """SE-A4.8f, X-9: the batch's recordings and the candidate's APL.02 files are evidence."""
    p = begun
    finish_sheets(demo, p)
    services.rekaman_link_add(
        jadwal=p.jadwal,
        judul="Rekaman sesi pagi",
        tautan="https://video.lsp.example/sesi-1",
        sha256="a" * 64,
        actor=demo["asesor"],
    )
    evidence = ak.ak02_evidence(p)
    unit = ak.ak02_units(p)[0]
    keys = dict(ak.evidence_choices(evidence, unit.pk))
    rekaman = evidence[ak.REKAMAN][0]
    assert keys[f"rekaman:{rekaman.pk}"] == "Rekaman: Rekaman sesi pagi"
    assert any(k.startswith("bukti:") for k in keys) and any(k.startswith("lembar:") for k in keys)
    services.ak02_save(
        permohonan=p,
        hasil={unit.pk: {"rekomendasi": "K", "bukti": [f"rekaman:{rekaman.pk}"]}},
        actor=demo["asesor"],
    )
    assert HasilUnit.objects.get(permohonan=p, unit=unit).bukti == [{"jenis": "rekaman", "id": rekaman.pk}]


def test_ak02_only_by_the_assessor_while_assessing(demo, begun):
    """SE-A4.8f: not the candidate, not before the assessment began."""
    p = second_candidate(demo, begun)  # FR.AK.01 final (`agreed`), in the module's batch
    unit = ak.ak02_units(p)[0]
    with pytest.raises(JourneyError):
        services.ak02_save(permohonan=p, hasil={unit.pk: {"rekomendasi": "K"}}, actor=demo["asesor"])
    p = begin(demo, p)
    with pytest.raises(JourneyError):
        services.ak02_save(permohonan=p, hasil={unit.pk: {"rekomendasi": "K"}}, actor=p.asesi)
    with pytest.raises(JourneyError):
        services.ak02_sign_asesor(permohonan=p, komentar="", actor=demo["manajer"], ttd=ttd())


def test_ak02_signed_out_of_order_refused(demo, begun):
    """SE-A4.8f: the candidate cannot sign before the assessor (the records engine's order),
    nor sign when there is nothing to sign; the assessor cannot sign twice."""
    p = begun
    with pytest.raises(JourneyError):
        services.ak02_sign_asesi(permohonan=p, actor=p.asesi, ttd=ttd())
    # An FR.AK.02 issued but not signed by the assessor (only possible through the engine):
    dokumen = records.dokumen_issue(
        kode="FR.AK.02",
        subject=p,
        judul="FR.AK.02",
        data={},
        signers={"asesor": demo["asesor"], "asesi": p.asesi},
        actor=demo["asesor"],
    )
    Permohonan.objects.filter(pk=p.pk).update(ak02=dokumen)
    with pytest.raises(RecordError) as e:
        services.ak02_sign_asesi(permohonan=p, actor=p.asesi, ttd=ttd())
    assert "Menunggu tanda tangan Asesor" in str(e.value)
    records.dokumen_void(dokumen=dokumen, alasan="Tes", actor=demo["admin"])

    p = ak02_signed(demo, Permohonan.objects.get(pk=p.pk))
    with pytest.raises(RecordError) as e:
        services.ak02_sign_asesi(permohonan=p, actor=demo["asesor"], ttd=ttd())
    assert "sudah menandatangani" in str(e.value)
    assert Permohonan.objects.get(pk=p.pk).status == S.ASESMEN


def test_ak02_correction_before_the_candidate_signs_refused(demo, begun):
    """SE-A4.8f: once the assessor signed, the content stays until the candidate signs
    (issue_or_correct: a partly signed record is not replaced); nothing typed is saved."""
    p = ak02_signed(demo, begun)
    unit = ak.ak02_units(p)[0]
    with pytest.raises(JourneyError) as e:
        services.ak02_save(permohonan=p, hasil={unit.pk: {"rekomendasi": "BK"}}, actor=demo["asesor"])
    assert "menunggu tanda tangan asesi" in str(e.value)
    with pytest.raises(ServiceErrorTypes):
        services.ak02_sign_asesor(permohonan=p, komentar="Ubah", actor=demo["asesor"], ttd=ttd())
    assert HasilUnit.objects.get(permohonan=p, unit=unit).rekomendasi == "K"
    assert Dokumen.objects.filter(jenis__kode="FR.AK.02").count() == 1


def test_ak02_wrong_secret_leaves_nothing(demo, begun):
    """SE-A4.8f: a refused signature issues nothing (one transaction)."""
    p = begun
    finish_sheets(demo, p)
    judge_all(demo, p)
    with pytest.raises(RecordError):
        services.ak02_sign_asesor(permohonan=p, komentar="", actor=demo["asesor"], ttd=ttd("salah"))
    p.refresh_from_db()
    assert p.ak02_id is None
    assert not Dokumen.objects.filter(jenis__kode="FR.AK.02").exists()


# --- FR.AK.03 -----------------------------------------------------------------------------


def test_ak03_once_after_ak02(demo, begun):
    """SE-A4.8g, SE-D1.2g: the candidate's feedback after FR.AK.02 is final, signed by them;
    a second one refused."""
    p = begun
    with pytest.raises(JourneyError):
        services.ak03_submit(permohonan=p, jawaban=ak03_answers(), catatan="", actor=p.asesi, ttd=ttd())
    p = ak02_final(demo, p)
    answers = ak03_answers()
    answers["komunikasi"] = ("tidak", "Suara asesor terputus-putus.")
    dokumen = services.ak03_submit(
        permohonan=p, jawaban=answers, catatan="Terima kasih.", actor=p.asesi, ttd=ttd()
    )
    p.refresh_from_db()
    assert p.ak03_id == dokumen.pk and dokumen.status == Dokumen.Status.FINAL
    assert len(dokumen.data["umpan_balik"]) == 10
    assert ak.ak03_tidak(dokumen) == [
        {
            "pernyataan": dict(ak.AK03_PERTANYAAN)["komunikasi"],
            "jawaban": "Tidak",
            "komentar": "Suara asesor terputus-putus.",
        }
    ]
    with pytest.raises(JourneyError) as e:
        services.ak03_submit(permohonan=p, jawaban=ak03_answers(), catatan="", actor=p.asesi, ttd=ttd())
    assert "sudah" in str(e.value)
    assert Dokumen.objects.filter(jenis__kode="FR.AK.03").count() == 1


def test_ak03_every_statement_answered_and_only_by_the_candidate(demo, begun):
    """SE-A4.8g: a statement without Ya/Tidak is refused on its field; others may not fill it."""
    p = ak02_final(demo, begun)
    answers = ak03_answers()
    answers["kerahasiaan"] = ("", "")
    with pytest.raises(JourneyError) as e:
        services.ak03_submit(permohonan=p, jawaban=answers, catatan="", actor=p.asesi, ttd=ttd())
    assert e.value.field == "kerahasiaan"
    with pytest.raises(JourneyError):
        services.ak03_submit(
            permohonan=p, jawaban=ak03_answers(), catatan="", actor=demo["asesor"], ttd=ttd()
        )
    assert Permohonan.objects.get(pk=p.pk).ak03_id is None


# --- FR.AK.05 and FR.AK.06 ----------------------------------------------------------------


def test_ak05_lists_k_bk_and_stopped_candidates(demo, begun):
    """SE-A4.8h, SE-D1.2h: per candidate K/BK from FR.AK.02 with the BK units, a stopped one
    as such with the reason; signed by the lead assessor -> Jadwal.ak05."""
    p = begun
    q = second_candidate(demo, p)
    q = transition(begin(demo, q), S.DIHENTIKAN, actor=demo["asesor"], note="Identitas tidak sesuai.")
    units = ak.ak02_units(p)
    p = ak02_final(demo, p, bk={units[0].kode})
    dokumen = ak05_signed(demo, p.jadwal, saran_perbaikan="Perbaiki koneksi.")
    jadwal = p.jadwal
    jadwal.refresh_from_db()
    assert jadwal.ak05_id == dokumen.pk and dokumen.status == Dokumen.Status.FINAL
    rows = {row["asesi"]: row for row in dokumen.data["hasil_asesi"]}
    assert rows[p.nama] == {"asesi": p.nama, "rekomendasi": "BK", "keterangan": f"Unit BK: {units[0].kode}"}
    assert rows[q.nama] == {
        "asesi": q.nama,
        "rekomendasi": "Dihentikan",
        "keterangan": "Identitas tidak sesuai.",
    }
    assert dokumen.data["penolakan"] == "Tidak ada" and dokumen.data["saran_perbaikan"] == "Perbaiki koneksi."
    with pytest.raises(JourneyError):
        ak05_signed(demo, jadwal)


def test_ak05_refused_while_a_candidate_lacks_ak02(demo, begun):
    """SE-A4.8h: refused while a candidate still assessed has no final FR.AK.02 (named)."""
    p = begun
    q = begin(demo, second_candidate(demo, p))
    ak02_final(demo, p)
    ak02_signed(demo, q)  # signed by the assessor only: not final
    with pytest.raises(JourneyError) as e:
        ak05_signed(demo, p.jadwal)
    assert q.nama in str(e.value) and p.nama not in str(e.value)
    p.jadwal.refresh_from_db()
    assert p.jadwal.ak05_id is None


def test_ak05_and_ak06_only_by_the_lead_assessor(demo, begun):
    """SE-A4.8h/i: the batch's lead assessor; staff or the candidate are refused."""
    p = ak02_final(demo, begun)
    for actor in (demo["manajer"], p.asesi):
        with pytest.raises(JourneyError):
            services.ak05_sign(jadwal=p.jadwal, isian={}, actor=actor, ttd=ttd())


def test_ak06_after_ak05(demo, begun):
    """SE-A4.8i, SE-D1.2i: the process review after FR.AK.05 is final: per procedure V/R/F/A,
    evidence V/A/T/M, consistency over five dimensions; a criterion not met needs a
    recommendation; findings required; once."""
    p = ak02_final(demo, begun)
    jadwal = p.jadwal

    def sign(centang, rekomendasi=None, temuan="Proses berjalan sesuai rencana."):
        return services.ak06_sign(
            jadwal=jadwal,
            centang=centang,
            rekomendasi=rekomendasi or {},
            temuan=temuan,
            komentar="",
            actor=demo["asesor"],
            ttd=ttd(),
        )

    with pytest.raises(JourneyError) as e:
        sign(all_met())
    assert "FR.AK.05" in str(e.value)
    ak05_signed(demo, jadwal)
    partial = all_met()
    partial["pelaksanaan"].discard("F")
    with pytest.raises(JourneyError) as e:
        sign(partial)
    assert e.value.field == "rek-pelaksanaan" and "Fleksibel" in str(e.value)
    with pytest.raises(JourneyError) as e:
        sign(all_met(), temuan="")
    assert e.value.field == "temuan"
    dokumen = sign(partial, {"pelaksanaan": "Sediakan jadwal cadangan."})
    jadwal.refresh_from_db()
    assert jadwal.ak06_id == dokumen.pk and dokumen.status == Dokumen.Status.FINAL
    pelaksanaan = dokumen.data["prosedur"][2]
    assert pelaksanaan["Fleksibel"] == "Tidak" and pelaksanaan["Validitas"] == "Ya"
    assert dokumen.data["aturan_bukti"]["Memadai"] == "Ya"
    assert len([k for k in dokumen.data["konsistensi_keputusan"] if k.startswith("Keterampilan")]) == 5
    with pytest.raises(JourneyError):
        sign(all_met())
