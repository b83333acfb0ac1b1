"""MUK versions (SE-A4.6): create (copying the version in force), submit for review, return
to draft, validate with a signed FR.VA record, and the guard sertifikasi uses before an
assessment: only a validated version is usable.

Status moves go through lsp_portal.workflow (history kept); a validated version is never
edited: "Buat versi baru" copies it into version n+1, which replaces n once validated.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone

from administrasi import services as records
from akun.audit import acting_as
from akun.models import User
from lsp_portal.errors import ServiceError
from lsp_portal.workflow import transition

from ..models import PRINSIP, Instrumen, Mapa01, Mapa02, MukVersi, Skema, UnitKompetensi
from ..permissions import can_validate_muk
from ..selectors import completeness_problems, versi_blocks, versi_delete_refusal

log = logging.getLogger(__name__)
S = MukVersi.Status


class MukLocked(ServiceError):
    """A change to a version that is not a draft (under review, validated or superseded)."""


def lock_draft(versi: MukVersi) -> MukVersi:
    """The version, row-locked until the caller's transaction ends; MukLocked unless draft."""
    locked = MukVersi.objects.select_for_update(of=("self",)).select_related("skema").get(pk=versi.pk)
    refusal = locked.edit_refusal()
    if refusal:
        raise MukLocked(refusal)
    return locked


# --- creating a version ----------------------------------------------------------------------

_SKIP = {"id", "created_at", "updated_at"}


def _clone(obj, **overrides):
    """A new row with `obj`'s own values (ids of its foreign keys kept) and `overrides`."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in _SKIP}
    values.update(overrides)
    return type(obj).objects.create(**values)


def _copy_content(base: MukVersi, versi: MukVersi) -> None:
    """Copy base's MAPA.01 (with methods), MAPA.02 and instruments (with items and options)
    into `versi`. Row by row, so the audit trail records every row created."""
    for mapa in Mapa01.objects.filter(versi=base).prefetch_related("metode"):
        copy = _clone(mapa, versi_id=versi.pk)
        for metode in mapa.metode.all():
            _clone(metode, mapa01_id=copy.pk)
    for row in Mapa02.objects.filter(versi=base):
        _clone(row, versi_id=versi.pk)
    for instrumen in Instrumen.objects.filter(versi=base).prefetch_related("butir__opsi"):
        copy = _clone(instrumen, versi_id=versi.pk)
        for butir in instrumen.butir.all():
            butir_copy = _clone(butir, instrumen_id=copy.pk)
            for opsi in butir.opsi.all():
                _clone(opsi, butir_id=butir_copy.pk)


@transaction.atomic
def muk_versi_create(*, skema: Skema, actor: User) -> MukVersi:
    """Start version n+1 of the scheme's MUK as a draft drafted by `actor`: a copy of the
    version in force (MAPA.01/02, instruments, items, options), or empty when none is.

    Raises ValidationError when the scheme already has a version in the making (draft or
    under review): at most one per scheme. Not idempotent: each call makes a version.
    """
    skema = Skema.objects.select_for_update().get(pk=skema.pk)
    open_version = MukVersi.objects.filter(skema=skema, status__in=MukVersi.OPEN).first()
    if open_version is not None:
        raise ValidationError(
            f"Skema ini sudah memiliki MUK versi {open_version.nomor} berstatus "
            f"{open_version.get_status_display().lower()}. Selesaikan versi itu terlebih dahulu; "
            "hanya boleh ada satu versi draf per skema."
        )
    base = MukVersi.objects.filter(skema=skema, status=S.TERVALIDASI).first()
    nomor = (MukVersi.objects.filter(skema=skema).aggregate(n=Max("nomor"))["n"] or 0) + 1
    with acting_as(actor):
        versi = MukVersi.objects.create(skema=skema, nomor=nomor, sebelumnya=base, disusun_oleh=actor)
        if base is not None:
            _copy_content(base, versi)
    return versi


@transaction.atomic
def muk_versi_delete(*, versi: MukVersi, actor: User) -> None:
    """Delete a draft that never left its drafter ("Hapus draf"), with its MAPA.01 (and
    methods), MAPA.02, instruments, items and options, in one transaction; every row deleted
    is in the audit trail under `actor`. The version in force (if any) is not touched, and
    the units' KUK are free again for a new import of the scheme's structure.

    Raises ValidationError (Indonesian) when the version is not a draft, was ever submitted
    (its status history is the review's evidence, even after a return to draft), has an
    FR.VA record, or is still referenced by other data; nothing is deleted then.
    Not idempotent: the version no longer exists afterwards (a repeat raises DoesNotExist).
    """
    versi = MukVersi.objects.select_for_update(of=("self",)).get(pk=versi.pk)
    refusal = versi_delete_refusal(versi)
    if refusal:
        raise ValidationError(refusal)
    try:
        with acting_as(actor):
            # Every model has audit receivers, so the collector deletes (and logs) row by row;
            # a protected reference is found before anything is deleted.
            versi.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            f"MUK versi {versi.nomor} sudah dipakai data lain sehingga tidak dapat dihapus."
        ) from None


# --- review ----------------------------------------------------------------------------------


@transaction.atomic
def muk_versi_submit(*, versi: MukVersi, actor: User) -> MukVersi:
    """Submit a draft for validation (draft → diajukan).

    Raises MukLocked when it is not a draft, and ValidationError listing every unit of the
    scheme that is incomplete (elements, KUK) or lacks FR.MAPA.01, FR.MAPA.02 or instruments
    (or has an empty instrument); nothing changes then. Holds the scheme's row lock, so that
    its units do not change while the version is submitted (services.struktur takes it too).
    """
    Skema.objects.select_for_update().get(pk=versi.skema_id)
    versi = lock_draft(versi)
    problems = completeness_problems(versi)
    if problems:
        raise ValidationError(problems)
    with acting_as(actor):
        versi.diajukan_oleh = actor
        versi.catatan_reviu = ""
        versi.save(update_fields=["diajukan_oleh", "catatan_reviu", "updated_at"])
        return transition(versi, S.DIAJUKAN, actor=actor, note="diajukan untuk validasi")


@transaction.atomic
def muk_versi_return(*, versi: MukVersi, catatan: str, actor: User) -> MukVersi:
    """A validator returns a version under review to draft with notes for the drafter.

    Raises ValidationError without the right, without notes, or when it is not under review.
    """
    versi = MukVersi.objects.select_for_update(of=("self",)).get(pk=versi.pk)
    catatan = (catatan or "").strip()
    if not can_validate_muk(actor):
        raise ValidationError("Anda tidak memiliki hak memvalidasi MUK.")
    if versi.status != S.DIAJUKAN:
        raise ValidationError(
            f"MUK versi {versi.nomor} berstatus {versi.get_status_display().lower()}; "
            "hanya versi yang diajukan yang dapat dikembalikan ke draf."
        )
    if not catatan:
        raise ValidationError({"catatan": "Tuliskan catatan perbaikan untuk penyusun."})
    with acting_as(actor):
        versi.catatan_reviu = catatan
        versi.save(update_fields=["catatan_reviu", "updated_at"])
        return transition(versi, S.DRAFT, actor=actor, note=catatan)


HASIL = {"ya": "Memenuhi", "tidak": "Belum memenuhi"}


def versi_content(versi: MukVersi) -> dict:
    """The version's whole content (MAPA.01/02, instruments, items, keys) as plain data, in
    a fixed order: what FR.VA's `isi_sha256` fingerprints."""
    units = []
    for block in versi_blocks(versi, items=True):
        mapa = block.mapa01
        units.append(
            {
                "unit": block.unit.kode,
                "mapa01": None
                if mapa is None
                else {
                    "pendekatan": mapa.pendekatan,
                    "tujuan": mapa.tujuan,
                    "lingkungan": mapa.lingkungan,
                    "konteks": mapa.konteks,
                    "potensi_asesi": mapa.potensi_asesi,
                    "kandidat": mapa.kandidat,
                    "bukti": mapa.bukti,
                    "tolok_ukur": mapa.tolok_ukur,
                    "metode": [[m.metode, m.jenis_bukti] for m in mapa.metode.all()],
                },
                "mapa02": [[jenis, potensi] for jenis, _, potensi in block.mapa02 for potensi in potensi],
                "instrumen": [
                    {
                        "jenis": i.jenis,
                        "judul": i.judul,
                        "petunjuk": i.petunjuk,
                        "butir": [
                            {
                                "teks": b.teks,
                                "kuk": b.kuk.nomor if b.kuk_id else None,
                                "jawaban": b.jawaban,
                                "waktu_menit": b.waktu_menit,
                                "opsi": [[o.huruf, o.teks, o.benar] for o in b.opsi.all()],
                            }
                            for b in i.butir.all()
                        ],
                    }
                    for i in block.instrumen
                ],
            }
        )
    return {"skema": versi.skema.kode, "versi": versi.nomor, "unit": units}


def fr_va_data(*, versi: MukVersi, temuan: dict, validator: User) -> dict:
    """The FR.VA snapshot: what was validated (a summary and the content's fingerprint),
    the four principles with notes, findings and recommendation."""
    blocks = versi_blocks(versi)
    return {
        "skema": f"{versi.skema.kode} {versi.skema.judul}",
        "versi_materi_uji": versi.nomor,
        "penyusun": str(versi.disusun_oleh),
        "validator": str(validator),
        "tanggal_validasi": timezone.localdate().strftime("%d-%m-%Y"),
        "waktu_validasi": "Sebelum asesmen",
        "tujuan": "Memastikan perangkat asesmen (FR.MAPA.01/02 dan FR.IA) layak digunakan.",
        "ringkasan": [
            {
                "unit": f"{b.unit.kode} {b.unit.judul}",
                "metode": ", ".join(m.get_metode_display() for m in b.mapa01.metode.all())
                if b.mapa01
                else "",
                "instrumen": ", ".join(f"{i.jenis} ({i.jumlah_butir} butir)" for i in b.instrumen),
            }
            for b in blocks
        ],
        "prinsip_asesmen": [
            {
                "prinsip": label,
                "hasil": HASIL[temuan[key]],
                "catatan": temuan.get(f"{key}_catatan", ""),
            }
            for key, label in PRINSIP
        ],
        "temuan": temuan["temuan"],
        "rekomendasi": temuan["rekomendasi"],
        "isi_sha256": records.sha256_hex(records.canonical_json(versi_content(versi))),
    }


def _check_temuan(temuan: dict) -> None:
    errors = {}
    for key, label in PRINSIP:
        if temuan.get(key) not in HASIL:
            errors[key] = f"Pilih hasil untuk prinsip {label}."
    for key in ("temuan", "rekomendasi"):
        if not (temuan.get(key) or "").strip():
            errors[key] = f"{key.capitalize()} wajib diisi."
    if errors:
        raise ValidationError(errors)
    unmet = [label for key, label in PRINSIP if temuan[key] != "ya"]
    if unmet:
        raise ValidationError(
            f"Prinsip {', '.join(unmet)} belum terpenuhi: MUK tidak dapat divalidasi. "
            "Kembalikan ke draf dengan catatan perbaikan."
        )


@transaction.atomic
def muk_versi_validate(
    *,
    versi: MukVersi,
    validator: User,
    temuan: dict,
    secret: str,
    consent: bool,
    ip=None,
    user_agent: str = "",
    gambar: str = "",
) -> MukVersi:
    """Validate a version under review: issue FR.VA (subject: the version) with the
    validator's findings, have the validator sign it (password or TOTP, consent), and mark
    the version tervalidasi, all in one transaction; the version it replaces becomes diganti.

    `temuan`: {"valid"|"reliabel"|"fleksibel"|"adil": "ya"/"tidak", "<prinsip>_catatan": str,
    "temuan": str, "rekomendasi": str}. Raises ValidationError when the version is not under
    review, the validator lacks akun.validate_muk or drafted/submitted it, a principle is
    not met, or a unit of the scheme is incomplete or unplanned (a unit added or emptied since
    submission); administrasi.services.RecordError for a wrong password or no consent.
    Nothing changes on any error (no FR.VA record is left behind).
    """
    Skema.objects.select_for_update().get(pk=versi.skema_id)
    versi = (
        MukVersi.objects.select_for_update(of=("self",))
        .select_related("skema", "disusun_oleh")
        .get(pk=versi.pk)
    )
    if versi.status != S.DIAJUKAN:
        raise ValidationError(
            f"MUK versi {versi.nomor} berstatus {versi.get_status_display().lower()}; "
            "hanya versi yang diajukan yang dapat divalidasi."
        )
    if not can_validate_muk(validator):
        raise ValidationError("Anda tidak memiliki hak memvalidasi MUK.")
    if validator.pk in (versi.disusun_oleh_id, versi.diajukan_oleh_id):
        raise ValidationError(
            "Penyusun atau pengaju MUK tidak boleh memvalidasi versinya sendiri; "
            "validasi dilakukan oleh validator lain (komite teknis atau ketua)."
        )
    problems = completeness_problems(versi)
    if problems:
        changed = f"MUK versi {versi.nomor} tidak dapat divalidasi: skemanya berubah sejak diajukan."
        raise ServiceError([changed, *problems])
    _check_temuan(temuan)
    dokumen = records.dokumen_issue(
        kode="FR.VA",
        subject=versi,
        judul=f"Validasi MUK {versi.skema.kode} versi {versi.nomor}",
        data=fr_va_data(versi=versi, temuan=temuan, validator=validator),
        signers={"validator": validator},
        actor=validator,
    )
    records.dokumen_sign(
        dokumen=dokumen,
        signer=validator,
        secret=secret,
        consent=consent,
        ip=ip,
        user_agent=user_agent,
        gambar=gambar,
    )
    with acting_as(validator):
        for old in MukVersi.objects.select_for_update(of=("self",)).filter(
            skema_id=versi.skema_id, status=S.TERVALIDASI
        ):
            transition(old, S.DIGANTI, actor=validator, note=f"diganti MUK versi {versi.nomor}")
        versi.divalidasi_oleh = validator
        versi.divalidasi_pada = timezone.now()
        versi.dokumen_va = dokumen
        versi.save(update_fields=["divalidasi_oleh", "divalidasi_pada", "dokumen_va", "updated_at"])
        return transition(versi, S.TERVALIDASI, actor=validator, note=f"FR.VA ditandatangani ({dokumen})")


# --- use in an assessment ----------------------------------------------------------------------


def muk_require_validated(versi: MukVersi | None) -> MukVersi:
    """SE-A4.6: an assessment may only use a validated MUK. Returns `versi` when its current
    status (read from the database) is tervalidasi and it plans every unit its scheme has
    now; raises ValidationError (code "muk_not_validated") with an Indonesian message when
    it is not validated or `versi` is None, ServiceError (code "muk_not_covering") naming
    the units it does not plan. The scheme's own units: services.skema_assessable()."""
    if versi is None:
        raise ValidationError(
            "Skema ini belum memiliki MUK tervalidasi; asesmen belum dapat menggunakan MUK.",
            code="muk_not_validated",
        )
    current = MukVersi.objects.select_related("skema").filter(pk=versi.pk).first()
    reason = current.unusable_reason() if current is not None else "MUK tidak ditemukan."
    if reason:
        raise ValidationError(reason, code="muk_not_validated")
    # A unit added to the scheme after validation has no plan or instrument in this version:
    # the scheme's new content is assessed only through a new version that covers it.
    unplanned = UnitKompetensi.objects.filter(skema_id=current.skema_id).exclude(
        pk__in=Mapa01.objects.filter(versi=current).values("unit_id")
    )
    if unplanned:
        units = ", ".join(f"{u.kode} {u.judul}" for u in unplanned.order_by("urutan", "kode"))
        raise ServiceError(
            f"MUK {current.skema.kode} versi {current.nomor} belum mencakup unit {units}, yang "
            "ditambahkan ke skema setelah MUK ini divalidasi. Buat MUK versi baru yang mencakup unit "
            "itu dan validasi sebelum dipakai dalam asesmen.",
            code="muk_not_covering",
        )
    return versi
