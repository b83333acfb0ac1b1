"""A draft MUK version's content (SE-A4.6): FR.MAPA.01 and FR.MAPA.02 per unit, and the
FR.IA instrument bank (instruments and their items). Every write locks the version and
refuses (MukLocked) unless it is a draft: a validated version is never edited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from akun.audit import acting_as
from akun.models import User
from lsp_portal.errors import ServiceError
from lsp_portal.service_helpers import clean_model

from ..models import (
    BUTIR_SPEC,
    MAX_WAKTU_MENIT,
    ButirInstrumen,
    Instrumen,
    JenisBukti,
    JenisIA,
    Mapa01,
    Mapa01Metode,
    Mapa02,
    Metode,
    MukVersi,
    OpsiJawaban,
    PotensiAsesi,
    UnitKompetensi,
    validate_butir,
)
from ..selectors import unit_gaps
from .versi import lock_draft

MAPA01_FIELDS = [
    "pendekatan",
    "tujuan",
    "lingkungan",
    "konteks",
    "potensi_asesi",
    "kandidat",
    "bukti",
    "tolok_ukur",
]


def _unit_of(versi: MukVersi, unit: UnitKompetensi) -> UnitKompetensi:
    """`unit`, when it is a unit of the version's scheme and complete: FR.MAPA and
    instruments plan how a unit's KUK are assessed, so a unit without them has none yet."""
    if unit.skema_id != versi.skema_id:
        raise ServiceError(f"Unit {unit.kode} bukan bagian dari skema {versi.skema.kode}.")
    gap = unit_gaps([unit.pk])[unit.pk]
    if gap:
        raise ServiceError(
            f"Unit {unit.kode} {unit.judul} belum lengkap ({gap}). FR.MAPA dan instrumen hanya dapat "
            "disusun untuk unit yang elemen dan KUK-nya lengkap; lengkapi unit itu di halaman skema dahulu.",
            code="unit_incomplete",
        )
    return unit


# --- FR.MAPA.01 / FR.MAPA.02 ------------------------------------------------------------------


@transaction.atomic
def mapa01_save(*, versi: MukVersi, unit: UnitKompetensi, data: dict, metode: dict, actor: User) -> Mapa01:
    """Set FR.MAPA.01 of `unit` in a draft version: `data` (MAPA01_FIELDS) and `metode`
    ({metode: jenis bukti}, at least one). Creates the row or changes it; method rows are
    kept, changed, added or removed so the audit trail shows what changed. Idempotent.

    Raises MukLocked (not a draft) or ValidationError per field in Indonesian.
    """
    versi = lock_draft(versi)
    _unit_of(versi, unit)
    errors = {}
    if not metode:
        errors["metode"] = "Pilih sekurang-kurangnya satu metode asesmen beserta jenis buktinya."
    for key, bukti in metode.items():
        if key not in Metode.values or bukti not in JenisBukti.values:
            errors["metode"] = f"Metode {key} atau jenis bukti {bukti} tidak dikenal."
    mapa = Mapa01.objects.filter(versi=versi, unit=unit).first() or Mapa01(versi=versi, unit=unit)
    for name in MAPA01_FIELDS:
        value = data.get(name, "")
        setattr(mapa, name, value.strip() if isinstance(value, str) else value)
    clean_model(mapa, exclude=["versi", "unit"], errors=errors, validate_unique=False)
    with acting_as(actor):
        mapa.save()
        existing = {row.metode: row for row in mapa.metode.all()}
        for key in Metode.values:  # the form's order
            row = existing.pop(key, None)
            if key not in metode:
                if row is not None:
                    row.delete()
            elif row is None:
                Mapa01Metode.objects.create(mapa01=mapa, metode=key, jenis_bukti=metode[key])
            elif row.jenis_bukti != metode[key]:
                row.jenis_bukti = metode[key]
                row.save(update_fields=["jenis_bukti"])
    return mapa


@transaction.atomic
def mapa02_save(*, versi: MukVersi, unit: UnitKompetensi, cells: set, actor: User) -> list[Mapa02]:
    """Set FR.MAPA.02 of `unit` in a draft version to exactly `cells` ({(jenis IA, potensi)},
    at least one). Unchanged rows are kept. Idempotent. Raises MukLocked or ValidationError.
    """
    versi = lock_draft(versi)
    _unit_of(versi, unit)
    if not cells:
        raise ValidationError("Pilih sekurang-kurangnya satu instrumen untuk satu potensi asesi.")
    for jenis, potensi in cells:
        if jenis not in JenisIA.values or potensi not in PotensiAsesi.values:
            raise ValidationError(f"Instrumen {jenis} atau potensi asesi {potensi} tidak dikenal.")
    with acting_as(actor):
        for row in Mapa02.objects.filter(versi=versi, unit=unit):
            if (row.jenis, row.potensi) in cells:
                cells = cells - {(row.jenis, row.potensi)}
            else:
                row.delete()
        for jenis, potensi in sorted(cells):
            Mapa02.objects.create(versi=versi, unit=unit, jenis=jenis, potensi=potensi)
    return list(Mapa02.objects.filter(versi=versi, unit=unit))


# --- instruments -----------------------------------------------------------------------------


INSTRUMEN_HAS_ITEMS = "Jenis instrumen tidak dapat diubah karena sudah memiliki butir. Hapus butirnya dahulu."


def _check_instrumen(jenis: str, judul: str) -> str:
    errors = {}
    judul = (judul or "").strip()
    if jenis not in JenisIA.values:
        errors["jenis"] = "Pilih jenis instrumen FR.IA.01–FR.IA.11."
    if not judul:
        errors["judul"] = "Judul instrumen wajib diisi."
    elif len(judul) > 200:
        errors["judul"] = "Judul instrumen paling panjang 200 karakter."
    if errors:
        raise ValidationError(errors)
    return judul


TIMED = (JenisIA.IA05, JenisIA.IA06)  # written tests: the server keeps their clock


def _check_waktu(jenis: str, waktu_menit) -> int | None:
    """The time of a written test (FR.IA.05/06), 1..MAX_WAKTU_MENIT minutes; None for other kinds."""
    if jenis not in TIMED or waktu_menit in (None, ""):
        return None
    if not 1 <= int(waktu_menit) <= MAX_WAKTU_MENIT:
        raise ValidationError({"waktu_menit": f"Waktu pengerjaan 1–{MAX_WAKTU_MENIT} menit."})
    return int(waktu_menit)


@transaction.atomic
def instrumen_create(
    *,
    versi: MukVersi,
    unit: UnitKompetensi,
    jenis: str,
    judul: str,
    petunjuk: str = "",
    waktu_menit: int | None = None,
    actor: User,
) -> Instrumen:
    """Add an instrument of kind `jenis` for `unit` to a draft version (placed last);
    `waktu_menit`: the time of a written test (FR.IA.05/06), ignored for other kinds."""
    versi = lock_draft(versi)
    _unit_of(versi, unit)
    judul = _check_instrumen(jenis, judul)
    waktu_menit = _check_waktu(jenis, waktu_menit)
    last = Instrumen.objects.filter(versi=versi, unit=unit).aggregate(n=Max("urutan"))["n"] or 0
    with acting_as(actor):
        return Instrumen.objects.create(
            versi=versi,
            unit=unit,
            jenis=jenis,
            judul=judul,
            petunjuk=(petunjuk or "").strip(),
            waktu_menit=waktu_menit,
            urutan=last + 1,
        )


@transaction.atomic
def instrumen_update(
    *,
    instrumen: Instrumen,
    jenis: str,
    judul: str,
    petunjuk: str = "",
    waktu_menit: int | None = None,
    actor: User,
) -> Instrumen:
    """Change an instrument of a draft version. Its kind may change only while it has no
    items (an item's fields depend on the kind): ValidationError otherwise."""
    lock_draft(instrumen.versi)
    instrumen = Instrumen.objects.get(pk=instrumen.pk)
    judul = _check_instrumen(jenis, judul)
    waktu_menit = _check_waktu(jenis, waktu_menit)
    if jenis != instrumen.jenis and instrumen.butir.exists():
        raise ValidationError({"jenis": INSTRUMEN_HAS_ITEMS})
    instrumen.jenis, instrumen.judul, instrumen.petunjuk = jenis, judul, (petunjuk or "").strip()
    instrumen.waktu_menit = waktu_menit
    with acting_as(actor):
        instrumen.save()
    return instrumen


@transaction.atomic
def instrumen_delete(*, instrumen: Instrumen, actor: User) -> None:
    """Remove an instrument with its items from a draft version (each row audited)."""
    lock_draft(instrumen.versi)
    with acting_as(actor):
        Instrumen.objects.get(pk=instrumen.pk).delete()


# --- items -----------------------------------------------------------------------------------


def _clean_butir(instrumen: Instrumen, **fields) -> dict:
    return validate_butir(
        jenis=instrumen.jenis,
        unit=instrumen.unit,
        teks=fields.get("teks", ""),
        kuk=fields.get("kuk"),
        jawaban=fields.get("jawaban", ""),
        waktu_menit=fields.get("waktu_menit"),
        opsi=fields.get("opsi") or [],
    )


def _save_opsi(butir: ButirInstrumen, opsi: list) -> None:
    """Make the item's options exactly `opsi`; clear the old key first so that at no time
    two options are keys (a database constraint)."""
    wanted = {huruf: (teks, benar) for huruf, teks, benar in opsi}
    existing = {o.huruf: o for o in butir.opsi.all()}
    for huruf, row in existing.items():
        if huruf not in wanted:
            row.delete()
        elif row.benar and not wanted[huruf][1]:
            row.benar = False
            row.save(update_fields=["benar"])
    for huruf, (teks, benar) in wanted.items():
        row = existing.get(huruf)
        if row is None:
            OpsiJawaban.objects.create(butir=butir, huruf=huruf, teks=teks, benar=benar)
        elif (row.teks, row.benar) != (teks, benar):
            row.teks, row.benar = teks, benar
            row.save(update_fields=["teks", "benar"])


@transaction.atomic
def butir_create(*, instrumen: Instrumen, actor: User, **fields) -> ButirInstrumen:
    """Add an item to an instrument of a draft version (placed last).

    `fields`: teks, kuk, jawaban, waktu_menit, opsi ([(huruf, teks, benar)], IA.05). What is
    required depends on the kind (models.BUTIR_SPEC): e.g. an IA.01 item needs a KUK of the
    unit, an IA.05 item at least two options and exactly one key. Raises MukLocked or
    ValidationError per field (Indonesian); nothing is saved then.
    """
    lock_draft(instrumen.versi)
    instrumen = Instrumen.objects.select_related("unit").get(pk=instrumen.pk)
    clean = _clean_butir(instrumen, **fields)
    last = instrumen.butir.aggregate(n=Max("urutan"))["n"] or 0
    opsi = clean.pop("opsi")
    with acting_as(actor):
        butir = ButirInstrumen.objects.create(instrumen=instrumen, urutan=last + 1, **clean)
        _save_opsi(butir, opsi)
    return butir


@transaction.atomic
def butir_update(*, butir: ButirInstrumen, actor: User, **fields) -> ButirInstrumen:
    """Change an item of a draft version; rules and errors as butir_create."""
    lock_draft(butir.instrumen.versi)
    butir = ButirInstrumen.objects.select_related("instrumen__unit").get(pk=butir.pk)
    clean = _clean_butir(butir.instrumen, **fields)
    opsi = clean.pop("opsi")
    for name, value in clean.items():
        setattr(butir, name, value)
    with acting_as(actor):
        butir.save()
        _save_opsi(butir, opsi if BUTIR_SPEC[butir.instrumen.jenis].opsi else [])
    return butir


@transaction.atomic
def butir_delete(*, butir: ButirInstrumen, actor: User) -> None:
    """Remove an item (and its options) from a draft version."""
    lock_draft(butir.instrumen.versi)
    with acting_as(actor):
        ButirInstrumen.objects.get(pk=butir.pk).delete()
