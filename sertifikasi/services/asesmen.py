"""What every step of the assessment itself (Journey II) shares: the session's time window,
the lead assessor, the candidate's sheets (one `Lembar` per instrument of the plan), and the
gate a sheet passes before it opens (SE-A4.8c/d, SE-A4.10, X-8).

The other Journey II modules (sesi, ujian, lembar, ak) build on these; views ask the same
functions through sertifikasi.permissions."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from administrasi.models import Dokumen
from lsp_portal.workflow import transition
from muk.models import Instrumen, JenisIA

from ..models import CekIdentitas, Jadwal, JadwalAsesor, Lembar, Permohonan, Sesi
from .common import JourneyError

S = Permohonan.Status


# --- the session's window ----------------------------------------------------------------------


def sesi_window(jadwal: Jadwal, sesi: Sesi | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(opens, closes) of the batch's session: SERTIFIKASI_SESI_BUKA_MENIT before its start,
    until its end or the later time staff extended it to."""
    opens = jadwal.mulai - dt.timedelta(minutes=settings.SERTIFIKASI_SESI_BUKA_MENIT)
    closes = jadwal.selesai
    if sesi is not None and sesi.diperpanjang_sampai and sesi.diperpanjang_sampai > closes:
        closes = sesi.diperpanjang_sampai
    return opens, closes


def sesi_is_open(jadwal: Jadwal, sesi: Sesi | None = None, *, now: dt.datetime | None = None) -> bool:
    """The session is in its window and not closed by its berita acara."""
    if sesi is not None and sesi.ditutup_pada:
        return False
    opens, closes = sesi_window(jadwal, sesi)
    return opens <= (now or timezone.now()) <= closes


def sesi_of(jadwal: Jadwal) -> Sesi:
    """The batch's session row (made on first use)."""
    sesi, _ = Sesi.objects.get_or_create(jadwal=jadwal)
    return sesi


# --- the lead assessor -------------------------------------------------------------------------


def lead_penugasan(jadwal: Jadwal) -> JadwalAsesor | None:
    """The batch's lead assessor: the first assigned (FR.IA.11 review, FR.AK.05, FR.AK.06,
    the berita acara)."""
    return jadwal.penugasan.select_related("asesor__personel").order_by("pk").first()


def is_lead_asesor(user, jadwal: Jadwal) -> bool:
    lead = lead_penugasan(jadwal)
    return bool(user and user.is_authenticated and lead and lead.asesor.personel.user_id == user.pk)


# --- the candidate's sheets --------------------------------------------------------------------


def planned_instruments(permohonan: Permohonan) -> list[Instrumen]:
    """The instruments of the candidate's plan (Rencana: per unit the FR.IA kinds chosen),
    from the plan's validated MUK version, in the MUK's order. Two queries."""
    rencana = permohonan.rencana_asesmen
    wanted = {(int(unit), jenis) for unit, choice in rencana.pilihan.items() for jenis in choice["instrumen"]}
    return [
        i
        for i in Instrumen.objects.filter(versi=rencana.muk_versi, unit_id__in={u for u, _ in wanted})
        .select_related("unit")
        .order_by("unit__urutan", "jenis", "urutan", "pk")
        if (i.unit_id, i.jenis) in wanted
    ]


@transaction.atomic
def lembar_prepare(permohonan: Permohonan) -> list[Lembar]:
    """One sheet per planned instrument (idempotent: existing sheets stay as they are).
    Called when the assessment begins (the identity check passed)."""
    have = set(Lembar.objects.filter(permohonan=permohonan).values_list("instrumen_id", flat=True))
    Lembar.objects.bulk_create(
        Lembar(permohonan=permohonan, instrumen=i)
        for i in planned_instruments(permohonan)
        if i.pk not in have
    )
    return list(permohonan.lembar.select_related("instrumen__unit").order_by("instrumen__unit__urutan", "pk"))


def identity_passed(permohonan: Permohonan) -> bool:
    """X-8: the latest identity check of the candidate passed."""
    last = CekIdentitas.objects.filter(permohonan=permohonan).order_by("-waktu", "-pk").first()
    return last is not None and last.hasil == CekIdentitas.Hasil.SESUAI


def lembar_open_refusal(lembar: Lembar, *, now: dt.datetime | None = None, for_candidate: bool = True) -> str:
    """Why the sheet cannot be filled now, in words, or "": the assessment has not begun
    (AK.01 and the identity check, SE-A4.8c, X-8), it ended, the sheet is no longer a draft,
    or, for a remote batch, the session is outside its window (SE-A4.10).

    The whole window limits what the candidate does (`for_candidate`, the default); the
    assessor's acts (judging handed-in answers, writing the summary, sending the sheet,
    asking a third party) pass False: not before the window opens, but after it closes, while
    the assessment is open (judging after the session)."""
    p = lembar.permohonan
    if p.status != S.ASESMEN:
        if p.status in (S.SIAP_ASESMEN, S.PRA_ASESMEN, S.DIJADWALKAN):
            return "Asesmen belum dimulai: persetujuan asesmen (FR.AK.01) dan pemeriksaan identitas dulu."
        return f"Permohonan berstatus {p.get_status_display().lower()}; instrumen tidak dapat diisi."
    if not identity_passed(p):
        return "Identitas asesi belum diperiksa asesor pada sesi ini."
    if lembar.status != Lembar.Status.DRAFT:
        return f"{lembar.instrumen.get_jenis_display()} sudah dikirim; isiannya tidak dapat diubah."
    jadwal = p.jadwal
    if jadwal.mode == "jarak_jauh":
        sesi = getattr(jadwal, "sesi", None)
        opens, closes = sesi_window(jadwal, sesi)
        closed = not sesi_is_open(jadwal, sesi, now=now) if for_candidate else (now or timezone.now()) < opens
        if closed:
            return (
                f"Sesi asesmen hanya terbuka {timezone.localtime(opens):%d-%m-%Y %H:%M} sampai "
                f"{timezone.localtime(closes):%H:%M} WIB; hubungi LSP bila perlu diperpanjang."
            )
    return ""


def lembar_require_open(
    lembar: Lembar, *, now: dt.datetime | None = None, for_candidate: bool = True
) -> None:
    refusal = lembar_open_refusal(lembar, now=now, for_candidate=for_candidate)
    if refusal:
        raise JourneyError(refusal, code="lembar_closed")


def lembar_kode(lembar: Lembar) -> str:
    """The record kind of the sheet: FR.IA.01 ... FR.IA.10."""
    return f"FR.{lembar.instrumen.jenis}"


def lembar_is_final(lembar: Lembar) -> bool:
    """The sheet's record is final. The record is the truth: a sent sheet whose last party
    signed on the records page (the assessor's FR.IA.05) is final before sheets_sync_final
    writes it on the sheet."""
    return lembar.status in (Lembar.Status.DIKIRIM, Lembar.Status.FINAL) and (
        lembar.dokumen_id is not None and lembar.dokumen.status == Dokumen.Status.FINAL
    )


def sheets_sync_final(permohonan: Permohonan) -> int:
    """Sent sheets of the candidate whose record is final become final (dikirim -> final):
    the last signature may be given on the records page, which knows nothing of sheets.
    Returns how many changed; one query when none."""
    changed = 0
    for lembar in (
        Lembar.objects.select_for_update(of=("self",))
        .select_related("instrumen")
        .filter(permohonan=permohonan, status=Lembar.Status.DIKIRIM, dokumen__status=Dokumen.Status.FINAL)
    ):
        transition(lembar, Lembar.Status.FINAL, actor=None, note=f"{lembar_kode(lembar)} final")
        changed += 1
    return changed


@transaction.atomic
def open_sheets(permohonan: Permohonan) -> list[Lembar]:
    """The planned sheets not final yet (SE-A4.8f: FR.AK.02 waits for them); sent sheets
    whose record became final are marked final first (sheets_sync_final)."""
    sheets_sync_final(permohonan)
    return [
        lembar
        for lembar in permohonan.lembar.select_related("instrumen", "dokumen")
        if not lembar_is_final(lembar)
    ]


IA05 = JenisIA.IA05
