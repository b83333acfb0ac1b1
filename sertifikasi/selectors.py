"""Shared reads of `sertifikasi` (STYLE.md §1): the staff list of applications and what the
verification page shows of earlier rounds. Each read costs a fixed number of queries,
whatever the number of applications (asserted in tests/sertifikasi/test_staff_list.py)."""

import re

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from .models import Bukti, Permohonan, PutaranVerifikasi
from .services import SECTIONS

NIK_QUERY = re.compile(r"^\d{16}$")

# The FR.APL.01 record's data block of each section the Admin LSP checks (services.apl01_data).
SECTION_DATA = {
    "data_pribadi": "bagian_1_data_pribadi",
    "data_pekerjaan": "data_pekerjaan",
    "data_sertifikasi": "bagian_2_data_sertifikasi",
}


def with_duplicate_flag(queryset: QuerySet) -> QuerySet:
    """Annotate `kemungkinan_duplikat`: another account has an application with the same NIK
    (or passport number), a draft included (SE-A4.8a). One EXISTS subquery per row of the
    same query, never a query per row."""
    same_nik = (
        Permohonan.objects.filter(nik=OuterRef("nik")).exclude(nik="").exclude(asesi_id=OuterRef("asesi_id"))
    )
    same_passport = (
        Permohonan.objects.filter(nomor_paspor=OuterRef("nomor_paspor"))
        .exclude(nomor_paspor="")
        .exclude(asesi_id=OuterRef("asesi_id"))
    )
    return queryset.annotate(kemungkinan_duplikat=Exists(same_nik) | Exists(same_passport))


def staff_permohonan_list(
    *, status: str = "", skema=None, mode: str = "", cari: str = "", cari_nik: bool = False
) -> QuerySet:
    """Applications for the staff list, newest submission first (drafts, never submitted,
    after them by creation), with the scheme and the account and the duplicate flag.

    `status` "" means every status; `cari` matches the name or e-mail (of the form or of the
    account) in part, and, when `cari_nik` (the user may see NIKs, X-10), a NIK or passport
    number exactly: a partial NIK search would let anyone read NIKs digit by digit."""
    rows = Permohonan.objects.select_related("skema", "asesi")
    if status:
        rows = rows.filter(status=status)
    if skema is not None:
        rows = rows.filter(skema=skema)
    if mode:
        rows = rows.filter(mode=mode)
    cari = (cari or "").strip()
    if cari:
        match = Q(nama__icontains=cari) | Q(email__icontains=cari) | Q(asesi__email__icontains=cari)
        if cari_nik:
            compact = "".join(cari.split())
            if NIK_QUERY.match(compact):
                match |= Q(nik=compact)
            else:
                match |= Q(nomor_paspor=compact.upper())
        rows = rows.filter(match)
    return with_duplicate_flag(rows).order_by(F("diajukan_pada").desc(nulls_last=True), "-created_at", "-pk")


def verification_rounds(permohonan: Permohonan) -> list[PutaranVerifikasi]:
    """Every verification round of the application, oldest first, with who checked it and
    its record. One query."""
    return list(
        PutaranVerifikasi.objects.filter(permohonan=permohonan)
        .select_related("oleh", "dokumen")
        .order_by("nomor")
    )


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _flat(block) -> dict:
    """A data block of the FR.APL.01 record as {label: text}."""
    if not isinstance(block, dict):
        return {}
    return {
        _label(k): ", ".join(map(str, v)) if isinstance(v, list) else str(v or "") for k, v in block.items()
    }


def resubmission_changes(permohonan: Permohonan, returned: PutaranVerifikasi | None) -> dict[str, dict]:
    """What the applicant changed after `returned` (the last round, which returned the
    application): {item key: {"catatan": the admin's note, "perubahan": [(label, before,
    after)] for a section, "bukti_baru": bool for a requirement}} for every item that round
    returned. Sections are compared between the FR.APL.01 version the round checked and the
    one signed since; evidence by whether the file in force was uploaded after the round.
    Three queries at most; {} when the last round did not return the application."""
    if returned is None or returned.hasil != PutaranVerifikasi.Hasil.DIKEMBALIKAN:
        return {}
    failed = {b["kunci"]: b.get("catatan", "") for b in returned.butir if not b.get("memenuhi")}
    current = permohonan.apl01
    before = current.sebelumnya if current is not None and current.sebelumnya_id else None
    new_evidence = set(
        Bukti.objects.filter(
            permohonan=permohonan, aktif=True, persyaratan__isnull=False, created_at__gt=returned.pada
        ).values_list("persyaratan_id", flat=True)
    )
    changes = {}
    for key, note in failed.items():
        entry = {"catatan": note, "perubahan": [], "bukti_baru": False}
        if key in SECTIONS and current is not None and before is not None:
            old = _flat(before.data.get(SECTION_DATA[key]))
            new = _flat(current.data.get(SECTION_DATA[key]))
            entry["perubahan"] = [
                (label, old.get(label, ""), new.get(label, ""))
                for label in dict.fromkeys([*old, *new])
                if old.get(label, "") != new.get(label, "")
            ]
        elif key.startswith("persyaratan:"):
            entry["bukti_baru"] = int(key.split(":", 1)[1]) in new_evidence
        changes[key] = entry
    return changes
