"""The anonymous verification upload cannot exhaust the server (X-11, SE-A3.Kb; issue 10
item 2). The hash is compared first, so a genuine file is answered without parsing; any other
file is read by pyHanko in a child process with a memory, CPU and wall-clock limit
(lsp_portal.bounded), and a decompression bomb gets "Berkas tidak dapat diperiksa".
"""

import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lsp_portal import bounded
from lsp_portal.bounded import LimitExceeded, run_bounded
from tests.hostile_files import deflate_bomb_pdf, valid_pdf

pytestmark = pytest.mark.embedded

ANSWER_SECONDS = 5
RSS_GROWTH_LIMIT_KB = 200 * 1024


def upload(client, dokumen, content):
    url = reverse("verifikasi:dokumen", args=[dokumen.token])
    return client.post(
        url, {"berkas": SimpleUploadedFile("dokumen.pdf", content, content_type="application/pdf")}
    )


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def test_a_20_mb_deflate_bomb_is_answered_fast_without_growing_the_web_process(client, final_record):
    """X-11 (issue 10 item 2): a 20 MB PDF whose cross-reference stream inflates to 20 GB of
    zeros is answered through HTTP in under 5 s with "tidak dapat diperiksa", and the process
    answering grows by less than 200 MB (peak RSS, measured from /proc/self/status)."""
    bomb = deflate_bomb_pdf(mib=20_000)
    assert 19 * 1024 * 1024 < len(bomb) <= 20 * 1024 * 1024
    rss_before = status_kb("VmRSS")
    peak_is_reset = reset_peak_rss()
    started = time.monotonic()
    response = upload(client, final_record, bomb)
    seconds = time.monotonic() - started
    peak = status_kb("VmHWM") if peak_is_reset else status_kb("VmRSS")
    growth_kb = peak - rss_before
    mb = len(bomb) / 2**20
    print(f"\nbomb of {mb:.1f} MB: answered in {seconds:.2f} s, peak RSS growth {growth_kb / 1024:.1f} MB")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Berkas tidak dapat diperiksa" in html and 'class="message message-error"' in html
    assert "Berkas identik" not in html
    assert seconds < ANSWER_SECONDS
    assert growth_kb < RSS_GROWTH_LIMIT_KB


def test_the_genuine_file_is_answered_from_its_hash_without_parsing(client, final_record, monkeypatch):
    """X-11: a byte-identical upload is confirmed without starting the parser at all."""

    def no_child(*args, **kwargs):
        raise AssertionError("the genuine file must not be parsed")

    monkeypatch.setattr(bounded.subprocess, "run", no_child)
    with final_record.pdf.open("rb") as fh:
        html = upload(client, final_record, fh.read()).content.decode()
    assert "Berkas identik byte demi byte dengan dokumen yang diterbitkan, dan segelnya utuh." in html


def test_the_genuine_file_of_another_record_is_named_without_parsing(
    client, final_record, issue, sign, ketua, monkeypatch
):
    """X-11: another record's own file is recognised by its hash, without parsing it."""
    other = issue()
    sign(other, ketua)
    other.refresh_from_db()
    monkeypatch.setattr(bounded.subprocess, "run", lambda *a, **k: pytest.fail("parsed"))
    with other.pdf.open("rb") as fh:
        html = upload(client, final_record, fh.read()).content.decode()
    assert f"melainkan SPT-ASESOR {other.nomor} versi 1." in html


def test_a_child_that_needs_more_memory_than_allowed_is_stopped():
    """Issue 10 item 2: the child's address-space limit holds (64 MB cannot load pyHanko)."""
    with pytest.raises(LimitExceeded):
        run_bounded("seal_status", valid_pdf(), "/nonexistent.pem", memory_bytes=64 * 1024 * 1024)


def test_a_child_that_runs_past_the_wall_clock_limit_is_killed():
    """Issue 10 item 2: the wall-clock timeout ends a child that does not finish in time."""
    with pytest.raises(LimitExceeded):
        run_bounded("seal_status", valid_pdf(), "/nonexistent.pem", wall_seconds=0.01)


def test_the_child_needs_no_django_and_inherits_no_environment(monkeypatch):
    """Issue 10 item 2: the child runs by path in isolated mode with a bare environment (no
    database URL, no keys), so it works the same under a web or Celery worker."""
    seen = {}
    real_run = subprocess.run

    def spy(command, **kwargs):
        seen.update(command=command, env=kwargs["env"])
        return real_run(command, **kwargs)

    monkeypatch.setenv("DATABASE_URL", "postgres://rahasia@db/lsp")
    monkeypatch.setattr(bounded.subprocess, "run", spy)
    assert run_bounded("pdf_problems", valid_pdf()) == {"problem": "", "pages": 1}
    assert seen["command"][1:3] == ["-I", str(bounded.CHILD)]
    assert set(seen["env"]) == {"PATH", "LANG"}
