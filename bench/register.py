"""Register of holders scenario of `make bench` (bench/run.py, `--scenario register` alone).

Issue 13 (benchmark): "Load 1,000,000 synthetic holders into PostgreSQL; in one run measure
the public verification page and the register search against a bare Django view returning a
constant, same server, same client: goals p50 <= 1.5x (verification) and p95 <= 3x and
<= 50 ms (search), with the indexes that make this hold (e.g. pg_trgm for name fragments).
Query counts of both pages do not grow with data."

Set-up, not timed: 12 schemes (through the muk service), then 1,000,000 certificates of the
older register (`sumber` impor, issued, no record) written with one COPY: Indonesian names
made of first, middle and last names, NIKs, numbers as the SERTIFIKAT kind prints them
("000123/SERT/LSP/2021", per year), BNSP registration numbers (90 %), issue dates spread
over ten years with three years' validity (so about a third is valid today), 2 % suspended
and 1 % revoked. The trigram indexes of migration 0003 are dropped for the COPY and made
again afterwards with the very definitions the migration gave them (pg_get_indexdef); then
VACUUM ANALYZE.

Timed: a real `gunicorn` process as the Dockerfile runs it (2 sync workers, production
settings, PostgreSQL, Redis cache), serving this module's URLconf: the project's URLs plus
`/bench/bare/`, a Django view returning a constant through the same middleware. One client
(this process) sends the requests one at a time, each over its own connection, interleaved
round by round in a shuffled order: the bare view; a certificate's public page (what its QR
code opens), also as its lookup alone and as its round trips alone (the floor: rate limit,
health check, one SQL lookup, no ORM, no HTML); the verification by exact number (answered by a
redirect to that page); the search by a fragment of a name as a person types it ("Sari Wula");
by a common surname alone (thousands match: the page shows the first PUBLIC_CAP); by a fragment
of a certificate number and of a registration number. Every request uses another holder from a
random sample of 500, so no page is served from a warm row alone. The register's rate limit
stays on (its Redis round trip is part of the pages' cost) with a limit no single client
reaches here.

Also reported: each page's queries (Django test client in this process), the search's plan
on the 1,000,000 rows (EXPLAIN ANALYZE: which indexes serve it), table and index sizes.
"""

import datetime as dt
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time

from bench.results_md import replace_row, replace_section

HOLDERS = 1_000_000
ROUNDS, WARMUP = 300, 20  # timed rounds (one request of each kind per round), untimed first
WORKERS = 2  # the Dockerfile's gunicorn --workers
GOAL_DETAIL_RATIO = 1.5  # p50 of the certificate's page vs p50 of the bare view
GOAL_SEARCH_RATIO, GOAL_SEARCH_MS = 3.0, 50.0  # p95 of each search vs p95 of the bare view
MARK_START, MARK_END = "<!-- register:start -->", "<!-- register:end -->"
SAMPLE = 500
INDEX_RE = re.compile(r"Index (?:Only )?Scan (?:Backward )?(?:using|on) (\S+)")
BARE_PATH = "/bench/bare/"

FIRST = (
    "Sari Budi Dewi Agus Rina Hendra Siti Bambang Yusuf Fajar Maya Andi Rudi Ahmad Muhammad Nur "
    "Eko Dwi Tri Joko Slamet Wahyu Indah Putri Ayu Lestari Ratna Yuni Dian Fitri Rizky Reza Bayu "
    "Galih Hadi Irfan Kurnia Lukman Mega Nanda Oki Prasetyo Rahmat Sigit Teguh Umar Vina Wulan "
    "Yanti Zainal Ikhsan"
).split()
MIDDLE = (
    "Adi Budiman Cahya Dharma Eka Fauzan Gita Harapan Intan Jaya Kusuma Lukito Mulya Nugraha "
    "Permana Rahayu Saputra Tirta Utama Wijaya"
).split()
LAST = (
    "Santoso Wulandari Pratama Kusuma Wijaya Rahayu Hidayat Nugroho Anggraini Hartono Lestari "
    "Saputra Setiawan Susanto Gunawan Siregar Nasution Simanjuntak Harahap Lubis Sitompul "
    "Manurung Pangaribuan Tanjung Hasibuan Purba Sinaga Ginting Tarigan Sembiring Wibowo "
    "Kurniawan Firmansyah Ramadhan Hakim Syahputra Maulana Permadi Sulistyo Handoko Suryadi "
    "Effendi Hutapea Situmorang Sihombing Panjaitan Napitupulu Daulay Batubara Rangkuti "
    "Marpaung Pohan Ritonga Damanik Saragih Sipayung Girsang Munthe Pardede Tambunan"
).split()
SKEMA_COUNT = 12


# --- the server's URLconf and WSGI application ----------------------------------------------------


def bare_view(request):
    """The baseline: a Django view returning a constant, behind the same middleware."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def lookup_page_view(request, token):
    """The certificate's page without its HTML: the rate limit and register.public_detail, the
    number as plain text. Tells the data's cost from the page's rendering."""
    from django.http import HttpResponse

    from sertifikasi import register, views_publik

    if views_publik._limited(request):
        return HttpResponse(status=429)
    s = register.public_detail(token)
    return HttpResponse(s.nomor if s else "-", content_type="text/plain")


def floor_page_view(request, token):
    """The certificate's page reduced to its round trips: the rate limit's Redis hit, then one
    SQL lookup by the token's index on a plain cursor (with the connection's health check, as
    every request that reads the database); no ORM, no HTML. What no change to the page's own
    code can go below on this server."""
    from django.db import connection
    from django.http import HttpResponse

    from sertifikasi import views_publik

    if views_publik._limited(request):
        return HttpResponse(status=429)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nomor FROM sertifikasi_sertifikat WHERE token = %s AND terbit", [token])
        row = cursor.fetchone()
    return HttpResponse(row[0] if row else "-", content_type="text/plain")


def lookup_search_view(request):
    """The search without its HTML: the rate limit and register.public_search, the numbers
    found as plain text."""
    from django.http import HttpResponse

    from sertifikasi import register, views_publik

    if views_publik._limited(request):
        return HttpResponse(status=429)
    hasil = register.public_search(q=request.GET.get("q", ""))
    return HttpResponse(" ".join(s.nomor for s in hasil.rows), content_type="text/plain")


_app = None


def __getattr__(name):
    """gunicorn loads `bench.register:application`, Django reads `urlpatterns` and the error
    handlers from ROOT_URLCONF; built on first use, so bench/run.py can import this module
    before Django is set up."""
    global _app
    if name == "application":
        if _app is None:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lsp_portal.settings")
            import django

            django.setup()
            from django.conf import settings
            from django.core.wsgi import get_wsgi_application

            settings.ROOT_URLCONF = __name__
            # The limit stays on (its cache round trip is measured), out of this one client's reach.
            settings.LSP_REGISTER_LIMIT = 10**9
            _app = get_wsgi_application()
        return _app
    if name == "urlpatterns":
        from django.urls import path

        from lsp_portal import urls

        return [
            path(BARE_PATH.lstrip("/"), bare_view),
            path("bench/halaman/<str:token>/", lookup_page_view),
            path("bench/lantai/<str:token>/", floor_page_view),
            path("bench/cari/", lookup_search_view),
            *urls.urlpatterns,
        ]
    if name.startswith("handler"):
        from lsp_portal import urls

        return getattr(urls, name)
    raise AttributeError(name)


# --- set-up (not timed) ---------------------------------------------------------------------------


def make_schemes(actor) -> list:
    from decimal import Decimal

    from muk import services

    return [
        services.skema_create(
            actor=actor,
            kode=f"SKM/LSP-BENCH/{n:02d}/2025",
            judul=f"Skema Uji Kecepatan {n:02d}",
            jenis="okupasi",
            acuan="SKKNI No. 282 Tahun 2016",
            masa_berlaku_tahun=3,
            biaya_tatap_muka=Decimal("1000000"),
            biaya_jarak_jauh=Decimal("900000"),
        )
        for n in range(1, SKEMA_COUNT + 1)
    ]


def holder_lines(n: int, schemes: list, today: dt.date):
    """The synthetic register as COPY text lines (tab-separated, COLUMNS' order), in chunks of
    10,000. No value holds a tab, a backslash or a line break."""
    rng = random.Random(20261205)
    now = dt.datetime.now(dt.UTC).isoformat()
    start = today - dt.timedelta(days=10 * 365)
    per_year: dict[int, int] = {}
    weights = [12, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 1][: len(schemes)]
    picks = [(s.pk, s.kode, s.judul) for s in schemes]
    chunk = []
    for i in range(n):
        terbit = start + dt.timedelta(days=rng.randrange(10 * 365))
        year = terbit.year
        per_year[year] = seq = per_year.get(year, 0) + 1
        skema_id, kode, judul = rng.choices(picks, weights)[0]
        middle = f" {rng.choice(MIDDLE)}" if rng.random() < 0.5 else ""
        nama = f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}"
        roll = rng.random()
        status, alasan, diubah = "aktif", "", r"\N"
        if roll < 0.02:
            status, alasan, diubah = "dibekukan", "Pemeriksaan pengaduan.", now
        elif roll < 0.03:
            status, alasan, diubah = "dicabut", "Pelanggaran kode etik.", now
        # Three years' validity (an issue on 29 February ends on 1 March).
        if terbit.month == 2 and terbit.day == 29:
            sampai = terbit + dt.timedelta(days=1096)
        else:
            sampai = terbit.replace(year=year + 3)
        reg = f"KOM.{skema_id:04d}.{seq:06d} {year}" if rng.random() < 0.9 else ""
        draft = "f" if i % 1000 == 999 else "t"  # one in a thousand a draft (not public)
        chunk.append(
            f"{now}\t{now}\t{secrets.token_urlsafe(12)}\t{nama}\t32{rng.randrange(10**13, 10**14)}\t"
            f"{skema_id}\t{kode}\t{judul}\t{seq:06d}/SERT/LSP/{year}\t{reg}\t{terbit}\t{sampai}\t{draft}\t"
            f"{status}\t{alasan}\t{diubah}\timpor\n"
        )
        if len(chunk) == 10_000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


COLUMNS = (
    "created_at, updated_at, token, nama, nik, skema_id, skema_kode, skema_judul, nomor, "
    "nomor_registrasi, tanggal_terbit, berlaku_sampai, terbit, status, alasan_status, "
    "status_diubah_pada, sumber"
)


def load(n: int, schemes: list) -> dict:
    """COPY `n` holders into sertifikasi_sertifikat and ANALYZE. Bench-only shortcuts for a
    quick load, outside the timed part: the indexes that back no constraint (the trigram ones
    of 0003, the btree ones of 0005 and Django's) are dropped for the COPY and made again
    afterwards from their own definitions (pg_get_indexdef), and the foreign-key triggers are
    skipped for it (session_replication_role; every row names one of the bench's schemes).
    Seconds per step, sizes, the settings that bound the plans."""
    from django.db import connection
    from django.utils import timezone

    table = "sertifikasi_sertifikat"
    times = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        names = {name for name, _ in indexes}
        expected = {f"sertifikasi_sert_{c}_trgm" for c in ("nama", "nomor", "nomor_registrasi")}
        expected |= {f"sertifikasi_sert_{c}_upper" for c in ("nomor", "nomor_registrasi")}
        if not expected <= names:
            raise SystemExit(
                f"bench: the register's indexes of migrations 0003 and 0005 are missing: {expected - names}"
            )
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        t0 = time.perf_counter()
        cursor.execute("SET session_replication_role = replica")
        with cursor.cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
            for chunk in holder_lines(n, schemes, timezone.localdate()):
                copy.write(chunk)
        cursor.execute("SET session_replication_role = DEFAULT")
        times["copy"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, definition in indexes:
            cursor.execute(definition)
        times["indexes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        cursor.execute(f"VACUUM (ANALYZE) {table}")
        times["analyze"] = time.perf_counter() - t0
        cursor.execute(
            "SELECT pg_relation_size(%s), pg_indexes_size(%s), "
            "(SELECT pg_relation_size(indexrelid) FROM pg_index WHERE indexrelid = %s::regclass)",
            [table, table, "sertifikasi_sert_nama_trgm"],
        )
        heap, indexes_size, nama_trgm = cursor.fetchone()
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
    return {
        "times": times,
        "rebuilt": len(indexes),
        "heap_mb": heap / 2**20,
        "indexes_mb": indexes_size / 2**20,
        "nama_trgm_mb": nama_trgm / 2**20,
        "shared_buffers": shared_buffers,
        "work_mem": work_mem,
    }


def sample() -> list[dict]:
    """SAMPLE random public holders valid today (what a page is asked about)."""
    from sertifikasi.models import Sertifikat

    rows = list(
        Sertifikat.objects.berlaku()
        .order_by("?")
        .values("token", "nama", "nomor", "nomor_registrasi")[:SAMPLE]
    )
    if len(rows) < SAMPLE // 2:
        raise SystemExit(f"bench: only {len(rows)} valid holders to sample")
    return rows


def kinds(rows: list[dict]) -> dict:
    """Each measured kind: a function of a round's number giving its path, the status it
    must answer, and a marker its body must hold (the page did what is measured)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    cari = reverse("sertifikat_publik:cari")
    periksa = reverse("sertifikat_publik:periksa")

    def pick(i):
        return rows[i % len(rows)]

    def name_fragment(nama):
        words = nama.split()
        return f"{words[0]} {words[1][:4]}"  # "Sari Wula": a first name and the start of the next

    def number_fragment(nomor):
        return nomor.split("/")[0] + "/SERT"  # "000123/SERT": one per year of issue

    def reg_fragment(reg, nomor):
        return reg.split(" ")[0][4:] if reg else nomor.split("/")[0]  # "0003.000123"

    def found(i):
        return pick(i)["nomor"].encode()  # the sampled holder is on the page

    return {
        "bare": lambda i: (BARE_PATH, 200, b"ok"),
        "detail": lambda i: (reverse("sertifikat_publik:detail", args=[pick(i)["token"]]), 200, found(i)),
        "detail_data": lambda i: (f"/bench/halaman/{pick(i)['token']}/", 200, found(i)),
        "detail_floor": lambda i: (f"/bench/lantai/{pick(i)['token']}/", 200, found(i)),
        "periksa": lambda i: (periksa + "?" + urlencode({"nomor": pick(i)["nomor"].lower()}), 302, b""),
        "cari_nama": lambda i: (
            cari + "?" + urlencode({"q": name_fragment(pick(i)["nama"])}),
            200,
            b"<tbody>",
        ),
        "cari_nama_data": lambda i: (
            "/bench/cari/?" + urlencode({"q": name_fragment(pick(i)["nama"])}),
            200,
            b"/",
        ),
        # Thousands match: the page shows the first PUBLIC_CAP and says so.
        "cari_marga": lambda i: (cari + "?" + urlencode({"q": LAST[i % len(LAST)]}), 200, b"Lebih dari"),
        "cari_nomor": lambda i: (
            cari + "?" + urlencode({"q": number_fragment(pick(i)["nomor"])}),
            200,
            found(i),
        ),
        "cari_registrasi": lambda i: (
            cari + "?" + urlencode({"q": reg_fragment(pick(i)["nomor_registrasi"], pick(i)["nomor"])}),
            200,
            found(i),
        ),
    }


LABELS = {
    "bare": "bare Django view (constant)",
    "detail": "certificate's public page (QR target)",
    "detail_data": "↳ the same, lookup only (rate limit + `register.public_detail`, no HTML)",
    "detail_floor": "↳ its round trips alone (rate limit, health check, one SQL lookup; no ORM, no HTML)",
    "periksa": "verification by exact number (302 to the page)",
    "cari_nama": 'search, name fragment ("Sari Wula")',
    "cari_nama_data": "↳ the same, lookup only (rate limit + `register.public_search`, no HTML)",
    "cari_marga": 'search, a common surname ("Santoso")',
    "cari_nomor": 'search, certificate number fragment ("000123/SERT")',
    "cari_registrasi": 'search, registration number fragment ("0003.000123")',
}
SEARCHES = ("cari_nama", "cari_marga", "cari_nomor", "cari_registrasi")


# --- the server -------------------------------------------------------------------------------------


def start_server(tools, tmp):
    """gunicorn as the Dockerfile runs it, on this module's application."""
    from django.core.management import call_command

    from bench.ujian_autosave import free_port, request, stop_server

    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    log_path = tmp / "gunicorn-register.log"
    log = open(log_path, "wb")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.register:application",
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
            status, _, _, _ = request(port, "GET", BARE_PATH, {"X-Forwarded-Proto": "https"})
            if status == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            sys.exit(f"bench: gunicorn did not start; log:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)


# --- measures ---------------------------------------------------------------------------------------


def queries_per_page(plan: dict) -> dict:
    """One request of each kind through the Django test client in this process, its queries
    counted (the same request as the timed one of round 0)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    counts = {"bare": 0}
    for kind, make in plan.items():
        if kind == "bare" or kind.endswith(("_data", "_floor")):
            continue
        path, status, _ = make(0)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, secure=True)
        if response.status_code != status:
            raise SystemExit(f"bench: {path} answered {response.status_code}")
        counts[kind] = len(ctx.captured_queries)
    return counts


def explain(plan: dict) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the search query and of the verification's lookup as the
    pages send them (captured from one request each): the plan's lines and its time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    out = {}
    for kind, marker in (
        ("cari_nama", "sertifikasi_sertifikat"),
        ("cari_marga", "sertifikasi_sertifikat"),
        ("cari_nomor", "sertifikasi_sertifikat"),
        ("cari_registrasi", "sertifikasi_sertifikat"),
        ("periksa", "sertifikasi_sertifikat"),
        ("detail", "sertifikasi_sertifikat"),
    ):
        path, _, _ = plan[kind](1)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, secure=True)
        sql = next(
            q["sql"] for q in ctx.captured_queries if marker in q["sql"] and "muk_skema" not in q["sql"]
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [line for (line,) in cursor.fetchall()]
        out[kind] = {
            "path": path,
            "lines": lines,
            "ms": float(lines[-1].split(":")[1].strip().split()[0]),
            "indexes": sorted({m for line in lines for m in INDEX_RE.findall(line)}),
            "seq_scan": any("Seq Scan" in line for line in lines),
        }
    return out


def measure(args, tools, people, tmp) -> dict:
    from bench.ujian_autosave import request, stop_server

    holders = args.register_holders
    rounds = 30 if args.quick else ROUNDS
    warmup = 3 if args.quick else WARMUP
    t0 = time.perf_counter()
    schemes = make_schemes(people["ketua"])
    tools.say(f"register: loading {holders:,} holders")
    loaded = load(holders, schemes)
    rows = sample()
    set_up = time.perf_counter() - t0
    tools.say(
        f"register: loaded in {set_up:.1f} s (COPY {loaded['times']['copy']:.1f} s, "
        f"{loaded['rebuilt']} indexes {loaded['times']['indexes']:.1f} s, "
        f"VACUUM ANALYZE {loaded['times']['analyze']:.1f} s)"
    )
    plan = kinds(rows)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings: the manifest
    queries = queries_per_page(plan)
    plans = explain(plan)
    server = start_server(tools, tmp)
    times = {kind: [] for kind in plan}
    failures = []
    order = list(plan)
    rng = random.Random(7)
    headers = {"X-Forwarded-Proto": "https"}
    try:
        quiet = tools.wait_for_quiet(args.quiet_wait, "the register measures")
        load_before = os.getloadavg()[0]
        for i in range(warmup + rounds):
            rng.shuffle(order)
            for kind in order:
                path, expected, marker = plan[kind](i)
                status, _, body, elapsed = request(server.port, "GET", path, headers)
                if status != expected or marker not in body:
                    failures.append(f"{kind} {path}: {status}")
                if i >= warmup:
                    times[kind].append(elapsed)
        load_after = os.getloadavg()[0]
    finally:
        stop_server(server)
    if failures:
        raise SystemExit("bench: " + "; ".join(failures[:5]))
    from sertifikasi.register import PUBLIC_CAP

    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "holders": holders,
        "cap": PUBLIC_CAP,
        "rounds": rounds,
        "warmup": warmup,
        "times": times,
        "queries": queries,
        "plans": plans,
        "loaded": loaded,
        "setup": set_up,
        "quiet": quiet,
        "load": (load_before, load_after),
        "nproc": os.cpu_count() or 1,
    }


# --- the report ---------------------------------------------------------------------------------------


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def stats(values) -> dict:
    return {"p50": statistics.median(values), "p95": p95(values), "max": max(values)}


def verdicts(run) -> dict:
    s = {kind: stats(t) for kind, t in run["times"].items()}
    bare = s["bare"]
    detail_ratio = s["detail"]["p50"] / bare["p50"]
    search = {kind: (s[kind]["p95"] / bare["p95"], s[kind]["p95"] * 1000) for kind in SEARCHES}
    return {
        "stats": s,
        "detail_ratio": detail_ratio,
        "detail_ok": detail_ratio <= GOAL_DETAIL_RATIO,
        "search": search,
        "search_ratio_ok": all(r <= GOAL_SEARCH_RATIO for r, _ in search.values()),
        "search_ms_ok": all(m <= GOAL_SEARCH_MS for _, m in search.values()),
    }


def goal_rows(run) -> list[str]:
    v = verdicts(run)
    s = v["stats"]
    full = run["holders"] >= HOLDERS
    ok = lambda flag: ("**met**" if flag else "**missed**") if full else "(a smaller run)"  # noqa: E731
    worst = max(SEARCHES, key=lambda k: v["search"][k][0])
    slowest = max(SEARCHES, key=lambda k: v["search"][k][1])
    return [
        f"| Register, {run['holders']:,} holders: a certificate's public page (QR target) p50 ≤ "
        f"{GOAL_DETAIL_RATIO} × a bare Django view, same gunicorn server and client | "
        f"**{v['detail_ratio']:.2f} ×** "
        f"({1000 * s['detail']['p50']:.1f} ms vs {1000 * s['bare']['p50']:.1f} ms) | {ok(v['detail_ok'])} |",
        f"| Register, {run['holders']:,} holders: search p95 ≤ {GOAL_SEARCH_RATIO:g} × the bare view and ≤ "
        f"{GOAL_SEARCH_MS:g} ms, each of 4 kinds | slowest **{v['search'][slowest][1]:.1f} ms** p95 "
        f"({LABELS[slowest].split(', ', 1)[1]}); ratio at most **{v['search'][worst][0]:.2f} ×** | "
        f"≤ {GOAL_SEARCH_MS:g} ms {ok(v['search_ms_ok'])}, "
        f"≤ {GOAL_SEARCH_RATIO:g} × {ok(v['search_ratio_ok'])} |",
    ]


def section(run, tools) -> list[str]:
    v = verdicts(run)
    s = v["stats"]
    bare = s["bare"]
    loaded = run["loaded"]
    L = [MARK_START, f"## Register of holders: {run['holders']:,} certificates", ""]
    t = loaded["times"]
    L.append(
        f"Run {run['date']}: {run['holders']:,} synthetic holders (`bench/register.py`: COPY in "
        f"{t['copy']:.1f} s, its {loaded['rebuilt']} indexes (the trigram ones of migration 0003, the btree "
        f"ones of 0005, Django's) made afterwards in {t['indexes']:.1f} s, VACUUM "
        f"ANALYZE {t['analyze']:.1f} s; "
        f"table {loaded['heap_mb']:.0f} MB, its indexes {loaded['indexes_mb']:.0f} MB of which the name's "
        f"trigram index {loaded['nama_trgm_mb']:.0f} MB; shared_buffers {loaded['shared_buffers']}, work_mem "
        f"{loaded['work_mem']}). A `gunicorn` process with {WORKERS} sync workers (the Dockerfile's), "
        "production settings on PostgreSQL and Redis; one client sending one request at a time over its own "
        f"connection, {run['rounds']} rounds after {run['warmup']} untimed, each round one request of every "
        "kind in a shuffled order, each about another of 500 sampled holders valid today; timed from sending "
        "to the last byte."
    )
    L.append("")
    L.append("| page | p50 ms | p95 ms | max ms | p50 / bare | p95 / bare | queries |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for kind, label in LABELS.items():
        k = s[kind]
        q = run["queries"].get(kind, "–")
        L.append(
            f"| {label} | {1000 * k['p50']:.1f} | {1000 * k['p95']:.1f} | {1000 * k['max']:.1f} | "
            f"{k['p50'] / bare['p50']:.2f} | {k['p95'] / bare['p95']:.2f} | {q} |"
        )
    L.append("")
    L.append(
        f"Goals: the certificate's page p50 ≤ {GOAL_DETAIL_RATIO} × bare: **{v['detail_ratio']:.2f} ×** "
        f"({'met' if v['detail_ok'] else 'missed'}); each search p95 ≤ {GOAL_SEARCH_RATIO:g} × bare and ≤ "
        f"{GOAL_SEARCH_MS:g} ms: "
        + ", ".join(
            f"{LABELS[k].split(', ', 1)[1]} {r:.2f} × / {m:.1f} ms" for k, (r, m) in v["search"].items()
        )
        + f" (≤ {GOAL_SEARCH_MS:g} ms {'met' if v['search_ms_ok'] else 'missed'}, ≤ {GOAL_SEARCH_RATIO:g} × "
        + f"{'met' if v['search_ratio_ok'] else 'missed'}). The queries per page are the same on 5 and 50 "
        "certificates (tests/sertifikasi/test_register_public.py) and here on "
        f"{run['holders']:,}: the search reads at most {run['cap'] + 1} rows with no ORDER BY (the page "
        "sorts them), the certificate's page one row by its token's unique index, the verification one by "
        "the UPPER() btree indexes of migration 0005."
    )
    page, data = s["detail"]["p50"], s["detail_data"]["p50"]
    search, search_data = s["cari_nama"]["p50"], s["cari_nama_data"]["p50"]
    floor = s["detail_floor"]["p50"]
    L.append("")
    L.append(
        f"Where the time goes (medians): of the certificate's page's {1000 * (page - bare['p50']):.1f} ms "
        f"above the bare view, {1000 * (data - bare['p50']):.1f} ms are the lookup (the rate limit's Redis "
        "round trip, the connection's health check, the query; "
        f"{run['plans']['detail']['ms']:.2f} ms of it in PostgreSQL) and "
        f"{1000 * (page - data):.1f} ms the HTML (the register's light layout, the page). The page's "
        "round trips alone (rate limit, health check, one SQL lookup; no ORM, no HTML) cost "
        f"{1000 * floor:.1f} ms, "
        f"{floor / bare['p50']:.2f} × the bare view, where the goal leaves the whole page "
        f"{1000 * GOAL_DETAIL_RATIO * bare['p50']:.1f} ms; "
        "of the name search's "
        f"{1000 * (search - bare['p50']):.1f} ms, {1000 * (search_data - bare['p50']):.1f} ms are the lookup "
        f"({run['plans']['cari_nama']['ms']:.2f} ms in PostgreSQL for one of them) and "
        f"{1000 * (search - search_data):.1f} ms the HTML (the form with the scheme list, ten rows)."
    )
    L.append("")
    L.append("Plans on the loaded table (EXPLAIN ANALYZE of the SQL the pages sent):")
    L.append("")
    for kind, p in run["plans"].items():
        L.append(
            f"- {LABELS[kind]}: {p['ms']:.2f} ms in PostgreSQL, indexes used: "
            + (", ".join(f"`{i}`" for i in p["indexes"]) or "none")
            + ("; a sequential scan" if p["seq_scan"] else "; no sequential scan")
            + f"; top node `{p['lines'][0].strip()}`"
        )
    L.append("")
    L.append(
        f"Load average (1 min) before and after the timed part: {run['load'][0]:.2f} / "
        f"{run['load'][1]:.2f} on {run['nproc']} CPUs shared by client, server and database; waited "
        f"{run['quiet']['waited']:.0f} s for a quiet machine. Set-up (schemes, load, sample), not "
        f"timed: {run['setup']:.1f} s."
    )
    L.append(MARK_END)
    return L


def splice(text: str, run, tools) -> str:
    """RESULTS.md with this scenario's section and goal rows replaced (or added)."""
    text = replace_section(text, "\n".join(section(run, tools)), start=MARK_START, end=MARK_END)
    lines = text.split("\n")
    for row, key in zip(goal_rows(run), ("public page", "search p95"), strict=True):

        def mine(line, key=key):
            return line.startswith("| Register, ") and key in line

        if replace_row(lines, row, mine):
            continue
        start = next((i for i, line in enumerate(lines) if line.strip() == "## Goals"), None)
        if start is not None:
            rows = [i for i in range(start, len(lines)) if lines[i].startswith("|")]
            last = rows[0] if rows else start
            while last + 1 < len(lines) and lines[last + 1].startswith("|"):
                last += 1
            lines.insert(last + 1, row)
    return "\n".join(lines)
