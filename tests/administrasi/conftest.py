import pytest

from administrasi import services
from administrasi.models import Dokumen

from ..conftest import PASSWORD

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@pytest.fixture
def issue(ketua):
    """issue(kode="SPT-ASESOR", subject=..., signers=..., data=...) → a draft record."""

    def make(kode="SPT-ASESOR", *, subject=None, signers=None, data=None, actor=None, judul="Uji arsip"):
        return services.dokumen_issue(
            kode=kode,
            subject=subject or ketua,
            judul=judul,
            data=data
            if data is not None
            else {"nama_asesor": "Dewi Lestari", "no_met": "MET.000.001234.2024"},
            signers=signers if signers is not None else {"ketua": ketua},
            actor=actor or ketua,
        )

    return make


@pytest.fixture
def sign(django_capture_on_commit_callbacks):
    """sign(dokumen, user): the last signature's on-commit PDF task runs (eagerly) too."""

    def do(dokumen, user, secret=PASSWORD, consent=True, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return services.dokumen_sign(
                dokumen=dokumen,
                signer=user,
                secret=secret,
                consent=consent,
                ip="203.0.113.5",
                user_agent="pytest",
                **extra,
            )

    return do


@pytest.fixture
def final_record(issue, sign, ketua):
    """A signed, final SPT with its sealed PDF (tasks run eagerly)."""
    dokumen = issue()
    sign(dokumen, ketua)
    return Dokumen.objects.get(pk=dokumen.pk)
