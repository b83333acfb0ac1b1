"""Parse a file we did not write in a child process with a memory, CPU and wall-clock limit.

A 20 MB PDF whose cross-reference stream is a deflate bomb expands to gigabytes in any PDF
library; in the web or worker process that would take the server down. The child
(`lsp_portal/pdf_inspect.py`, run by path with `python -I`) limits itself with `resource`
(RLIMIT_AS, RLIMIT_CPU) before it reads the file, gets a bare environment (no database URL,
no keys), and is killed at the wall-clock timeout. It needs no Django, so it works the same
from a test, a gunicorn worker or a Celery worker.
"""

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from .pdf_inspect import EXIT_OUT_OF_MEMORY

CHILD = Path(__file__).with_name("pdf_inspect.py")
# A sealed 20 MB PDF verifies in well under 200 MB; the child with pyHanko loaded is ~80 MB.
MEMORY_BYTES = 512 * 1024 * 1024
CPU_SECONDS = 6
WALL_SECONDS = 15  # above CPU_SECONDS: a loaded machine slows the child's start, not its CPU use

logger = logging.getLogger(__name__)


class LimitExceeded(Exception):
    """The file needed more memory or time than allowed (a decompression bomb, a pathological
    file), or crashed the parser: it cannot be checked."""


def run_bounded(
    task: str,
    data: bytes,
    *args: str,
    memory_bytes: int = MEMORY_BYTES,
    cpu_seconds: int = CPU_SECONDS,
    wall_seconds: float = WALL_SECONDS,
) -> dict:
    """Run `pdf_inspect.TASKS[task](data, *args)` in a limited child; its result (a dict).
    Raises LimitExceeded when the child runs out of memory or time or dies by a signal;
    RuntimeError when it fails otherwise (a bug or a broken install, not the file's fault)."""
    command = [sys.executable, "-I", str(CHILD), task, str(memory_bytes), str(cpu_seconds), *args]
    try:
        done = subprocess.run(
            command,
            input=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # unbounded on a hostile file; the exit code says enough
            timeout=wall_seconds,
            env={"PATH": os.defpath, "LANG": "C.UTF-8"},
            cwd="/",
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        logger.warning("bounded %s: killed after %s s wall-clock", task, wall_seconds)
        raise LimitExceeded(task) from None
    if done.returncode == EXIT_OUT_OF_MEMORY or done.returncode < 0:
        reason = "out of memory" if done.returncode > 0 else signal.Signals(-done.returncode).name
        logger.warning("bounded %s: %s", task, reason)
        raise LimitExceeded(task)
    if done.returncode != 0:
        raise RuntimeError(f"bounded {task} exited with {done.returncode}")
    return json.loads(done.stdout)
