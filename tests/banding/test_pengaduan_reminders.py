"""Deadline reminders of complaints (X-5: answered within PENGADUAN_BATAS_JAWAB_HARI), by the
daily task: the banding staff are told 3 days before a complaint's answer is due and once it
has passed unanswered, once per threshold; never the person it is about; answered and closed
complaints are not reminded. Plain personas (tests/conftest.py); the days are set with
time_machine, so the outcome does not hang on when the test runs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from banding import services_pengaduan as svc
from banding import tasks
from banding.models import Pengaduan
from lsp_portal.models import Notifikasi

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
REMINDER_KEY = r"^pengaduan-(batas-3|terlambat)-"


def _received(email="sari@contoh.id") -> Pengaduan:
    _, token = svc.pengaduan_file(
        nama_pelapor="Sari Pelapor",
        email=email,
        subjek="asesor",
        uraian="Asesor datang terlambat satu jam.",
        now=NOW,
    )
    return svc.pengaduan_verify(token=token, now=NOW)


def _run_on(day: dt.date) -> int:
    """The daily task as it runs at 07:35 WIB on `day`."""
    with time_machine.travel(dt.datetime.combine(day, dt.time(7, 35), tzinfo=WIB), tick=False):
        return tasks.pengaduan_deadline_reminders()


def _reminded(pengaduan, stage: str) -> list[int]:
    """Who was reminded of `pengaduan` at `stage` ("batas-3" or "terlambat"), one id per notice."""
    return sorted(
        Notifikasi.objects.filter(
            kunci__startswith=f"pengaduan-{stage}-", kunci__endswith=f"-{pengaduan.pk}"
        ).values_list("penerima_id", flat=True)
    )


def test_x5_staff_are_reminded_three_days_before_the_answer_is_due_once(admin_lsp, manajer, ketua):
    """X-5: nothing four days before; three days before, each banding staff member once, with
    a link to the complaint and its deadline; the next run and the next day add nothing."""
    pengaduan = _received()
    staff = sorted(u.pk for u in (admin_lsp, manajer, ketua))
    assert _run_on(pengaduan.batas_jawab - dt.timedelta(days=4)) == 0
    assert _reminded(pengaduan, "batas-3") == []

    assert _run_on(pengaduan.batas_jawab - dt.timedelta(days=3)) == 1
    assert _reminded(pengaduan, "batas-3") == staff
    notice = Notifikasi.objects.get(penerima=manajer, kunci__startswith="pengaduan-batas-3-")
    assert notice.url == pengaduan.get_absolute_url() and pengaduan.nomor in notice.pesan
    assert "16 Maret 2026" in notice.pesan  # received 2 March, 14 days to answer

    count = Notifikasi.objects.count()
    _run_on(pengaduan.batas_jawab - dt.timedelta(days=3))
    _run_on(pengaduan.batas_jawab - dt.timedelta(days=2))
    assert Notifikasi.objects.count() == count


def test_x5_staff_are_reminded_once_a_complaint_is_overdue(admin_lsp, manajer, ketua):
    """X-5: on the due day it is not overdue yet; the day after, each staff member once; later
    runs send nothing new."""
    pengaduan = svc.pengaduan_acknowledge(pengaduan=_received(), actor=admin_lsp)
    _run_on(pengaduan.batas_jawab)
    assert _reminded(pengaduan, "terlambat") == []

    assert _run_on(pengaduan.batas_jawab + dt.timedelta(days=1)) == 1
    assert _reminded(pengaduan, "terlambat") == sorted(u.pk for u in (admin_lsp, manajer, ketua))
    notice = Notifikasi.objects.get(penerima=ketua, kunci__startswith="pengaduan-terlambat-")
    assert notice.judul == f"Pengaduan {pengaduan.nomor} melewati batas jawaban"

    count = Notifikasi.objects.count()
    _run_on(pengaduan.batas_jawab + dt.timedelta(days=1))
    _run_on(pengaduan.batas_jawab + dt.timedelta(days=5))
    assert Notifikasi.objects.count() == count


def test_x5_the_person_a_complaint_is_about_is_never_reminded(admin_lsp, manajer, ketua):
    """X-5: the Manajer named as terkait is told neither before the deadline nor after it;
    the other staff are."""
    pengaduan = svc.pengaduan_acknowledge(pengaduan=_received(), terkait=manajer, actor=admin_lsp)
    _run_on(pengaduan.batas_jawab - dt.timedelta(days=3))
    _run_on(pengaduan.batas_jawab + dt.timedelta(days=1))
    assert (
        _reminded(pengaduan, "batas-3")
        == _reminded(pengaduan, "terlambat")
        == sorted([admin_lsp.pk, ketua.pk])
    )
    assert not Notifikasi.objects.filter(penerima=manajer, kunci__regex=REMINDER_KEY).exists()


def test_x5_answered_closed_and_unverified_complaints_are_not_reminded(admin_lsp, manajer):
    """X-5 edge: a complaint answered (dijawab) or closed no longer waits on the LSP, and one
    whose e-mail was never verified has no deadline: past every deadline, none is reminded."""
    answered = svc.pengaduan_acknowledge(pengaduan=_received(), actor=admin_lsp)
    answered = svc.pengaduan_respond(pengaduan=answered, jawaban="Asesor ditegur.", actor=admin_lsp)
    closed = svc.pengaduan_acknowledge(pengaduan=_received("b@contoh.id"), actor=admin_lsp)
    closed = svc.pengaduan_respond(pengaduan=closed, jawaban="Sudah diperbaiki.", actor=admin_lsp)
    closed = svc.pengaduan_close(pengaduan=closed, actor=admin_lsp)
    svc.pengaduan_file(nama_pelapor="C", email="c@contoh.id", subjek="lsp", uraian="Lambat.", now=NOW)
    assert (answered.status, closed.status) == (Pengaduan.Status.DIJAWAB, Pengaduan.Status.DITUTUP)

    for days in (-3, 1, 30):
        assert _run_on(answered.batas_jawab + dt.timedelta(days=days)) == 0
    assert not Notifikasi.objects.filter(kunci__regex=REMINDER_KEY).exists()
