"""Permission-matrix rows for every `sertifikasi` URL (SE-A4.4, SE-A4.8: others' applications
404). sertifikasi:home is in the main matrix. Each page group keeps its rows in its own
module (matrix_rows_<group>.py, next to its tests); they are gathered here."""

import importlib

from .world import demo_scheme

GROUPS = [
    "permohonan",
    "staff",
    "apl02",
    "jadwal",
    "praasesmen",
    "impor",
    "ujian",
    "rekaman",
    "lembar",
    "ak",
    "sesi",
    "pleno",
    "sertifikat",
    "blanko",
    "publik",
]

ROWS = {}
for _group in GROUPS:
    try:
        _module = importlib.import_module(f"tests.sertifikasi.matrix_rows_{_group}")
    except ModuleNotFoundError:
        continue
    ROWS.update(_module.ROWS)

# Every world here starts from the demo scheme (its validated MUK and TUK, ~1.5 s): the
# matrix makes it once as their base (see Row.world), and each world's own demo_scheme(c)
# call then finds it.
for _row in ROWS.values():
    if _row.world is not None:
        _row.world.base = demo_scheme
