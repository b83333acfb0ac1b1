"""Batch signing scenario of `make bench` (bench/run.py, `--scenario batch-sign` alone).

1,000 records signed in one action: 40 assessment batches, each an SK keputusan and its 24
certificates, all waiting for one Ketua. The action is `dokumen_sign_batch` (what the
confirmation page calls: one re-authentication with the real PBKDF2 password hasher, the
chosen records kept, the batch queued after commit); a real `celery worker` (prefork,
concurrency 2) signs them record by record and renders, seals and stores each PDF as its
record becomes final. Measured from the action: until the last record is signed, and until
the last PDF is stored. The HTTP layer is left out: with production settings a Ketua must
have enrolled TOTP to reach the page, and it adds a form of one field.
"""

import datetime as dt
import os
import time

from bench.results_md import replace_row, replace_section

BATCHES, PER_BATCH = 40, 24  # 40 SK keputusan + 960 certificates = 1,000 records
GOAL_SECONDS = 30
MARK_START, MARK_END = "<!-- batch-sign:start -->", "<!-- batch-sign:end -->"


def issue_records(ketua, asesi, *, batches, per_batch):
    """The drafts waiting for the Ketua (not timed): per batch its SK keputusan, then its
    certificates, in the order the list page shows them."""
    from administrasi import services
    from bench.snapshots import sertifikat, sk_keputusan

    ids = []
    for b in range(1, batches + 1):
        holders = range((b - 1) * per_batch + 1, b * per_batch + 1)
        sk = services.dokumen_issue(
            kode="SK-KEPUTUSAN",
            subject=ketua,
            judul=f"SK keputusan sertifikasi batch {b}",
            data=sk_keputusan(b, holders),
            signers={"ketua": ketua},
            actor=ketua,
        )
        ids.append(sk.pk)
        for n in holders:
            dokumen = services.dokumen_issue(
                kode="SERTIFIKAT",
                subject=asesi,
                judul=f"Sertifikat kompetensi Peserta Uji {n:04d}",
                data=sertifikat(n),
                signers={"ketua": ketua},
                actor=ketua,
            )
            ids.append(dokumen.pk)
    return ids


def measure(args, people, tmp, db_name, tools) -> dict:
    """Issue the records, start the worker, sign them all in one action, and wait for the
    last signature and the last PDF. `tools` is bench/run.py (its worker, CPU and quiet-machine
    helpers)."""
    from django.core.cache import cache
    from django.db.models import Max, Min

    from administrasi import services
    from administrasi.models import Dokumen, TandaTangan
    from administrasi.services import signing
    from administrasi.storage import record_storage
    from akun.models import AuditEntry
    from lsp_portal.celery import app
    from lsp_portal.seal import verify_seal

    batches = max(1, round(args.batch_records / (PER_BATCH + 1)))
    ketua = tools.make_user("ketua.massal@bench.lsp.id", "ketua", "Dr. Hendra Wijaya, M.T.")
    tools.say(f"issuing {batches} SK keputusan with {PER_BATCH} certificates each (not timed)")
    t0 = time.perf_counter()
    ids = issue_records(ketua, people["asesi"], batches=batches, per_batch=PER_BATCH)
    setup = time.perf_counter() - t0

    quiet = tools.wait_for_quiet(args.quiet_wait, "the batch signing")
    load = os.getloadavg()[0]
    purged = app.control.purge()
    tools.say(f"starting the worker (purged {purged} stale messages)")
    worker = tools.start_worker(tmp, args.worker_loglevel, "lsp_portal", "-batch")
    # The PDFs follow the signatures through the worker, as in production.
    with tools.pdf_queueing(on=True):
        try:
            tools.say(f"signing {len(ids)} records in one action")
            audit_before = AuditEntry.objects.count()
            before = tools.cpu_snapshot(worker.pid, db_name)
            wall0 = time.time()
            c0 = time.perf_counter()
            batch = services.dokumen_sign_batch(
                dokumen_ids=ids,
                signer=ketua,
                secret=tools.PASSWORD,
                consent=True,
                ip="203.0.113.5",
                user_agent="bench (batch signing)",
                gambar=tools.signature_png(),
            )
            action = time.perf_counter() - c0
            deadline = time.monotonic() + max(900, 2 * len(ids))
            signed_seen = None
            while True:
                progress = services.batch_progress(batch)
                if signed_seen is None and progress["pending"] == 0:
                    signed_seen = time.time()
                if progress["pending"] == 0 and progress["pdf_pending"] == 0:
                    batch.refresh_from_db()
                    if batch.status == batch.Status.DONE:
                        break
                if worker.poll() is not None:
                    raise SystemExit(f"bench: the worker died; log:\n{worker.log_path.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"bench: batch signing unfinished after the deadline ({progress}); log:\n"
                        f"{worker.log_path.read_text()[-3000:]}"
                    )
                time.sleep(0.2)
            seen_done = time.time()
            after = tools.cpu_snapshot(worker.pid, db_name)
        finally:
            tools.stop_worker(worker)
    batch.refresh_from_db()
    audit_entries = AuditEntry.objects.count() - audit_before
    records = Dokumen.objects.filter(pk__in=ids)
    stamps = records.aggregate(first=Min("pdf_generated_at"), last=Max("pdf_generated_at"))
    rows = TandaTangan.objects.filter(dokumen__in=ids, penandatangan=ketua, ditandatangani_pada__isnull=False)
    evidence_rows = rows.filter(
        ditandatangani_pada=batch.ditandatangani_pada,
        ip=batch.ip,
        user_agent=batch.user_agent,
        metode=batch.metode,
        persetujuan=batch.persetujuan,
        gambar=batch.gambar,
    ).count()
    attempts = cache.get(f"rlw:sign:{ketua.pk}:{cache.get(f'rlw:sign:{ketua.pk}')!r}")
    storage = record_storage()
    checked = 0
    for dokumen in records.filter(pk__in=[ids[0], ids[len(ids) // 2], ids[-1]]):
        with storage.open(dokumen.pdf.name) as fh:
            checked += verify_seal(fh.read()).ok
    shares, busy = tools.cpu_shares(before, after, seen_done - wall0)
    log_text = worker.log_path.read_text()
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "count": len(ids),
        "batches": batches,
        "action": action,
        "signed": batch.finished_at.timestamp() - wall0,
        "signed_seen": signed_seen - wall0,
        "first_pdf": stamps["first"].timestamp() - wall0,
        "pdfs": stamps["last"].timestamp() - wall0,
        "progress": services.batch_progress(batch),
        "rows": rows.count(),
        "evidence_rows": evidence_rows,
        "attempts": attempts,
        "audit_per_record": audit_entries / len(ids),
        "verified": checked,
        "cpu": shares,
        "busy": busy,
        "quiet": quiet,
        "load": load,
        "setup": setup,
        "worker_errors": sum(1 for line in log_text.splitlines() if "ERROR" in line or "Traceback" in line),
        "max_batch": signing.MAX_BATCH,
    }


def goal_row(run, tools, nproc) -> str:
    ok = run["signed"] <= GOAL_SECONDS
    verdict = ("**met**" if ok else "**missed**") if run["count"] >= 1000 else "(not a 1,000 run)"
    others = run["cpu"].get(tools.OTHERS, (0.0, 0.0))[1]
    load = f"; other people's work took {100 * others:.0f} % of the cores" if others > 0.15 else ""
    return (
        f"| {run['count']:,} records signed in one action (batch signing), PDFs following through "
        f"the worker on {nproc} cores: signing ≤ {GOAL_SECONDS} s | **{run['signed']:.1f} s** to the last "
        f"signature; all {run['count']:,} PDFs stored after {run['pdfs']:.1f} s{load} | {verdict} |"
    )


def section(run, tools) -> list[str]:
    """The RESULTS.md section, between markers so a `--scenario batch-sign` run replaces it."""
    per_record = 1000 * (run["signed"] - run["action"]) / run["count"]
    p = run["progress"]
    L = [MARK_START, f"## {run['count']:,} records signed in one action (batch signing)", ""]
    L.append(
        f"Run {run['date']}: {run['batches']} assessment batches, each an SK keputusan and its "
        f"{PER_BATCH} certificates, "
        f"waiting for one Ketua; one call of `dokumen_sign_batch` (what the confirmation page calls: "
        "one re-authentication with the production password hasher, then the batch queued), a real "
        f"`celery worker` (prefork, concurrency {tools.CONCURRENCY}) signing record by record, each in its "
        "own transaction, and rendering, sealing and storing each PDF as its record becomes final. "
        "Times from the action."
    )
    L.append("")
    L.append("| measure | value |")
    L.append("|---|---:|")
    L.append(
        f"| the action: re-authentication + {run['count']:,} records kept + batch queued "
        f"| {run['action']:.2f} s |"
    )
    L.append(f"| **last record signed** (the batch's end) | **{run['signed']:.1f} s** |")
    L.append(f"| signing per record, in the worker (while PDFs render beside it) | {per_record:.1f} ms |")
    L.append(f"| first PDF stored | {run['first_pdf']:.1f} s |")
    L.append(f"| **all {run['count']:,} PDFs stored** | **{run['pdfs']:.1f} s** |")
    L.append(f"| records signed / skipped | {p['signed']:,} / {p['skipped']:,} |")
    L.append(
        f"| signature rows with the act's evidence (time, IP, device, method, consent, image) | "
        f"{run['evidence_rows']:,} of {run['rows']:,} |"
    )
    L.append(f"| attempts counted on the signer's limit | {run['attempts']} |")
    L.append(
        f"| audit-trail entries per record (signing, finalising, storing its PDF) | "
        f"{run['audit_per_record']:.1f} |"
    )
    L.append(f"| CPU busy on the machine ({tools.NCPU} cores) | {100 * run['busy']:.0f} % |")
    for name, (seconds, share) in sorted(run["cpu"].items(), key=lambda kv: -kv[1][0]):
        L.append(f"| &nbsp;&nbsp;{name} | {seconds:.1f} CPU-s ({100 * share:.0f} %) |")
    L.append(f"| load average (1 min) when the action started | {run['load']:.2f} |")
    L.append(
        f"| waited for a quiet machine before the run (busy share then) | {run['quiet']['waited']:.0f} s "
        f"({100 * run['quiet']['busy']:.0f} %) |"
    )
    L.append(f"| seals verified afterwards (first, middle, last) | {run['verified']} of 3 intact |")
    L.append(f"| errors in the worker log | {run['worker_errors']} |")
    L.append(f"| set-up, not timed: issuing the {run['count']:,} drafts | {run['setup']:.0f} s |")
    L.append("")
    others = run["cpu"].get(tools.OTHERS, (0.0, 0.0))[1]
    L.append(
        "What bounds it: the signing is one task in one worker process, record after record, each "
        f"in its own transaction with {run['audit_per_record']:.1f} audit-trail entries (signature row, "
        "status change, finalisation, then the PDF's name and hash), every one appended under the "
        "audit chain head's row lock; a second signing process would wait on that lock rather than "
        "run beside the first. The other worker process renders the PDFs meanwhile, CPU-bound in "
        "WeasyPrint as in the certificate run, so they finish well after the last signature. "
        f"One action signs at most {run['max_batch']:,} records."
        + (
            f" Other people's work took {100 * others:.0f} % of the cores during this run, so both "
            "figures are pessimistic."
            if others > 0.15
            else ""
        )
    )
    L.append(MARK_END)
    return L


def splice(text: str, run, tools, nproc) -> str:
    """RESULTS.md with this scenario's section and goal row replaced (or added)."""
    text = replace_section(text, "\n".join(section(run, tools)), start=MARK_START, end=MARK_END)
    row = goal_row(run, tools, nproc)
    lines = text.split("\n")
    if replace_row(lines, row, lambda line: "records signed in one action (batch signing)" in line):
        return "\n".join(lines)
    for i, line in enumerate(lines):
        if line.startswith("| ") and "sealed certificate PDFs" in line:
            lines.insert(i + 1, row)
            return "\n".join(lines)
    return "\n".join(lines)
