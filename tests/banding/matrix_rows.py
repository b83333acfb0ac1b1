"""Permission-matrix rows for every `banding` URL (SE-A4.4, SE-A4.13). banding:home is in the
main matrix. The appeals' pages and the complaints' pages keep their rows in their own
modules (matrix_rows_<group>.py, next to their tests); they are gathered here."""

import importlib

from tests.sertifikasi.world import demo_scheme

GROUPS = ["banding", "pengaduan"]

ROWS = {}
for _group in GROUPS:
    try:
        _module = importlib.import_module(f"tests.banding.matrix_rows_{_group}")
    except ModuleNotFoundError:
        continue
    ROWS.update(_module.ROWS)

# The worlds start from the demo scheme (as tests/sertifikasi/matrix_rows.py explains).
for _row in ROWS.values():
    if _row.world is not None:
        _row.world.base = demo_scheme
