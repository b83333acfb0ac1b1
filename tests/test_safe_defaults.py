"""Safe defaults (X-11, SE-A3.Kb): no demo data in production, retention never below the LSP's
minimum, the seal's private key readable by its owner only from the moment it exists.
(The compose and Dockerfile facts are in tests/test_compose.py.)"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from administrasi import services
from administrasi.models import JenisDokumen

pytestmark = pytest.mark.embedded

ROOT = Path(__file__).resolve().parent.parent


# --- seed_demo ------------------------------------------------------------------------------


def test_seed_demo_refuses_in_production_mode_and_creates_nobody(db, settings):
    """X-11: with DEBUG off the demo accounts (one published password) are never created."""
    from akun.models import User

    settings.DEBUG = False
    before = User.objects.count()
    with pytest.raises(CommandError, match="seed_demo ditolak: DEBUG=0"):
        call_command("seed_demo")
    assert User.objects.count() == before
    assert not User.objects.filter(email__endswith="@demo.lsp.id").exists()


def test_seed_demo_exits_non_zero_with_the_reason_when_debug_is_off(tmp_path):
    """X-11: run as an operator would, `manage.py seed_demo` with DEBUG=0 stops with exit
    code 1 and says why, before touching the database."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "0",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "portal.lsp.example",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "lsp_portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "seed_demo ditolak: DEBUG=0 (mode produksi)" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists() or (tmp_path / "db.sqlite3").stat().st_size == 0


# --- retention ------------------------------------------------------------------------------


def test_kind_form_refuses_a_retention_below_the_lsp_minimum(client, admin_lsp, settings):
    """SE-A3.Kb: 2 years when the LSP keeps records at least 3 is refused in Indonesian and
    nothing is saved."""
    settings.LSP_RETENTION_YEARS = 3
    client.force_login(admin_lsp)
    response = client.post("/administrasi/jenis/FR.AK.01/", {"nama": "Persetujuan", "masa_simpan_tahun": "2"})
    assert response.status_code == 200
    assert "Masa simpan tidak boleh kurang dari 3 tahun" in response.content.decode()
    assert JenisDokumen.objects.get(kode="FR.AK.01").masa_simpan_tahun is None


def test_kind_form_follows_the_minimum_setting(client, admin_lsp, settings):
    """SE-A3.Kb: the minimum is read when the form validates, so a raised setting applies."""
    settings.LSP_RETENTION_YEARS = 5
    client.force_login(admin_lsp)
    response = client.post("/administrasi/jenis/FR.AK.01/", {"nama": "Persetujuan", "masa_simpan_tahun": "4"})
    assert "Masa simpan tidak boleh kurang dari 5 tahun" in response.content.decode()
    response = client.post("/administrasi/jenis/FR.AK.01/", {"nama": "Persetujuan", "masa_simpan_tahun": "5"})
    assert response.status_code == 302
    assert JenisDokumen.objects.get(kode="FR.AK.01").masa_simpan_tahun == 5


def test_kind_form_says_the_minimum(client, admin_lsp, settings):
    settings.LSP_RETENTION_YEARS = 4
    client.force_login(admin_lsp)
    page = client.get("/administrasi/jenis/FR.AK.01/").content.decode()
    assert "Minimal 4 tahun" in page and 'min="4"' in page


def test_a_kind_saved_under_a_lower_minimum_never_shortens_retention(ketua, settings):
    """SE-A3.Kb: a kind keeps 4 years (allowed then); the LSP raises its minimum to 6; a record
    issued now is kept 6 years. The floor is applied where retention is computed."""
    JenisDokumen.objects.filter(kode="SPT-ASESOR").update(masa_simpan_tahun=4)
    settings.LSP_RETENTION_YEARS = 6
    dokumen = services.dokumen_issue(
        kode="SPT-ASESOR", subject=ketua, judul="Uji", data={}, signers={"ketua": ketua}, actor=ketua
    )
    assert dokumen.retained_until == services.add_years(timezone.localdate(dokumen.diterbitkan_pada), 6)


def test_a_kind_may_still_keep_records_longer_than_the_minimum(ketua, settings):
    """SE-A3.Kb"""
    settings.LSP_RETENTION_YEARS = 3
    jenis = JenisDokumen.objects.get(kode="SPT-ASESOR")
    jenis.masa_simpan_tahun = 10
    assert services.retention_years(jenis=jenis, subject=ketua) == 10


# --- the seal key -------------------------------------------------------------------------


@pytest.fixture
def seal_dir(settings, tmp_path):
    settings.LSP_SEAL_KEY = str(tmp_path / "seal-key" / "seal-key.pem")
    settings.LSP_SEAL_CERT = str(tmp_path / "seal-cert" / "seal-cert.pem")
    return tmp_path


@pytest.fixture
def open_umask():
    """The most permissive umask: the key's mode must not depend on the process's umask."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_generate_seal_creates_the_key_with_mode_0600_under_any_umask(seal_dir, open_umask, capsys):
    """X-11"""
    call_command("generate_seal")
    key = seal_dir / "seal-key" / "seal-key.pem"
    assert mode(key) == 0o600
    assert b"PRIVATE KEY" in key.read_bytes()
    assert (seal_dir / "seal-cert" / "seal-cert.pem").exists()
    assert "Segel dibuat" in capsys.readouterr().out


def test_the_key_is_created_private_not_chmod_ed_after_the_write(seal_dir, open_umask, monkeypatch):
    """X-11: the key file is created by os.open with O_CREAT|O_EXCL and mode 0600, so no
    moment exists in which it holds the key with a wider mode; nothing chmods it later."""
    from lsp_portal import seal

    opened, chmodded = [], []
    real_open = os.open
    monkeypatch.setattr(
        seal.os,
        "open",
        lambda path, flags, mode=0o777, **kw: (
            opened.append((str(path), flags, mode)) or real_open(path, flags, mode, **kw)
        ),
    )
    monkeypatch.setattr(os, "chmod", lambda *a, **kw: chmodded.append(a))
    monkeypatch.setattr(Path, "chmod", lambda self, *a, **kw: chmodded.append((self, *a)))
    seal.generate_seal(common_name="LSP Uji")
    (key_open,) = [call for call in opened if "seal-key" in call[0]]
    path, flags, created_mode = key_open
    assert flags & os.O_CREAT and flags & os.O_EXCL and created_mode == 0o600
    assert chmodded == []
    assert mode(seal_dir / "seal-key" / "seal-key.pem") == 0o600


def test_a_planted_link_at_the_temporary_name_is_not_followed(seal_dir):
    """X-11: a symlink left where the key is first written does not receive the key."""
    from lsp_portal import seal

    elsewhere = seal_dir / "elsewhere.txt"
    elsewhere.write_text("tidak berubah")
    (seal_dir / "seal-key").mkdir()
    (seal_dir / "seal-key" / "seal-key.tmp").symlink_to(elsewhere)
    assert seal.generate_seal(common_name="LSP Uji")
    assert elsewhere.read_text() == "tidak berubah"
    assert mode(seal_dir / "seal-key" / "seal-key.pem") == 0o600


def test_the_key_directory_is_private_when_generate_seal_creates_it(seal_dir, open_umask):
    from lsp_portal import seal

    seal.generate_seal(common_name="LSP Uji")
    assert mode(seal_dir / "seal-key") == 0o700


def test_an_existing_seal_is_left_as_it_is(seal_dir, capsys):
    """X-11: the worker runs generate_seal at every start; an installed seal stays."""
    call_command("generate_seal")
    key = seal_dir / "seal-key" / "seal-key.pem"
    first = key.read_bytes()
    call_command("generate_seal")
    assert key.read_bytes() == first
    assert "Segel sudah ada" in capsys.readouterr().out


def test_a_half_installed_seal_is_refused_not_replaced(seal_dir):
    """X-11: an LSP key copied in before its certificate is never overwritten by a new one."""
    key = seal_dir / "seal-key" / "seal-key.pem"
    key.parent.mkdir()
    key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nkunci LSP\n-----END PRIVATE KEY-----\n")
    with pytest.raises(CommandError, match="Segel tidak lengkap"):
        call_command("generate_seal")
    assert b"kunci LSP" in key.read_bytes()
