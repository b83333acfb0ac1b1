"""Every write to the TUK register (SE-A4.3), audited with the actor.

Validation raises lsp_portal.errors.ServiceError (a ValidationError) with Indonesian messages
keyed by field, so a view can hand it straight to its form (`show_error`). Status moves go
through lsp_portal.workflow (TransitionError for a move the table does not allow).
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from akun.audit import acting_as
from akun.models import Role, User
from akun.permissions import has_role
from lsp_portal.service_helpers import check_fields, clean_model, save_fields
from lsp_portal.workflow import transition

from .models import (
    DATE_FUTURE_MESSAGE,
    DATE_REQUIRED_MESSAGE,
    FASILITAS_DUPLICATE_MESSAGE,
    KODE_TAKEN_MESSAGE,
    SK_PENETAPAN_KIND,
    Fasilitas,
    Tuk,
    TukSkema,
)

TUK_FIELDS = set(Tuk.EDITABLE_FIELDS)
# What a Pengelola TUK may change on their own TUK (with its facilities).
KESIAPAN_FIELDS = set(Tuk.KESIAPAN_FIELDS)
FASILITAS_FIELDS = {"nama", "jumlah", "kondisi", "keterangan"}


def normalize_phone(value: str) -> str:
    """'(021) 555-1234' → '0215551234': people write numbers with spaces and dashes."""
    return re.sub(r"[\s\-().]", "", value or "")


def _validate(tuk: Tuk) -> None:
    """Every field rule of the model, plus: codes differing only in case are the same
    code, and the linked account must hold the Pengelola TUK role. Raises one
    ServiceError with every field's errors."""
    tuk.kode = (tuk.kode or "").strip()
    tuk.penanggung_jawab_telepon = normalize_phone(tuk.penanggung_jawab_telepon)
    errors = {}
    pengelola = User.objects.filter(pk=tuk.pengelola_id).first() if tuk.pengelola_id else None
    if pengelola and not (pengelola.is_active and has_role(pengelola, Role.Code.PENGELOLA_TUK)):
        errors["pengelola"] = "Akun ini tidak aktif atau tidak berperan Pengelola TUK."
    clean_model(tuk, errors=errors, unique_ignoring_case={"kode": KODE_TAKEN_MESSAGE})


@transaction.atomic
def tuk_create(*, actor: User | None, **fields) -> Tuk:
    """Register a TUK (status Draf) from `fields` (Tuk's editable fields).

    Raises ValidationError (per field, Indonesian): duplicate code (any case), latitude
    outside -90..90, longitude outside -180..180, only one of the two, negative bandwidth,
    a phone that is not Indonesian, an account without the Pengelola TUK role.
    """
    with acting_as(actor):
        return save_fields(Tuk(), fields, TUK_FIELDS, validate=_validate)


@transaction.atomic
def tuk_update(*, tuk: Tuk, actor: User | None, **fields) -> Tuk:
    """Change the given fields of `tuk` (not its status); raises ValidationError as
    tuk_create. Idempotent: the same values twice change nothing the second time."""
    tuk = Tuk.objects.select_for_update().get(pk=tuk.pk)
    with acting_as(actor):
        return save_fields(tuk, fields, TUK_FIELDS, validate=_validate)


def tuk_update_kesiapan(*, tuk: Tuk, actor: User | None, **fields) -> Tuk:
    """Change the remote-readiness fields only (bandwidth, camera, room, notes): what a
    Pengelola TUK may change on their own TUK. Raises ValidationError (negative bandwidth)."""
    check_fields(fields, KESIAPAN_FIELDS, what="TUK readiness")
    return tuk_update(tuk=tuk, actor=actor, **fields)


# --- status ----------------------------------------------------------------------------


@transaction.atomic
def tuk_set_status(
    *,
    tuk: Tuk,
    status: str,
    berlaku_sampai: dt.date | None = None,
    note: str = "",
    actor: User | None,
) -> Tuk:
    """Move `tuk` to `status`, recording who, when and why (lsp_portal.workflow).

    Terverifikasi needs `berlaku_sampai` after today (ValidationError otherwise); verifying
    a verified or expired TUK again renews its date (Pedoman 206: before each use, or
    periodically). Draf clears the date; Kedaluwarsa (withdrawn early) keeps it. Raises
    TransitionError for a move the table does not allow. Not idempotent: each call is one
    history row.
    """
    today = timezone.localdate()
    if status == Tuk.Status.TERVERIFIKASI:
        if berlaku_sampai is None:
            raise ValidationError({"berlaku_sampai": DATE_REQUIRED_MESSAGE})
        if berlaku_sampai <= today:
            raise ValidationError({"berlaku_sampai": DATE_FUTURE_MESSAGE})
    note = (note or "").strip()
    if status == Tuk.Status.TERVERIFIKASI:
        until = f"Berlaku sampai {berlaku_sampai:%d-%m-%Y}."
        note = f"{until} {note}".strip()
    with acting_as(actor):
        if status == Tuk.Status.TERVERIFIKASI:
            # The date first: a verified row without one breaks tuk_verified_has_date. A
            # refused move below rolls it back with the rest of this transaction.
            locked = Tuk.objects.select_for_update().get(pk=tuk.pk)
            locked.berlaku_sampai = berlaku_sampai
            locked.save(update_fields=["berlaku_sampai", "updated_at"])
        tuk = transition(tuk, status, actor=actor, note=note)
        if status == Tuk.Status.DRAFT:
            tuk.berlaku_sampai = None
            tuk.save(update_fields=["berlaku_sampai", "updated_at"])
    return tuk


@transaction.atomic
def tuk_set_sk_penetapan(*, tuk: Tuk, dokumen, actor: User | None) -> Tuk:
    """Link `tuk` to its SK penetapan record (administrasi.Dokumen of kind
    SK-PENETAPAN-TUK), or unlink it with `dokumen=None`; for the TUK verification app.
    Raises ValidationError for a record of another kind. Idempotent."""
    if dokumen is not None and dokumen.jenis.kode != SK_PENETAPAN_KIND:
        raise ValidationError({"sk_penetapan": "Dokumen ini bukan SK Penetapan TUK."})
    tuk = Tuk.objects.select_for_update().get(pk=tuk.pk)
    if tuk.sk_penetapan_id == (dokumen.pk if dokumen else None):
        return tuk
    tuk.sk_penetapan = dokumen
    with acting_as(actor):
        tuk.save(update_fields=["sk_penetapan", "updated_at"])
    return tuk


@transaction.atomic
def penetapan_apply(
    *,
    tuk: Tuk,
    skema_ids,
    berlaku_sampai: dt.date,
    sk_nomor: str,
    sk=None,
    actor: User | None,
) -> Tuk:
    """An SK penetapan TUK takes effect (for the TUK verification app, the only caller): the
    TUK may host each scheme of `skema_ids` until `berlaku_sampai` (a scheme listed before
    gets the new date and SK), and the TUK is verified until the latest date of its schemes,
    its SK penetapan being `sk` (the record issued in the system; None for an SK issued
    outside it, named by `sk_nomor`). Raises ValidationError for a date not after today."""
    ids = sorted({int(i) for i in skema_ids})
    if not ids:
        raise ValidationError({"skema": "SK penetapan harus mencantumkan paling sedikit satu skema."})
    tuk = Tuk.objects.select_for_update().get(pk=tuk.pk)
    with acting_as(actor):
        for skema_id in ids:
            TukSkema.objects.update_or_create(
                tuk=tuk,
                skema_id=skema_id,
                defaults={"berlaku_sampai": berlaku_sampai, "sk": sk, "sk_nomor": sk_nomor},
            )
        latest = max(TukSkema.objects.filter(tuk=tuk).values_list("berlaku_sampai", flat=True))
        tuk = tuk_set_status(
            tuk=tuk,
            status=Tuk.Status.TERVERIFIKASI,
            berlaku_sampai=latest,
            note=f"SK {sk_nomor}.",
            actor=actor,
        )
        if sk is not None:
            tuk = tuk_set_sk_penetapan(tuk=tuk, dokumen=sk, actor=actor)
    return tuk


# --- facilities and equipment ------------------------------------------------------------


def _validate_fasilitas(fasilitas: Fasilitas) -> None:
    """The model's field rules, and one line per name in a TUK (in any case)."""
    fasilitas.nama = " ".join((fasilitas.nama or "").split())
    clean_model(
        fasilitas,
        exclude=["tuk"],
        validate_constraints=False,
        unique_ignoring_case={"nama": FASILITAS_DUPLICATE_MESSAGE},
        within=["tuk"],
    )


@transaction.atomic
def fasilitas_add(*, tuk: Tuk, actor: User | None, **fields) -> Fasilitas:
    """Add one line (name, quantity, condition, note) to the TUK's facilities.
    Raises ValidationError: empty name, quantity below 1, a name already listed."""
    check_fields(fields, FASILITAS_FIELDS, what="Fasilitas")
    Tuk.objects.select_for_update().get(pk=tuk.pk)  # one writer per TUK's list
    with acting_as(actor):
        return save_fields(Fasilitas(tuk=tuk), fields, FASILITAS_FIELDS, validate=_validate_fasilitas)


@transaction.atomic
def fasilitas_update(*, fasilitas: Fasilitas, actor: User | None, **fields) -> Fasilitas:
    """Change a facility line; raises ValidationError as fasilitas_add."""
    Tuk.objects.select_for_update().get(pk=fasilitas.tuk_id)
    fasilitas = Fasilitas.objects.get(pk=fasilitas.pk)
    with acting_as(actor):
        return save_fields(fasilitas, fields, FASILITAS_FIELDS, validate=_validate_fasilitas)


@transaction.atomic
def fasilitas_remove(*, fasilitas: Fasilitas, actor: User | None) -> None:
    """Remove a facility line (the audit trail keeps what it was). A line already gone
    is not an error."""
    current = Fasilitas.objects.filter(pk=fasilitas.pk).first()
    if current is None:
        return
    with acting_as(actor):
        current.delete()  # row by row, so the audit trail records it
