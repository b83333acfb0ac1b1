"""Issuing a record (version 1), correcting it (version n+1) and voiding it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from akun.audit import acting_as, record_change
from akun.models import User
from lsp_portal import schemes
from lsp_portal.schemes import Scheme
from lsp_portal.workflow import transition

from ..models import Dokumen, JenisDokumen, TandaTangan
from . import approval
from .common import RecordError, add_years, canonical_json, sha256_hex
from .numbering import number_take
from .signing import finalize


def record_skema(subject) -> Scheme | None:
    """The scheme a subject belongs to, if it says (`record_skema`, attribute or method), as a
    value (lsp_portal.schemes: the records engine imports no domain app)."""
    skema = getattr(subject, "record_skema", None)
    skema = skema() if callable(skema) else skema
    return Scheme.of(skema) if skema is not None else None


def _scheme_fields(skema: Scheme | None) -> dict:
    """The record's scheme columns: the scheme's id, code and title as values."""
    if skema is None:
        return {"skema_ref": None, "skema_kode": "", "skema_judul": ""}
    return {"skema_ref": skema.id, "skema_kode": skema.kode, "skema_judul": skema.judul}


def retention_years(*, jenis: JenisDokumen, subject, skema=None) -> int:
    """The kind's own period, else the subject's scheme validity; never less than the LSP's
    minimum (LSP_RETENTION_YEARS, SE-A3.Kb).

    The floor is applied here, where every retention date is computed, rather than by a
    database constraint: the minimum is a setting that may rise, and a kind saved under a
    lower one must not shorten what records issued now are kept for. The kind's form refuses
    a period below it as well."""
    if jenis.masa_simpan_tahun:
        return max(jenis.masa_simpan_tahun, settings.LSP_RETENTION_YEARS)
    years = getattr(subject, "record_retention_years", None)
    if callable(years):
        years = years()
    if not years and skema is not None:
        years = skema.masa_berlaku_tahun
    return max(int(years or 0), settings.LSP_RETENTION_YEARS)


@transaction.atomic
def dokumen_issue(
    *,
    kode: str,
    subject,
    judul: str,
    data: dict,
    signers: dict,
    actor: User,
    skema=None,
    keep_until=None,
) -> Dokumen:
    """Create version 1 of a record of kind `kode` about `subject`, numbered if the kind is,
    with one pending signature per party of the kind (`signers`: {pihak: user}). `skema`:
    the scheme it is about (an lsp_portal.schemes.Scheme, or a muk Skema, stored as values);
    by default the subject's `record_skema`, if it has one. `keep_until`: a date the record
    is retained at least until (a request about another record is kept as long as it).

    A kind without signers is final at once and its PDF is queued after commit.
    Raises RecordError for an unknown kind or missing/extra signers.
    """
    try:
        jenis = JenisDokumen.objects.get(kode=kode)
    except JenisDokumen.DoesNotExist:
        raise RecordError(f"Jenis dokumen {kode} tidak dikenal.") from None
    _check_signers(jenis, signers)
    skema = Scheme.of(skema) if skema is not None else record_skema(subject)
    now = timezone.now()
    dokumen = Dokumen(
        jenis=jenis,
        judul=judul,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=str(subject.pk),
        **_scheme_fields(skema),
        data=data,
        data_hash=sha256_hex(canonical_json(data)),
        diterbitkan_oleh=actor,
        diterbitkan_pada=now,
        retained_until=max(
            add_years(timezone.localdate(now), retention_years(jenis=jenis, subject=subject, skema=skema)),
            keep_until or timezone.localdate(now),
        ),
    )
    with acting_as(actor):
        if jenis.bernomor:
            dokumen.tahun_nomor, dokumen.urut, dokumen.nomor = number_take(
                jenis=jenis, when=timezone.localdate(now)
            )
        dokumen.save()
        _create_signature_rows(dokumen, jenis.penandatangan, signers)
        if not jenis.penandatangan:
            finalize(dokumen, actor=actor)
    return dokumen


def _check_signers(jenis, signers):
    wanted = [p["pihak"] for p in jenis.penandatangan]
    if set(signers) != set(wanted):
        missing = ", ".join(sorted(set(wanted) - set(signers))) or "-"
        extra = ", ".join(sorted(set(signers) - set(wanted))) or "-"
        raise RecordError(f"Penandatangan {jenis.kode} tidak sesuai. Kurang: {missing}; berlebih: {extra}.")


def _create_signature_rows(dokumen, parties, signers):
    """One pending signature per party, in order (`parties`: the kind's list, or the one
    the Ketua signs to approve a correction)."""
    rows = TandaTangan.objects.bulk_create(
        [
            TandaTangan(
                dokumen=dokumen,
                urutan=i,
                pihak=p["pihak"],
                label=p["label"],
                penandatangan=signers[p["pihak"]],
            )
            for i, p in enumerate(parties, start=1)
        ]
    )
    for row in rows:  # bulk_create sends no model signal: audited explicitly
        record_change(row)


@transaction.atomic
def dokumen_correct(*, dokumen: Dokumen, data: dict, alasan: str, actor: User) -> Dokumen:
    """Make version n+1 of a final record with corrected `data`, as a draft that the record's
    parties sign again; a record of a kind nobody signs gets the Ketua as its one signer
    (approval.py). Version n stays in force until version n+1 is final, and is then marked
    superseded by that last signature; both are kept. Nothing changes until then, so an
    administrator alone never supersedes a record.

    Raises RecordError for a record that is not final, no reason, a change already waiting
    for signatures, a void request's record, or no active Ketua where one must approve.
    """
    old = Dokumen.objects.select_for_update(of=("self",)).select_related("jenis").get(pk=dokumen.pk)
    if old.status != Dokumen.Status.FINAL:
        raise RecordError(
            f"Hanya dokumen final yang dapat dikoreksi; dokumen ini {old.get_status_display().lower()}."
        )
    if old.jenis.kode == approval.VOID_REQUEST:
        raise RecordError("Persetujuan pembatalan yang sudah ditandatangani tidak dapat dikoreksi.")
    if not alasan.strip():
        raise RecordError("Alasan koreksi wajib diisi.")
    approval.refuse_while_pending(old)
    if old.jenis.penandatangan:
        parties = [{"pihak": t.pihak, "label": t.label} for t in old.tanda_tangan.all()]
        signers = {t.pihak: t.penandatangan for t in old.tanda_tangan.all()}
    else:
        parties = [approval.KETUA_APPROVES_CORRECTION]
        signers = {approval.KETUA["pihak"]: approval.approving_ketua()}
    # A withdrawn (voided) correction keeps its version number: the next one follows it.
    latest = Dokumen.objects.filter(seri=old.seri).order_by("-versi").first()
    with acting_as(actor):
        new = Dokumen.objects.create(
            jenis=old.jenis,
            judul=old.judul,
            subject_type=old.subject_type,
            subject_id=old.subject_id,
            skema_ref=old.skema_ref,
            skema_kode=old.skema_kode,
            skema_judul=old.skema_judul,
            seri=old.seri,
            versi=latest.versi + 1,
            sebelumnya=latest,
            alasan_perubahan=alasan.strip(),
            nomor=old.nomor,
            tahun_nomor=old.tahun_nomor,
            urut=old.urut,
            data=data,
            data_hash=sha256_hex(canonical_json(data)),
            diterbitkan_oleh=actor,
            retained_until=max(
                old.retained_until,
                add_years(
                    timezone.localdate(),
                    retention_years(jenis=old.jenis, subject=old.subject, skema=schemes.get(old.skema_ref)),
                ),
            ),
        )
        _create_signature_rows(new, parties, signers)
    return new


@transaction.atomic
def dokumen_void(*, dokumen: Dokumen, alasan: str, actor: User) -> Dokumen:
    """Void a record (it stays in the archive, marked void, with its number).

    A draft (a correction or request not yet signed, or a record never signed) and a final
    record its own parties sign, other than the Ketua, are voided at once; the record itself
    is returned. A final record of a kind nobody signs or the Ketua signs (a dossier, a
    certificate, an SK) is voided only by the Ketua's signature: this files the request
    (a PERSETUJUAN-PEMBATALAN record the Ketua signs) and returns it; the record stays as it
    is until then.

    Raises RecordError for no reason, a record neither draft nor final, a change already
    waiting for signatures, or no active Ketua.
    """
    alasan = alasan.strip()
    if not alasan:
        raise RecordError("Alasan pembatalan wajib diisi.")
    target = Dokumen.objects.select_for_update(of=("self",)).select_related("jenis").get(pk=dokumen.pk)
    if target.status == Dokumen.Status.FINAL and target.jenis.kode == approval.VOID_REQUEST:
        raise RecordError("Persetujuan pembatalan yang sudah ditandatangani tidak dapat dibatalkan.")
    if target.status != Dokumen.Status.FINAL or not approval.change_needs_ketua(target.jenis):
        with acting_as(actor):
            return transition(target, Dokumen.Status.VOID, actor=actor, note=alasan)
    approval.refuse_while_pending(target)
    label = f"{target.jenis.kode} {target.nomor or f'#{target.pk}'} versi {target.versi}"
    return dokumen_issue(
        kode=approval.VOID_REQUEST,
        subject=target,
        judul=f"Persetujuan pembatalan {label}",
        data={
            "dokumen": label,
            "perihal": target.judul,
            "alasan": alasan,
            "diminta_oleh": f"{actor} ({actor.email})",
        },
        signers={approval.KETUA["pihak"]: approval.approving_ketua()},
        actor=actor,
        skema=schemes.get(target.skema_ref),
        keep_until=target.retained_until,
    )
