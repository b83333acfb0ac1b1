"""Certificates after issue (SE-A4.12, X-1, issue 13 item 6): their status, the BNSP
registration number.

- sertifikat_status_set: the Ketua (revoke_sertifikat) suspends, lifts a suspension or
  revokes, always with a reason; each move is a workflow transition (StatusChange: who, when,
  why) and the holder is told. Revocation is final. Expiry is a date, never a status
  (Sertifikat.status_efektif), so no job runs for it.
- sertifikat_registrasi_set: the number BNSP returns for a certificate (manage_sertifikat);
  the register shows it at once, and a system certificate's record gets a corrected version
  carrying it, which the Ketua signs again (its PDF then prints the number).

The sheets (BNSP's registration numbers, the older register) are sertifikat_impor.py.
"""

import copy
import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone

from administrasi.models import Dokumen
from administrasi.services import RecordError, dokumen_correct, dokumen_void, pending_correction
from akun.audit import acting_as
from akun.models import User
from lsp_portal.workflow import TransitionError, transition

from ..models import Sertifikat
from .common import JourneyError, notify

St = Sertifikat.Status
MAX_ALASAN = 2000
# A certificate ending within this time offers its holder the re-certification (FLOW.md 18).
ULANG_DALAM = relativedelta(months=6)


# --- reading ------------------------------------------------------------------------------------


def sertifikat_saya(user: User):
    """The holder's issued certificates, newest first, with their current record (one query)."""
    return (
        Sertifikat.objects.filter(pemegang=user, terbit=True)
        .select_related("dokumen")
        .order_by("-tanggal_terbit", "-pk")
    )


def ulang_available(sertifikat: Sertifikat, day: dt.date | None = None) -> bool:
    """Whether the holder is offered a re-certification: the certificate is in force and
    ends within six months (no query)."""
    day = day or timezone.localdate()
    return sertifikat.status_efektif(day) == St.AKTIF and sertifikat.berlaku_sampai <= day + ULANG_DALAM


def record_versions(sertifikat: Sertifikat) -> list[Dokumen]:
    """Every version of the certificate's record, oldest first (one query; none if imported)."""
    if sertifikat.dokumen_id is None:
        return []
    return list(
        Dokumen.objects.filter(seri=sertifikat.dokumen.seri)
        .only("pk", "versi", "status", "nomor", "alasan_perubahan", "diterbitkan_pada", "difinalkan_pada")
        .order_by("versi")
    )


def downloadable(sertifikat: Sertifikat) -> Dokumen | None:
    """The sealed PDF's record, or None: an issued certificate whose current record is final
    and rendered. A draft (not yet signed) is never offered; an imported certificate has none."""
    dokumen = sertifikat.dokumen
    if not sertifikat.terbit or dokumen is None or dokumen.status != Dokumen.Status.FINAL or not dokumen.pdf:
        return None
    return dokumen


# --- status: suspend, lift, revoke (X-1) --------------------------------------------------------

# What each move is called on the page and in messages.
TINDAKAN = {St.DIBEKUKAN: "Bekukan", St.AKTIF: "Pulihkan (cabut pembekuan)", St.DICABUT: "Cabut"}
ALASAN_WAJIB = {
    St.DIBEKUKAN: "Alasan pembekuan wajib diisi.",
    St.AKTIF: "Alasan pemulihan wajib diisi.",
    St.DICABUT: "Alasan pencabutan wajib diisi: tuliskan mengapa sertifikat ini dicabut.",
}
REVOKED_FINAL = "Sertifikat ini sudah dicabut. Pencabutan bersifat final: statusnya tidak dapat diubah lagi."


def status_choices(sertifikat: Sertifikat) -> list[tuple[str, str]]:
    """The moves allowed from the certificate's status, as (status, label) for a form."""
    allowed = Sertifikat.TRANSITIONS.get(sertifikat.status, set())
    return [(s.value, label) for s, label in TINDAKAN.items() if s in allowed]


def _status_refusal(s: Sertifikat, status: str) -> str | None:
    if not s.terbit:
        return "Sertifikat ini belum terbit (belum ditandatangani Ketua LSP); statusnya belum dapat diubah."
    if s.status == St.DICABUT:
        return REVOKED_FINAL
    if status not in St.values:
        return "Pilih tindakan: bekukan, pulihkan, atau cabut."
    if status == s.status:
        if status == St.AKTIF:
            return "Sertifikat ini tidak sedang dibekukan; tidak ada yang dipulihkan."
        return "Sertifikat ini sudah dibekukan."
    return None


@transaction.atomic
def sertifikat_status_set(*, sertifikat: Sertifikat, status: str, alasan: str, actor: User) -> Sertifikat:
    """Suspend (dibekukan), lift a suspension (aktif) or revoke (dicabut) `sertifikat` (X-1).

    Refused (JourneyError, nothing saved): `actor` without revoke_sertifikat; a certificate
    not yet issued; a revoked one (revocation is final: neither lifted nor changed); an
    unknown status or the one it has (not idempotent: a repeat is refused, so a second click
    never writes a second history row); no reason or one over MAX_ALASAN characters.
    Otherwise, under the row's lock: the transition with the reason as its note (the status
    history: who, when, why), the reason and who/when on the certificate (audited), and the
    holder, if the certificate has an account, is told (in-app and e-mail)."""
    from ..permissions import can_revoke_sertifikat

    if not can_revoke_sertifikat(actor):
        raise JourneyError(
            "Hanya pemegang hak membekukan dan mencabut sertifikat (Ketua LSP) yang dapat mengubah status "
            "sertifikat."
        )
    s = Sertifikat.objects.select_for_update(of=("self",)).select_related("pemegang").get(pk=sertifikat.pk)
    refusal = _status_refusal(s, status)
    if refusal:
        raise JourneyError(refusal, field="status", code="status")
    alasan = (alasan or "").strip()
    if not alasan:
        raise JourneyError(ALASAN_WAJIB[status], field="alasan", code="alasan_required")
    if len(alasan) > MAX_ALASAN:
        raise JourneyError(f"Alasan paling panjang {MAX_ALASAN} karakter.", field="alasan")
    try:
        with acting_as(actor):
            # The reason first: the table refuses a suspended or revoked row without one.
            s.alasan_status = alasan
            s.status_diubah_oleh = actor
            s.status_diubah_pada = timezone.now()
            s.save(update_fields=["alasan_status", "status_diubah_oleh", "status_diubah_pada", "updated_at"])
            s = transition(s, status, actor=actor, note=alasan)
    except TransitionError as e:  # a concurrent move got there first
        raise JourneyError(str(e), field="status") from None
    judul, pesan = {
        St.DIBEKUKAN: (
            "Sertifikat Anda dibekukan",
            f"Sertifikat {s.nomor} ({s.skema_judul}) dibekukan oleh LSP dan untuk sementara tidak berlaku. "
            f"Alasan: {alasan}",
        ),
        St.AKTIF: (
            "Sertifikat Anda berlaku kembali",
            f"Pembekuan sertifikat {s.nomor} ({s.skema_judul}) telah dicabut; sertifikat berlaku kembali "
            f"sampai masa berlakunya. Keterangan: {alasan}",
        ),
        St.DICABUT: (
            "Sertifikat Anda dicabut",
            f"Sertifikat {s.nomor} ({s.skema_judul}) dicabut oleh LSP dan tidak berlaku lagi. "
            f"Alasan: {alasan} Bila Anda keberatan, Anda dapat mengajukan banding atau pengaduan "
            "kepada LSP.",
        ),
    }[status]
    notify(
        [s.pemegang],
        judul=judul,
        pesan=pesan,
        url=s.get_absolute_url(),
        kunci=f"sertifikat-{s.pk}-status-{s.status_diubah_pada:%Y%m%d%H%M%S%f}",
    )
    return s


# --- the BNSP registration number ----------------------------------------------------------------

REGISTRASI_MAX = 60
REGISTRASI_MIN_DIGITS = 8
REGISTRASI_CHARS = re.compile(r"[A-Za-z0-9./\- ]")
REGISTRASI_CONTOH = "62010 2433 0001 2026"
# The reason of the record's corrected version; also how a pending one of ours is known.
ALASAN_KOREKSI = "Nomor registrasi BNSP dicatat:"


def registrasi_clean(value) -> str:
    """The BNSP registration number as stored: trimmed, each run of spaces one space. Raises
    JourneyError (field nomor_registrasi): empty; a spreadsheet number cell (Excel rounds
    long numbers); a character other than letters, digits, space . / -; more than
    REGISTRASI_MAX characters; fewer than REGISTRASI_MIN_DIGITS digits (BNSP's numbers are
    groups of digits, e.g. 62010 2433 0001 2026)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise JourneyError(
            "Nomor registrasi tersimpan sebagai angka, dan Excel membulatkan angka panjang. Format sel "
            "sebagai Teks lalu ketik ulang nomornya.",
            field="nomor_registrasi",
        )
    text = " ".join(str(value or "").split())
    if not text:
        raise JourneyError("Nomor registrasi BNSP wajib diisi.", field="nomor_registrasi")
    wrong = next((c for c in text if not REGISTRASI_CHARS.fullmatch(c)), None)
    if wrong is not None:
        raise JourneyError(
            f"Nomor registrasi hanya boleh berisi huruf, angka, spasi, titik, garis miring, dan tanda hubung "
            f"(ada «{wrong}»).",
            field="nomor_registrasi",
        )
    if len(text) > REGISTRASI_MAX:
        raise JourneyError(
            f"Nomor registrasi paling panjang {REGISTRASI_MAX} karakter (terisi {len(text)}).",
            field="nomor_registrasi",
        )
    if sum(c.isdigit() for c in text) < REGISTRASI_MIN_DIGITS:
        raise JourneyError(
            f"Nomor registrasi BNSP berisi sekurang-kurangnya {REGISTRASI_MIN_DIGITS} angka, misalnya "
            f"{REGISTRASI_CONTOH}.",
            field="nomor_registrasi",
        )
    return text


def _registrasi_taken(nomor: str, *, exclude_pk: int | None) -> Sertifikat | None:
    return Sertifikat.objects.filter(nomor_registrasi__iexact=nomor).exclude(pk=exclude_pk).first()


def _correct_record(s: Sertifikat, nomor: str, *, actor: User) -> Dokumen:
    """Version n+1 of the certificate's final record with the number in its data, for the
    Ketua's signature. A correction of ours still unsigned (an earlier number) is withdrawn
    first; any other change waiting for signatures refuses (the records engine's message)."""
    dokumen = s.dokumen
    if dokumen.status == Dokumen.Status.DRAFT:
        raise JourneyError(
            "Sertifikat ini belum ditandatangani Ketua LSP. Catat nomor registrasi setelah sertifikat "
            "terbit; nomor itu lalu dicetak pada versi koreksinya.",
            code="draft",
        )
    if dokumen.status != Dokumen.Status.FINAL:
        raise JourneyError(
            f"Dokumen sertifikat ini {dokumen.get_status_display().lower()}; nomor registrasi tidak dapat "
            "dicetak padanya.",
            code="record",
        )
    pending = pending_correction(dokumen)
    if (
        pending is not None
        and pending.alasan_perubahan.startswith(ALASAN_KOREKSI)
        and not pending.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists()
    ):
        dokumen_void(dokumen=pending, alasan=f"Diganti: nomor registrasi BNSP {nomor}.", actor=actor)
    data = copy.deepcopy(dokumen.data) if isinstance(dokumen.data, dict) else {}
    data.setdefault("pemegang", {})["nomor_registrasi"] = nomor
    try:
        return dokumen_correct(dokumen=dokumen, data=data, alasan=f"{ALASAN_KOREKSI} {nomor}", actor=actor)
    except RecordError as e:
        raise JourneyError(str(e), code="record") from None


@transaction.atomic
def sertifikat_registrasi_set(
    *, sertifikat: Sertifikat, nomor_registrasi, actor: User, notify_signer: bool = True
) -> Sertifikat:
    """Record the BNSP registration number of `sertifikat` (SE-A4.12, FLOW.md §2).

    The register (and the public page) shows it at once. For a certificate issued by the
    system, its record gets a corrected version (administrasi dokumen_correct) whose data
    carries the number; the Ketua who signed the certificate signs it again (told unless
    `notify_signer` is False), and on that signature the certificate follows the new version
    (services.pleno.sertifikat_final) and its sealed PDF prints the number. An imported
    certificate has no record: only the number is stored.

    Refused (JourneyError, nothing saved): `actor` without manage_sertifikat; a malformed
    number (registrasi_clean); a number another certificate holds (compared without case);
    a revoked certificate; a system certificate whose record is not final (not yet signed, or
    voided); another correction of the record waiting for signatures. The same number again
    is a no-op (returns the certificate unchanged)."""
    from ..permissions import can_manage_sertifikat

    if not can_manage_sertifikat(actor):
        raise JourneyError("Anda tidak berwenang mencatat nomor registrasi sertifikat.")
    nomor = registrasi_clean(nomor_registrasi)
    s = Sertifikat.objects.select_for_update(of=("self",)).select_related("dokumen").get(pk=sertifikat.pk)
    if s.nomor_registrasi == nomor:
        return s
    if s.status == St.DICABUT:
        raise JourneyError("Sertifikat ini sudah dicabut; datanya tidak diubah lagi.", code="dicabut")
    taken = _registrasi_taken(nomor, exclude_pk=s.pk)
    if taken is not None:
        raise JourneyError(
            f"Nomor registrasi {nomor} sudah tercatat pada sertifikat {taken.nomor}.",
            field="nomor_registrasi",
            code="duplicate",
        )
    koreksi = _correct_record(s, nomor, actor=actor) if s.dokumen_id else None
    s.nomor_registrasi = nomor
    try:
        with transaction.atomic(), acting_as(actor):
            s.save(update_fields=["nomor_registrasi", "updated_at"])
    except IntegrityError:  # taken meanwhile by a concurrent entry
        raise JourneyError(
            f"Nomor registrasi {nomor} baru saja dicatat pada sertifikat lain.",
            field="nomor_registrasi",
            code="duplicate",
        ) from None
    if koreksi is not None and notify_signer:
        signers = [t.penandatangan for t in koreksi.tanda_tangan.select_related("penandatangan")]
        notify(
            signers,
            judul="Koreksi sertifikat menunggu tanda tangan",
            pesan=(
                f"Nomor registrasi BNSP {nomor} dicatat pada sertifikat {s.nomor} ({s.nama}). Tandatangani "
                "versi koreksinya agar nomor itu tercetak pada sertifikat."
            ),
            url=koreksi.get_absolute_url(),
            kunci=f"sertifikat-registrasi-{koreksi.pk}",
        )
    return s
