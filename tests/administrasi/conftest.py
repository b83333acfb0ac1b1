import functools

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


def issue_record(
    ketua, kode="SPT-ASESOR", *, subject=None, signers=None, data=None, actor=None, judul="Uji arsip"
):
    """A draft record of `kode` issued by `actor` (the Ketua unless given)."""
    return services.dokumen_issue(
        kode=kode,
        subject=subject or ketua,
        judul=judul,
        data=data if data is not None else {"nama_asesor": "Dewi Lestari", "no_met": "MET.000.001234.2024"},
        signers=signers if signers is not None else {"ketua": ketua},
        actor=actor or ketua,
    )


def sign_record(dokumen, user, secret=PASSWORD, consent=True, **extra):
    """`user` signs `dokumen`; the last signature's on-commit PDF task runs (eagerly) too."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.dokumen_sign(
            dokumen=dokumen,
            signer=user,
            secret=secret,
            consent=consent,
            ip="203.0.113.5",
            user_agent="pytest",
            **extra,
        )


@pytest.fixture
def issue(ketua):
    """issue(kode="SPT-ASESOR", subject=..., signers=..., data=...) → a draft record."""
    return functools.partial(issue_record, ketua)


@pytest.fixture
def sign():
    """sign(dokumen, user): the last signature's on-commit PDF task runs (eagerly) too."""
    return sign_record


@pytest.fixture
def final_record(issue, sign, ketua):
    """A signed, final SPT with its sealed PDF (tasks run eagerly)."""
    dokumen = issue()
    sign(dokumen, ketua)
    return Dokumen.objects.get(pk=dokumen.pk)
