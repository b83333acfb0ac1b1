"""Issue 10 item 14: which app may import which (STYLE.md §12), as the import-linter contracts
in `.importlinter` say and `make test` checks with `lint-imports`.

The first test runs `lint-imports` on the code as it is; the others add one forbidden import
to the real import graph and check that a contract breaks, so the contracts cannot quietly
stop guarding a rule (a contract that allows everything would pass the first test too)."""

import subprocess
import sys
from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from importlinter import api
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
CONTRACT_TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract}


@pytest.fixture(scope="module")
def config():
    return api.read_configuration(str(CONFIG))


@pytest.fixture(scope="module")
def graph(config):
    return grimp.build_graph(*config["session_options"]["root_packages"], cache_dir=None)


def broken_contracts(config, graph, *, importer: str, imported: str) -> list[str]:
    """The names of the contracts that break once `importer` imports `imported`."""
    graph = deepcopy(graph)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    broken = []
    for options in config["contracts_options"]:
        contract = CONTRACT_TYPES[options["type"]](
            name=options["name"], session_options=config["session_options"], contract_options=options
        )
        if not contract.check(deepcopy(graph), verbose=False).kept:
            broken.append(options["name"])
    return broken


def test_the_code_keeps_every_import_contract():
    """STYLE.md §12: `lint-imports` finds no import against the contracts."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--config", str(CONFIG)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("administrasi.forms", "muk.models"),  # the records engine imports no domain app
        ("administrasi.services.issuing", "sdm.models"),
        ("tuk.reminders", "sdm.reminders"),  # the reminder registry is the kernel's
        ("sdm.demo", "muk.models"),  # master-data apps do not import each other
        ("muk.services.versi", "tuk.models"),
        ("portal.views", "eksekutif.views"),  # nothing imports eksekutif
        ("sdm.views", "eksekutif.views"),
        ("lsp_portal.urls", "akun.views"),  # the kernel imports no app
        ("lsp_portal.workflow", "administrasi.models"),
        ("akun.services", "administrasi.services"),  # akun -> lsp_portal only
        ("muk.models", "portal.models"),  # upstream never imports downstream
        ("portal.views", "sertifikasi.views"),  # apps of one layer are independent
        ("banding.views", "portal.views"),  # banding -> sertifikasi, administrasi
        ("verifikasi_tuk.views", "muk.models"),  # verifikasi_tuk -> tuk, sdm, administrasi
    ],
)
def test_a_forbidden_import_breaks_a_contract(config, graph, importer, imported):
    """STYLE.md §12: each rule of the picture is guarded by a contract."""
    assert broken_contracts(config, graph, importer=importer, imported=imported)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("sertifikasi.views", "muk.models"),
        ("verifikasi_tuk.views", "tuk.services"),
        ("banding.views", "sertifikasi.views"),
        ("portal.views", "sdm.models"),
        ("muk.services.versi", "administrasi.services"),
        ("eksekutif.views", "banding.views"),
    ],
)
def test_an_allowed_import_breaks_no_contract(config, graph, importer, imported):
    """STYLE.md §12: the contracts allow what the picture allows."""
    assert broken_contracts(config, graph, importer=importer, imported=imported) == []
