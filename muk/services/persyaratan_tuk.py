"""A scheme's technical requirements for a TUK (persyaratan teknis TUK): the equipment and
materials its MUK needs, which the TUK verification checklist lists line by line (FORMS.md
§6). Added, changed and removed by staff who manage schemes; every change audited with the
actor (django-auditlog, row by row).

Refusals are lsp_portal.errors.ServiceError keyed by field (Indonesian): an empty name, a
quantity below 1, a name the scheme already lists (in any case), an actor without
`manage_skema`. The database constraints stand behind the checks.
"""

from django.db import transaction
from django.db.models import Max

from akun.audit import acting_as
from akun.models import User
from lsp_portal.errors import ServiceError
from lsp_portal.service_helpers import check_fields, clean_model, save_fields, save_unique

from ..models import TUK_REQ_DUPLICATE_MESSAGE, PersyaratanTeknisTuk, Skema
from ..permissions import can_manage_skema

PERSYARATAN_TUK_FIELDS = ("nama", "jumlah", "spesifikasi")
NOT_ALLOWED = "Hanya pengelola skema yang dapat mengubah persyaratan teknis TUK."


def _require_manager(actor: User | None) -> None:
    if actor is None or not can_manage_skema(actor):
        raise ServiceError(NOT_ALLOWED, code="not_allowed")


def _validate(row: PersyaratanTeknisTuk) -> None:
    """The model's rules, one line per name in a scheme (in any case), spaces tidied."""
    row.nama = " ".join((row.nama or "").split())
    row.spesifikasi = (row.spesifikasi or "").strip()
    clean_model(
        row,
        exclude=["skema"],
        unique_ignoring_case={"nama": TUK_REQ_DUPLICATE_MESSAGE},
        within=["skema"],
    )


def _save(row: PersyaratanTeknisTuk) -> None:
    # A concurrent add of the same name loses on the constraint: the field's message, not a 500.
    save_unique(row, integrity_errors={"muk_persyaratan_tuk_nama": ("nama", TUK_REQ_DUPLICATE_MESSAGE)})


@transaction.atomic
def persyaratan_tuk_add(*, skema: Skema, actor: User | None, **fields) -> PersyaratanTeknisTuk:
    """Add one line (nama, jumlah, spesifikasi) at the end of the scheme's TUK requirements.
    Raises ServiceError: not a scheme manager, empty name, quantity below 1, a name already listed."""
    _require_manager(actor)
    check_fields(fields, PERSYARATAN_TUK_FIELDS, what="PersyaratanTeknisTuk")
    skema = Skema.objects.select_for_update().get(pk=skema.pk)  # one writer per scheme's list
    last = PersyaratanTeknisTuk.objects.filter(skema=skema).aggregate(m=Max("urutan"))["m"] or 0
    row = PersyaratanTeknisTuk(skema=skema, urutan=last + 1)
    with acting_as(actor):
        return save_fields(row, fields, PERSYARATAN_TUK_FIELDS, validate=_validate, save=_save)


@transaction.atomic
def persyaratan_tuk_update(
    *, persyaratan: PersyaratanTeknisTuk, actor: User | None, **fields
) -> PersyaratanTeknisTuk:
    """Change a line's name, quantity or specification; raises ServiceError as
    persyaratan_tuk_add. Its place in the list stays."""
    _require_manager(actor)
    check_fields(fields, PERSYARATAN_TUK_FIELDS, what="PersyaratanTeknisTuk")
    Skema.objects.select_for_update().get(pk=persyaratan.skema_id)
    row = PersyaratanTeknisTuk.objects.get(pk=persyaratan.pk)
    with acting_as(actor):
        return save_fields(row, fields, PERSYARATAN_TUK_FIELDS, validate=_validate, save=_save)


@transaction.atomic
def persyaratan_tuk_remove(*, persyaratan: PersyaratanTeknisTuk, actor: User | None) -> None:
    """Remove a line (the audit trail keeps what it was). A line already gone is not an error.
    Checklists already built keep their lines: they copied the values."""
    _require_manager(actor)
    current = PersyaratanTeknisTuk.objects.filter(pk=persyaratan.pk).first()
    if current is None:
        return
    with acting_as(actor):
        current.delete()  # row by row, so the audit trail records it
