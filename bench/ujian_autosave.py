"""FR.IA.05 autosave scenario of `make bench` (bench/run.py, `--scenario ujian-autosave` alone).

Issue 13 (benchmark): "IA.05 autosave under 40 candidates answering at once: no lost answer,
p95 ≤ 200 ms." Set-up, not timed: the demo LSP (seed_demo without the journey), the sample
scheme's FR.IA.05 grown to 40 items of four options (through the models: the MUK version is
validated), a face-to-face batch with the demo assessor, and 40 candidate accounts whose
assessment has begun (application in asesmen, identity check passed, written through the
models as the FR.IA.05 tests do) and whose test was started through `services.ujian_mulai`
(the deadline task is not queued: no worker runs here). Each candidate gets a session as a
login would.

Timed: a real `gunicorn lsp_portal.wsgi` process as the Dockerfile runs it (2 sync workers),
production settings, PostgreSQL. 40 client threads, one per candidate, first load the test
page as the browser does (CSRF cookie; items and options read from the HTML), wait for each
other, then answer at the same moment and go on answering item after item, each choice one
autosave POST (`X-Autosave: 1`, `butir`, `opsi`) as static/js/ujian.js sends it, with a think
time of 0 to --think seconds between answers; every fourth answer also changes the previous
item's choice. The time of each request is from sending it to the last byte of the answer.
Afterwards every candidate's stored answers are compared with the last choice that client
made for each item: a difference is a lost answer.
"""

import datetime as dt
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

from bench.results_md import replace_row, replace_section

CANDIDATES, ITEMS, OPTIONS = 40, 40, 4
GOAL_MS = 200
WORKERS = 2  # the Dockerfile's gunicorn --workers
MARK_START, MARK_END = "<!-- ujian-autosave:start -->", "<!-- ujian-autosave:end -->"
OPTION_RE = re.compile(r'name="soal-(\d+)" value="(\d+)"')


# --- set-up (not timed) -------------------------------------------------------------------------


def grow_instrument(instrumen, n: int) -> None:
    """The FR.IA.05 up to `n` items, each with options a–d and one key."""
    from muk.models import ButirInstrumen, OpsiJawaban

    have = instrumen.butir.count()
    for i in range(have, n):
        butir = ButirInstrumen.objects.create(
            instrumen=instrumen,
            urutan=100 + i,
            teks=f"Soal uji kecepatan nomor {i + 1}: pilih yang paling tepat.",
        )
        OpsiJawaban.objects.bulk_create(
            OpsiJawaban(butir=butir, huruf=h, teks=f"Pilihan {h} soal {i + 1}", benar=h == "c")
            for h in "abcd"
        )


def session_cookie(user) -> str:
    """A session for `user` as a login makes it (the session store the server reads)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def setup(tools, candidates: int) -> dict:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from akun.models import Role, User
    from eksekutif.demo import seed_demo
    from muk.models import Instrumen, Skema
    from sdm.models import Asesor
    from sertifikasi import services
    from sertifikasi.models import CekIdentitas, Lembar, Permohonan
    from sertifikasi.services import ujian
    from sertifikasi.services.asesmen import sesi_of
    from tuk.models import Tuk

    # The demo signs its letters as "the" Ketua (the first with the role): the bench's own Ketua
    # (bench/run.py's people) steps aside meanwhile.
    ketua = Role.objects.get(code="ketua").group
    others = list(ketua.user_set.exclude(email__endswith="@demo.lsp.id"))
    ketua.user_set.remove(*others)
    # The demo's signers get this fresh database's first ids: a signature counter an earlier
    # (failed) run left under the same ids would refuse them (tools.reset_sign_limit).
    first = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for pk in range(first, first + 60):
        tools.reset_sign_limit(User(pk=pk))
    try:
        seed_demo(journey=False)
    finally:
        ketua.user_set.add(*others)
    skema = Skema.objects.get(kode="SKM/LSP-DEMO/JWD/01/2025")
    instrumen = (
        Instrumen.objects.filter(versi__skema=skema, jenis="IA.05")
        .annotate(n=Count("butir"))
        .order_by("-n", "pk")
        .first()
    )
    grow_instrument(instrumen, ITEMS)
    manajer = User.objects.get(email="manajer@demo.lsp.id")
    asesor = Asesor.objects.select_related("personel__user").get(personel__user__email="asesor@demo.lsp.id")
    mulai = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(8)))
    jadwal = services.jadwal_create(
        actor=manajer,
        nama="Batch uji kecepatan FR.IA.05",
        skema=skema,
        mode="tatap_muka",
        tuk=Tuk.objects.get(kode="TUK-SWK-001"),
        mulai=mulai,
        selesai=mulai + dt.timedelta(hours=8),
        kuota=candidates,
        tautan_video="",
        uji_coba=False,
        penandatangan_spt=User.objects.get(email="ketua@demo.lsp.id"),
    )
    services.jadwal_set_asesor(jadwal=jadwal, asesor_ids=[asesor.pk], actor=manajer)
    sesi = sesi_of(jadwal)
    original_schedule = ujian._schedule
    ujian._schedule = lambda lembar_id, eta: None  # no worker in this run: nothing to queue
    people = []
    try:
        for i in range(1, candidates + 1):
            user = tools.make_user(f"peserta{i:02d}@bench.lsp.id", "asesi", f"Peserta Uji {i:02d}")
            p = Permohonan.objects.create(
                asesi=user,
                skema=skema,
                status=Permohonan.Status.ASESMEN,
                nama=user.nama_lengkap,
                email=user.email,
                jadwal=jadwal,
                asesor=asesor,
            )
            CekIdentitas.objects.create(
                sesi=sesi, permohonan=p, hasil=CekIdentitas.Hasil.SESUAI, oleh=asesor.personel.user
            )
            lembar = Lembar.objects.create(permohonan=p, instrumen=instrumen)
            services.ujian_mulai(lembar=lembar, actor=user)
            people.append(
                {
                    "user": user,
                    "lembar": lembar.pk,
                    "path": reverse("sertifikasi:ujian", args=[p.pk, lembar.pk]),
                    "jawab": reverse("sertifikasi:ujian-jawab", args=[p.pk, lembar.pk]),
                    "session": session_cookie(user),
                }
            )
    finally:
        ujian._schedule = original_schedule
    return {"people": people, "instrumen": instrumen}


# --- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tools, tmp):
    """gunicorn as the Dockerfile runs it, after collectstatic as its build does (production
    settings serve hashed static names from the manifest)."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    log_path = tmp / "gunicorn-ujian.log"
    log = open(log_path, "wb")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "lsp_portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-tmp-dir",
        "/dev/shm",
    ]
    proc = subprocess.Popen(
        command, cwd=tools.ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT
    )
    proc.port, proc.log_path = port, log_path
    deadline = time.monotonic() + 60
    while True:
        try:
            request(port, "GET", "/healthz", {"X-Forwarded-Proto": "https"})
            return proc  # it answers (the health checks' verdict is not this bench's concern)
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            sys.exit(f"bench: gunicorn did not start; log:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)


def stop_server(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    """One HTTP request on its own connection (the sync workers close it after each answer):
    (status, headers, body, seconds to the last byte)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers={"Host": f"localhost:{port}", **headers})
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data, time.perf_counter() - t0
    finally:
        conn.close()


# --- the candidates ------------------------------------------------------------------------------


def plan_for(items: dict, rng: random.Random, answers: int) -> list[tuple[int, int]]:
    """The choices one candidate makes, in order: item after item in the page's order, and
    every fourth answer a change of the previous item's choice."""
    order = list(items)
    plan = []
    for n in range(min(answers, len(order))):
        butir = order[n]
        plan.append((butir, rng.choice(items[butir])))
        if n % 4 == 3 and n > 0:
            previous = order[n - 1]
            plan.append((previous, rng.choice(items[previous])))
    return plan


def candidate(port, person, index, args, barrier, out):
    rng = random.Random(index)
    origin = f"https://localhost:{port}"
    base = {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={person['session']}"}
    status, headers, body, page_time = request(port, "GET", person["path"], base)
    if status != 200:
        out["errors"].append(f"{person['user'].email}: the test page answered {status}")
        barrier.abort()
        return
    csrf = next(
        (
            m.group(1)
            for k, v in headers
            if k.lower() == "set-cookie"
            for m in [re.match(r"csrftoken=([^;]+)", v)]
            if m
        ),
        None,
    )
    items = {}
    for butir, opsi in OPTION_RE.findall(body.decode()):
        items.setdefault(int(butir), []).append(int(opsi))
    post = {
        **base,
        "Cookie": f"sessionid={person['session']}; csrftoken={csrf}",
        "X-CSRFToken": csrf or "",
        "X-Autosave": "1",
        "Accept": "application/json",
        "Origin": origin,
        "Referer": origin + person["path"],
        "Content-Type": "application/x-www-form-urlencoded",
    }
    plan = plan_for(items, rng, args.ujian_answers)
    expected, times, failures = {}, [], []
    barrier.wait()
    for butir, opsi in plan:
        status, _, data, elapsed = request(
            port, "POST", person["jawab"], post, urlencode({"butir": butir, "opsi": opsi})
        )
        times.append(elapsed)
        if status == 200 and json.loads(data).get("ok") is True:
            expected[butir] = opsi
        else:
            failures.append(f"{status} {data[:200]!r}")
        time.sleep(rng.uniform(0, args.ujian_think))
    with out["lock"]:
        out["times"].extend(times)
        out["first"].append(times[0] if times else 0.0)
        out["page"].append(page_time)
        out["failures"].extend(failures)
        out["expected"][person["lembar"]] = expected
        out["items_on_page"].append(len(items))


def queries_per_autosave(world) -> int:
    """One more autosave through the test client in this process, its queries counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sertifikasi.models import Lembar

    person = world["people"][0]
    lembar = Lembar.objects.get(pk=person["lembar"])
    butir = lembar.urutan["butir"][-1]
    opsi = lembar.urutan["opsi"][str(butir)][0]
    client = Client(HTTP_HOST="localhost")
    client.force_login(person["user"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            person["jawab"], {"butir": butir, "opsi": opsi}, secure=True, headers={"X-Autosave": "1"}
        )
    if response.status_code != 200:
        raise SystemExit(f"bench: autosave answered {response.status_code}: {response.content[:300]!r}")
    return len(ctx.captured_queries)


def measure(args, tools, tmp) -> dict:
    from sertifikasi.models import Isian

    t0 = time.perf_counter()
    world = setup(tools, CANDIDATES)
    set_up = time.perf_counter() - t0
    server = start_server(tools, tmp)
    try:
        quiet = tools.wait_for_quiet(args.quiet_wait, "the FR.IA.05 autosaves")
        out = {
            "lock": threading.Lock(),
            "times": [],
            "first": [],
            "page": [],
            "failures": [],
            "errors": [],
            "expected": {},
            "items_on_page": [],
        }
        barrier = threading.Barrier(CANDIDATES)
        threads = [
            threading.Thread(target=candidate, args=(server.port, person, i, args, barrier, out), daemon=True)
            for i, person in enumerate(world["people"])
        ]
        wall0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall0
    finally:
        stop_server(server)
    if out["errors"]:
        raise SystemExit("bench: " + "; ".join(out["errors"][:5]))
    lost = 0
    stored_total = 0
    for lembar_id, expected in out["expected"].items():
        stored = dict(Isian.objects.filter(lembar_id=lembar_id).values_list("butir_id", "opsi_id"))
        stored_total += len(stored)
        lost += sum(1 for butir, opsi in expected.items() if stored.get(butir) != opsi)
        lost += sum(1 for butir in stored if butir not in expected)
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "times": out["times"],
        "first": out["first"],
        "page": out["page"],
        "failures": out["failures"],
        "lost": lost,
        "stored": stored_total,
        "items": min(out["items_on_page"]),
        "answers": args.ujian_answers,
        "think": args.ujian_think,
        "wall": wall,
        "queries": queries_per_autosave(world),
        "setup": set_up,
        "quiet": quiet,
        "load": os.getloadavg()[0],
        "nproc": os.cpu_count() or 1,
    }


# --- the report ----------------------------------------------------------------------------------


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def summary(run) -> dict:
    t = run["times"]
    return {"median": statistics.median(t), "p95": p95(t), "max": max(t), "count": len(t)}


def goal_row(run) -> str:
    s = summary(run)
    ok = s["p95"] * 1000 <= GOAL_MS and run["lost"] == 0 and not run["failures"]
    full = run["answers"] >= ITEMS
    verdict = ("**met**" if ok else "**missed**") if full else "(a --quick run)"
    return (
        f"| FR.IA.05 autosave, {CANDIDATES} candidates answering at once (real gunicorn server, "
        f"PostgreSQL): no lost answer, p95 ≤ {GOAL_MS} ms | **{1000 * s['p95']:.1f} ms** p95, "
        f"{1000 * s['median']:.1f} ms median; {run['lost']} lost of {s['count']} autosaves | {verdict} |"
    )


def section(run, tools) -> list[str]:
    s = summary(run)
    L = [MARK_START, f"## FR.IA.05 autosave: {CANDIDATES} candidates answering at once", ""]
    L.append(
        f"Run {run['date']}: a `gunicorn lsp_portal.wsgi` process with {WORKERS} sync workers (the "
        f"Dockerfile's), production settings on PostgreSQL, {run['nproc']} CPUs shared with the client "
        f"threads and the database. {CANDIDATES} candidates (accounts, applications in asesmen, tests "
        f"started through `services.ujian_mulai`, {run['items']} items of {OPTIONS} options each) "
        f"loaded their test page, then answered together: {run['answers']} items each in the page's "
        f"order, every fourth answer also changing the previous one, one autosave POST per choice as "
        f"`static/js/ujian.js` sends it, 0–{run['think']:g} s of think time between answers. Each "
        "request timed from sending it to the last byte, over its own connection."
    )
    L.append("")
    L.append("| autosaves | median ms | p95 ms | max ms | refused or failed | lost answers | wall s |")
    L.append("|---:|---:|---:|---:|---:|---:|---:|")
    L.append(
        f"| {s['count']} | {1000 * s['median']:.1f} | {1000 * s['p95']:.1f} | {1000 * s['max']:.1f} | "
        f"{len(run['failures'])} | {run['lost']} | {run['wall']:.1f} |"
    )
    L.append("")
    L.append(
        f"The first answers, all {CANDIDATES} sent at the same instant: "
        f"{1000 * statistics.median(run['first']):.0f} ms median, {1000 * max(run['first']):.0f} ms for the "
        f"last served ({WORKERS} workers take them in turn). "
        f"Lost answers: every candidate's stored answers ({run['stored']} rows) compared with the last "
        "choice its client made per item. The test page itself (items in the candidate's order, the "
        f"answers given, the clock) loaded in {1000 * statistics.median(run['page']):.0f} ms median "
        f"with {CANDIDATES} loading at once. One autosave costs {run['queries']} queries whatever the "
        "test's size (the sheet under its row lock, the gate, the answer's upsert, its audit entry). "
        f"Load average (1 min) after the run: {run['load']:.2f}; waited {run['quiet']['waited']:.0f} s "
        f"for a quiet machine. Set-up (demo LSP, {CANDIDATES} candidates, tests started), not timed: "
        f"{run['setup']:.1f} s."
    )
    if run["failures"]:
        L.append("")
        L.append("Failed autosaves (first five): " + "; ".join(f"`{f}`" for f in run["failures"][:5]))
    L.append(MARK_END)
    return L


def splice(text: str, run, tools) -> str:
    """RESULTS.md with this scenario's section and goal row replaced (or added)."""
    text = replace_section(text, "\n".join(section(run, tools)), start=MARK_START, end=MARK_END)
    row = goal_row(run)
    lines = text.split("\n")
    if replace_row(lines, row, lambda line: line.startswith("| FR.IA.05 autosave")):
        return "\n".join(lines)
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Goals"), None)
    if start is not None:
        rows = [i for i in range(start, len(lines)) if lines[i].startswith("|")]
        last = rows[0] if rows else start
        while last + 1 < len(lines) and lines[last + 1].startswith("|"):
            last += 1
        lines.insert(last + 1, row)
    return "\n".join(lines)
