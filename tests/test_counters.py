"""The kernel's gap-free counters (lsp_portal.counters), which number records of each kind
(SE-A4.5) and complaints (X-5), and the migration that carried the records engine's own
counters (and the complaint numbers) over to them without breaking a sequence."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from lsp_portal import counters
from lsp_portal.models import Penghitung

pytestmark = pytest.mark.embedded


def test_each_counter_and_year_has_its_own_sequence(db):
    assert [counters.take("a", 2026) for _ in range(3)] == [1, 2, 3]
    assert counters.take("a", 2027) == 1 and counters.take("b", 2026) == 1
    assert counters.last("a", 2026) == 3 and counters.last("c", 2026) == 0


def test_a_number_taken_in_a_failed_transaction_is_given_back(db):
    counters.take("a", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert counters.take("a", 2026) == 2
        raise RuntimeError
    assert counters.take("a", 2026) == 2


NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
BEFORE = [("administrasi", "0008_sop"), ("banding", "0004_banding_sop"), ("lsp_portal", "0003_penghitung")]


def test_the_migration_carries_each_sequence_over(transactional_db):
    """An LSP upgrading keeps its sequences: each kind's last record number per year and each
    year's last complaint number continue in the kernel's counters; the next record of a kind
    takes the number after its last one."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    jenis = old.get_model("administrasi", "JenisDokumen").objects.get(kode="SPT-ASESOR")
    old.get_model("administrasi", "NomorUrut").objects.create(jenis=jenis, tahun=2026, terakhir=41)
    old.get_model("banding", "Pengaduan").objects.create(
        nomor="PGD/2026/0007",
        tahun=2026,
        urutan=7,
        status="ditutup",
        nama_pelapor="Pelapor Lama",
        email="lama@contoh.id",
        subjek="lsp",
        uraian="Pengaduan sebelum pembaruan.",
        jawaban="Sudah dijawab.",
        diajukan_pada=NOW,
        diterima_pada=NOW,
        batas_jawab=NOW.date(),
        dijawab_pada=NOW,
        ditutup_pada=NOW,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Penghitung.objects.get(kunci="dokumen:SPT-ASESOR", tahun=2026).terakhir == 41
    assert counters.take("pengaduan", 2026) == 8  # PGD/2026/0008 next
    import datetime as dt

    from administrasi.models import JenisDokumen
    from administrasi.services import number_take

    year, seq, nomor = number_take(
        jenis=JenisDokumen.objects.get(kode="SPT-ASESOR"), when=dt.date(2026, 3, 1)
    )
    assert (year, seq) == (2026, 42) and nomor.startswith("042/")
