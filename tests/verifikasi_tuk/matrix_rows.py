"""The verifikasi_tuk URLs' permission-matrix rows, one module per slice of pages
(matrix_rows_<slice>.py, each with ROWS), gathered here for tests/test_permission_matrix.py."""

import importlib
from pathlib import Path

ROWS = {}
for _path in sorted(Path(__file__).parent.glob("matrix_rows_*.py")):
    ROWS.update(importlib.import_module(f"tests.verifikasi_tuk.{_path.stem}").ROWS)
