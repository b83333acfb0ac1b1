"""FR.APL.02 save scenario of `make bench` (bench/run.py, `--scenario apl02-save` alone).

Issue 11 (Speed): "An APL.02 of a scheme with 13 units and 100 KUK saves in one request under
300 ms on this machine." Set-up, not timed: a scheme of 13 units, 39 elements and 100 KUK
(the demo scheme has 6 units and 49 KUK, so the bench makes its own through the muk
services, as an import does), an applicant whose application was submitted and accepted
(asesmen mandiri), and three portfolio files. Timed: the whole HTTP request of the
self-assessment form through the Django test client (every middleware, the view's parsing,
services.apl02_save, the commit) with all 100 answers, the 39 evidence texts and the linked
files, against PostgreSQL with production settings. Three kinds, interleaved:

- first save: no answer stored yet (100 rows inserted), the "Simpan" button's POST (redirect);
- change everything: every answer flipped K <-> BK and every text changed (100 + 39 rows
  updated, links rewritten), the "Simpan" POST;
- the same as an autosave (`X-Autosave: 1`, JSON answer), what happens while the applicant types.

Before each first save the answers are cleared through the service (not timed).
"""

import datetime as dt
import gc
import os
import statistics
import time
from decimal import Decimal

from bench.results_md import replace_row, replace_section

UNITS, ELEMENTS_PER_UNIT, KUK_TOTAL = 13, 3, 100
GOAL_MS = 300
FILES = 3
MARK_START, MARK_END = "<!-- apl02-save:start -->", "<!-- apl02-save:end -->"
KINDS = [
    ("insert", "first save: 100 answers inserted (Simpan)"),
    ("update", "every answer and text changed (Simpan)"),
    ("autosave", "every answer and text changed (autosave, JSON)"),
]
IDENTITAS = {
    "nama": "Rina Wulandari",
    "kewarganegaraan": "wni",
    "nik": "3273015505950001",  # Kota Bandung, a woman born 15-05-1995
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1995, 5, 15),
    "jenis_kelamin": "P",
    "alamat": "Jl. Merdeka No. 10, Bandung",
    "kode_pos": "40115",
    "nomor_hp": "081200000001",
    "email": "asesi.apl02@bench.lsp.id",
    "pendidikan": "s1",
    "pekerjaan_institusi": "PT Kode Nusantara",
    "pekerjaan_jabatan": "Pemrogram",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


def make_skema(actor):
    """13 units × 3 elements, 100 KUK spread over the 39 elements (2 or 3 each)."""
    from muk import importer
    from muk import services as muk_services

    skema = muk_services.skema_create(
        actor=actor,
        kode="SKM/BENCH/APL02/2025",
        judul="Skema uji kecepatan FR.APL.02",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=3,
        biaya_tatap_muka=Decimal("0"),
        biaya_jarak_jauh=Decimal("0"),
    )
    elements = UNITS * ELEMENTS_PER_UNIT
    per = [KUK_TOTAL // elements + (1 if i < KUK_TOTAL % elements else 0) for i in range(elements)]
    units = []
    for u in range(UNITS):
        unit = importer.UnitData(
            kode=f"J.620100.{100 + u:03d}.01", judul=f"Unit kompetensi {u + 1}", kelompok=""
        )
        for n in range(1, ELEMENTS_PER_UNIT + 1):
            count = per[u * ELEMENTS_PER_UNIT + n - 1]
            unit.elemen[n] = importer.ElemenData(
                nomor=n,
                judul=f"Elemen {n} unit {u + 1}",
                kuk=[
                    importer.KukData(
                        f"{n}.{i}", i, f"Kriteria unjuk kerja {n}.{i} unit {u + 1} dipenuhi sesuai standar."
                    )
                    for i in range(1, count + 1)
                ],
            )
        units.append(unit)
    muk_services.skema_replace_structure(skema=skema, units=units, actor=actor)
    return skema


def png_upload(name, color):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (600, 400), color).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def setup(tools):
    """The scheme, the applicant's accepted application and its portfolio files."""
    from muk.models import KUK, Elemen
    from sertifikasi import services
    from sertifikasi.services import Tandatangan

    ttd = Tandatangan(secret=tools.PASSWORD, consent=True, ip="203.0.113.7", user_agent="bench (APL.02)")
    asesi = tools.make_user("asesi.apl02@bench.lsp.id", "asesi", IDENTITAS["nama"])
    admin = tools.make_user("admin.apl02@bench.lsp.id", "admin_lsp", "Rina Kusuma")
    skema = make_skema(admin)
    p = services.permohonan_create(asesi=asesi, skema=skema, actor=asesi)
    errors = services.permohonan_save(permohonan=p, data=IDENTITAS, actor=asesi)
    if errors:
        raise SystemExit(f"bench: the applicant's form was refused: {errors}")
    p = services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd)
    butir = {item["kunci"]: (True, "") for item in services.verification_items(p)}
    services.permohonan_verify(permohonan=p, hasil="diterima", butir=butir, catatan="", actor=admin, ttd=ttd)
    p.refresh_from_db()
    files = [
        services.portofolio_upload(
            permohonan=p,
            judul=f"Portofolio {i}",
            upload=png_upload(f"portofolio-{i}.png", (40 * i, 90, 160)),
            actor=asesi,
        ).pk
        for i in range(1, FILES + 1)
    ]
    kuk = list(KUK.objects.filter(elemen__unit__skema=skema).order_by("pk").values_list("pk", flat=True))
    elemen = list(Elemen.objects.filter(unit__skema=skema).order_by("pk").values_list("pk", flat=True))
    assert (len(kuk), len(elemen)) == (KUK_TOTAL, UNITS * ELEMENTS_PER_UNIT), (len(kuk), len(elemen))
    return {"permohonan": p, "asesi": asesi, "kuk": kuk, "elemen": elemen, "files": files}


def form_data(world, rep: int) -> dict:
    """The whole form as the page posts it: every KUK, every element's text and file group."""
    value = "K" if rep % 2 == 0 else "BK"
    data = {f"kuk-{k}": value for k in world["kuk"]}
    files = world["files"]
    for i, e in enumerate(world["elemen"]):
        data[f"bukti-{e}"] = (
            f"Hasil kerja ke-{rep} untuk elemen ini: situs web toko daring yang saya bangun, "
            "dengan kode sumber dan dokumentasinya."
        )
        data[f"berkas-{e}"] = ["", str(files[(i + rep) % len(files)])]
    return data


def clear(world):
    from sertifikasi import services

    services.apl02_save(
        permohonan=world["permohonan"], jawaban={k: "" for k in world["kuk"]}, bukti={}, actor=world["asesi"]
    )


def post(client, world, kind: str, rep: int):
    from django.urls import reverse

    path = reverse("sertifikasi:apl02", args=[world["permohonan"].pk])
    headers = {"X-Autosave": "1"} if kind == "autosave" else {}
    gc.collect()
    t0 = time.perf_counter()
    response = client.post(path, form_data(world, rep), secure=True, headers=headers)
    elapsed = time.perf_counter() - t0
    expected = 200 if kind == "autosave" else 302
    if response.status_code != expected:
        raise SystemExit(f"bench: APL.02 {kind} answered {response.status_code}: {response.content[:500]!r}")
    return elapsed


def measure(args, tools) -> dict:
    """Set up (not timed), then args.reps timed requests of each kind after args.warmup."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sertifikasi.models import BuktiElemen, JawabanKuk

    t0 = time.perf_counter()
    world = setup(tools)
    set_up = time.perf_counter() - t0
    client = Client(HTTP_HOST="localhost")
    client.force_login(world["asesi"])
    quiet = tools.wait_for_quiet(args.quiet_wait, "the APL.02 saves")
    times = {kind: [] for kind, _ in KINDS}
    rep = 0
    for i in range(args.warmup + args.reps):
        for kind, _ in KINDS:
            rep += 1
            if kind == "insert":
                clear(world)
            elapsed = post(client, world, kind, rep)
            if i >= args.warmup:
                times[kind].append(elapsed)
    p = world["permohonan"]
    stored = (
        JawabanKuk.objects.filter(permohonan=p).count(),
        BuktiElemen.objects.filter(permohonan=p).count(),
    )
    queries = {}
    for kind, _ in KINDS:
        rep += 1
        if kind == "insert":
            clear(world)
        with CaptureQueriesContext(connection) as ctx:
            post(client, world, kind, rep)
        queries[kind] = len(ctx.captured_queries)
    body = sum(len(k) + len(str(v)) for k, v in form_data(world, 0).items())
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "times": times,
        "queries": queries,
        "stored": stored,
        "fields": len(world["kuk"]) + 2 * len(world["elemen"]),
        "body_kb": body / 1024,
        "setup": set_up,
        "quiet": quiet,
        "load": os.getloadavg()[0],
    }


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def summary(run) -> dict:
    worst = max(statistics.median(run["times"][kind]) for kind, _ in KINDS)
    worst_p95 = max(p95(run["times"][kind]) for kind, _ in KINDS)
    return {"median": worst, "p95": worst_p95}


def goal_row(run) -> str:
    s = summary(run)
    n = len(run["times"]["update"])
    verdict = ("**met**" if s["p95"] * 1000 < GOAL_MS else "**missed**") if n >= 10 else "(a --quick run)"
    return (
        f"| FR.APL.02 of {UNITS} units and {KUK_TOTAL} KUK saved in one request (HTTP POST through "
        f"Django, PostgreSQL): < {GOAL_MS} ms | **{1000 * s['median']:.1f} ms** median, "
        f"{1000 * s['p95']:.1f} ms p95 (slowest kind) | {verdict} |"
    )


def section(run, tools) -> list[str]:
    L = [MARK_START, f"## FR.APL.02 save: {UNITS} units, {KUK_TOTAL} KUK, one request", ""]
    L.append(
        f"Run {run['date']}: a scheme of {UNITS} units, {UNITS * ELEMENTS_PER_UNIT} elements and "
        f"{KUK_TOTAL} KUK; the applicant's whole self-assessment form ({run['fields']} fields: every "
        f"K/BK answer, every element's evidence text and linked files, {run['body_kb']:.0f} KB) posted "
        "through the Django test client to `sertifikasi:apl02` (every middleware, the view, "
        "`services.apl02_save`, the commit), production settings on PostgreSQL. "
        f"{len(run['times']['update'])} timed requests of each kind, interleaved, after warm-ups; "
        "each after a `gc.collect()`."
    )
    L.append("")
    L.append("| request | median ms | p95 ms | min ms | queries |")
    L.append("|---|---:|---:|---:|---:|")
    for kind, label in KINDS:
        t = run["times"][kind]
        L.append(
            f"| {label} | {1000 * statistics.median(t):.1f} | {1000 * p95(t):.1f} | {1000 * min(t):.1f} "
            f"| {run['queries'][kind]} |"
        )
    L.append("")
    L.append(
        f"Stored afterwards: {run['stored'][0]} answers, {run['stored'][1]} evidence rows. "
        f"Load average (1 min) after the run: {run['load']:.2f}; waited {run['quiet']['waited']:.0f} s for a "
        f"quiet machine. Set-up (scheme, application submitted and accepted, {FILES} portfolio files), "
        f"not timed: {run['setup']:.1f} s. The query count does not grow with the scheme "
        "(tests/sertifikasi/test_apl02_queries.py asserts 10 answers cost what 100 do): the answers "
        "and texts are written in bulk (one insert, one update per kind of row), whatever their number."
    )
    L.append(MARK_END)
    return L


def splice(text: str, run, tools) -> str:
    """RESULTS.md with this scenario's section and goal row replaced (or added)."""
    text = replace_section(text, "\n".join(section(run, tools)), start=MARK_START, end=MARK_END)
    row = goal_row(run)
    lines = text.split("\n")
    if replace_row(lines, row, lambda line: line.startswith("| FR.APL.02 of ")):
        return "\n".join(lines)
    # At the end of the goals table (the first table after "## Goals").
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Goals"), None)
    if start is not None:
        rows = [i for i in range(start, len(lines)) if lines[i].startswith("|")]
        last = rows[0] if rows else start
        while last + 1 < len(lines) and lines[last + 1].startswith("|"):
            last += 1
        lines.insert(last + 1, row)
    return "\n".join(lines)
