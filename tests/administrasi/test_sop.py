"""SE-A1.1–A1.4, SE-A1.K: the SOP repository's services. A version is written as a draft,
submitted (frozen into an SOP record for a Ketua), approved by his signature, and in force from
its date; the version before it is superseded, never deleted; a draft or a version waiting
for approval is never in force; no reference, no effect."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from administrasi import sop as svc
from administrasi.models import Dokumen, Sop
from administrasi.services import RecordError
from administrasi.sop_teks import JUDUL, NOMOR
from lsp_portal.workflow import status_history

from ..conftest import make_user
from .conftest import sign_record
from .test_records import pdf_text

J = Sop.Jenis
S = Sop.Status


@pytest.fixture
def today():
    return timezone.localdate()


def submit(sop, ketua, actor, day=None):
    return svc.sop_submit(
        sop=sop, berlaku_mulai=day or timezone.localdate(), penandatangan=ketua, actor=actor
    )


def approve(sop, ketua):
    sign_record(Dokumen.objects.get(pk=sop.dokumen_id), ketua)
    return Sop.objects.get(pk=sop.pk)


def in_force_version(jenis, admin_lsp, ketua, *, isi=None, catatan=""):
    """A version of `jenis` written by the admin, submitted and approved today."""
    draft = svc.sop_draft_start(jenis=jenis, actor=admin_lsp)
    if isi is not None or catatan:
        draft = svc.sop_draft_update(
            sop=draft,
            nomor=draft.nomor,
            judul=draft.judul,
            isi=isi or draft.isi,
            acuan=draft.acuan,
            catatan_perubahan=catatan,
            actor=admin_lsp,
        )
    return approve(submit(draft, ketua, admin_lsp), ketua)


def test_first_draft_starts_from_the_default_text_with_the_skkni_reference(admin_lsp):
    """SE-A1.4, SE-A1.K: version 1 of the appeal SOP starts from the procedure's text (the
    window and the decision deadline from the settings) and the SKKNI 333/2020 reference."""
    draft = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    assert (draft.versi, draft.status, draft.nomor, draft.judul) == (
        1,
        S.DRAFT,
        NOMOR[J.BANDING],
        JUDUL[J.BANDING],
    )
    assert "SKKNI Nomor 333 Tahun 2020" in draft.acuan
    assert "paling lambat 14 hari" in draft.isi and "30 hari" in draft.isi
    assert svc.in_force(J.BANDING) is None  # a draft is never in force


def test_submitting_freezes_the_text_into_a_record_for_the_ketua(admin_lsp, ketua, today):
    """SE-A1.4: the submitted version is an SOP record (number, version, date, reference,
    approver) waiting for the named Ketua's signature; still not in force."""
    draft = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    sop = submit(draft, ketua, admin_lsp)
    assert sop.status == S.DIAJUKAN and svc.in_force(J.BANDING) is None
    record = sop.dokumen
    assert record.jenis.kode == "SOP" and record.status == Dokumen.Status.DRAFT
    assert [t.penandatangan for t in record.tanda_tangan.all()] == [ketua]
    assert record.data["nomor"] == sop.nomor and record.data["versi"] == 1
    assert record.data["berlaku_mulai"] == today.isoformat()
    assert record.data["acuan"] == sop.acuan and record.data["isi"] == sop.isi
    # Kept SOP_RETENTION_YEARS (10) from issue, longer than an ordinary record's 3 years.
    assert record.retained_until.year == today.year + 10


def test_the_ketuas_signature_puts_it_in_force_with_a_pdf(admin_lsp, ketua, today):
    """SE-A1.1/A1.4, SE-A1.K: signed → in force today, with its approver, and a sealed PDF
    showing number, version, effective date, reference and the text."""
    sop = in_force_version(J.BANDING, admin_lsp, ketua)
    assert sop.status == S.BERLAKU and sop.penandatangan == ketua
    assert sop.disahkan_pada is not None and sop.berlaku_sejak is not None
    assert svc.in_force(J.BANDING) == sop
    text = pdf_text(sop.dokumen.pdf.open("rb").read())
    for expected in (sop.nomor, "SKKNI Nomor 333 Tahun 2020", "Tanggal berlaku", "Prosedur banding"):
        assert expected in text, expected
    moves = [(h.to_status, h.actor_id) for h in status_history(sop)]
    assert moves == [(S.DIAJUKAN, admin_lsp.pk), (S.DISAHKAN, ketua.pk), (S.BERLAKU, ketua.pk)]


def test_a_new_version_supersedes_and_never_deletes(admin_lsp, ketua):
    """SE-A1.1 edge: version 2 in force → version 1 superseded (kept, with its record); one
    version in force per kind."""
    v1 = in_force_version(J.BANDING, admin_lsp, ketua)
    v2 = in_force_version(J.BANDING, admin_lsp, ketua, isi="Teks baru.", catatan="Batas waktu diperjelas.")
    v1.refresh_from_db()
    assert (v1.status, v2.status, v2.versi) == (S.DIGANTIKAN, S.BERLAKU, 2)
    assert svc.in_force(J.BANDING) == v2
    assert Sop.objects.filter(jenis=J.BANDING).count() == 2
    assert v1.dokumen.status == Dokumen.Status.FINAL  # the old record stays as it was signed


def test_a_later_date_waits_then_the_daily_task_puts_it_in_force(admin_lsp, ketua, today):
    """Approved for a later date: approved, the version before it still in force until the
    date; the daily task then switches them, and a second run changes nothing."""
    v1 = in_force_version(J.BANDING, admin_lsp, ketua)
    draft = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    draft.catatan_perubahan = "Revisi."
    draft.save()
    later = today + dt.timedelta(days=10)
    v2 = approve(submit(draft, ketua, admin_lsp, later), ketua)
    assert v2.status == S.DISAHKAN and svc.in_force(J.BANDING) == v1
    assert svc.sop_take_effect_due(today=today) == 0
    with time_machine.travel(
        dt.datetime.combine(later, dt.time(0, 5), tzinfo=timezone.get_current_timezone())
    ):
        from administrasi.tasks import sop_take_effect_due

        assert sop_take_effect_due() == 1
        assert sop_take_effect_due() == 0
    assert svc.in_force(J.BANDING).pk == v2.pk
    v1.refresh_from_db()
    assert v1.status == S.DIGANTIKAN


def test_no_reference_cannot_be_submitted(admin_lsp, ketua):
    """SE-A1.K edge: an empty reference is kept in the draft but refused at submission."""
    draft = svc.sop_draft_start(jenis=J.ASESMEN_JJ, actor=admin_lsp)
    draft = svc.sop_draft_update(
        sop=draft,
        nomor="SOP-X",
        judul="Asesmen",
        isi="Isi.",
        acuan="  ",
        catatan_perubahan="",
        actor=admin_lsp,
    )
    assert draft.acuan == ""
    with pytest.raises(RecordError, match="Acuan SOP wajib diisi"):
        submit(draft, ketua, admin_lsp)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.dokumen_id is None


def test_refusals_keep_the_draft_as_it_was(admin_lsp, manajer, ketua, asesor, today):
    """Bad input refused with an Indonesian message, nothing saved: a past date, an approver
    who is not a Ketua, a second open version, a change without a note, editing after
    submission, writing without the right."""
    draft = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    with pytest.raises(RecordError, match="tidak boleh sebelum hari ini"):
        submit(draft, ketua, admin_lsp, today - dt.timedelta(days=1))
    with pytest.raises(RecordError, match="Ketua LSP"):
        submit(draft, manajer, admin_lsp)
    with pytest.raises(RecordError, match="masih draf"):
        svc.sop_draft_start(jenis=J.BANDING, actor=manajer)
    with pytest.raises(RecordError, match="tidak berwenang"):
        svc.sop_draft_start(jenis=J.ASESMEN_JJ, actor=asesor)
    with pytest.raises(RecordError, match="Nomor dokumen wajib diisi"):
        svc.sop_draft_update(
            sop=draft, nomor=" ", judul="J", isi="I", acuan="A", catatan_perubahan="", actor=admin_lsp
        )
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.nomor == NOMOR[J.BANDING] and Dokumen.objects.count() == 0
    sop = approve(submit(draft, ketua, admin_lsp), ketua)
    v2 = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    with pytest.raises(RecordError, match="catatan perubahan"):
        submit(v2, ketua, admin_lsp)
    with pytest.raises(RecordError, match="Hanya draf"):
        svc.sop_draft_update(
            sop=sop, nomor="X", judul="J", isi="I", acuan="A", catatan_perubahan="", actor=admin_lsp
        )


def test_withdrawn_returns_to_draft_and_voids_the_unsigned_record(admin_lsp, ketua):
    """The Ketua returns a version for changes: the record waiting for him is voided (kept in
    the archive), the draft is editable again and a new submission makes a new record."""
    sop = submit(svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp), ketua, admin_lsp)
    first = sop.dokumen
    with pytest.raises(RecordError, match="Alasan wajib diisi"):
        svc.sop_withdraw(sop=sop, alasan="", actor=ketua)
    sop = svc.sop_withdraw(sop=sop, alasan="Perjelas langkah 3.", actor=ketua)
    first.refresh_from_db()
    assert sop.status == S.DRAFT and sop.dokumen_id is None and first.status == Dokumen.Status.VOID
    sop = submit(sop, ketua, admin_lsp)
    assert sop.dokumen_id != first.pk
    assert approve(sop, ketua).status == S.BERLAKU


def test_a_record_voided_from_the_archive_can_still_be_returned(admin_lsp, ketua):
    """The record waiting for the Ketua voided in the archive meanwhile: no approval offered,
    and the version can still be returned to draft and submitted again."""
    from administrasi.permissions import can_approve_sop
    from administrasi.services import dokumen_void

    sop = submit(svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp), ketua, admin_lsp)
    dokumen_void(dokumen=sop.dokumen, alasan="Salah terbit.", actor=admin_lsp)
    sop = Sop.objects.select_related("dokumen").get(pk=sop.pk)
    assert not can_approve_sop(ketua, sop)
    sop = svc.sop_withdraw(sop=sop, alasan="Terbitkan ulang.", actor=admin_lsp)
    assert sop.status == S.DRAFT
    assert approve(submit(sop, ketua, admin_lsp), ketua).status == S.BERLAKU


def test_only_the_named_ketua_approves(admin_lsp, ketua, db):
    """Another Ketua cannot sign the record waiting for the named one (the records engine's
    signers), nor is offered to approve it."""
    other = make_user("ketua.dua@uji.lsp.id", "ketua", name="Ketua Dua")
    sop = submit(svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp), ketua, admin_lsp)
    with pytest.raises(RecordError):
        sign_record(sop.dokumen, other)
    from administrasi.permissions import can_approve_sop, can_withdraw_sop  # noqa: I001

    assert can_approve_sop(ketua, sop) and not can_approve_sop(other, sop)
    assert can_withdraw_sop(ketua, sop)
    assert Sop.objects.get(pk=sop.pk).status == S.DIAJUKAN


def test_the_database_keeps_one_version_in_force_and_one_open(admin_lsp, ketua):
    """Rules as constraints: a second version in force, a second open version, or a version
    past draft without its record are refused by the database itself."""
    sop = in_force_version(J.BANDING, admin_lsp, ketua)
    with pytest.raises(IntegrityError), transaction.atomic():
        Sop.objects.create(
            jenis=J.BANDING,
            versi=9,
            status=S.BERLAKU,
            nomor="X",
            judul="X",
            isi="X",
            dokumen=None,
            dibuat_oleh=admin_lsp,
        )
    svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    with pytest.raises(IntegrityError), transaction.atomic():
        Sop.objects.create(jenis=J.BANDING, versi=10, nomor="X", judul="X", isi="X", dibuat_oleh=admin_lsp)
    with pytest.raises(IntegrityError), transaction.atomic():
        Sop.objects.filter(pk=sop.pk).update(acuan="")


def test_signed_after_its_date_it_is_in_force_from_the_signature(admin_lsp, ketua, today, client):
    """Submitted for today, signed three days later: in force from the signature (as the form
    says), and the public page gives that day, not the planned one."""
    sop = submit(svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp), ketua, admin_lsp)
    later = today + dt.timedelta(days=3)
    with time_machine.travel(
        dt.datetime.combine(later, dt.time(10, 0), tzinfo=timezone.get_current_timezone())
    ):
        sop = approve(sop, ketua)
        assert sop.status == S.BERLAKU and timezone.localdate(sop.berlaku_sejak) == later
        page = client.get("/sop-banding-pengaduan/").content.decode()
    berlaku = re.search(r"<dt>Berlaku sejak</dt><dd><time datetime=\"([0-9-]+)\"", page)
    assert berlaku and berlaku.group(1) == later.isoformat(), page[page.find("h-sop") :][:600]
