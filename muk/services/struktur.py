"""A scheme's units, elements and KUK (SE-A4.6): the .xlsx import, the editor, and the rules
both keep. Every change is audited with the actor (django-auditlog, row by row).

- Completeness. A unit may be held before its elements and KUK are known (a published
  scheme may list units whose detail is in no public source yet). It is then not `lengkap`:
  shown as incomplete, and refused by name wherever an assessment would use it
  (skema_assessable, FR.MAPA and instruments, MUK submission and validation).
  unit_refresh_lengkap() recomputes the flag after every change made here.
- Lock. A MUK version under review or in force refers to the scheme's live unit and KUK
  rows (FR.MAPA, instruments, items), so a unit it plans keeps its title, elements and KUK:
  an edit that would change what that version was validated against is refused with the
  reason (selectors.unit_lock_refusal). Its group (kelompok) and its place in the scheme's
  order are presentation and may change.
- Deletion only where nothing uses it: a unit no MUK version (of any status) plans, a KUK
  no instrument item assesses.

Every write takes the scheme's row lock first, as muk_versi_submit/validate do, so that a
unit is not changed while a version that plans it is being submitted or validated.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError

from akun.audit import acting_as
from akun.models import User
from lsp_portal.errors import ServiceError
from lsp_portal.service_helpers import clean_model

from .. import importer
from ..models import KUK, Elemen, Skema, UnitKompetensi
from ..selectors import (
    describe_gap,
    incomplete_units,
    kuk_delete_refusal,
    unit_delete_refusal,
    unit_gaps,
    unit_label,
    unit_lock_refusal,
    unit_locks,
)

ARAH = {"naik": -1, "turun": 1}


def _lock_skema(skema_id: int) -> Skema:
    return Skema.objects.select_for_update().get(pk=skema_id)


UNIT_KODE_TAKEN = "Kode unit ini sudah ada di skema ini."
ELEMEN_JUDUL_REQUIRED = "Judul elemen wajib diisi."
KUK_TEKS_REQUIRED = "Kalimat kriteria unjuk kerja wajib diisi."


def _clean(obj, **unique) -> None:
    """The model's field checks (and `unique`: clean_model's unique_ignoring_case/within)
    as one ServiceError per field. The database constraints stand behind them; the scheme's
    row lock, taken first by every write here, keeps two editors from racing."""
    clean_model(obj, validate_unique=False, validate_constraints=False, **unique)


def _clean_unit(unit: UnitKompetensi) -> None:
    _clean(unit, unique_ignoring_case={"kode": UNIT_KODE_TAKEN}, within=["skema"])


def unit_refresh_lengkap(unit: UnitKompetensi) -> bool:
    """Store whether `unit` is complete now (selectors.describe_gap: an element at least, a
    KUK under every element); saves (audited) only when the flag changes. Returns it."""
    lengkap = not unit_gaps([unit.pk])[unit.pk]
    if unit.lengkap != lengkap:
        unit.lengkap = lengkap
        unit.save(update_fields=["lengkap", "updated_at"])
    return lengkap


def _refuse_if_locked(unit: UnitKompetensi) -> None:
    refusal = unit_lock_refusal(unit, unit_locks([unit.pk]).get(unit.pk))
    if refusal:
        raise ServiceError(refusal, code="unit_locked")


def _step(rows: list, row, arah: str, noun: str) -> int:
    """The index `row` moves to in `rows` (its siblings in order); ServiceError at an end."""
    if arah not in ARAH:
        raise ServiceError("Arah pemindahan tidak dikenal.")
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    target = index + ARAH[arah]
    if not 0 <= target < len(rows):
        where = "paling atas" if arah == "naik" else "paling bawah"
        raise ServiceError(f"{noun} ini sudah berada di urutan {where}.")
    return target


def _relock(row, skema_id: int, *related: str):
    """Take the scheme's row lock (as every write here does first), then read `row` again
    under it, with `related` joined."""
    _lock_skema(skema_id)
    rows = type(row).objects
    return (rows.select_related(*related) if related else rows).get(pk=row.pk)


def _required(value: str, field: str, message: str) -> str:
    """`value` stripped; ServiceError(`message`) on `field` when that leaves nothing."""
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    return value


def _next_place(rows, field: str) -> int:
    """The place after the last of `rows` (a queryset of siblings): 1 when there are none."""
    return (rows.aggregate(n=Max(field))["n"] or 0) + 1


def _refuse_if_kuk_used(kuk_ids) -> None:
    refusal = kuk_delete_refusal(kuk_ids)
    if refusal:
        raise ServiceError(refusal, code="kuk_used")


def _add(row, unit: UnitKompetensi, actor: User) -> None:
    """Save a new element or KUK of `unit` (audited) after its field checks; the unit's
    completeness follows."""
    _clean(row)
    with acting_as(actor):
        row.save()
        unit_refresh_lengkap(unit)


def _delete_closing_gap(row, later, field: str, renumber, *, unit: UnitKompetensi, actor: User) -> None:
    """Delete `row` (audited) and move each of `later` (the siblings after it, in order) up
    one place with `renumber(sibling, place)`; the unit's completeness follows."""
    with acting_as(actor):
        row.delete()
        for sibling in later:
            renumber(sibling, getattr(sibling, field) - 1)
        unit_refresh_lengkap(unit)


def _swap_with_neighbour(
    row, siblings: list, arah: str, noun: str, field: str, renumber, *, actor: User
) -> None:
    """Swap `row`'s place (`field`) with its neighbour's in `siblings` (in order) by `arah`,
    with `renumber(sibling, place)`. ServiceError at an end (_step)."""
    other = siblings[_step(siblings, row, arah, noun)]
    mine, theirs = getattr(row, field), getattr(other, field)
    spare = getattr(siblings[-1], field) + 1  # (parent, place) is unique: park `row` while `other` moves
    with acting_as(actor):
        renumber(row, spare)
        renumber(other, mine)
        renumber(row, theirs)


# --- the guard an assessment calls -------------------------------------------------------------


def skema_assessable(skema: Skema) -> Skema:
    """SE-A4.6: the scheme's units, as stored now, may be assessed. Returns the scheme.

    Raises ServiceError (code "skema_incomplete") when it has no unit, or naming every unit
    that lacks elements or KUK. Reads only; the certification journey calls it before an
    application or an assessment uses the scheme (and muk_require_validated for its MUK).
    """
    if not UnitKompetensi.objects.filter(skema_id=skema.pk).exists():
        raise ServiceError(
            f"Skema {skema.kode} belum memiliki unit kompetensi, sehingga belum dapat dipakai dalam asesmen.",
            code="skema_incomplete",
        )
    incomplete = incomplete_units(skema.pk)
    if incomplete:
        units = "; ".join(f"unit {unit_label(u)} ({gap})" for u, gap in incomplete)
        raise ServiceError(
            f"Skema {skema.kode} belum dapat dipakai dalam asesmen karena {len(incomplete)} unit "
            f"belum lengkap: {units}. Lengkapi elemen dan KUK-nya melalui impor atau penyunting unit.",
            code="skema_incomplete",
        )
    return skema


# --- units ---------------------------------------------------------------------------------


def _unit_values(kode: str, judul: str, kelompok: str) -> dict:
    return {
        "kode": (kode or "").strip().upper(),
        "judul": (judul or "").strip(),
        "kelompok": (kelompok or "").strip(),
    }


@transaction.atomic
def unit_create(*, skema: Skema, kode: str, judul: str, kelompok: str = "", actor: User) -> UnitKompetensi:
    """Add a unit to the end of the scheme, without elements yet (so not complete).

    Raises ServiceError per field: a malformed or already used code, an empty or long title.
    """
    skema = _lock_skema(skema.pk)
    urutan = _next_place(UnitKompetensi.objects.filter(skema=skema), "urutan")
    unit = UnitKompetensi(skema=skema, urutan=urutan, **_unit_values(kode, judul, kelompok))
    _clean_unit(unit)
    with acting_as(actor):
        unit.save()
    return unit


@transaction.atomic
def unit_update(
    *, unit: UnitKompetensi, kode: str, judul: str, kelompok: str = "", actor: User
) -> UnitKompetensi:
    """Change a unit's code, title and group. The code and title of a unit a MUK version
    under review or in force plans are fixed (ServiceError naming the version); its group
    may change. Raises ServiceError per field as unit_create. Idempotent."""
    unit = _relock(unit, unit.skema_id)
    values = _unit_values(kode, judul, kelompok)
    if (values["kode"], values["judul"]) != (unit.kode, unit.judul):
        _refuse_if_locked(unit)
    changed = [name for name, value in values.items() if getattr(unit, name) != value]
    if not changed:
        return unit
    for name in changed:
        setattr(unit, name, values[name])
    _clean_unit(unit)
    with acting_as(actor):
        unit.save(update_fields=[*changed, "updated_at"])
    return unit


@transaction.atomic
def unit_delete(*, unit: UnitKompetensi, actor: User) -> None:
    """Delete a unit with its elements and KUK (each row audited); the units after it move
    up one place. Raises ServiceError when any MUK version (of any status) plans or assesses
    it; nothing is deleted then. Not idempotent (a repeat raises DoesNotExist)."""
    skema = _lock_skema(unit.skema_id)
    unit = UnitKompetensi.objects.get(pk=unit.pk)
    refusal = unit_delete_refusal(unit) or kuk_delete_refusal(
        KUK.objects.filter(elemen__unit=unit).values_list("pk", flat=True)
    )
    if refusal:
        raise ServiceError(refusal, code="unit_used")
    with acting_as(actor):
        try:
            unit.delete()
        except (ProtectedError, RestrictedError):
            raise ServiceError(
                f"Unit {unit_label(unit)} sudah dipakai data lain sehingga tidak dapat dihapus."
            ) from None
        _renumber_units(skema)


def _renumber_units(skema: Skema, ordered: list | None = None) -> None:
    """Give the scheme's units the places 1, 2, 3… in `ordered` (default: their order)."""
    if ordered is None:
        ordered = list(UnitKompetensi.objects.filter(skema=skema).order_by("urutan", "kode"))
    for place, row in enumerate(ordered, start=1):
        if row.urutan != place:
            row.urutan = place
            row.save(update_fields=["urutan", "updated_at"])


@transaction.atomic
def unit_move(*, unit: UnitKompetensi, arah: str, actor: User) -> UnitKompetensi:
    """Move a unit one place up ("naik") or down ("turun") in the scheme's order. The order
    is presentation, so a unit a validated MUK plans may move too. ServiceError at an end."""
    skema = _lock_skema(unit.skema_id)
    units = list(UnitKompetensi.objects.filter(skema=skema).order_by("urutan", "kode"))
    target = _step(units, unit, arah, "Unit")
    index = next(i for i, u in enumerate(units) if u.pk == unit.pk)
    units.insert(target, units.pop(index))
    with acting_as(actor):
        _renumber_units(skema, units)
    return UnitKompetensi.objects.get(pk=unit.pk)


# --- elements ------------------------------------------------------------------------------


def _set_elemen_nomor(elemen: Elemen, nomor: int) -> None:
    """Renumber an element and the KUK under it (KUK 2.1 of element 2 become 3.1…)."""
    elemen.nomor = nomor
    elemen.save(update_fields=["nomor", "updated_at"])
    for kuk in KUK.objects.filter(elemen=elemen):
        wanted = f"{nomor}.{kuk.urutan}"
        if kuk.nomor != wanted:
            kuk.nomor = wanted
            kuk.save(update_fields=["nomor", "updated_at"])


@transaction.atomic
def elemen_create(*, unit: UnitKompetensi, judul: str, actor: User) -> Elemen:
    """Add an element (numbered last + 1) to a unit; the unit is incomplete until the element
    has a KUK. Raises ServiceError: empty title, or the unit is fixed by a MUK version."""
    unit = _relock(unit, unit.skema_id)
    judul = _required(judul, "judul", ELEMEN_JUDUL_REQUIRED)
    _refuse_if_locked(unit)
    elemen = Elemen(unit=unit, nomor=_next_place(unit.elemen, "nomor"), judul=judul)
    _add(elemen, unit, actor)
    return elemen


@transaction.atomic
def elemen_update(*, elemen: Elemen, judul: str, actor: User) -> Elemen:
    """Change an element's title. ServiceError as elemen_create. Idempotent."""
    elemen = _relock(elemen, elemen.unit.skema_id, "unit")
    judul = _required(judul, "judul", ELEMEN_JUDUL_REQUIRED)
    if judul == elemen.judul:
        return elemen
    _refuse_if_locked(elemen.unit)
    elemen.judul = judul
    _clean(elemen)
    with acting_as(actor):
        elemen.save(update_fields=["judul", "updated_at"])
    return elemen


@transaction.atomic
def elemen_delete(*, elemen: Elemen, actor: User) -> None:
    """Delete an element with its KUK (each row audited); the elements after it are
    renumbered (and their KUK). Raises ServiceError when the unit is fixed by a MUK version
    or an instrument item assesses one of its KUK; nothing is deleted then."""
    elemen = _relock(elemen, elemen.unit.skema_id, "unit")
    _refuse_if_locked(elemen.unit)
    _refuse_if_kuk_used(elemen.kuk.values_list("pk", flat=True))
    later = elemen.unit.elemen.filter(nomor__gt=elemen.nomor).order_by("nomor")
    _delete_closing_gap(elemen, later, "nomor", _set_elemen_nomor, unit=elemen.unit, actor=actor)


@transaction.atomic
def elemen_move(*, elemen: Elemen, arah: str, actor: User) -> Elemen:
    """Swap an element's number with the one above ("naik") or below ("turun"), with their
    KUK numbers. ServiceError at an end or when the unit is fixed by a MUK version."""
    elemen = _relock(elemen, elemen.unit.skema_id, "unit")
    _refuse_if_locked(elemen.unit)
    siblings = list(Elemen.objects.filter(unit_id=elemen.unit_id).order_by("nomor"))
    _swap_with_neighbour(elemen, siblings, arah, "Elemen", "nomor", _set_elemen_nomor, actor=actor)
    return elemen


# --- KUK -----------------------------------------------------------------------------------


def _set_kuk_urutan(kuk: KUK, urutan: int) -> None:
    kuk.urutan = urutan
    kuk.nomor = f"{kuk.elemen.nomor}.{urutan}"
    kuk.save(update_fields=["urutan", "nomor", "updated_at"])


@transaction.atomic
def kuk_create(*, elemen: Elemen, teks: str, actor: User) -> KUK:
    """Add a KUK (numbered <element>.<last + 1>) under an element. Raises ServiceError:
    empty text, or the unit is fixed by a MUK version."""
    elemen = _relock(elemen, elemen.unit.skema_id, "unit")
    teks = _required(teks, "teks", KUK_TEKS_REQUIRED)
    _refuse_if_locked(elemen.unit)
    urutan = _next_place(elemen.kuk, "urutan")
    kuk = KUK(elemen=elemen, nomor=f"{elemen.nomor}.{urutan}", urutan=urutan, teks=teks)
    _add(kuk, elemen.unit, actor)
    return kuk


@transaction.atomic
def kuk_update(*, kuk: KUK, teks: str, actor: User) -> KUK:
    """Change a KUK's text. ServiceError as kuk_create. Idempotent."""
    kuk = _relock(kuk, kuk.elemen.unit.skema_id, "elemen__unit")
    teks = _required(teks, "teks", KUK_TEKS_REQUIRED)
    if teks == kuk.teks:
        return kuk
    _refuse_if_locked(kuk.elemen.unit)
    kuk.teks = teks
    with acting_as(actor):
        kuk.save(update_fields=["teks", "updated_at"])
    return kuk


@transaction.atomic
def kuk_delete(*, kuk: KUK, actor: User) -> None:
    """Delete a KUK (audited); the KUK after it under its element are renumbered. Raises
    ServiceError when the unit is fixed by a MUK version or an instrument item assesses it."""
    kuk = _relock(kuk, kuk.elemen.unit.skema_id, "elemen__unit")
    _refuse_if_locked(kuk.elemen.unit)
    _refuse_if_kuk_used([kuk.pk])
    # Through the element's manager, so each later KUK knows its element without a query.
    later = kuk.elemen.kuk.filter(urutan__gt=kuk.urutan).order_by("urutan")
    _delete_closing_gap(kuk, later, "urutan", _set_kuk_urutan, unit=kuk.elemen.unit, actor=actor)


@transaction.atomic
def kuk_move(*, kuk: KUK, arah: str, actor: User) -> KUK:
    """Swap a KUK's number with the one above ("naik") or below ("turun") under its
    element. ServiceError at an end or when the unit is fixed by a MUK version."""
    kuk = _relock(kuk, kuk.elemen.unit.skema_id, "elemen__unit")
    _refuse_if_locked(kuk.elemen.unit)
    siblings = list(kuk.elemen.kuk.order_by("urutan", "nomor"))
    _swap_with_neighbour(kuk, siblings, arah, "KUK", "urutan", _set_kuk_urutan, actor=actor)
    return kuk


# --- import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StructureSummary:
    """The scheme's structure after an import: totals, rows changed, incomplete units."""

    units: int
    elemen: int
    kuk: int
    perubahan: int = 0  # rows created, changed or deleted
    belum_lengkap: tuple[str, ...] = ()  # "kode judul" of each incomplete unit


def _content(unit: UnitKompetensi) -> tuple:
    """A unit's title, elements and KUK as comparable values (from prefetched rows)."""
    return (
        unit.judul,
        tuple(
            (e.nomor, e.judul, tuple((k.nomor, k.teks) for k in sorted(e.kuk.all(), key=lambda k: k.urutan)))
            for e in sorted(unit.elemen.all(), key=lambda e: e.nomor)
        ),
    )


def _data_content(data: importer.UnitData) -> tuple:
    return (
        data.judul,
        tuple((e.nomor, e.judul, tuple((k.nomor, k.teks) for k in e.kuk)) for e in data.sorted_elemen()),
    )


def _import_problems(existing: dict, units: list[importer.UnitData]) -> list[str]:
    """What the import would change that it may not: a fixed unit's content, a unit, element
    or KUK still used by a MUK version removed. Empty when the import may proceed."""
    wanted = {data.kode: data for data in units}
    locks = unit_locks(u.pk for u in existing.values())
    problems = []
    for kode, unit in existing.items():
        data = wanted.get(kode)
        if data is None:
            refusal = unit_delete_refusal(unit) or kuk_delete_refusal(
                [k.pk for e in unit.elemen.all() for k in e.kuk.all()]
            )
            if refusal:
                problems.append(f"Unit {kode} tidak ada di berkas, tetapi tidak dapat dihapus: {refusal}")
            continue
        if _content(unit) != _data_content(data):
            if unit.pk in locks:
                problems.append(
                    f"Isi unit {kode} di berkas berbeda dengan yang tersimpan. "
                    + unit_lock_refusal(unit, locks[unit.pk])
                )
                continue
            kept = {(e.nomor, k.nomor) for e in data.elemen.values() for k in e.kuk}
            dropped = [k.pk for e in unit.elemen.all() for k in e.kuk.all() if (e.nomor, k.nomor) not in kept]
            refusal = kuk_delete_refusal(dropped) if dropped else ""
            if refusal:
                problems.append(f"Unit {kode}: KUK yang tidak ada di berkas tidak dapat dihapus. {refusal}")
    return problems


def _apply_unit(unit: UnitKompetensi, data: importer.UnitData) -> int:
    """Make one existing unit's elements and KUK those of `data`; returns rows changed."""
    changed = 0
    elements = {e.nomor: e for e in unit.elemen.all()}
    for nomor, element_data in sorted(data.elemen.items()):
        elemen = elements.pop(nomor, None)
        if elemen is None:
            elemen = Elemen.objects.create(unit=unit, nomor=nomor, judul=element_data.judul)
            changed += 1
            existing_kuk = {}
        else:
            existing_kuk = {k.nomor: k for k in elemen.kuk.all()}
            if elemen.judul != element_data.judul:
                elemen.judul = element_data.judul
                elemen.save(update_fields=["judul", "updated_at"])
                changed += 1
        for kuk_data in element_data.kuk:
            kuk = existing_kuk.pop(kuk_data.nomor, None)
            if kuk is None:
                KUK.objects.create(
                    elemen=elemen, nomor=kuk_data.nomor, urutan=kuk_data.urutan, teks=kuk_data.teks
                )
                changed += 1
            elif kuk.teks != kuk_data.teks:
                kuk.teks = kuk_data.teks
                kuk.save(update_fields=["teks", "updated_at"])
                changed += 1
        for kuk in existing_kuk.values():
            kuk.delete()
            changed += 1
    for elemen in elements.values():
        changed += 1 + len(elemen.kuk.all())
        elemen.delete()
    return changed


@transaction.atomic
def skema_replace_structure(
    *, skema: Skema, units: list[importer.UnitData], actor: User | None
) -> StructureSummary:
    """Make the scheme's units, elements and KUK exactly `units` (validated by
    importer.build_structure), in one transaction: all or nothing.

    Rows are matched by unit code, element number and KUK number: equal rows are kept (their
    ids too, so MUK versions that plan them stay valid), different ones changed, new ones
    created, missing ones deleted; units take the file's order. A unit listed without
    elements (or with an element without KUK) is held but incomplete, and completes when a
    later import brings its detail. Idempotent: the same file twice changes nothing.

    Raises importer.ImportRefused (every problem, nothing changed) when the import would
    change the content of a unit a MUK version under review or in force plans, or delete a
    unit, element or KUK a MUK version still uses.
    """
    skema = _lock_skema(skema.pk)
    existing = {
        u.kode: u
        for u in UnitKompetensi.objects.filter(skema=skema).prefetch_related("elemen__kuk").order_by("urutan")
    }
    problems = _import_problems(existing, units)
    if problems:
        raise importer.ImportRefused(problems)
    changed = 0
    wanted = {data.kode for data in units}
    with acting_as(actor):
        try:
            # Row by row (not bulk) so the audit trail records every row deleted and created.
            for kode, unit in existing.items():
                if kode not in wanted:
                    changed += 1 + sum(1 + len(e.kuk.all()) for e in unit.elemen.all())
                    unit.delete()
        except (ProtectedError, RestrictedError):
            raise importer.ImportRefused(
                ["Unit, elemen, atau KUK skema ini sudah dipakai data lain; struktur tidak dapat diganti."]
            ) from None
        for urutan, data in enumerate(units, start=1):
            unit = existing.get(data.kode)
            if unit is None:
                bare = [e.nomor for e in data.sorted_elemen() if not e.kuk]
                unit = UnitKompetensi.objects.create(
                    skema=skema,
                    urutan=urutan,
                    kode=data.kode,
                    judul=data.judul,
                    kelompok=data.kelompok,
                    lengkap=not describe_gap(len(data.elemen), bare),  # as it is about to be
                )
                changed += 1
            else:
                fields = {"urutan": urutan, "judul": data.judul, "kelompok": data.kelompok}
                dirty = [name for name, value in fields.items() if getattr(unit, name) != value]
                for name in dirty:
                    setattr(unit, name, fields[name])
                if dirty:
                    unit.save(update_fields=[*dirty, "updated_at"])
                    changed += 1
            changed += _apply_unit(unit, data)
            unit_refresh_lengkap(unit)
    return StructureSummary(
        units=len(units),
        elemen=sum(len(d.elemen) for d in units),
        kuk=sum(len(e.kuk) for d in units for e in d.elemen.values()),
        perubahan=changed,
        belum_lengkap=tuple(unit_label(u) for u, _ in incomplete_units(skema.pk)),
    )


def skema_import_structure(*, skema: Skema, upload, actor: User | None) -> StructureSummary:
    """Import an .xlsx KUK sheet into `skema` (SE-A4.6): its units become those of the
    sheet, as skema_replace_structure says.

    Raises importer.ImportRefused with every problem ("Baris N: ...", or a unit a MUK
    version fixes or uses) and then changes nothing: the file is checked completely before
    the one transaction that writes.
    """
    units = importer.read_structure(upload)
    return skema_replace_structure(skema=skema, units=units, actor=actor)
