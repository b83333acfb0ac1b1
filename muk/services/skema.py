"""Every write to schemes and their basic requirements (SE-A4.1, SE-A4.6), audited with the
actor. Units, elements and KUK: services.struktur.

Validation raises lsp_portal.errors.ServiceError (a ValidationError) with Indonesian messages
keyed by field, so a view can hand it straight to its form (`show_error`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from akun.audit import acting_as
from akun.models import User
from lsp_portal.service_helpers import clean_model, save_fields

from ..models import KODE_TAKEN_MESSAGE, PersyaratanDasar, Skema

SKEMA_FIELDS = set(Skema.EDITABLE_FIELDS)


def _validate(skema: Skema) -> None:
    """Every field rule of the model, plus: codes differing only in case are the same code
    to people reading a certificate. Raises one ServiceError with every field's errors."""
    skema.kode = (skema.kode or "").strip()
    clean_model(skema, unique_ignoring_case={"kode": KODE_TAKEN_MESSAGE})


@transaction.atomic
def skema_create(*, actor: User | None, **fields) -> Skema:
    """Create a scheme from `fields` (Skema's editable fields).

    Raises ValidationError (per field, Indonesian): duplicate code, fee below zero,
    validity outside 1–10 years, remote approval without the BNSP letter number and date.
    """
    with acting_as(actor):
        return save_fields(Skema(), fields, SKEMA_FIELDS, validate=_validate)


@transaction.atomic
def skema_update(*, skema: Skema, actor: User | None, **fields) -> Skema:
    """Change the given fields of `skema`; raises ValidationError as skema_create.

    Records already issued keep their `retained_until`: a shorter validity applies only to
    records issued from now on (SE-A3.Kb).
    """
    skema = Skema.objects.select_for_update().get(pk=skema.pk)
    with acting_as(actor):
        return save_fields(skema, fields, SKEMA_FIELDS, validate=_validate)


def skema_set_remote_approval(
    *,
    skema: Skema,
    disetujui: bool,
    nomor_surat: str = "",
    tanggal_surat: dt.date | None = None,
    nirkertas: bool | None = None,
    actor: User | None,
) -> Skema:
    """Record (or withdraw) BNSP's approval to certify `skema` remotely (SE-B3), for the
    executive app. An approval needs the letter's number and date (ValidationError)."""
    fields = {
        "jarak_jauh_disetujui": disetujui,
        "nomor_surat_bnsp": nomor_surat,
        "tanggal_surat_bnsp": tanggal_surat,
    }
    if nirkertas is not None:
        fields["nirkertas_disetujui"] = nirkertas
    return skema_update(skema=skema, actor=actor, **fields)


# --- basic requirements -------------------------------------------------------------------

JENIS_ORDER = list(PersyaratanDasar.Jenis.values)


@transaction.atomic
def persyaratan_replace(*, skema: Skema, items: list[tuple[str, str]], actor: User | None) -> list:
    """Make the scheme's basic requirements exactly `items` ((jenis, teks), in order).

    Unchanged rows are kept (only their order may change), removed ones deleted, new ones
    created, so the audit trail shows what really changed. Idempotent: the same list twice
    changes nothing the second time. Raises ValidationError for an unknown jenis or empty text.
    """
    skema = Skema.objects.select_for_update().get(pk=skema.pk)
    wanted = []
    for jenis, teks in items:
        teks = (teks or "").strip()
        if jenis not in JENIS_ORDER:
            raise ValidationError(f"Jenis persyaratan tidak dikenal: {jenis}.")
        if not teks:
            raise ValidationError("Teks persyaratan tidak boleh kosong.")
        wanted.append((jenis, teks))
    existing = {}
    for row in PersyaratanDasar.objects.filter(skema=skema).order_by("urutan", "pk"):
        existing.setdefault((row.jenis, row.teks), []).append(row)
    kept = []
    with acting_as(actor):
        for urutan, (jenis, teks) in enumerate(wanted, start=1):
            rows = existing.get((jenis, teks))
            if rows:
                row = rows.pop(0)
                if row.urutan != urutan:
                    row.urutan = urutan
                    row.save(update_fields=["urutan", "updated_at"])
            else:
                row = PersyaratanDasar.objects.create(skema=skema, jenis=jenis, teks=teks, urutan=urutan)
            kept.append(row)
        for rows in existing.values():
            for row in rows:
                row.delete()
    return kept
