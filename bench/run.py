#!/usr/bin/env python
"""Benchmark of the records engine: `make bench` (through scripts/with-services).

What it measures, in one run (see bench/README.md):

1. the bare pipeline: a trivial one-page WeasyPrint document rendered with
   lsp_portal.pdf.render_pdf, sealed with lsp_portal.seal.seal_pdf and written to local disk;
2. the whole path of an FR.AK.02-sized record: dokumen_issue (snapshot), two dokumen_sign
   (asesor then asesi), dokumen_render_pdf (render, seal, store), run in this process,
   interleaved with (1), and with the same document through (1), so all see the same machine;
3. 1,000 sealed certificates (SERTIFIKAT): issued and signed through the services, then
   render_dokumen_pdf is queued for all of them and a real `celery -A lsp_portal worker
   --concurrency=2` (prefork) process renders, seals and stores them; wall time from the
   first enqueue to the last PDF stored, the worker's CPU per PDF and its row-lock waits;
4. batch signing (bench/batch_sign.py): 1,000 records (SK keputusan and certificates) signed
   in one action by one Ketua, the worker signing them and making their PDFs; time to the
   last signature and to the last PDF. `--scenario batch-sign` runs this one alone;
5. FR.APL.02 save (bench/apl02_save.py): the applicant's whole self-assessment form of a
   13-unit, 100-KUK scheme posted in one HTTP request through the Django test client.
   `--scenario apl02-save` runs this one alone.
6. FR.IA.05 autosave (bench/ujian_autosave.py): 40 candidates answering their timed test at
   once against a real gunicorn server; no lost answer, p95 of the autosaves.
   `--scenario ujian-autosave` runs this one alone.
7. the register of holders (bench/register.py): 1,000,000 certificates loaded, a certificate's
   public page and the register search against a bare Django view on a real gunicorn server.
   `--scenario register` runs this one alone.

Two facts about the code are checked by behaviour and reported: which rows dokumen_render_pdf
locks (its FOR UPDATE clause) and how many CMS signatures one seal_pdf makes.

Throwaway state only: a PostgreSQL database of its own (BENCH_DB, default lsp_bench) on the
server DATABASE_URL names, created, migrated and dropped; the seal key, media and var folders
in a temporary directory; the S3 bucket BENCH_S3_BUCKET (default lsp-bench) when
S3_ENDPOINT_URL is set. var/db.sqlite3, var/seal and the test databases are never touched.
The Celery queue on CELERY_BROKER_URL is purged before the run: give the bench a Redis
database of its own (bench/README.md).

Usage: python bench/run.py [--quick] [--scenario all|batch-sign|apl02-save|ujian-autosave|register] ...
(--help lists them all)
"""

import argparse
import contextlib
import datetime as dt
import gc
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))

from bench import apl02_save, batch_sign, register, ujian_autosave  # noqa: E402  (the scenarios of their own)

PASSWORD = "Bench#Rekaman2026"
NCPU = os.cpu_count() or 1
CONCURRENCY = 2  # worker processes; --concurrency changes it for experiments


def parse_args():
    parser = argparse.ArgumentParser(description="Benchmark of the records engine (make bench).")
    parser.add_argument(
        "--quick", action="store_true", help="small smoke run: 50 certificates, 5 repetitions"
    )
    parser.add_argument(
        "--scenario",
        choices=["all", "batch-sign", "apl02-save", "ujian-autosave", "register"],
        default="all",
        help="all (default), or only the batch signing or the APL.02 save, whose section and goal row "
        "replace theirs in --out",
    )
    parser.add_argument("--certs", type=int, help="certificates for the worker run (default 1000)")
    parser.add_argument(
        "--batch-records", type=int, help="records signed in one action (default 1000, --quick 50)"
    )
    parser.add_argument("--reps", type=int, help="timed repetitions per in-process measure (default 30)")
    parser.add_argument("--warmup", type=int, help="untimed warm-up repetitions (default 3)")
    parser.add_argument(
        "--ujian-answers", type=int, help="FR.IA.05 items each candidate answers (default 40, --quick 10)"
    )
    parser.add_argument(
        "--ujian-think", type=float, help="FR.IA.05 think time, at most, between answers in s (default 1)"
    )
    parser.add_argument(
        "--register-holders", type=int, help="certificates in the register (default 1000000, --quick 20000)"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the bench database afterwards")
    parser.add_argument(
        "--keep-tmp", action="store_true", help="keep the temporary folder (worker log, files) afterwards"
    )
    parser.add_argument("--worker-loglevel", default="warning", help="the worker's -l (default warning)")
    parser.add_argument(
        "--concurrency", type=int, default=2, help="worker pool processes (default 2, the goal's figure)"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=600,
        help="seconds to wait at most for other work on the machine to stop before each phase (default 600)",
    )
    parser.add_argument(
        "--out", help="where to write the results (default bench/RESULTS.md; a --quick run writes none)"
    )
    args = parser.parse_args()
    args.certs = args.certs or (50 if args.quick else 1000)
    args.batch_records = args.batch_records or (50 if args.quick else 1000)
    args.reps = args.reps or (5 if args.quick else 30)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 3)
    args.ujian_answers = args.ujian_answers or (10 if args.quick else 40)
    args.ujian_think = args.ujian_think if args.ujian_think is not None else 1.0
    args.register_holders = args.register_holders or (20_000 if args.quick else register.HOLDERS)
    if args.out is None and not args.quick:
        args.out = str(BENCH_DIR / "RESULTS.md")
    return args


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- throwaway state -------------------------------------------------------------------------


def prepare_environment(tmp: Path) -> dict:
    """Point every setting at throwaway state before Django reads its settings."""
    url = os.environ.get("DATABASE_URL", "")
    postgres = urlparse(url).scheme in {"postgres", "postgresql", "pgsql"}
    if not postgres or not os.environ.get("CELERY_BROKER_URL"):
        sys.exit(
            "bench: needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL); "
            "run it as `make bench`, which starts them through scripts/with-services."
        )
    parsed = urlparse(url)
    db_name = os.environ.get("BENCH_DB", "lsp_bench")
    if db_name == parsed.path.lstrip("/") or db_name.startswith("test_"):
        sys.exit(f"bench: refusing to use database {db_name!r}: it is not a throwaway name.")
    bench_url = parsed._replace(path="/" + db_name).geturl()
    admin_url = parsed._replace(path="/postgres").geturl()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lsp_portal.settings",
            "DATABASE_URL": bench_url,
            # As in production: no debug query log, the real password hasher.
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "k" * 40,
            "ALLOWED_HOSTS": "localhost",
            "LOG_LEVEL": "WARNING",
            "LSP_VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LSP_SEAL_KEY": str(tmp / "seal" / "seal-key.pem"),
            "LSP_SEAL_CERT": str(tmp / "seal" / "seal-cert.pem"),
            "S3_BUCKET": os.environ.get("BENCH_S3_BUCKET", "lsp-bench"),
        }
    )
    for name in ("EMAIL_HOST", "EMAIL_FILE_PATH", "PYTEST_XDIST_WORKER"):
        os.environ.pop(name, None)
    return {"db_name": db_name, "admin_url": admin_url}


def create_database(admin_url: str, name: str):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def setup_django():
    import django
    from django.conf import settings

    # The bare pipeline's template lives in bench/templates; engines are built lazily.
    settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]
    django.setup()


# --- statistics and probes ---------------------------------------------------------------------


def median(values):
    return statistics.median(values) if values else float("nan")


def p90(values):
    """Nearest-rank 90th percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def ms(seconds):
    return f"{seconds * 1000:.1f}"


class Probe:
    """Wraps functions to add up the time spent in them (outermost call only, so a storage
    save that calls exists() inside is not counted twice) and how often they ran."""

    def __init__(self):
        self.time = defaultdict(float)
        self.calls = defaultdict(int)
        self._depth = defaultdict(int)
        self._undo = []

    def wrap(self, owner, attr, label):
        original = getattr(owner, attr)
        had_own = attr in getattr(owner, "__dict__", {})

        def timed(*args, **kwargs):
            self.calls[label + "#all"] += 1
            if self._depth[label]:
                return original(*args, **kwargs)
            self._depth[label] += 1
            self.calls[label] += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.time[label] += time.perf_counter() - start
                self._depth[label] -= 1

        setattr(owner, attr, timed)
        self._undo.append((owner, attr, original, had_own))

    def take(self):
        snapshot = (dict(self.time), dict(self.calls))
        self.time.clear()
        self.calls.clear()
        return snapshot

    def unwrap(self):
        for owner, attr, original, had_own in reversed(self._undo):
            if had_own:
                setattr(owner, attr, original)
            else:
                delattr(owner, attr)
        self._undo.clear()


# --- fixtures ---------------------------------------------------------------------------------


def make_user(email, role_code, name):
    from allauth.account.models import EmailAddress

    from akun.models import Role, User

    user = User.objects.create_user(email, PASSWORD, nama_lengkap=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(Role.objects.get(code=role_code).group)
    return user


def signature_png() -> str:
    """A drawn signature as the signing pad sends it (PNG data URI, a few KB)."""
    import base64
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (480, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x * 4, 90 + int(35 * math.sin(x / 6.0)) - (x % 17)) for x in range(110)]
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    draw.line([(60, 130), (420, 120)], fill=(20, 30, 90, 255), width=3)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@contextlib.contextmanager
def pdf_queueing(*, on: bool):
    """Whether finalising a record queues its PDF after commit (`queue_pdf`, which signing's
    `finalize` calls). Off for the measures that make PDFs where the bench says; on for the
    batch signing, whose PDFs follow through the worker as in production."""
    from administrasi import services
    from administrasi.services import signing

    saved = signing.queue_pdf
    signing.queue_pdf = _QUEUE_PDF if on else (lambda dokumen_id: None)
    services.queue_pdf = signing.queue_pdf
    try:
        yield
    finally:
        signing.queue_pdf = services.queue_pdf = saved


_QUEUE_PDF = None  # the real queue_pdf, kept by main() before switching it off


def reset_sign_limit(user):
    """dokumen_sign allows a signer 10 attempts per 5 minutes (a stolen session must not
    become a password oracle); the bench signs far more often, so it clears the counter
    between signatures, outside the timed part: without its window's start
    (lsp_portal.ratelimit), the next attempt opens a new window with a new counter."""
    from django.core.cache import cache

    cache.delete(f"rlw:sign:{user.pk}")


def pdf_facts(content: bytes) -> dict:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(content), strict=False)
    return {"pages": int(reader.root["/Pages"]["/Count"]), "kb": len(content) / 1024}


# --- 1 + 2: bare pipeline and the FR.AK.02 whole path, interleaved ---------------------------


def measure_in_process(args, people, tmp: Path) -> dict:
    from django.conf import settings

    import lsp_portal.pdf as pdf_module
    import lsp_portal.seal as seal_module
    from administrasi import services
    from administrasi.models import Dokumen
    from administrasi.services import rendering
    from administrasi.storage import record_storage
    from bench.snapshots import fr_ak02, table_rows

    out_dir = tmp / "bare"
    out_dir.mkdir()
    asesor, asesi = people["asesor"], people["asesi"]
    gambar = signature_png()
    trivial_context = {
        "judul": "Dokumen uji",
        "isi": "Satu halaman, satu paragraf: dasar pembanding untuk rekaman asesmen.",
    }

    def bare_once(i):
        gc.collect()
        t0 = time.perf_counter()
        pdf = pdf_module.render_pdf("bench/trivial.html", trivial_context)
        t1 = time.perf_counter()
        sealed = seal_module.seal_pdf(pdf, reason="Bench", location=settings.LSP_NAME)
        t2 = time.perf_counter()
        (out_dir / f"bare-{i}.pdf").write_bytes(sealed)
        t3 = time.perf_counter()
        return {"render": t1 - t0, "seal": t2 - t1, "write": t3 - t2, "total": t3 - t0}, sealed

    storage = record_storage()
    probe = Probe()
    probe.wrap(pdf_module, "render_pdf", "render")
    probe.wrap(seal_module, "seal_pdf", "seal")
    probe.wrap(rendering, "pdf_context", "context")  # the name dokumen_render_pdf calls
    probe.wrap(storage, "exists", "store")
    probe.wrap(storage, "save", "store")
    probe.wrap(storage, "exists", "exists")  # count of existence checks (HEAD on S3)

    def whole_once(i):
        data = fr_ak02()
        gc.collect()
        t0 = time.perf_counter()
        dokumen = services.dokumen_issue(
            kode="FR.AK.02",
            subject=asesi,
            judul=f"Rekaman asesmen kompetensi {asesi.nama_lengkap} ({i})",
            data=data,
            signers={"asesor": asesor, "asesi": asesi},
            actor=asesor,
        )
        t1 = time.perf_counter()
        for signer in (asesor, asesi):
            reset_sign_limit(signer)
        t2 = time.perf_counter()
        for signer in (asesor, asesi):
            services.dokumen_sign(
                dokumen=dokumen,
                signer=signer,
                secret=PASSWORD,
                consent=True,
                ip="203.0.113.5",
                user_agent="bench",
                gambar=gambar,
            )
        signed = time.perf_counter()
        probe.take()
        gc.collect()
        t3 = time.perf_counter()
        done = services.dokumen_render_pdf(dokumen_id=dokumen.pk)
        t4 = time.perf_counter()
        assert done, "dokumen_render_pdf did nothing"
        parts, calls = probe.take()
        issue, sign, rss = t1 - t0, signed - t2, t4 - t3
        row = {
            "issue": issue,
            "sign": sign,
            "render_seal_store": rss,
            "whole": issue + rss,
            "full": issue + sign + rss,
            "context": parts.get("context", 0.0),
            "render": parts.get("render", 0.0),
            "seal": parts.get("seal", 0.0),
            "store": parts.get("store", 0.0),
            "exists": parts.get("exists", 0.0),
            "exists_calls": calls.get("exists#all", 0),
        }
        row["rest"] = rss - row["context"] - row["render"] - row["seal"] - row["store"]
        return row, dokumen.pk

    def same_doc_once(i, dokumen_id):
        """The FR.AK.02 just made, through the bare pipeline (no database, no S3): what the
        document itself costs, so the engine's own overhead can be told from its size."""
        dokumen = Dokumen.objects.select_related("jenis").get(pk=dokumen_id)
        context = services.pdf_context(dokumen)  # not timed: the engine's part
        gc.collect()
        t0 = time.perf_counter()
        pdf = pdf_module.render_pdf(dokumen.jenis.template, context)
        t1 = time.perf_counter()
        sealed = seal_module.seal_pdf(pdf, reason="Bench", location=settings.LSP_NAME)
        t2 = time.perf_counter()
        (out_dir / f"ak02-{i}.pdf").write_bytes(sealed)
        t3 = time.perf_counter()
        return {"render": t1 - t0, "seal": t2 - t1, "write": t3 - t2, "total": t3 - t0}, dokumen

    say(
        f"in-process: {args.warmup} warm-up + {args.reps} timed; bare, FR.AK.02 and the same "
        "document through the bare pipeline, interleaved"
    )
    bare_rows, whole_rows, same_doc_rows = [], [], []
    last_bare = dokumen = None
    for i in range(args.warmup + args.reps):
        b, last_bare = bare_once(i)
        w, whole_pk = whole_once(i)
        same, dokumen = same_doc_once(i, whole_pk)
        if i >= args.warmup:
            bare_rows.append(b)
            whole_rows.append(w)
            same_doc_rows.append(same)
    probe.unwrap()

    with storage.open(dokumen.pdf.name) as fh:
        ak02_pdf = fh.read()
    return {
        "bare": bare_rows,
        "whole": whole_rows,
        "same_doc": same_doc_rows,
        "bare_pdf": pdf_facts(last_bare),
        "ak02_pdf": pdf_facts(ak02_pdf),
        "ak02_rows": table_rows(fr_ak02()),
        "ak02_units": len(fr_ak02()["rekaman_per_unit"]),
    }


# --- 3: certificates ------------------------------------------------------------------------------


def issue_certificates(count, people):
    """Issue and sign `count` certificates through the services (their PDFs are not queued:
    the timed run queues them). The ketua's password uses a fast hasher here, or 1,000
    PBKDF2 checks (about half a second each) would dominate the set-up; signing cost is
    measured on FR.AK.02 with the real hasher."""
    from administrasi import services
    from bench.snapshots import sertifikat

    ketua, asesi = people["ketua"], people["asesi"]
    ids, per_cert = [], []
    for n in range(1, count + 1):
        reset_sign_limit(ketua)
        t0 = time.perf_counter()
        dokumen = services.dokumen_issue(
            kode="SERTIFIKAT",
            subject=asesi,
            judul=f"Sertifikat kompetensi Peserta Uji {n:04d}",
            data=sertifikat(n),
            signers={"ketua": ketua},
            actor=ketua,
        )
        services.dokumen_sign(
            dokumen=dokumen, signer=ketua, secret=PASSWORD, consent=True, ip="203.0.113.5", user_agent="bench"
        )
        per_cert.append(time.perf_counter() - t0)
        ids.append(dokumen.pk)
    return ids, per_cert


def measure_certificate_in_process(args, people) -> dict:
    """One certificate's render/seal/store cost in this process (the per-task floor)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import lsp_portal.pdf as pdf_module
    import lsp_portal.seal as seal_module
    from administrasi import services
    from administrasi.models import Dokumen
    from administrasi.services import rendering
    from administrasi.storage import record_storage

    ids, _ = issue_certificates(1 + args.warmup + args.reps, people)
    storage = record_storage()
    probe = Probe()
    probe.wrap(pdf_module, "render_pdf", "render")
    probe.wrap(seal_module, "seal_pdf", "seal")
    probe.wrap(rendering, "pdf_context", "context")  # the name dokumen_render_pdf calls
    probe.wrap(storage, "exists", "store")
    probe.wrap(storage, "save", "store")
    probe.wrap(storage, "exists", "exists")
    rows = []
    lock_clause = ""
    for i, pk in enumerate(ids):
        probe.take()
        if i == 0:  # not timed: which rows does the task lock?
            with CaptureQueriesContext(connection) as queries:
                services.dokumen_render_pdf(dokumen_id=pk)
            for query in queries.captured_queries:
                # The record's own lock (the audit trail's chain head is locked too, later).
                if not query["sql"].startswith('SELECT "administrasi_dokumen"'):
                    continue
                found = re.search(r"FOR UPDATE( OF \S+(, \S+)*)?", query["sql"])
                if found:
                    lock_clause = found.group(0)
            continue
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        services.dokumen_render_pdf(dokumen_id=pk)
        total = time.perf_counter() - t0
        cpu = time.process_time() - c0
        parts, calls = probe.take()
        if i > args.warmup:
            row = {"total": total, "cpu": cpu, "exists_calls": calls.get("exists#all", 0)}
            row.update({k: parts.get(k, 0.0) for k in ("context", "render", "seal", "store", "exists")})
            row["rest"] = total - row["context"] - row["render"] - row["seal"] - row["store"]
            rows.append(row)
    probe.unwrap()
    dokumen = Dokumen.objects.select_related("jenis").get(pk=ids[-1])
    with storage.open(dokumen.pdf.name) as fh:
        facts = pdf_facts(fh.read())
    unsealed = pdf_module.render_pdf(dokumen.jenis.template, services.pdf_context(dokumen))
    return {
        "rows": rows,
        "pdf": facts,
        "template": dokumen.jenis.template,
        "exists_calls": int(median([r["exists_calls"] for r in rows])) if rows else 0,
        "lock_clause": lock_clause,
        "signatures_per_seal": signatures_per_seal(unsealed),
    }


def signatures_per_seal(pdf: bytes) -> int:
    """How many CMS signatures one `seal_pdf` call makes (after a first, warming seal).
    pyHanko, told no `bytes_reserved`, makes a dummy signature to size the room first."""
    from django.conf import settings

    import lsp_portal.seal as seal_module

    seal_module.seal_pdf(pdf, reason="warm", location=settings.LSP_NAME)
    signer_class = type(seal_module._signer())
    original = signer_class.async_sign
    calls = 0

    async def counting(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return await original(self, *args, **kwargs)

    had_own = "async_sign" in signer_class.__dict__
    signer_class.async_sign = counting
    try:
        seal_module.seal_pdf(pdf, reason="count", location=settings.LSP_NAME)
    finally:
        if had_own:
            signer_class.async_sign = original
        else:
            del signer_class.async_sign
    return calls


# CPU accounting from /proc: who used the two cores during the worker run.


def _proc_table():
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        rest = stat[stat.rfind(")") + 2 :].split()
        table[int(entry)] = (int(rest[1]), int(rest[11]) + int(rest[12]), cmd)
    return table


WORKER_MAIN = "celery worker: main process"
WORKER_POOL = "celery worker: pool processes"
OTHERS = "everything else on the machine"


def worker_cpu(r) -> float:
    """CPU-seconds the worker (main and pool processes) used in run `r`."""
    return sum(r["cpu"].get(name, (0.0, 0.0))[0] for name in (WORKER_MAIN, WORKER_POOL))


def cpu_snapshot(worker_pid, db_name):
    table = _proc_table()
    tree = {worker_pid}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _, _) in table.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    groups = defaultdict(int)
    for pid, (_, ticks, cmd) in table.items():
        if pid == worker_pid:
            groups[WORKER_MAIN] += ticks
        elif pid in tree:
            groups[WORKER_POOL] += ticks
        elif pid == os.getpid():
            groups["bench driver (this process)"] += ticks
        elif "moto_server" in cmd:
            groups["moto S3 server"] += ticks
        elif cmd.startswith("postgres:") and f" {db_name} " in cmd:
            groups["PostgreSQL (bench database)"] += ticks
        elif cmd.startswith("redis-server"):
            groups["Redis"] += ticks
    with open("/proc/stat") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return groups, sum(fields) - idle, sum(fields)


def cpu_shares(before, after, wall):
    hz = os.sysconf("SC_CLK_TCK")
    groups_a, busy_a, _ = before
    groups_b, busy_b, _ = after
    capacity = wall * NCPU
    shares = {}
    attributed = 0.0
    for name in sorted(set(groups_a) | set(groups_b)):
        seconds = (groups_b.get(name, 0) - groups_a.get(name, 0)) / hz
        attributed += seconds
        shares[name] = seconds
    busy = (busy_b - busy_a) / hz
    shares[OTHERS] = max(0.0, busy - attributed)
    return {name: (sec, sec / capacity) for name, sec in shares.items()}, busy / capacity


def _cpu_busy_total():
    with open("/proc/stat") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4], sum(fields)


def wait_for_quiet(limit: float, what: str) -> dict:
    """The machine is shared (other people run test suites on it): wait, up to `limit`
    seconds, for a 5-second window in which other processes keep the CPU < 10 % busy
    (this process sleeps meanwhile). Returns how long it waited and the last busy share."""
    start = time.monotonic()
    busy = 1.0
    while True:
        b0, t0 = _cpu_busy_total()
        time.sleep(5)
        b1, t1 = _cpu_busy_total()
        busy = (b1 - b0) / max(1, t1 - t0)
        waited = time.monotonic() - start
        if busy < 0.10 or waited >= limit:
            break
        say(f"machine {100 * busy:.0f} % busy with other work; waiting before {what}")
    return {"waited": waited, "busy": busy}


def start_worker(tmp: Path, loglevel: str, app_module: str, tag: str):
    name = f"bench{os.getpid()}{tag}@{socket.gethostname()}"
    log_path = tmp / f"worker{tag}.log"
    log = open(log_path, "wb")
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app_module,
        "worker",
        f"--concurrency={CONCURRENCY}",
        "--pool=prefork",
        "-n",
        name,
        "-l",
        loglevel,
        "--without-gossip",
        "--without-mingle",
    ]
    proc = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
    proc.node_name = name
    proc.log_path = log_path
    from lsp_portal.celery import app

    deadline = time.monotonic() + 90
    while not app.control.inspect(destination=[name], timeout=0.5).ping():
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_worker(proc)
            sys.exit(f"bench: the Celery worker did not start; log:\n{proc.log_path.read_text()[-3000:]}")
    return proc


def stop_worker(proc):
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # warm shutdown: seconds, not instant
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def backends_waiting_on_locks() -> int:
    """How many of the bench database's sessions are waiting for a lock right now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def measure_worker_run(args, people, tmp: Path, db_name: str) -> dict:
    """Issue and sign args.certs certificates (not timed), start a prefork worker
    (`celery -A lsp_portal worker`, 2 processes), queue render_dokumen_pdf for all and time until the last
    PDF is stored. While waiting, sample how often a worker session waits for a row lock."""
    app_module, tag = "lsp_portal", ""
    from django.db.models import Max
    from django.test import override_settings

    from administrasi.models import Dokumen
    from administrasi.tasks import render_dokumen_pdf
    from lsp_portal.celery import app
    from lsp_portal.seal import verify_seal

    say(f"issuing and signing {args.certs} certificates (not timed)")
    t0 = time.perf_counter()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        ketua = people["ketua"]
        ketua.set_password(PASSWORD)
        ketua.save(update_fields=["password"])
        ids, per_cert = issue_certificates(args.certs, people)
    setup_seconds = time.perf_counter() - t0

    quiet = wait_for_quiet(args.quiet_wait, "the worker run")
    purged = app.control.purge()
    say(
        f"starting `celery -A {app_module} worker --concurrency={CONCURRENCY}` "
        f"(purged {purged} stale messages)"
    )
    worker = start_worker(tmp, args.worker_loglevel, app_module, tag)
    samples = waiting = 0
    try:
        say(f"queueing render_dokumen_pdf for {len(ids)} certificates")
        before = cpu_snapshot(worker.pid, db_name)
        wall0 = time.time()
        for pk in ids:
            render_dokumen_pdf.delay(pk)
        enqueued = time.time() - wall0
        pending = Dokumen.objects.filter(pk__in=ids, pdf="")
        deadline = time.monotonic() + max(600, 2 * len(ids))
        while pending.exists():
            if worker.poll() is not None:
                sys.exit(f"bench: the worker died; log:\n{worker.log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                left = pending.count()
                sys.exit(
                    f"bench: {left} certificates still without PDF after the deadline; log:\n"
                    f"{worker.log_path.read_text()[-3000:]}"
                )
            samples += 1
            waiting += backends_waiting_on_locks() > 0
            time.sleep(0.2)
        seen_done = time.time()
        after = cpu_snapshot(worker.pid, db_name)
    finally:
        stop_worker(worker)
    stamps = Dokumen.objects.filter(pk__in=ids).aggregate(last=Max("pdf_generated_at"))
    first = (
        Dokumen.objects.filter(pk__in=ids)
        .order_by("pdf_generated_at")
        .values_list("pdf_generated_at", flat=True)[0]
    )
    wall = stamps["last"].timestamp() - wall0
    shares, busy = cpu_shares(before, after, seen_done - wall0)

    # Every certificate has a sealed, intact PDF; check a sample end to end.
    from administrasi.storage import record_storage

    storage = record_storage()
    sample = Dokumen.objects.filter(pk__in=[ids[0], ids[len(ids) // 2], ids[-1]])
    checked = 0
    for dokumen in sample:
        with storage.open(dokumen.pdf.name) as fh:
            content = fh.read()
        assert verify_seal(content).ok, f"seal of {dokumen} does not verify"
        checked += 1
    log_text = worker.log_path.read_text()
    errors = sum(1 for line in log_text.splitlines() if "ERROR" in line or "Traceback" in line)
    return {
        "app": app_module,
        "count": len(ids),
        "wall": wall,
        "first": first.timestamp() - wall0,
        "enqueue": enqueued,
        "rate": len(ids) / wall,
        "setup": setup_seconds,
        "setup_per_cert": per_cert,
        "cpu": shares,
        "busy": busy,
        "lock_wait_share": waiting / samples if samples else 0.0,
        "quiet": quiet,
        "verified": checked,
        "worker_errors": errors,
    }


# --- report -----------------------------------------------------------------------------------


def machine_facts(storage_label, load_at_start):
    from importlib.metadata import version

    import celery
    import django
    import weasyprint
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        from weasyprint.text.ffi import pango

        v = pango.pango_version()
        pango_version = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
    except Exception:  # an older WeasyPrint without the binding: leave it out
        pango_version = ""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = NCPU
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": cores,
        "cpu": cpu,
        "python": platform.python_version(),
        "os": platform.platform(),
        "django": django.get_version(),
        "weasyprint": weasyprint.__version__,
        "pango": pango_version,
        "pyhanko": version("pyHanko"),
        "celery": celery.__version__,
        "postgresql": pg,
        "storage": storage_label,
        "load": load_at_start,
    }


def storage_label():
    from django.conf import settings

    if settings.S3_ENDPOINT_URL:
        return f"S3 with Object Lock: moto_server at {settings.S3_ENDPOINT_URL}, bucket {settings.S3_BUCKET}"
    return f"local disk ({settings.MEDIA_ROOT})"


def col(rows, key):
    return [row[key] for row in rows]


def worker_table(run, cert):
    rows = ["| measure | value |", "|---|---:|"]

    def row(label, value):
        rows.append(f"| {label} | {value} |")

    per_cert = median(col(cert["rows"], "total"))
    wcpu = worker_cpu(run)
    row("wall time, first enqueue → last PDF stored", f"**{run['wall']:.1f} s**")
    row("throughput", f"{run['rate']:.1f} PDFs/s ({1000 * run['wall'] / run['count']:.0f} ms per PDF)")
    row("first PDF stored after (cold worker: fonts, imports)", f"{run['first']:.2f} s")
    row(f"queueing all {run['count']:,} tasks took", f"{run['enqueue']:.2f} s")
    row(
        f"ideal from the in-process wall time ({ms(per_cert)} ms × N / {CONCURRENCY} processes)",
        f"{per_cert * run['count'] / CONCURRENCY:.1f} s",
    )
    row("worker CPU per PDF (main + pool processes)", f"{1000 * wcpu / run['count']:.0f} ms")
    row("lower bound with both cores to the worker alone (worker CPU / 2)", f"{wcpu / 2:.1f} s")
    row("polls that saw a worker session waiting for a row lock", f"{100 * run['lock_wait_share']:.0f} %")
    row(f"CPU busy on the machine ({NCPU} cores)", f"{100 * run['busy']:.0f} %")
    for name, (seconds, share) in sorted(run["cpu"].items(), key=lambda kv: -kv[1][0]):
        row(f"&nbsp;&nbsp;{name}", f"{seconds:.1f} CPU-s ({100 * share:.0f} %)")
    row(
        "waited for a quiet machine before the run (busy share then)",
        f"{run['quiet']['waited']:.0f} s ({100 * run['quiet']['busy']:.0f} %)",
    )
    row("seals verified afterwards (first, middle, last)", f"{run['verified']} of 3 intact")
    row("errors in the worker log", str(run["worker_errors"]))
    row(
        "set-up, not timed: issue + sign per certificate (fast hasher)",
        f"{ms(median(run['setup_per_cert']))} ms ({run['setup']:.0f} s)",
    )
    return rows


def report(args, facts, inproc, cert, run, batch) -> str:
    bare, whole, same = inproc["bare"], inproc["whole"], inproc["same_doc"]
    bare_med = median(col(bare, "total"))
    whole_med = median(col(whole, "whole"))
    same_med = median(col(same, "total"))
    ratio = whole_med / bare_med
    ratio_p90 = p90(col(whole, "whole")) / p90(col(bare, "total"))
    ratio_min = min(col(whole, "whole")) / min(col(bare, "total"))
    engine_ratio = whole_med / same_med
    n = len(bare)
    s3 = "S3" if "S3" in facts["storage"] else "disk"
    exists = int(median(col(whole, "exists_calls")))
    met = lambda ok: "**met**" if ok else "**missed**"  # noqa: E731

    def line(label, rows, key, note=""):
        values = col(rows, key)
        return (
            f"| {label} | {ms(median(values))} | {ms(p90(values))} | {ms(min(values))} | "
            f"{len(values)} | {note} |"
        )

    L = []
    L.append("# Benchmark results (`make bench`)")
    L.append("")
    L.append(
        f"Run {facts['date']}{' (--quick)' if args.quick else ''}: {n} timed repetitions after "
        f"{args.warmup} warm-ups for the in-process figures (the three pipelines interleaved), "
        f"{run['count']:,} certificates for the worker run. Generated by `bench/run.py` "
        "(see `bench/README.md`); numbers vary by a few per cent between runs, more when other work "
        "shares the machine."
    )
    L.append("")
    L.append("## Goals")
    L.append("")
    L.append("| goal | measured | |")
    L.append("|---|---|---|")
    L.append(
        f"| sealed FR.AK.02 record, whole path (snapshot, render, seal, store) ≤ 1.5 × bare pipeline "
        f"| **{ratio:.2f} ×** (median {ms(whole_med)} ms vs {ms(bare_med)} ms; p90 ratio "
        f"{ratio_p90:.2f} ×, min ratio {ratio_min:.2f} ×) | {met(ratio <= 1.5)} |"
    )
    L.append(
        f"| {run['count']:,} sealed certificate PDFs, {CONCURRENCY} workers on {facts['nproc']} cores ≤ 60 s "
        f"| **{run['wall']:.1f} s** ({run['rate']:.1f} PDFs/s) "
        f"| {met(run['wall'] <= 60) if run['count'] >= 1000 else '(not a 1,000 run)'} |"
    )
    L.append(batch_sign.goal_row(batch, sys.modules[__name__], facts["nproc"]))
    L.append("")
    other = run["cpu"].get(OTHERS, (0.0, 0.0))[1]
    if other > 0.15:
        L.append(
            f"> The machine is shared: other people's work took {100 * other:.0f} % of the two cores "
            "during the worker run, so that figure is pessimistic."
        )
        L.append("")
    L.append("## Per record, in one process (ms)")
    L.append("")
    other = inproc["cpu"].get(OTHERS, (0.0, 0.0))[1]
    L.append(
        f"Other people's work on the machine used {100 * other:.0f} % of the two cores during these "
        "measures (this process uses one); the min column is the least disturbed figure."
    )
    L.append("")
    L.append("| measure | median | p90 | min | n | note |")
    L.append("|---|---:|---:|---:|---:|---|")
    L.append(
        line(
            "**Bare pipeline**: trivial one-page document, render + seal + write to local disk",
            bare,
            "total",
            f"{inproc['bare_pdf']['pages']} page, {inproc['bare_pdf']['kb']:.0f} KB sealed",
        )
    )
    L.append(line("&nbsp;&nbsp;render (`render_pdf`)", bare, "render"))
    L.append(line("&nbsp;&nbsp;seal (`seal_pdf`, ECDSA P-256)", bare, "seal"))
    L.append(line("&nbsp;&nbsp;write to local disk", bare, "write"))
    L.append(
        line(
            "**FR.AK.02 whole path**: snapshot + render + seal + store",
            whole,
            "whole",
            f"{inproc['ak02_units']} units, {inproc['ak02_rows']} table rows, "
            f"{inproc['ak02_pdf']['pages']} pages, {inproc['ak02_pdf']['kb']:.0f} KB sealed",
        )
    )
    L.append(line("&nbsp;&nbsp;snapshot: `dokumen_issue` (hash, signer rows, audit)", whole, "issue"))
    L.append(line("&nbsp;&nbsp;render + seal + store: `dokumen_render_pdf`", whole, "render_seal_store"))
    L.append(line("&nbsp;&nbsp;&nbsp;&nbsp;context (QR code, signatures)", whole, "context"))
    L.append(line("&nbsp;&nbsp;&nbsp;&nbsp;render (`render_pdf`)", whole, "render"))
    L.append(line("&nbsp;&nbsp;&nbsp;&nbsp;seal (`seal_pdf`)", whole, "seal"))
    L.append(
        line(
            f"&nbsp;&nbsp;&nbsp;&nbsp;store ({plural(exists, 'existence check')} + 1 upload, {s3})",
            whole,
            "store",
        )
    )
    L.append(line("&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;of which the existence checks", whole, "exists"))
    L.append(line("&nbsp;&nbsp;&nbsp;&nbsp;rest (row lock, update, commit)", whole, "rest"))
    L.append(
        line(
            "FR.AK.02 signatures: 2 × `dokumen_sign` (not in the goal)",
            whole,
            "sign",
            "PBKDF2 (1,000,000 iterations) password check per signature, by design",
        )
    )
    L.append(line("FR.AK.02 full: issue + 2 signatures + render/seal/store", whole, "full"))
    L.append(
        line(
            "Same FR.AK.02 document through the bare pipeline (no database, no S3)",
            same,
            "total",
            "what the document itself costs",
        )
    )
    L.append(line("&nbsp;&nbsp;render", same, "render"))
    L.append(line("&nbsp;&nbsp;seal", same, "seal"))
    L.append(
        line(
            "Certificate: `dokumen_render_pdf` in this process",
            cert["rows"],
            "total",
            f"{plural(cert['pdf']['pages'], 'page')}, {cert['pdf']['kb']:.0f} KB sealed",
        )
    )
    L.append(line("&nbsp;&nbsp;CPU time of this process", cert["rows"], "cpu"))
    L.append(line("&nbsp;&nbsp;render", cert["rows"], "render"))
    L.append(line("&nbsp;&nbsp;seal", cert["rows"], "seal"))
    L.append(
        line(
            f"&nbsp;&nbsp;store ({plural(cert['exists_calls'], 'existence check')} + upload)",
            cert["rows"],
            "store",
        )
    )
    L.append(line("&nbsp;&nbsp;&nbsp;&nbsp;of which the existence checks", cert["rows"], "exists"))
    L.append(line("&nbsp;&nbsp;context + rest", [{"x": r["context"] + r["rest"]} for r in cert["rows"]], "x"))
    L.append("")
    L.append(
        f"Ratios of medians: whole path / bare pipeline **{ratio:.2f} ×**; whole path / the same "
        f"document through the bare pipeline **{engine_ratio:.2f} ×** (the records engine's own "
        "overhead: snapshot, context, store, row lock and commit)."
    )
    L.append("")
    L.append(
        f"## {run['count']:,} sealed certificates, real Celery worker (prefork, concurrency {CONCURRENCY})"
    )
    L.append("")
    L.extend(worker_table(run, cert))
    L.append("")
    L.extend(batch_sign.section(batch, sys.modules[__name__]))
    L.append("")
    L.append("## What bounds the figures")
    L.append("")
    L.extend(bounds_paragraphs(inproc, cert, run, ratio, engine_ratio, facts))
    L.append("")
    L.append("## Machine and code")
    L.append("")
    L.append(
        f"- {facts['nproc']} cores ({facts['cpu']}), {facts['os']}\n"
        f"- Python {facts['python']}, Django {facts['django']}, WeasyPrint {facts['weasyprint']}"
        f"{' (pango ' + facts['pango'] + ')' if facts['pango'] else ''}, pyHanko {facts['pyhanko']}, "
        f"Celery {facts['celery']}, PostgreSQL {facts['postgresql']}\n"
        f"- storage: {facts['storage']}\n"
        f"- load average (1 min) when the run started: {facts['load']:.2f}\n"
        "- seal: a fresh self-signed ECDSA P-256 key made by `generate_seal` (the same key for every "
        f"measure); one `seal_pdf` makes {cert['signatures_per_seal']} CMS signature(s)\n"
        f"- `dokumen_render_pdf` locks with `{cert['lock_clause'] or '(no FOR UPDATE seen)'}`\n"
        "- settings as in production (`DEBUG=0`, persistent database connections); database "
        "`lsp_bench`, created, migrated and dropped by the run"
    )
    L.append("")
    return "\n".join(L)


def bounds_paragraphs(inproc, cert, run, ratio, engine_ratio, facts):
    bare, whole, same = inproc["bare"], inproc["whole"], inproc["same_doc"]
    w = {k: median(col(whole, k)) for k in ("whole", "issue", "context", "render", "seal", "store", "rest")}
    b = {k: median(col(bare, k)) for k in ("total", "render", "seal", "write")}
    c = {
        k: median(col(cert["rows"], k))
        for k in ("total", "cpu", "render", "seal", "store", "context", "rest")
    }
    share = lambda part, total: 100 * part / total  # noqa: E731
    doc_extra = w["render"] - b["render"]
    engine_extra = w["issue"] + w["context"] + w["store"] + w["rest"] - b["write"]
    out = []
    out.append(
        f"**Ratio ({ratio:.2f} ×).** The whole path spends {share(w['render'], w['whole']):.0f} % of its "
        f"{ms(w['whole'])} ms in WeasyPrint laying out the {inproc['ak02_pdf']['pages']}-page, "
        f"{inproc['ak02_rows']}-row FR.AK.02 ({ms(w['render'])} ms against {ms(b['render'])} ms for the "
        f"trivial page), {share(w['seal'], w['whole']):.0f} % sealing ({ms(w['seal'])} ms), "
        f"{share(w['store'], w['whole']):.0f} % storing ({ms(w['store'])} ms), "
        f"{share(w['issue'], w['whole']):.0f} % in the snapshot (`dokumen_issue`, {ms(w['issue'])} ms) and "
        f"{share(w['context'] + w['rest'], w['whole']):.0f} % in context, row lock and commit. "
        f"Of the {ms(w['whole'] - b['total'])} ms above the bare pipeline, {ms(doc_extra)} ms are the "
        f"larger document's layout and {ms(engine_extra)} ms the engine's own work (snapshot, QR, store, "
        "transaction). The same document through the bare pipeline costs "
        f"{ms(median(col(same, 'total')))} ms, so the whole path is {engine_ratio:.2f} × that: the ratio "
        "is bound by WeasyPrint's layout of a document many times the size of the baseline, not by the "
        "engine, and no change to the engine can bring a multi-page FR.AK.02 within 1.5 × of a one-line page."
    )
    ideal = c["total"] * run["count"] / CONCURRENCY
    wcpu = worker_cpu(run)
    get = lambda name: 100 * run["cpu"].get(name, (0.0, 0.0))[1]  # noqa: E731
    text = (
        f"**{run['count']:,} certificates ({run['wall']:.1f} s).** One certificate costs {ms(c['total'])} ms "
        f"({ms(c['cpu'])} ms of CPU) in one process: render {ms(c['render'])} ms "
        f"({share(c['render'], c['total']):.0f} %; `{cert['template']}`, "
        f"{plural(cert['pdf']['pages'], 'page')}), seal {ms(c['seal'])} ms, "
        f"store {ms(c['store'])} ms, context and "
        f"transaction {ms(c['context'] + c['rest'])} ms; {CONCURRENCY} processes would ideally need "
        f"{ideal:.1f} s. The run had the two cores {100 * run['busy']:.0f} % busy: the worker "
        f"{get(WORKER_MAIN) + get(WORKER_POOL):.0f} %, moto {get('moto S3 server'):.0f} %, PostgreSQL "
        f"{get('PostgreSQL (bench database)'):.0f} %, other people's processes {get(OTHERS):.0f} %; a "
        f"worker session was waiting for a row lock in {100 * run['lock_wait_share']:.0f} % of the polls. "
    )
    if run["lock_wait_share"] > 0.3:
        text += (
            "The worker processes take turns on a row lock, so the figure is bound by that lock, not by "
            f"the CPU (the task locks with `{cert['lock_clause']}`; a lock on rows every certificate "
            "shares, such as the kind, serialises them). "
        )
    else:
        text += (
            f"The figure is CPU-bound: the worker spends {1000 * wcpu / run['count']:.0f} ms of CPU per PDF "
            f"(one process alone: {ms(c['cpu'])} ms; the task adds Celery and the result backend, and "
            "processes sharing two cores slow each other down), most of it in WeasyPrint, so even with "
            f"both cores to itself it needs at least {wcpu / 2:.0f} s. "
        )
    text += (
        "moto, the S3 stand-in, is a Python server on the same two cores; with MinIO or S3 elsewhere the "
        "upload costs the worker only its wait. To make 60 s on two cores the worker may spend at most "
        f"{60 * 2 * 1000 / run['count']:.0f} ms of CPU per PDF. What is left to take: "
    )
    levers = []
    if cert["signatures_per_seal"] > 1:
        levers.append(
            "the seal's second signature (pyHanko sizes the signature room with a dummy signature "
            "unless `bytes_reserved` is given; about 45 % of the seal)"
        )
    if cert["pdf"]["pages"] > 1:
        levers.append(
            f"a certificate template that fits on one page (`{cert['template']}` makes "
            f"{cert['pdf']['pages']})"
        )
    if cert["exists_calls"]:
        levers.append(
            f"the {plural(cert['exists_calls'], 'existence check')} per upload (HEAD requests with S3 "
            "request signing in the worker's CPU; S3 conditional writes make them unnecessary)"
        )
    levers.append(
        "WeasyPrint's layout itself, which no longer has an easy cut: the certificate already uses "
        "fixed table layout and no page margin boxes"
    )
    levers.append("more cores: the work is CPU-bound and parallel once the lock is per record")
    text += "; ".join(levers) + "."
    out.append("")
    out.append(text)
    return out


# --- main -------------------------------------------------------------------------------------


def measure_batch_signing(args, people, tmp, db_name) -> dict:
    batch = batch_sign.measure(args, people, tmp, db_name, sys.modules[__name__])
    say(
        f"{batch['count']} records signed in one action: last signature after {batch['signed']:.1f} s, "
        f"last PDF after {batch['pdfs']:.1f} s"
    )
    return batch


def measure_apl02_save(args) -> dict:
    run = apl02_save.measure(args, sys.modules[__name__])
    s = apl02_save.summary(run)
    say(f"APL.02 (13 units, 100 KUK), one request: {ms(s['median'])} ms median, {ms(s['p95'])} ms p95")
    return run


def measure_ujian_autosave(args, tmp) -> dict:
    run = ujian_autosave.measure(args, sys.modules[__name__], tmp)
    s = ujian_autosave.summary(run)
    say(
        f"FR.IA.05 autosave, {ujian_autosave.CANDIDATES} candidates: {ms(s['median'])} ms median, "
        f"{ms(s['p95'])} ms p95, {run['lost']} lost of {s['count']}"
    )
    return run


def measure_register(args, people, tmp) -> dict:
    run = register.measure(args, sys.modules[__name__], people, tmp)
    v = register.verdicts(run)
    say(
        f"register, {run['holders']:,} holders: page {v['detail_ratio']:.2f} × bare (p50); searches p95 "
        + ", ".join(f"{ms_:.1f} ms ({r:.2f} ×)" for r, ms_ in v["search"].values())
    )
    return run


def run_all(args, people, tmp, state, load_at_start) -> str:
    """Every measure, in order; the report's text."""
    quiet_inproc = wait_for_quiet(args.quiet_wait, "the in-process measures")
    before, t_in = cpu_snapshot(-1, state["db_name"]), time.time()
    inproc = measure_in_process(args, people, tmp)
    inproc["cpu"], _ = cpu_shares(before, cpu_snapshot(-1, state["db_name"]), time.time() - t_in)
    inproc["quiet"] = quiet_inproc
    say(
        f"bare {ms(median(col(inproc['bare'], 'total')))} ms, FR.AK.02 whole "
        f"{ms(median(col(inproc['whole'], 'whole')))} ms (medians)"
    )
    cert = measure_certificate_in_process(args, people)
    say(f"certificate in-process {ms(median(col(cert['rows'], 'total')))} ms (median)")
    say(
        f"the task locks with {cert['lock_clause'] or 'no FOR UPDATE'}; "
        f"{cert['signatures_per_seal']} signature(s) per seal"
    )
    run = measure_worker_run(args, people, tmp, state["db_name"])
    say(f"{run['count']} certificates by the worker in {run['wall']:.1f} s ({run['rate']:.1f}/s)")
    batch = measure_batch_signing(args, people, tmp, state["db_name"])
    apl02 = measure_apl02_save(args)
    ujian = measure_ujian_autosave(args, tmp)
    holders = measure_register(args, people, tmp)
    facts = machine_facts(storage_label(), load_at_start)
    text = apl02_save.splice(report(args, facts, inproc, cert, run, batch), apl02, sys.modules[__name__])
    text = ujian_autosave.splice(text, ujian, sys.modules[__name__])
    return register.splice(text, holders, sys.modules[__name__])


def main():
    global CONCURRENCY, _QUEUE_PDF
    args = parse_args()
    CONCURRENCY = args.concurrency
    load_at_start = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="lsp-bench-"))
    state = prepare_environment(tmp)
    say(f"throwaway state: database {state['db_name']}, files in {tmp}")
    create_database(state["admin_url"], state["db_name"])
    try:
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        from lsp_portal.seal import generate_seal

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("ensure_storage", verbosity=0)
        generate_seal(common_name=settings.LSP_NAME)
        say(f"migrated, storage and seal ready in {time.perf_counter() - t0:.1f} s ({storage_label()})")
        # PDFs are rendered where the bench says: in this process, or by the worker on the
        # timed queueing. The on-commit queueing of finalisation is off, except for the batch
        # signing, whose PDFs follow through the worker (pdf_queueing).
        from administrasi.services import signing

        _QUEUE_PDF = signing.queue_pdf
        with pdf_queueing(on=False):
            people = {
                "asesor": make_user("asesor@bench.lsp.id", "asesor", "Budi Santoso, S.Kom."),
                "asesi": make_user("asesi@bench.lsp.id", "asesi", "Rina Wulandari"),
                "ketua": make_user("ketua@bench.lsp.id", "ketua", "Dr. Hendra Wijaya, M.T."),
            }
            if args.scenario == "apl02-save":
                apl02 = measure_apl02_save(args)
                print()
                print("\n".join(apl02_save.section(apl02, sys.modules[__name__])))
                if args.out:
                    out = Path(args.out)
                    existing = out.read_text() if out.exists() else "# Benchmark results (`make bench`)\n"
                    out.write_text(apl02_save.splice(existing, apl02, sys.modules[__name__]))
                    say(f"APL.02 save section written into {args.out}")
            elif args.scenario == "ujian-autosave":
                ujian = measure_ujian_autosave(args, tmp)
                print()
                print("\n".join(ujian_autosave.section(ujian, sys.modules[__name__])))
                if args.out:
                    out = Path(args.out)
                    existing = out.read_text() if out.exists() else "# Benchmark results (`make bench`)\n"
                    out.write_text(ujian_autosave.splice(existing, ujian, sys.modules[__name__]))
                    say(f"FR.IA.05 autosave section written into {args.out}")
            elif args.scenario == "register":
                holders = measure_register(args, people, tmp)
                print()
                print("\n".join(register.section(holders, sys.modules[__name__])))
                if args.out:
                    out = Path(args.out)
                    existing = out.read_text() if out.exists() else "# Benchmark results (`make bench`)\n"
                    out.write_text(register.splice(existing, holders, sys.modules[__name__]))
                    say(f"register section written into {args.out}")
            elif args.scenario == "batch-sign":
                batch = measure_batch_signing(args, people, tmp, state["db_name"])
                facts = machine_facts(storage_label(), load_at_start)
                print()
                print("\n".join(batch_sign.section(batch, sys.modules[__name__])))
                if args.out:
                    out = Path(args.out)
                    existing = out.read_text() if out.exists() else "# Benchmark results (`make bench`)\n"
                    out.write_text(batch_sign.splice(existing, batch, sys.modules[__name__], facts["nproc"]))
                    say(f"batch signing section written into {args.out}")
            else:
                text = run_all(args, people, tmp, state, load_at_start)
                print()
                print(text)
                if args.out:
                    Path(args.out).write_text(text + "\n")
                    say(f"written {args.out}")
        connections.close_all()
    finally:
        if not args.keep_db:
            drop_database(state["admin_url"], state["db_name"])
        if args.keep_tmp:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
