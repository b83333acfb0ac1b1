"""Shared reads of schemes and MUK versions: a constant number of queries whatever the size."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch

from administrasi.models import Dokumen
from lsp_portal.schemes import Scheme, TukRequirement
from lsp_portal.workflow import status_history

from .models import (
    KUK,
    ButirInstrumen,
    Elemen,
    Instrumen,
    JenisIA,
    Mapa01,
    Mapa01Metode,
    Mapa02,
    MukVersi,
    OpsiJawaban,
    PersyaratanDasar,
    PersyaratanTeknisTuk,
    Skema,
    UnitKompetensi,
)
from .permissions import visible_skema, visible_versi


def skema_list(*, user):
    """Schemes `user` may see, with their unit and KUK counts (one query)."""
    return (
        visible_skema(user)
        .annotate(
            jumlah_unit=Count("units", distinct=True),
            jumlah_kuk=Count("units__elemen__kuk", distinct=True),
        )
        .order_by("kode")
    )


def skema_with_structure(*, user):
    """Schemes `user` may see, prefetched down to KUK and requirements (five queries)."""
    return visible_skema(user).prefetch_related(
        Prefetch(
            "units",
            queryset=UnitKompetensi.objects.order_by("urutan", "kode").prefetch_related(
                Prefetch(
                    "elemen",
                    queryset=Elemen.objects.order_by("nomor").prefetch_related(
                        Prefetch("kuk", queryset=KUK.objects.order_by("urutan", "nomor"))
                    ),
                )
            ),
        ),
        Prefetch("persyaratan", queryset=PersyaratanDasar.objects.order_by("urutan", "pk")),
    )


# --- units: completeness, locks and use by MUK versions -------------------------------------------


def describe_gap(jumlah_elemen: int, tanpa_kuk: list[int]) -> str:
    """What keeps a unit from being complete ("" when nothing): the one rule behind
    UnitKompetensi.lengkap, skema_assessable() and the MUK pages. A unit needs at least one
    element, and every element at least one KUK."""
    if not jumlah_elemen:
        return "belum memiliki elemen dan KUK"
    if tanpa_kuk:
        return f"elemen {', '.join(str(n) for n in tanpa_kuk)} belum memiliki KUK"
    return ""


def unit_gaps(unit_ids) -> dict[int, str]:
    """{unit id: what it lacks} for every given unit, read from the elements and KUK as
    stored now ("" for a complete unit). One query."""
    unit_ids = list(unit_ids)
    counts: dict[int, int] = dict.fromkeys(unit_ids, 0)
    bare: dict[int, list[int]] = {pk: [] for pk in unit_ids}
    for unit_id, nomor, jumlah_kuk in (
        Elemen.objects.filter(unit_id__in=unit_ids)
        .annotate(jumlah_kuk=Count("kuk"))
        .order_by("unit_id", "nomor")
        .values_list("unit_id", "nomor", "jumlah_kuk")
    ):
        counts[unit_id] += 1
        if not jumlah_kuk:
            bare[unit_id].append(nomor)
    return {pk: describe_gap(counts[pk], bare[pk]) for pk in unit_ids}


def incomplete_units(skema_id) -> list[tuple[UnitKompetensi, str]]:
    """(unit, what it lacks) for each incomplete unit of the scheme, in order (two queries)."""
    units = list(UnitKompetensi.objects.filter(skema_id=skema_id).order_by("urutan", "kode"))
    gaps = unit_gaps(u.pk for u in units)
    return [(u, gaps[u.pk]) for u in units if gaps[u.pk]]


def unit_label(unit) -> str:
    return f"{unit.kode} {unit.judul}"


def versi_label(versi) -> str:
    """ "MUK versi 2 (draf)", as messages about a unit's use name a version."""
    return f"MUK versi {versi.nomor} ({versi.get_status_display().lower()})"


# A version under review or in force fixes the units it plans and assesses (SE-A4.6).
LOCKING = (MukVersi.Status.DIAJUKAN, MukVersi.Status.TERVALIDASI)


def _unit_versions(unit_ids, statuses=None) -> dict[int, list]:
    """{unit id: [versions with FR.MAPA.01, FR.MAPA.02 or an instrument for it]}, newest
    first, optionally only those in `statuses`. Four queries."""
    unit_ids = list(unit_ids)
    pairs = set()
    for model in (Mapa01, Mapa02, Instrumen):
        rows = model.objects.filter(unit_id__in=unit_ids)
        if statuses is not None:
            rows = rows.filter(versi__status__in=statuses)
        pairs |= set(rows.values_list("unit_id", "versi_id").distinct())
    versions = MukVersi.objects.in_bulk({versi_id for _, versi_id in pairs})
    found: dict[int, list] = {}
    for unit_id, versi_id in sorted(pairs, key=lambda p: -versions[p[1]].nomor):
        found.setdefault(unit_id, []).append(versions[versi_id])
    return found


def unit_locks(unit_ids) -> dict[int, MukVersi]:
    """{unit id: the version under review or in force that plans it} for the locked units
    among those given: their title, elements and KUK are what that version was (or is being)
    validated against, so they are not changed in place (services.struktur)."""
    return {pk: versions[0] for pk, versions in _unit_versions(unit_ids, LOCKING).items()}


def unit_lock_refusal(unit, versi) -> str:
    """The Indonesian reason a locked unit's content cannot change ("" when `versi` is None)."""
    if versi is None:
        return ""
    name = f"Unit {unit_label(unit)}"
    if versi.status == MukVersi.Status.DIAJUKAN:
        return (
            f"{name} dipakai MUK versi {versi.nomor} yang sedang diajukan untuk validasi, sehingga "
            "judul, elemen, dan KUK-nya tidak dapat diubah sampai validator mengembalikan versi itu ke draf."
        )
    return (
        f"{name} dipakai MUK versi {versi.nomor} yang sudah tervalidasi dan berlaku, sehingga judul, "
        "elemen, dan KUK-nya tidak dapat diubah: MUK yang dipakai dalam asesmen harus tetap sama dengan "
        "yang divalidasi. Yang dipakai MUK tervalidasi hanya berubah melalui versi MUK baru: isi unit "
        "yang berbeda (misalnya revisi SKKNI) dimasukkan sebagai unit baru dengan kodenya sendiri, lalu "
        "dipakai setelah MUK versi baru yang mencakupnya divalidasi."
    )


def unit_delete_refusal(unit) -> str:
    """Why `unit` may not be deleted ("" when it may): a unit some MUK version plans or
    assesses (any status: a superseded version is the record of past assessments) stays."""
    versions = _unit_versions([unit.pk]).get(unit.pk)
    if not versions:
        return ""
    return (
        f"Unit {unit_label(unit)} sudah dipakai {', '.join(versi_label(v) for v in versions)} "
        "(FR.MAPA atau instrumen), sehingga tidak dapat dihapus."
    )


def kuk_delete_refusal(kuk_ids) -> str:
    """Why the given KUK may not be deleted ("" when they may): an instrument item of some
    MUK version assesses one of them. One query."""
    used: dict = {}
    for nomor, versi_nomor, status in (
        ButirInstrumen.objects.filter(kuk_id__in=list(kuk_ids))
        .order_by("kuk__elemen__nomor", "kuk__urutan", "-instrumen__versi__nomor")
        .values_list("kuk__nomor", "instrumen__versi__nomor", "instrumen__versi__status")
    ):
        label = f"MUK versi {versi_nomor} ({MukVersi.Status(status).label.lower()})"
        used.setdefault(nomor, [])
        if label not in used[nomor]:
            used[nomor].append(label)
    if not used:
        return ""
    parts = [f"KUK {nomor} dinilai butir instrumen di {', '.join(labels)}" for nomor, labels in used.items()]
    return (
        f"{'; '.join(parts)}. KUK yang dipakai instrumen tidak dapat dihapus; "
        "ubah atau hapus butirnya dahulu."
    )


def unit_editor_rows(skema):
    """The scheme's units for the structure editor, in order, each with its element and KUK
    counts, .gap (what it lacks) and .lock (the version fixing it, or None). Six queries."""
    units = list(
        UnitKompetensi.objects.filter(skema=skema)
        .annotate(
            jumlah_elemen=Count("elemen", distinct=True),
            jumlah_kuk=Count("elemen__kuk", distinct=True),
        )
        .order_by("urutan", "kode")
    )
    ids = [u.pk for u in units]
    gaps = unit_gaps(ids)
    locks = unit_locks(ids)
    for unit in units:
        unit.gap = gaps[unit.pk]
        unit.lock = locks.get(unit.pk)
    return units


def unit_with_structure(skema, unit_pk):
    """One unit of `skema` with its elements and their KUK prefetched, or None (three queries)."""
    return (
        UnitKompetensi.objects.filter(skema=skema, pk=unit_pk)
        .prefetch_related(
            Prefetch(
                "elemen",
                queryset=Elemen.objects.order_by("nomor").prefetch_related(
                    Prefetch("kuk", queryset=KUK.objects.order_by("urutan", "nomor"))
                ),
            )
        )
        .first()
    )


def persyaratan_by_jenis(skema) -> list[tuple[str, str, list]]:
    """(jenis, label, rows) for each kind of requirement, in the form's order, from the
    prefetched rows (no query)."""
    rows = list(skema.persyaratan.all())
    return [
        (value, label, [r for r in rows if r.jenis == value])
        for value, label in PersyaratanDasar.Jenis.choices
    ]


# --- MUK versions ------------------------------------------------------------------------------


def muk_usable(skema):
    """SE-A4.6: the MUK version an assessment of `skema` uses: the latest validated one, or
    None when the scheme has none (drafts and superseded versions are never usable)."""
    return (
        MukVersi.objects.filter(skema=skema, status=MukVersi.Status.TERVALIDASI)
        .select_related("skema", "divalidasi_oleh")
        .order_by("-nomor")
        .first()
    )


def versi_list(*, skema, user):
    """The versions of `skema` that `user` may open, newest first, with their instrument and
    item counts (one query)."""
    return (
        visible_versi(user)
        .filter(skema=skema)
        .select_related("disusun_oleh", "divalidasi_oleh")
        .annotate(
            jumlah_instrumen=Count("instrumen", distinct=True),
            jumlah_butir=Count("instrumen__butir", distinct=True),
        )
        .order_by("-nomor")
    )


def versi_for(user):
    """Versions `user` may open, with what their pages show about them (for a detail fetch)."""
    return visible_versi(user).select_related(
        "skema", "disusun_oleh", "diajukan_oleh", "divalidasi_oleh", "dokumen_va", "sebelumnya"
    )


@dataclass
class UnitBlock:
    """One unit of the scheme as a MUK version plans and assesses it."""

    unit: UnitKompetensi
    mapa01: Mapa01 | None
    mapa02: list  # [(jenis, label, [potensi, ...])] for the instruments used
    instrumen: list  # [Instrumen] with .jumlah_butir (and .butir/.opsi prefetched with items=True)


JENIS_LABEL = dict(JenisIA.choices)


def versi_blocks(versi, *, items: bool = False) -> list[UnitBlock]:
    """Per unit of the scheme (in order): its MAPA.01 with methods, MAPA.02 mapping and
    instruments with item counts; with `items`, every item with its KUK and options too.
    Five queries (seven with items), whatever the number of units, instruments or items."""
    units = list(UnitKompetensi.objects.filter(skema_id=versi.skema_id).order_by("urutan", "kode"))
    mapa01 = {
        m.unit_id: m
        for m in Mapa01.objects.filter(versi=versi).prefetch_related(
            Prefetch("metode", queryset=Mapa01Metode.objects.order_by("pk"))
        )
    }
    mapa02: dict = {}
    for unit_id, jenis, potensi in (
        Mapa02.objects.filter(versi=versi)
        .order_by("jenis", "potensi")
        .values_list("unit_id", "jenis", "potensi")
    ):
        mapa02.setdefault(unit_id, {}).setdefault(jenis, []).append(potensi)
    instruments = (
        Instrumen.objects.filter(versi=versi)
        .annotate(jumlah_butir=Count("butir"))
        .order_by("jenis", "urutan", "pk")
    )
    if items:
        instruments = instruments.prefetch_related(
            Prefetch(
                "butir",
                queryset=ButirInstrumen.objects.select_related("kuk")
                .prefetch_related(Prefetch("opsi", queryset=OpsiJawaban.objects.order_by("huruf")))
                .order_by("urutan", "pk"),
            )
        )
    by_unit: dict = {}
    for instrumen in instruments:
        by_unit.setdefault(instrumen.unit_id, []).append(instrumen)
    return [
        UnitBlock(
            unit=unit,
            mapa01=mapa01.get(unit.pk),
            mapa02=[
                (jenis, JENIS_LABEL[jenis], potensi) for jenis, potensi in mapa02.get(unit.pk, {}).items()
            ],
            instrumen=by_unit.get(unit.pk, []),
        )
        for unit in units
    ]


def completeness_problems(versi, blocks=None) -> list[str]:
    """What keeps `versi` from being submitted, one Indonesian line per unit that is not
    complete itself (elements, KUK) or lacks FR.MAPA.01, FR.MAPA.02 or instruments (or has an
    instrument without items)."""
    blocks = versi_blocks(versi) if blocks is None else blocks
    if not blocks:
        return ["Skema belum memiliki unit kompetensi; impor unit dan KUK terlebih dahulu."]
    problems = []
    gaps = unit_gaps(block.unit.pk for block in blocks)
    for block in blocks:
        if gaps[block.unit.pk]:
            problems.append(
                f"Unit {block.unit.kode} {block.unit.judul}: belum lengkap ({gaps[block.unit.pk]}); "
                "lengkapi elemen dan KUK-nya di halaman skema sebelum MUK diajukan."
            )
            continue
        missing = []
        if block.mapa01 is None or not block.mapa01.metode.all():
            missing.append("FR.MAPA.01 belum diisi")
        if not block.mapa02:
            missing.append("FR.MAPA.02 belum diisi")
        if not block.instrumen:
            missing.append("belum ada instrumen")
        missing += [
            f"instrumen “{i.judul}” belum memiliki butir" for i in block.instrumen if not i.jumlah_butir
        ]
        if missing:
            problems.append(f"Unit {block.unit.kode} {block.unit.judul}: {'; '.join(missing)}.")
    return problems


def instrumen_butir(instrumen):
    """The items of `instrumen` in order, with their KUK and options (two queries)."""
    return (
        ButirInstrumen.objects.filter(instrumen=instrumen)
        .select_related("kuk")
        .prefetch_related(Prefetch("opsi", queryset=OpsiJawaban.objects.order_by("huruf")))
        .order_by("urutan", "pk")
    )


def unit_kuk(unit):
    """The KUK of `unit` in order, for choosing the KUK an item assesses."""
    return KUK.objects.filter(elemen__unit=unit).select_related("elemen").order_by("elemen__nomor", "urutan")


@dataclass(frozen=True)
class VersiContentCount:
    """What deleting a draft removes: its MAPA rows, instruments, items and options."""

    mapa01: int
    mapa02: int
    instrumen: int
    butir: int
    opsi: int


def versi_content_count(versi) -> VersiContentCount:
    """Row counts of `versi`'s content (five queries, whatever its size)."""
    return VersiContentCount(
        mapa01=Mapa01.objects.filter(versi=versi).count(),
        mapa02=Mapa02.objects.filter(versi=versi).count(),
        instrumen=Instrumen.objects.filter(versi=versi).count(),
        butir=ButirInstrumen.objects.filter(instrumen__versi=versi).count(),
        opsi=OpsiJawaban.objects.filter(butir__instrumen__versi=versi).count(),
    )


def versi_delete_refusal(versi) -> str:
    """Why `versi` may not be deleted ("" when it may). SE-A4.6: only a draft that never
    left its drafter: once submitted (even if returned to draft) its status history is the
    review's evidence, and a version with an FR.VA record is never deleted."""
    if versi.status != MukVersi.Status.DRAFT:
        return (
            f"MUK versi {versi.nomor} berstatus {versi.get_status_display().lower()}; "
            "hanya versi draf yang belum pernah diajukan yang dapat dihapus."
        )
    has_fr_va = (
        versi.dokumen_va_id is not None
        or Dokumen.objects.filter(
            subject_type=ContentType.objects.get_for_model(MukVersi), subject_id=str(versi.pk)
        ).exists()
    )
    if has_fr_va:
        return (
            f"MUK versi {versi.nomor} memiliki rekaman FR.VA. Rekaman validasi adalah bukti "
            "dan harus disimpan, sehingga versi ini tidak dapat dihapus."
        )
    if status_history(versi).exists():
        return (
            f"MUK versi {versi.nomor} pernah diajukan untuk validasi; riwayat reviunya adalah "
            "bukti dan harus disimpan, sehingga versi ini tidak dapat dihapus. Perbaiki draf ini "
            "lalu ajukan kembali."
        )
    return ""


def scheme_values(ids=None) -> list:
    """Schemes as kernel values (lsp_portal.schemes), for the apps that may not import muk:
    those with the given ids, or every scheme ordered by code. One query."""
    rows = Skema.objects.order_by("kode")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return [
        Scheme(id=pk, kode=kode, judul=judul, masa_berlaku_tahun=years)
        for pk, kode, judul, years in rows.values_list("pk", "kode", "judul", "masa_berlaku_tahun")
    ]


def persyaratan_tuk_rows(skema) -> list[PersyaratanTeknisTuk]:
    """The scheme's technical requirements for a TUK, in order (one query)."""
    return list(PersyaratanTeknisTuk.objects.filter(skema=skema).order_by("urutan", "pk"))


def tuk_requirement_values(skema_id: int) -> list[TukRequirement]:
    """The kernel's provider of schemes' TUK requirements (lsp_portal.schemes
    .register_tuk_requirements): scheme `skema_id`'s lines as values, in order; [] for a
    scheme without any (or no such scheme). One query."""
    rows = PersyaratanTeknisTuk.objects.filter(skema_id=skema_id).order_by("urutan", "pk")
    return [
        TukRequirement(nama=nama, jumlah=jumlah, spesifikasi=spesifikasi)
        for nama, jumlah, spesifikasi in rows.values_list("nama", "jumlah", "spesifikasi")
    ]
