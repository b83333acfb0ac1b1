"""Records under real services: PostgreSQL row locks, the Celery worker process, Redis,
S3 (SE-A4.5, X-11, SE-A3.Kb).

Numbers stay unique and gap-free under concurrent issues; the PDF is rendered by a real
worker; a worker killed mid-task leaves no half record and the retry finishes the job.
"""

import signal
import threading
import time
import uuid

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from administrasi import services, tasks
from administrasi.models import Dokumen
from administrasi.services import last_number
from administrasi.storage import record_storage
from lsp_portal.seal import verify_seal

from ..conftest import PASSWORD, need, start_worker_process

pytestmark = pytest.mark.services


def postgres():
    need("DATABASE_URL")
    if connection.vendor != "postgresql":
        pytest.fail("Uji ini membutuhkan PostgreSQL (DATABASE_URL).")


def wait_until(condition, *, timeout, what, every=0.05):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Tidak terjadi dalam {timeout} detik: {what}")
        time.sleep(every)


def issue_spt(ketua, data=None):
    return services.dokumen_issue(
        kode="SPT-ASESOR",
        subject=ketua,
        judul="Penugasan asesor",
        data=data or {"nama_asesor": "Dewi Lestari"},
        signers={"ketua": ketua},
        actor=ketua,
    )


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def backends_waiting_on_a_lock():
    return sql(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )


def in_thread(target):
    """Run `target` on its own thread and database connection; exceptions are kept."""
    outcome = {}

    def run():
        try:
            outcome["value"] = target()
        except BaseException as exc:  # the test asserts on it
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.outcome = outcome
    return thread


def joined(thread, timeout=30):
    thread.join(timeout)
    assert not thread.is_alive(), "thread masih berjalan"
    if "error" in thread.outcome:
        raise thread.outcome["error"]
    return thread.outcome.get("value")


# --- numbering under concurrency (SE-A4.5) -------------------------------------------------


def test_two_concurrent_issues_get_distinct_consecutive_numbers(transactional_db, ketua):
    """SE-A4.5: two issues at once on PostgreSQL get 001 and 002, never one number twice."""
    postgres()
    start = threading.Barrier(2, timeout=10)

    def issue():
        start.wait()
        return issue_spt(ketua)

    first, second = in_thread(issue), in_thread(issue)
    issued = [joined(first), joined(second)]
    assert sorted(d.urut for d in issued) == [1, 2]
    assert len({d.nomor for d in issued}) == 2
    assert last_number("SPT-ASESOR", timezone.localdate().year) == 2


def test_a_second_issue_waits_for_the_first_and_takes_the_next_number(transactional_db, ketua):
    """SE-A4.5: the second issue waits on the first's lock and takes the next number."""
    postgres()
    issue_spt(ketua)  # the year's counter row exists: the second waits on its row lock
    first_numbered, release_first = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            dokumen = issue_spt(ketua)
            first_numbered.set()
            release_first.wait(30)
        return dokumen

    def second():
        first_numbered.wait(30)
        return issue_spt(ketua)

    a = in_thread(first)
    b = in_thread(second)
    wait_until(backends_waiting_on_a_lock, timeout=15, what="penerbitan kedua menunggu kunci nomor")
    assert b.is_alive()  # blocked while the first holds the counter
    release_first.set()
    assert (joined(a).urut, joined(b).urut) == (2, 3)


def test_a_concurrent_issue_rolled_back_leaves_no_gap(transactional_db, ketua):
    """SE-A4.5: The first caller takes 002 then fails; the waiting second caller gets 002."""
    postgres()
    issue_spt(ketua)
    first_numbered, release_first = threading.Event(), threading.Event()

    class Gagal(Exception):
        """The first caller's failure after it took the number."""

    def first():
        with transaction.atomic():
            issue_spt(ketua)
            first_numbered.set()
            release_first.wait(30)
            raise Gagal("gagal setelah mengambil nomor")

    def second():
        first_numbered.wait(30)
        return issue_spt(ketua)

    a = in_thread(first)
    b = in_thread(second)
    wait_until(backends_waiting_on_a_lock, timeout=15, what="penerbitan kedua menunggu kunci nomor")
    release_first.set()
    with pytest.raises(Gagal):
        joined(a)
    assert joined(b).urut == 2
    assert sorted(Dokumen.objects.values_list("urut", flat=True)) == [1, 2]


# --- the real worker process (X-11) --------------------------------------------------------


def s3_and_broker():
    postgres()
    need("CELERY_BROKER_URL")
    need("S3_ENDPOINT_URL")  # the worker process and the tests must share the files


def final_record_committed(ketua, data=None):
    """Issue and sign (committed): the last signature queues the PDF task on commit."""
    dokumen = issue_spt(ketua, data)
    services.dokumen_sign(dokumen=dokumen, signer=ketua, secret=PASSWORD, consent=True)
    return dokumen


def test_the_worker_process_renders_the_pdf_after_the_last_signature(
    celery_worker_process, transactional_db, ketua
):
    """X-11: the separate worker process renders, seals and stores the PDF after the last signature."""
    s3_and_broker()
    dokumen = final_record_committed(ketua)
    wait_until(
        lambda: Dokumen.objects.filter(pk=dokumen.pk).exclude(pdf="").exists(),
        timeout=120,
        what="PDF dibuat oleh worker",
        every=0.2,
    )
    dokumen.refresh_from_db()
    with record_storage().open(dokumen.pdf.name) as fh:
        content = fh.read()
    assert dokumen.pdf.name == services.pdf_name(dokumen)
    assert services.sha256_hex(content) == dokumen.pdf_sha256
    assert verify_seal(content).ok


def test_running_the_task_again_in_the_worker_changes_nothing(celery_worker_process, transactional_db, ketua):
    """X-11: the task is idempotent in the real worker."""
    s3_and_broker()
    dokumen = final_record_committed(ketua)
    wait_until(
        lambda: Dokumen.objects.filter(pk=dokumen.pk).exclude(pdf="").exists(),
        timeout=120,
        what="PDF dibuat oleh worker",
        every=0.2,
    )
    before = Dokumen.objects.filter(pk=dokumen.pk).values("pdf", "pdf_sha256", "pdf_generated_at").get()
    assert tasks.render_dokumen_pdf.delay(dokumen.pk).get(timeout=120) is False
    assert (
        Dokumen.objects.filter(pk=dokumen.pk).values("pdf", "pdf_sha256", "pdf_generated_at").get() == before
    )


# --- a worker killed mid-task ------------------------------------------------------------


def start_own_worker(queue, app_name):
    """A `celery worker` OS process of this test only: its own queue, and a PostgreSQL
    application_name to find its connection by. Otherwise as the conftest's worker."""
    return start_worker_process(extra_env={"PGAPPNAME": app_name}, args=("-Q", queue, "-n", f"{queue}@%h"))


def holds_the_row_lock(app_name, dokumen_id):
    """The worker's connection is inside the task's transaction with the record's row
    locked (SELECT ... FOR UPDATE on administrasi_dokumen)."""
    return sql(
        "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
        "WHERE a.application_name = %s AND a.datname = current_database() "
        "AND l.relation = 'administrasi_dokumen'::regclass AND l.mode = 'RowShareLock' AND l.granted "
        "AND a.state IN ('idle in transaction', 'active')",
        [app_name],
    )


def connected(app_name):
    return sql("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [app_name])


BIG_TABLE = {
    "peserta": [
        {"no": i, "nama": f"Peserta {i}", "unit": "J.620100.001.01", "rekomendasi": "K"}
        for i in range(1, 1501)
    ]
}


def test_a_worker_killed_mid_task_leaves_no_half_record_and_the_retry_finishes(
    transactional_db, ketua, monkeypatch
):
    """X-11, SE-A3.Kb: Rendering a 1500-row table takes seconds; the worker is SIGKILLed while it holds
    the row lock. The row keeps no PDF and no hash; running the task again stores the
    sealed PDF whose hash matches."""
    s3_and_broker()
    from lsp_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)  # to the broker, not in-process
    queue = f"bunuh-{uuid.uuid4().hex[:10]}"
    app_name = f"lsp-uji-{queue}"
    # The last signature's task goes to this test's worker only (not the session's).
    send = tasks.render_dokumen_pdf.apply_async
    monkeypatch.setattr(tasks.render_dokumen_pdf, "delay", lambda *a, **kw: send(a, kw, queue=queue))
    worker = start_own_worker(queue, app_name)
    try:
        dokumen = final_record_committed(ketua, BIG_TABLE)
        wait_until(
            lambda: worker.poll() is not None or holds_the_row_lock(app_name, dokumen.pk),
            timeout=60,
            what="worker mengunci baris dokumen",
            every=0.02,
        )
        assert worker.poll() is None, f"worker berhenti sendiri (kode {worker.returncode})"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)
    wait_until(lambda: not connected(app_name), timeout=15, what="koneksi worker yang dibunuh ditutup")

    row = Dokumen.objects.get(pk=dokumen.pk)
    assert (row.status, row.pdf.name, row.pdf_sha256, row.pdf_generated_at) == (
        Dokumen.Status.FINAL,
        "",
        "",
        None,
    )

    assert services.dokumen_render_pdf(dokumen_id=dokumen.pk) is True
    row.refresh_from_db()
    with record_storage().open(row.pdf.name) as fh:
        content = fh.read()
    assert row.pdf.name == services.pdf_name(row)
    assert services.sha256_hex(content) == row.pdf_sha256
    assert verify_seal(content).ok
