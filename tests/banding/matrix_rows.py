"""Permission-matrix rows for every `banding` URL (SE-A4.4, SE-A4.13). banding:home is in the
main matrix. The appeals' pages and the complaints' pages keep their rows in their own
modules (matrix_rows_<group>.py, next to their tests); they are gathered here, their worlds
on the demo scheme (as tests/sertifikasi/matrix_rows.py explains)."""

from tests.matrix import gather
from tests.sertifikasi.world import demo_scheme

ROWS = gather("tests.banding", ["banding", "pengaduan"], base=demo_scheme)
