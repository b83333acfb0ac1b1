"""Permission-matrix rows for every `banding` URL (SE-A4.4, SE-A4.13: others' appeals and
complaints are not theirs to see). banding:home is in the main matrix. Each page group keeps
its rows in its own module (matrix_rows_<group>.py, next to its tests); they are gathered
here."""

import importlib

GROUPS = ["banding", "pengaduan"]

ROWS = {}
for _group in GROUPS:
    try:
        _module = importlib.import_module(f"tests.banding.matrix_rows_{_group}")
    except ModuleNotFoundError:
        continue
    ROWS.update(_module.ROWS)
