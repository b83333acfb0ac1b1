"""The timed FR.IA.05 (SE-A4.8d, SE-D1.2d, X-7): services and pages.

The world: the demo LSP's candidate taken by the services to a signed FR.AK.01, the
assessment then begun through the models (matrix_rows_ujian.begin_assessment: the identity
check of services.sesi also needs the batch's instrument review and the session's day). The
batch is face to face, so the session's window does not apply; time moves with time_machine
(tick=False), nothing waits on the clock. The candidate in asesmen with their FR.IA.05 sheet
(`candidate`) is made once per module, like the demo itself: each test runs in a savepoint of
it and leaves nothing behind; a test that needs another start (FR.AK.07's extra time, the
assessment not begun) takes the second demo applicant through it in the same batch."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administrasi.models import Dokumen
from sertifikasi import services
from sertifikasi.models import Isian, Lembar, LogSesi, Permohonan
from sertifikasi.services import JourneyError
from sertifikasi.services import ujian as ujian_module
from sertifikasi.services.asesmen import lembar_is_final

from .conftest import (
    DEMO_PASSWORD,
    IDENTITAS_L,
    apl02_signed,
    build_world,
    join_batch,
    planned,
    review_apl02,
    save_plan,
    sign_ak01,
    ttd,
)
from .matrix_rows_ujian import begin_assessment, ia05_lembar

T0 = dt.datetime(2031, 3, 3, 9, 0, tzinfo=dt.UTC)


def kandidat(demo, tambahan=0, p=None):
    """The demo candidate (or `p`, planned) in asesmen (its FR.AK.07 giving `tambahan` minutes)
    and their FR.IA.05 sheet with the most items."""
    p = p or planned(demo)
    if tambahan:
        services.ak07_save(
            permohonan=p,
            karakteristik={},
            acuan_standar=True,
            tambahan_waktu_menit=tambahan,
            catatan="Asesi disleksia ringan",
            actor=demo["asesor"],
            ttd=ttd(),
        )
        p.refresh_from_db()
    p = begin_assessment(sign_ak01(demo, p), demo["asesor"])
    return p, ia05_lembar(p)


def second_planned(demo, p):
    """The second demo applicant (asesi2) in `p`'s batch, their plan (FR.MAPA.01) signed."""
    q = join_batch(demo, apl02_signed(demo, asesi=demo["asesi2"], data=IDENTITAS_L), p.jadwal)
    return save_plan(demo, review_apl02(demo, q))


@pytest.fixture(scope="module", name="_candidate")
def candidate_world(_demo_seeded, django_db_blocker):
    """`kandidat(demo)` once per module (see the module's docstring)."""

    def build(demo):
        p, lembar = kandidat(demo)
        return p.pk, lembar.pk

    return build_world(django_db_blocker, build)


@pytest.fixture(name="candidate")
def candidate_fixture(demo, _candidate):
    """(p, lembar): the module's candidate and their FR.IA.05 sheet, read afresh for the test."""
    p = Permohonan.objects.select_related("asesi", "jadwal", "skema").get(pk=_candidate[0])
    lembar = ia05_lembar(p)
    assert lembar.pk == _candidate[1]
    return p, lembar


def at(minutes=0, seconds=0):
    return time_machine.travel(T0 + dt.timedelta(minutes=minutes, seconds=seconds), tick=False)


def key_of(butir_id):
    from muk.models import OpsiJawaban

    return OpsiJawaban.objects.get(butir_id=butir_id, benar=True).pk


def wrong_of(butir_id):
    from muk.models import OpsiJawaban

    return OpsiJawaban.objects.filter(butir_id=butir_id, benar=False).order_by("pk").first().pk


@pytest.fixture
def no_task(monkeypatch):
    """The deadline task's scheduling, recorded instead of sent: [(args, eta)]."""
    from sertifikasi import tasks

    sent = []
    monkeypatch.setattr(
        tasks.ujian_selesai_otomatis, "apply_async", lambda args, eta: sent.append((args, eta))
    )
    return sent


# --- starting -------------------------------------------------------------------------------


def test_start_fixes_deadline_with_ak07_extra_time_and_schedules_the_task(
    demo, no_task, candidate, django_capture_on_commit_callbacks
):
    """SE-A4.8d, X-7: the deadline is the instrument's 30 minutes plus the plan's 15 extra
    minutes of FR.AK.07, on the server's clock; the finishing task is scheduled at it after
    commit; a log line of the session."""
    p, lembar = kandidat(demo, tambahan=15, p=second_planned(demo, candidate[0]))
    assert lembar.instrumen.waktu_menit == 30  # the sample MUK (muk/demo.py)
    with at(), django_capture_on_commit_callbacks(execute=True):
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
    assert lembar.mulai_pada == T0
    assert lembar.batas_pada == T0 + dt.timedelta(minutes=45)
    items = set(lembar.instrumen.butir.values_list("pk", flat=True))
    assert sorted(lembar.urutan["butir"]) == sorted(items) and lembar.jumlah == len(items)
    for butir_id in items:
        options = set(
            Lembar.objects.get(pk=lembar.pk)
            .instrumen.butir.get(pk=butir_id)
            .opsi.values_list("pk", flat=True)
        )
        assert sorted(lembar.urutan["opsi"][str(butir_id)]) == sorted(options)
    assert no_task == [([lembar.pk], lembar.batas_pada)]
    line = LogSesi.objects.get(permohonan=p, jenis=LogSesi.Jenis.INSTRUMEN)
    assert "memulai FR.IA.05" in line.teks and "45 menit" in line.teks
    with at(minutes=44, seconds=30):
        assert services.sisa_detik(Lembar.objects.get(pk=lembar.pk)) == 30


def test_order_is_shuffled_per_candidate_by_system_random(demo, no_task, monkeypatch, candidate):
    """SE-A4.8d: items and each item's options are shuffled with random.SystemRandom and kept:
    a stand-in that reverses every list shows the stored order is the shuffled one."""

    class Reverse:
        def shuffle(self, items):
            items.reverse()

    monkeypatch.setattr(ujian_module.random, "SystemRandom", Reverse)
    p, lembar = candidate
    items = list(lembar.instrumen.butir.order_by("urutan", "pk").prefetch_related("opsi"))
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
    assert lembar.urutan["butir"] == [b.pk for b in reversed(items)]
    for b in items:
        assert lembar.urutan["opsi"][str(b.pk)] == [o.pk for o in reversed(list(b.opsi.all()))]


def test_resume_keeps_deadline_order_and_time_used(demo, no_task, candidate):
    """SE-A4.8d: a second start (a reload, another device) is a resume: the same deadline and
    order; the ten minutes used count."""
    p, lembar = candidate
    with at():
        first = services.ujian_mulai(lembar=lembar, actor=p.asesi)
    with at(minutes=10):
        again = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        assert services.sisa_detik(again) == 20 * 60
    assert (again.mulai_pada, again.batas_pada, again.urutan) == (
        first.mulai_pada,
        first.batas_pada,
        first.urutan,
    )
    assert LogSesi.objects.filter(permohonan=p, jenis=LogSesi.Jenis.INSTRUMEN).count() == 1


def test_second_attempt_after_finishing_is_not_a_restart(demo, no_task, candidate):
    """SE-A4.8d (one attempt): after finishing, starting again changes nothing and answering
    is refused."""
    p, lembar = candidate
    butir = None
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        butir = lembar.urutan["butir"][0]
        services.ujian_jawab(lembar=lembar, butir_id=butir, opsi_id=key_of(butir), actor=p.asesi)
    with at(minutes=5):
        done = services.ujian_selesai(lembar=lembar, actor=p.asesi)
    with at(minutes=6):
        again = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        with pytest.raises(JourneyError, match="sudah selesai"):
            services.ujian_jawab(lembar=lembar, butir_id=butir, opsi_id=wrong_of(butir), actor=p.asesi)
    assert (again.mulai_pada, again.selesai_pada, again.benar) == (T0, done.selesai_pada, 1)
    assert Isian.objects.get(lembar=lembar, butir_id=butir).opsi_id == key_of(butir)


def test_start_refused_by_the_gate_before_the_assessment_begins(demo, no_task, candidate):
    """SE-A4.8c/d: the sheet's gate (asesmen.lembar_require_open): FR.AK.01 signed but the
    assessment (identity check) not begun: refused, nothing started."""
    from sertifikasi.services.asesmen import lembar_prepare

    p = sign_ak01(demo, second_planned(demo, candidate[0]))
    lembar_prepare(p)
    lembar = ia05_lembar(p)
    with pytest.raises(JourneyError, match="Asesmen belum dimulai"):
        services.ujian_mulai(lembar=lembar, actor=p.asesi)
    assert Lembar.objects.get(pk=lembar.pk).mulai_pada is None


def test_start_refused_for_an_instrument_without_time_and_for_others(demo, no_task, candidate):
    """SE-A4.8d: an FR.IA.05 without its time in the MUK is refused with a message for staff;
    the assessor cannot start the candidate's test."""
    p, lembar = candidate
    with pytest.raises(JourneyError, match="Hanya asesi"):
        services.ujian_mulai(lembar=lembar, actor=demo["asesor"])
    type(lembar.instrumen).objects.filter(pk=lembar.instrumen_id).update(waktu_menit=None)
    lembar.refresh_from_db()
    with pytest.raises(JourneyError, match="Waktu pengerjaan FR.IA.05 ini belum ditetapkan di MUK"):
        services.ujian_mulai(lembar=lembar, actor=p.asesi)
    assert Lembar.objects.get(pk=lembar.pk).mulai_pada is None and no_task == []


# --- answering ------------------------------------------------------------------------------


def test_answers_are_upserted_and_an_option_of_another_item_is_refused(demo, no_task, candidate):
    """SE-A4.8d: one row per item, the last choice kept; an option of another item, or an item
    not in the test, refused; answering before the start refused."""
    p, lembar = candidate
    first, second = lembar.instrumen.butir.order_by("pk").values_list("pk", flat=True)[:2]
    with pytest.raises(JourneyError, match="belum dimulai"):
        services.ujian_jawab(lembar=lembar, butir_id=first, opsi_id=key_of(first), actor=p.asesi)
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        services.ujian_jawab(lembar=lembar, butir_id=first, opsi_id=wrong_of(first), actor=p.asesi)
        services.ujian_jawab(lembar=lembar, butir_id=first, opsi_id=key_of(first), actor=p.asesi)
        with pytest.raises(JourneyError, match="tidak sesuai dengan soalnya"):
            services.ujian_jawab(lembar=lembar, butir_id=first, opsi_id=key_of(second), actor=p.asesi)
        with pytest.raises(JourneyError, match="tidak sesuai dengan soalnya"):
            services.ujian_jawab(lembar=lembar, butir_id=999999, opsi_id=key_of(first), actor=p.asesi)
    assert list(Isian.objects.filter(lembar=lembar).values_list("butir_id", "opsi_id")) == [
        (first, key_of(first))
    ]


def test_answer_after_the_deadline_is_refused_and_finishes_the_test(demo, no_task, candidate):
    """SE-A4.8d, bad input: an answer after time-out: "Waktu habis; jawaban tidak disimpan";
    the test is finished then (lazily), automatically, with what was saved in time."""
    p, lembar = candidate
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        first, second = lembar.urutan["butir"][:2]
        services.ujian_jawab(lembar=lembar, butir_id=first, opsi_id=key_of(first), actor=p.asesi)
    with at(minutes=30), pytest.raises(JourneyError, match="Waktu habis; jawaban tidak disimpan"):
        services.ujian_jawab(lembar=lembar, butir_id=second, opsi_id=key_of(second), actor=p.asesi)
    lembar.refresh_from_db()
    assert lembar.selesai_pada == T0 + dt.timedelta(minutes=30) and lembar.otomatis
    assert (lembar.benar, lembar.status) == (1, Lembar.Status.DIKIRIM)
    assert not Isian.objects.filter(lembar=lembar, butir_id=second).exists()


# --- finishing ------------------------------------------------------------------------------


def test_finish_scores_against_the_key_issues_the_sheet_and_is_idempotent(demo, no_task, candidate):
    """SE-A4.8d, SE-D1.2d: finishing scores the answers against the key (benar = chosen key,
    jumlah = items), sends the sheet (dikirim), issues FR.IA.05 for the candidate then the
    assessor to sign, with each choice and K/BK but not the key; a second finish changes
    nothing."""
    p, lembar = candidate
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        order = lembar.urutan["butir"]
        services.ujian_jawab(lembar=lembar, butir_id=order[0], opsi_id=key_of(order[0]), actor=p.asesi)
        services.ujian_jawab(lembar=lembar, butir_id=order[1], opsi_id=wrong_of(order[1]), actor=p.asesi)
    with at(minutes=12):
        done = services.ujian_selesai(lembar=lembar, actor=p.asesi)
    assert (done.benar, done.jumlah, done.otomatis) == (1, len(order), False)
    assert done.status == Lembar.Status.DIKIRIM and done.selesai_pada == T0 + dt.timedelta(minutes=12)
    dokumen = Dokumen.objects.get(pk=done.dokumen_id)
    assert dokumen.jenis.kode == "FR.IA.05" and dokumen.status == Dokumen.Status.DRAFT
    signers = [(t.pihak, t.penandatangan_id) for t in dokumen.tanda_tangan.order_by("urutan")]
    assert signers == [("asesi", p.asesi_id), ("asesor", demo["asesor"].pk)]
    rows = {r["butir_id"]: r for r in dokumen.data["butir"]}
    assert rows[order[0]]["hasil"] == "K" and rows[order[1]]["hasil"] == "BK"
    assert dokumen.data["benar"] == 1 and dokumen.data["jumlah"] == len(order)
    assert "kunci" not in json.dumps(dokumen.data) and 'benar": true' not in json.dumps(dokumen.data)
    assert "selesai" in LogSesi.objects.filter(permohonan=p).order_by("-pk").first().teks
    with at(minutes=40):
        again = services.ujian_selesai(lembar=lembar, actor=p.asesi)
        services.ujian_selesai(lembar=lembar, actor=None, otomatis=True)
    assert (again.selesai_pada, again.dokumen_id, again.otomatis) == (
        done.selesai_pada,
        done.dokumen_id,
        False,
    )
    assert Dokumen.objects.filter(jenis__kode="FR.IA.05", subject_id=str(p.pk)).count() == 1


def test_signatures_make_the_sheet_final(demo, no_task, candidate):
    """SE-A4.8d: the candidate signs the answer sheet on the test page, the assessor on the
    records page; the sheet is final when its record is (asesmen.lembar_is_final)."""
    from administrasi import services as records

    p, lembar = candidate
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
    with at(minutes=3):
        lembar = services.ujian_selesai(lembar=lembar, actor=p.asesi)
    with pytest.raises(JourneyError, match="Hanya asesi"):
        services.ujian_tandatangan(lembar=lembar, actor=demo["asesor"], ttd=ttd())
    lembar = services.ujian_tandatangan(lembar=lembar, actor=p.asesi, ttd=ttd())
    assert lembar.status == Lembar.Status.DIKIRIM
    records.sign(Dokumen.objects.get(pk=lembar.dokumen_id), signer=demo["asesor"], ttd=ttd())
    lembar = services.ujian_sync_final(lembar=Lembar.objects.get(pk=lembar.pk))
    assert lembar.status == Lembar.Status.FINAL
    assert lembar_is_final(Lembar.objects.select_related("dokumen").get(pk=lembar.pk))


def test_an_abandoned_test_is_finished_by_the_task_at_its_deadline(demo, no_task, candidate):
    """SE-A4.8d: the task (run here as a function, as the eager worker would) does nothing
    before the deadline, finishes the test after it (automatically, scored), and nothing the
    second time."""
    from sertifikasi.tasks import ujian_selesai_otomatis, ujian_selesai_tertinggal

    p, lembar = candidate
    with at():
        lembar = services.ujian_mulai(lembar=lembar, actor=p.asesi)
        butir = lembar.urutan["butir"][0]
        services.ujian_jawab(lembar=lembar, butir_id=butir, opsi_id=key_of(butir), actor=p.asesi)
    with at(minutes=29):
        assert ujian_selesai_otomatis(lembar.pk) is False
        assert ujian_selesai_tertinggal() == 0
    with at(minutes=31):
        assert ujian_selesai_otomatis(lembar.pk) is True
        assert ujian_selesai_otomatis(lembar.pk) is False
    lembar.refresh_from_db()
    assert lembar.otomatis and lembar.benar == 1 and lembar.dokumen_id
    assert lembar.selesai_pada == T0 + dt.timedelta(minutes=31)


def test_the_sweep_finishes_a_test_whose_task_was_lost(demo, no_task, candidate):
    """SE-A4.8d: a broker outage lost the task: the sweep finishes every test past its deadline."""
    from sertifikasi.tasks import ujian_selesai_tertinggal

    p, lembar = candidate
    with at():
        services.ujian_mulai(lembar=lembar, actor=p.asesi)
    with at(minutes=45):
        assert ujian_selesai_tertinggal() == 1
        assert ujian_selesai_tertinggal() == 0
    assert Lembar.objects.get(pk=lembar.pk).otomatis


# --- pages ----------------------------------------------------------------------------------


def page_url(lembar, name="ujian"):
    return reverse(f"sertifikasi:{name}", args=[lembar.permohonan_id, lembar.pk])


def option_ids_in(html: str, butir_id: int) -> list[int]:
    return [int(v) for v in re.findall(rf'name="soal-{butir_id}" value="(\d+)"', html)]


def test_start_page_then_the_test_without_any_trace_of_the_key(client, demo, no_task, candidate):
    """SE-A4.8d, bad input (a key peeked from the page): the start page, then the test; the
    HTML holds no `benar`, no key and no MUK order: each item's options come in this
    candidate's stored order, which the test sets to put every key last."""
    p, lembar = candidate
    with at():
        client.force_login(p.asesi)
        response = client.get(page_url(lembar))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Mulai ujian" in html and "30 menit" in html
        response = client.post(page_url(lembar), {"aksi": "mulai"})
        assert response.status_code == 302
    lembar.refresh_from_db()
    # The candidate's order: items reversed, and in each item the key moved to the end.
    urutan = {"butir": list(reversed(lembar.urutan["butir"])), "opsi": {}}
    for butir_id in urutan["butir"]:
        ids = sorted(lembar.urutan["opsi"][str(butir_id)], reverse=True)
        ids.remove(key_of(butir_id))
        urutan["opsi"][str(butir_id)] = [*ids, key_of(butir_id)]
    Lembar.objects.filter(pk=lembar.pk).update(urutan=urutan)
    with at(minutes=1):
        html = client.get(page_url(lembar)).content.decode()
    assert "benar" not in html.lower() and "kunci" not in html.lower()
    assert 'data-sisa="1740"' in html and ">29:00<" in html
    positions = [html.index(f'id="soal-{b}"') for b in urutan["butir"]]
    assert positions == sorted(positions)
    for butir_id in urutan["butir"]:
        assert option_ids_in(html, butir_id) == urutan["opsi"][str(butir_id)]


def test_autosave_answers_json_with_the_server_time_and_refuses_after_timeout(
    client, demo, no_task, candidate
):
    """SE-A4.8d: an autosave answers JSON with the seconds left by the server; a reload shows
    the saved answer checked; after the deadline: 409, "Waktu habis", the test finished."""
    p, lembar = candidate
    with at():
        client.force_login(p.asesi)
        client.post(page_url(lembar), {"aksi": "mulai"})
    lembar.refresh_from_db()
    first, second = lembar.urutan["butir"][:2]
    url = page_url(lembar, "ujian-jawab")
    with at(minutes=2, seconds=30):
        response = client.post(url, {"butir": first, "opsi": key_of(first)}, headers={"X-Autosave": "1"})
        assert response.status_code == 200
        assert response.json() == {"ok": True, "sisa": 27 * 60 + 30, "selesai": False}
        bad = client.post(url, {"butir": first, "opsi": key_of(second)}, headers={"X-Autosave": "1"})
        assert bad.status_code == 400 and "tidak sesuai" in bad.json()["error"]
        html = client.get(page_url(lembar)).content.decode()
    assert f'name="soal-{first}" value="{key_of(first)}" checked' in html
    with at(minutes=30, seconds=1):
        late = client.post(url, {"butir": second, "opsi": key_of(second)}, headers={"X-Autosave": "1"})
    assert late.status_code == 409
    assert late.json()["selesai"] is True and late.json()["error"] == "Waktu habis; jawaban tidak disimpan."
    lembar.refresh_from_db()
    assert lembar.selesai_pada and lembar.otomatis and lembar.benar == 1


def test_form_without_javascript_saves_all_answers_and_finishes(client, demo, no_task, candidate):
    """SE-A4.8d: without JavaScript the Save button posts every answer of the page; "Selesai"
    saves what the form holds and finishes; the candidate then signs on the page."""
    p, lembar = candidate
    with at():
        client.force_login(p.asesi)
        client.post(page_url(lembar), {"aksi": "mulai"})
    lembar.refresh_from_db()
    order = lembar.urutan["butir"]
    with at(minutes=4):
        response = client.post(page_url(lembar, "ujian-jawab"), {f"soal-{order[0]}": key_of(order[0])})
        assert response.status_code == 302
        response = client.post(
            page_url(lembar, "ujian-selesai"),
            {f"soal-{b}": key_of(b) for b in order[1:]} | {f"soal-{order[0]}": key_of(order[0])},
        )
        assert response.status_code == 302
        html = client.get(page_url(lembar)).content.decode()
    lembar.refresh_from_db()
    assert (lembar.benar, lembar.jumlah, lembar.otomatis) == (len(order), len(order), False)
    assert f"Skor {len(order)} dari {len(order)} soal dijawab tepat" in html
    assert "Tandatangani lembar jawab" in html
    with at(minutes=5):
        response = client.post(
            page_url(lembar), {"aksi": "tandatangan", "secret": DEMO_PASSWORD, "consent": "on"}
        )
    assert response.status_code == 302
    dokumen = Dokumen.objects.get(pk=lembar.dokumen_id)
    assert [t.sudah for t in dokumen.tanda_tangan.order_by("urutan")] == [True, False]


def test_a_page_read_after_the_deadline_finishes_the_test(client, demo, no_task, candidate):
    """SE-A4.8d: any request after the deadline finishes the test (lazily), automatically."""
    p, lembar = kandidat(demo, tambahan=10, p=second_planned(demo, candidate[0]))
    with at():
        client.force_login(p.asesi)
        client.post(page_url(lembar), {"aksi": "mulai"})
    with at(minutes=39):
        assert "Sisa waktu" in client.get(page_url(lembar)).content.decode()
    with at(minutes=40):
        html = client.get(page_url(lembar)).content.decode()
    assert "dikirim otomatis saat waktu habis" in html
    lembar.refresh_from_db()
    assert lembar.otomatis and lembar.selesai_pada == T0 + dt.timedelta(minutes=40)


def test_others_get_404(client, demo, no_task, candidate):
    """SE-A4.8d, SE-A4.4: the batch's assessor and staff do not open the candidate's test."""
    p, lembar = candidate
    for user in (demo["asesor"], demo["admin"], demo["asesi2"]):
        client.force_login(user)  # at today's time: the test is not started
        assert client.get(page_url(lembar)).status_code == 404
        assert client.post(page_url(lembar, "ujian-jawab"), {}).status_code == 404


def _page_queries(client, lembar) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page_url(lembar))
    assert response.status_code == 200 and "Sisa waktu" in response.content.decode()
    return len(ctx.captured_queries)


def test_test_page_queries_do_not_grow_with_items(client, demo, no_task, candidate):
    """SE-A4.8d: the test page costs the same queries for 5 items as for 40 (items added to
    the validated MUK through the models: its services refuse changes to a validated version)."""
    from muk.models import ButirInstrumen, OpsiJawaban

    p, lembar = candidate
    instrumen = lembar.instrumen

    def grow_to(n):
        have = instrumen.butir.count()
        for i in range(have, n):
            butir = ButirInstrumen.objects.create(
                instrumen=instrumen, urutan=100 + i, teks=f"Soal tambahan {i}?"
            )
            OpsiJawaban.objects.bulk_create(
                OpsiJawaban(butir=butir, huruf=h, teks=f"Pilihan {h}", benar=h == "b") for h in "abcd"
            )

    def restart():
        Isian.objects.filter(lembar=lembar).delete()
        Lembar.objects.filter(pk=lembar.pk).update(mulai_pada=None, batas_pada=None, urutan={}, jumlah=None)
        with at():
            services.ujian_mulai(lembar=Lembar.objects.get(pk=lembar.pk), actor=p.asesi)
        fresh = Lembar.objects.get(pk=lembar.pk)
        with at(minutes=1):
            for b in fresh.urutan["butir"][:3]:
                services.ujian_jawab(lembar=fresh, butir_id=b, opsi_id=key_of(b), actor=p.asesi)
        return fresh

    grow_to(5)
    assert restart().jumlah == 5
    with at(minutes=2):
        client.force_login(p.asesi)
        five = _page_queries(client, lembar)
    grow_to(40)
    assert restart().jumlah == 40
    with at(minutes=2):
        forty = _page_queries(client, lembar)
    assert five == forty


def test_the_instrument_form_offers_the_time_of_a_written_test():
    """SE-A4.8d: staff set an FR.IA.05/06 time in the MUK instrument form (1–600 minutes)."""
    from muk.forms import InstrumenForm

    form = InstrumenForm({"jenis": "IA.05", "judul": "Pilihan ganda", "petunjuk": "", "waktu_menit": "45"})
    assert form.is_valid() and form.cleaned_data["waktu_menit"] == 45
    assert not InstrumenForm({"jenis": "IA.05", "judul": "PG", "waktu_menit": "0"}).is_valid()
    assert 'name="waktu_menit"' in str(InstrumenForm()["waktu_menit"])


def test_the_sweep_of_tests_past_their_deadline_is_scheduled(settings):
    """SE-A4.8d: an abandoned FR.IA.05 whose finishing task was lost is finished by the beat."""
    from lsp_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["ujian-selesai-tertinggal"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks and entry["schedule"] <= 600
