"""Permission-matrix rows for every `sertifikasi` URL (SE-A4.4, SE-A4.8: others' applications
404). sertifikasi:home is in the main matrix. Each page group keeps its rows in its own
module (matrix_rows_<group>.py, next to its tests); they are gathered here."""

from tests.matrix import gather

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

# Every world here starts from the demo scheme (its validated MUK and TUK, ~1.5 s): the
# matrix makes it once as their base (see Row.world), and each world's own demo_scheme(c)
# call then finds it.
ROWS = gather("tests.sertifikasi", GROUPS, base=demo_scheme)
