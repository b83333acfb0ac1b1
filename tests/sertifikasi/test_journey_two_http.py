"""Issue 13, step 1 (Journey II, the assessment itself) joined into one journey a person
follows (SE-A4.10, SE-A4.8d–i, X-8): from a candidate in siap_asesmen in a remote batch to
menunggu_keputusan and the batch's reports, through HTTP only, as the personas (the
candidate, the batch's lead assessor who is also the candidate's assessor), each act a
request to the page the person uses, each signature a POST of that page's signing form.

Along the way the application's page (stepper, what to do next, its links by status), the
batch page's links and the dashboard (lsp_portal.worklist) say what waits on whom. At the
end every record of the assessment is final, signed by its parties in order, and has its
sealed PDF stored (tasks run eagerly; the on-commit callbacks that queue them are run by
django_capture_on_commit_callbacks).

Also here: the stepper's steps of the assessment, and the sheets' gate (SE-A4.10): the
session window limits the candidate, not the assessor judging after the session.

The world: `remote_candidate` (tests/sertifikasi/test_sesi.py) is conftest `agreed` in a
remote batch built with make_jadwal overrides (mode jarak_jauh, a video link); the signing
attempt limit (10 per 5 minutes) is reset between signatures (clear_own_cache): one person
signs two dozen records here within minutes, which the limit is not about.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from administrasi.models import Dokumen
from lsp_portal.errors import ServiceError
from muk.models import JenisIA, OpsiJawaban
from sertifikasi import services
from sertifikasi.models import CekIdentitas, Kehadiran, Lembar, LogSesi, Permohonan, Rekaman
from sertifikasi.services import ak
from sertifikasi.services import lembar as svc
from sertifikasi.services.asesmen import lembar_open_refusal, planned_instruments
from sertifikasi.templatetags.journey import KEYS, steps_for
from tests.conftest import clear_own_cache

from .conftest import DEMO_PASSWORD, agreed
from .test_lembar import items_of, sheet
from .test_sesi import VIDEO, check, remote_candidate, review

S = Permohonan.Status
L = Lembar.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on"}
SHA = "ab" * 32


def url(name, *args):
    return reverse(f"sertifikasi:{name}", args=args)


def ok(response, status=302):
    assert response.status_code == status, (
        response.status_code,
        response.get("Location"),
        [str(m) for m in response.context["messages"]] if response.context else "",
    )
    clear_own_cache()  # the signing attempt limit: see the module's docstring
    return response


def html(response) -> str:
    return ok(response, 200).content.decode()


def current_step(page: str) -> str:
    return re.search(
        r'<li class="step step-\w+" aria-current="step">.*?<span class="step-label">([^<]+)</span>',
        page,
        re.S,
    ).group(1)


def next_card(page: str) -> str:
    """The "Langkah berikutnya" card of the application's page."""
    return re.search(r'<section class="card apl01-next".*?</section>', page, re.S).group(0)


def dashboard(client) -> str:
    return html(client.get(reverse("akun:home")))


def assert_final_signed_in_order(dokumen: Dokumen, signers: list) -> None:
    """Final, every row signed by the expected person in the kind's order, and a sealed PDF
    whose hash is stored."""
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL, dokumen
    rows = list(dokumen.tanda_tangan.order_by("urutan"))
    assert [t.penandatangan_id for t in rows] == [u.pk for u in signers], dokumen
    times = [t.ditandatangani_pada for t in rows]
    assert all(times) and times == sorted(times), dokumen
    assert dokumen.pdf and dokumen.pdf_sha256, dokumen
    assert dokumen.pdf.read().startswith(b"%PDF-"), dokumen


# --- the steps (each a page's POST; shared with test_journey_certificate_http.py) ----------------


def review_form(jadwal) -> dict:
    """The FR.IA.11 page's POST: every line Ya for every instrument of the batch, signed."""
    instrumen = services.batch_instruments(jadwal)
    return {f"{k}-{i.pk}": "ya" for i in instrumen for k in services.ASPEK_REVIU} | SIGN


def sheet_form(x, *, bk=False) -> dict | None:
    """The assessor's POST of an IA.01 (every KUK Ya, K; with `bk` the first KUK Tidak with a
    note, BK) or an IA.07 (a summary and memuaskan per question); None for another kind."""
    items = items_of(x)
    if x.instrumen.jenis == JenisIA.IA01:
        form = {f"penilaian-{b.pk}": "ya" for b in items}
        if bk:
            form |= {f"penilaian-{items[0].pk}": "tidak", f"catatan-{items[0].pk}": "Tidak didemonstrasikan."}
        return form | {"rekomendasi": "BK" if bk else "K", "umpan_balik": "Demonstrasi lancar."}
    if x.instrumen.jenis == JenisIA.IA07:
        form = {f"jawaban-{b.pk}": "Asesi menjelaskan dengan tepat." for b in items}
        return form | {f"penilaian-{b.pk}": "memuaskan" for b in items}
    return None


def send_sheet(client, p, x, *, bk=False) -> None:
    """The assessor (signed in) fills an IA.01/IA.07 and sends it signed: final."""
    ok(client.post(url("lembar", p.pk, x.pk), sheet_form(x, bk=bk)))
    ok(client.post(url("lembar-kirim", p.pk, x.pk), SIGN))
    assert Lembar.objects.get(pk=x.pk).status == L.FINAL


def take_ia05(client, p, x, asesor) -> Lembar:
    """The candidate takes a timed FR.IA.05 through its pages (every key) and signs the answer
    sheet; the assessor signs its record after them on the records page."""
    client.force_login(p.asesi)
    ok(client.post(url("ujian", p.pk, x.pk), {"aksi": "mulai"}))
    page = html(client.get(url("ujian", p.pk, x.pk)))
    keys = OpsiJawaban.objects.filter(butir__instrumen=x.instrumen, benar=True)
    for key in keys:
        assert f'name="soal-{key.butir_id}"' in page
    ok(client.post(url("ujian-jawab", p.pk, x.pk), {f"soal-{k.butir_id}": k.pk for k in keys}))
    ok(client.post(url("ujian-selesai", p.pk, x.pk)))
    done = Lembar.objects.get(pk=x.pk)
    assert done.selesai_pada and done.benar == done.jumlah == len(keys)
    ok(client.post(url("ujian", p.pk, x.pk), {"aksi": "tandatangan", **SIGN}))
    client.force_login(asesor)
    ok(client.post(reverse("administrasi:dokumen-sign", args=[done.dokumen_id]), SIGN))
    return done


def recording_form() -> dict:
    """The recordings page's POST of a link with its SHA-256 (X-9)."""
    return {
        "aksi": "tautan",
        "tautan-judul": "Rekaman sesi bagian 1",
        "tautan-tautan": "https://arsip.example/rekaman-1.mp4",
        "tautan-sha256": SHA,
        "tautan-permohonan": "",
    }


def ak02_form(p, *, bk=()) -> dict:
    """The FR.AK.02 page's POST: each unit K with its first evidence, or BK (unit codes in
    `bk`) with a follow-up."""
    evidence = ak.ak02_evidence(p)
    form = {}
    for unit in ak.ak02_units(p):
        choices = [key for key, _ in ak.evidence_choices(evidence, unit.pk)]
        no = unit.kode in bk
        form |= {
            f"rek-{unit.pk}": "BK" if no else "K",
            f"bukti-{unit.pk}": ["", choices[0]],
            f"tl-{unit.pk}": "Ulangi tugas praktik." if no else "",
        }
    return form


def ak03_form() -> dict:
    return {key: "ya" for key, _ in ak.AK03_PERTANYAAN} | SIGN


AK05_FORM = {"aspek_positif": "Peserta tepat waktu.", "penolakan": "Tidak ada", **SIGN}


def ak06_form() -> dict:
    met = {f"c-{key}": [code for code, _ in criteria] for key, _, criteria in ak.ak06_grid()}
    return {**met, "temuan": "Berjalan baik.", **SIGN}


# --- the stepper -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "current", "done"),
    [
        (S.SIAP_ASESMEN, "asesmen", "pra_asesmen"),
        (S.ASESMEN, "asesmen", "pra_asesmen"),
        (S.MENUNGGU_KEPUTUSAN, "keputusan", "asesmen"),
    ],
)
def test_stepper_marks_the_assessment_and_the_decision(status, current, done):
    """SE-A4.8f: the assessment is at "Asesmen"; a final FR.AK.02 (menunggu keputusan) at
    "Keputusan komite"; the steps still reach the certificate."""
    steps = steps_for(Permohonan(status=status))
    assert [s.key for s in steps] == KEYS and KEYS[-1] == "sertifikat"
    by_key = {s.key: s.state for s in steps}
    assert by_key[current] == "current" and by_key[done] == "done"
    assert [s.key for s in steps if s.is_current] == [current]
    assert by_key["sertifikat"] == "next"


# --- the gate: the window limits the candidate, not the assessor --------------------------------


def test_after_the_window_the_assessor_judges_an_ia06_the_candidate_cannot_answer(demo):
    """SE-A4.10: in a remote batch the candidate answers and hands in an IA.06 in the session's
    window; after it the candidate can no longer answer another sheet, while their assessor
    still judges and sends the handed-in one (before the window opens the assessor is refused
    too)."""
    p = remote_candidate(demo)
    jadwal = p.jadwal
    review(demo, jadwal)
    with time_machine.travel(jadwal.mulai + dt.timedelta(minutes=30), tick=False):
        check(demo, jadwal, p)
        p.refresh_from_db()
        essay = sheet(p, JenisIA.IA06, ("Jelaskan HTTP.", "Jelaskan HTML."))
        later = sheet(p, JenisIA.IA06, ("Jelaskan CSS.",))
        answers = {b.pk: {"jawaban": "Jawaban asesi."} for b in items_of(essay)}
        svc.lembar_save(lembar=essay, actor=p.asesi, isian=answers)
        svc.lembar_serahkan(lembar=essay, actor=p.asesi)
    with time_machine.travel(jadwal.selesai + dt.timedelta(hours=2), tick=False):
        with pytest.raises(ServiceError, match="Sesi asesmen hanya terbuka"):
            svc.lembar_save(lembar=later, actor=p.asesi, isian={items_of(later)[0].pk: {"jawaban": "x"}})
        assert "Sesi asesmen hanya terbuka" in lembar_open_refusal(later)
        assert lembar_open_refusal(later, for_candidate=False) == ""
        before = jadwal.mulai - dt.timedelta(hours=2)  # not before the session opens, though
        assert "Sesi asesmen hanya terbuka" in lembar_open_refusal(later, for_candidate=False, now=before)
        judged = {b.pk: {"penilaian": "memuaskan", "catatan": "Tepat."} for b in items_of(essay)}
        svc.lembar_save(lembar=essay, actor=demo["asesor"], isian=judged)
        sent = svc.lembar_kirim(lembar=essay, actor=demo["asesor"], ttd=None)
    assert sent.status == L.DIKIRIM and sent.dokumen.jenis.kode == "FR.IA.06"
    assert set(sent.isian.values_list("penilaian", flat=True)) == {"memuaskan"}
    assert not later.isian.exists()


# --- the journey ---------------------------------------------------------------------------------


def test_journey_two_from_siap_asesmen_to_the_batch_reports(demo, client, django_capture_on_commit_callbacks):
    """SE-A4.10, SE-A4.8d–i, X-8: one remote candidate through the whole assessment."""
    p = remote_candidate(demo)
    jadwal = p.jadwal
    asesor, asesi = demo["asesor"], p.asesi
    assert p.status == S.SIAP_ASESMEN and jadwal.mode == "jarak_jauh"

    with django_capture_on_commit_callbacks(execute=True):
        # The lead assessor reviews the batch's instruments (FR.IA.11) before the batch.
        client.force_login(asesor)
        page = html(client.get(url("jadwal", jadwal.pk)))
        assert url("reviu-instrumen", jadwal.pk) in page and url("ak05", jadwal.pk) in page
        ok(client.post(url("reviu-instrumen", jadwal.pk), review_form(jadwal)))
        jadwal.refresh_from_db()

        with time_machine.travel(jadwal.mulai + dt.timedelta(minutes=5), tick=True):
            # The candidate: the page says to join the session, the dashboard lists it.
            client.force_login(asesi)
            page = html(client.get(p.get_absolute_url()))
            assert current_step(page) == "Asesmen"
            assert url("sesi", jadwal.pk) in next_card(page)
            assert url("asesmen", p.pk) not in next_card(page)
            home = dashboard(client)
            assert "Sesi asesmen hari ini" in home and url("sesi", jadwal.pk) in home
            response = ok(client.post(url("sesi-hadir", jadwal.pk), HTTP_USER_AGENT="Ponsel asesi"))
            assert response["Location"] == VIDEO

            # The assessor joins and checks the identity: the assessment begins.
            client.force_login(asesor)
            assert "Sesi asesmen hari ini" in dashboard(client)
            ok(client.post(url("sesi-hadir", jadwal.pk)))
            page = html(client.get(p.get_absolute_url()))
            assert url("sesi-identitas", jadwal.pk, p.pk) in next_card(page)
            ok(client.post(url("sesi-identitas", jadwal.pk, p.pk), {"hasil": "sesuai", "catatan": ""}))
            p.refresh_from_db()
            assert p.status == S.ASESMEN
            assert set(Kehadiran.objects.filter(sesi__jadwal=jadwal).values_list("user_id", flat=True)) == {
                asesi.pk,
                asesor.pk,
            }
            assert CekIdentitas.objects.get(permohonan=p).hasil == CekIdentitas.Hasil.SESUAI

            # The candidate's sheets exist per the plan; each party is shown theirs.
            planned = {i.pk for i in planned_instruments(p)}
            sheets = list(Lembar.objects.filter(permohonan=p).select_related("instrumen"))
            assert {x.instrumen_id for x in sheets} == planned and len(sheets) == len(planned)
            kinds = {x.instrumen.jenis for x in sheets}
            assert kinds == {JenisIA.IA01, JenisIA.IA05, JenisIA.IA07}
            page = html(client.get(p.get_absolute_url()))
            assert url("asesmen", p.pk) in next_card(page) and url("ak02", p.pk) in next_card(page)
            home = dashboard(client)
            assert "Lembar instrumen yang perlu Anda isi atau nilai" in home and url("asesmen", p.pk) in home
            client.force_login(asesi)
            page = html(client.get(p.get_absolute_url()))
            assert url("asesmen", p.pk) in next_card(page)
            home = dashboard(client)
            assert "Instrumen asesmen yang perlu Anda kerjakan" in home
            page = html(client.get(url("asesmen", p.pk)))
            for x in sheets:
                assert url("ujian" if x.instrumen.jenis == JenisIA.IA05 else "lembar", p.pk, x.pk) in page

            # The assessor fills and sends every IA.01 (checklist) and IA.07 (oral questions).
            client.force_login(asesor)
            for x in sheets:
                if sheet_form(x) is not None:
                    send_sheet(client, p, x)

            # The candidate takes each timed FR.IA.05 through its pages and signs its answer
            # sheet; the assessor signs it after them on the records page.
            for x in sheets:
                if x.instrumen.jenis == JenisIA.IA05:
                    take_ia05(client, p, x, asesor)

            # A recording of the session as a link with its SHA-256.
            ok(client.post(url("rekaman", jadwal.pk), recording_form()))
            assert Rekaman.objects.get(sesi__jadwal=jadwal).sha256 == SHA

            # FR.AK.02: every sheet final (the FR.IA.05 signed last on the records page
            # counts); the dashboard says it is ready; the assessor fills and signs it.
            home = dashboard(client)
            assert "FR.AK.02 siap diisi dan ditandatangani" in home and url("ak02", p.pk) in home
            assert "Lembar instrumen yang perlu Anda isi atau nilai" not in home
            ok(client.post(url("ak02", p.pk), ak02_form(p)))
            response = ok(client.post(url("ak02", p.pk), {"tandatangan": "1", "komentar": "Siap.", **SIGN}))
            assert response["Location"] == url("ak02-tandatangan", p.pk)
            assert Lembar.objects.filter(permohonan=p).exclude(status=L.FINAL).count() == 0

            # The candidate signs FR.AK.02 after the assessor: menunggu keputusan; then FR.AK.03.
            client.force_login(asesi)
            home = dashboard(client)
            assert "FR.AK.02 menunggu tanda tangan Anda" in home and url("ak02-tandatangan", p.pk) in home
            assert url("ak02-tandatangan", p.pk) in next_card(html(client.get(p.get_absolute_url())))
            response = ok(client.post(url("ak02-tandatangan", p.pk), SIGN))
            assert response["Location"] == url("ak03", p.pk)
            p.refresh_from_db()
            assert p.status == S.MENUNGGU_KEPUTUSAN
            page = html(client.get(p.get_absolute_url()))
            assert current_step(page) == "Keputusan komite" and url("ak03", p.pk) in next_card(page)
            assert "Isi umpan balik asesmen (FR.AK.03)" in dashboard(client)
            ok(client.post(url("ak03", p.pk), ak03_form()))
            assert "Isi umpan balik asesmen (FR.AK.03)" not in dashboard(client)
            assert url("ak03", p.pk) not in next_card(html(client.get(p.get_absolute_url())))

            # The lead assessor: the berita acara, FR.AK.05 then FR.AK.06.
            client.force_login(asesor)
            ok(client.post(url("sesi-berita-acara", jadwal.pk), SIGN))
            home = dashboard(client)
            assert "FR.AK.05 jadwal siap ditulis" in home and url("ak05", jadwal.pk) in home
            ok(client.post(url("ak05", jadwal.pk), AK05_FORM))
            home = dashboard(client)
            assert "FR.AK.05 jadwal siap ditulis" not in home and "FR.AK.06 jadwal siap ditulis" in home
            ok(client.post(url("ak06", jadwal.pk), ak06_form()))
            assert "FR.AK.06 jadwal siap ditulis" not in dashboard(client)
            page = html(client.get(url("jadwal", jadwal.pk)))
            for name in ("sesi", "reviu-instrumen", "rekaman", "ak05", "ak06"):
                assert url(name, jadwal.pk) in page, name

    # Every record of the assessment: final, signed in order, its PDF stored.
    p.refresh_from_db()
    jadwal.refresh_from_db()
    sesi = jadwal.sesi
    assert sesi.ditutup_pada and p.status == S.MENUNGGU_KEPUTUSAN
    assert_final_signed_in_order(jadwal.reviu_instrumen, [asesor])
    for x in Lembar.objects.filter(permohonan=p).select_related("instrumen", "dokumen"):
        assert x.status == L.FINAL
        signers = [asesi, asesor] if x.instrumen.jenis == JenisIA.IA05 else [asesor]
        assert_final_signed_in_order(x.dokumen, signers)
    assert_final_signed_in_order(p.ak02, [asesor, asesi])
    assert_final_signed_in_order(p.ak03, [asesi])
    assert_final_signed_in_order(sesi.berita_acara, [asesor])
    assert_final_signed_in_order(jadwal.ak05, [asesor])
    assert_final_signed_in_order(jadwal.ak06, [asesor])
    assert {r["asesi"] for r in jadwal.ak05.data["hasil_asesi"]} == {p.nama}
    assert [r["nama"] for r in sesi.berita_acara.data["daftar_hadir"]] and sesi.berita_acara.data["rekaman"]
    assert LogSesi.objects.filter(sesi=sesi, jenis=LogSesi.Jenis.IDENTITAS, permohonan=p).exists()


def test_links_by_status_for_staff_and_before_the_assessment(demo, client):
    """SE-A4.8: staff read the session and the candidate's FR.AK.01-ready page without the
    candidate's or the assessor's buttons; a face-to-face candidate's page before the
    session links the session only."""
    p = agreed(demo)
    client.force_login(demo["manajer"])
    card = next_card(html(client.get(p.get_absolute_url())))
    assert url("sesi", p.jadwal_id) in card and url("sesi-identitas", p.jadwal_id, p.pk) not in card
    client.force_login(p.asesi)
    card = next_card(html(client.get(p.get_absolute_url())))
    assert url("sesi", p.jadwal_id) in card and url("asesmen", p.pk) not in card
    client.force_login(demo["asesor"])
    card = next_card(html(client.get(p.get_absolute_url())))
    assert url("sesi-identitas", p.jadwal_id, p.pk) in card
    client.force_login(demo["manajer"])
    page = html(client.get(url("jadwal", p.jadwal_id)))
    assert url("sesi", p.jadwal_id) in page and url("ak05", p.jadwal_id) not in page
