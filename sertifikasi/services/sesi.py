"""The batch's session (Journey II, SE-A4.8e, SE-A4.10, X-8): the lead assessor's review of
the instruments before the batch (FR.IA.11-TINJAU), joining the session (daftar hadir), its
extension by staff, the session log (notes, incidents), the identity check that begins a
candidate's assessment, and the berita acara (BA-ASESMEN) that closes the session.

Every refusal is a JourneyError with an Indonesian message; every record goes through the
records engine (administrasi.services via .common). The window and the lead assessor are
services.asesmen's; views ask sertifikasi.permissions for who may do what, and these
functions check it again.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from administrasi.models import Dokumen
from akun.audit import acting_as
from akun.models import User
from lsp_portal.uploads import UploadRule, digest, stored
from lsp_portal.workflow import transition
from muk.models import Instrumen

from ..models import CekIdentitas, Jadwal, Kehadiran, LogSesi, Mode, Permohonan, Rekaman, Rencana, Sesi
from .asesmen import is_lead_asesor, lead_penugasan, lembar_prepare, sesi_is_open, sesi_of, sesi_window
from .common import JourneyError, Tandatangan, issue_signed, notify, upload_max_bytes, users_with_right
from .praasesmen import asesmen_require_ak01

S = Permohonan.Status

# FR.IA.11 (MUK 2020: ceklis meninjau instrumen asesmen): what the lead assessor answers
# Ya/Tidak for each instrument the batch uses. The keys are the record's column names.
ASPEK_REVIU = {
    "sesuai_unit_kuk": "Instrumen sesuai dengan unit kompetensi dan kriteria unjuk kerja (KUK)",
    "petunjuk_jelas": "Petunjuk bagi asesor dan asesi jelas",
    "kunci_kriteria_tersedia": "Kunci jawaban atau kriteria penilaian tersedia",
    "waktu_memadai": "Waktu pelaksanaan memadai",
}
YA, TIDAK = "Ya", "Tidak"


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H.%M} WIB"


def _nama(user: User | None) -> str:
    return (user.nama_lengkap or user.email) if user is not None else ""


def _lock_jadwal(jadwal: Jadwal) -> Jadwal:
    return Jadwal.objects.select_for_update(of=("self",)).select_related("skema", "tuk").get(pk=jadwal.pk)


def _lock_sesi(jadwal: Jadwal) -> Sesi:
    """The batch's session row (made on first use), locked."""
    sesi = sesi_of(jadwal)
    return Sesi.objects.select_for_update(of=("self",)).select_related("berita_acara").get(pk=sesi.pk)


def _require_not_cancelled(jadwal: Jadwal) -> None:
    if jadwal.status == Jadwal.Status.DIBATALKAN:
        raise JourneyError("Jadwal ini dibatalkan; sesi asesmen tidak berlangsung.", code="cancelled")


def _require_not_closed(sesi: Sesi | None) -> None:
    if sesi is not None and sesi.ditutup_pada:
        raise JourneyError(
            f"Sesi sudah ditutup dengan berita acara pada {_when(sesi.ditutup_pada)}.", code="closed"
        )


# --- FR.IA.11-TINJAU: the lead assessor reviews the instruments ---------------------------------


def instrumen_label(instrumen: Instrumen) -> str:
    """How an instrument is named in the review (and matched against it later)."""
    return f"{instrumen.jenis} · {instrumen.unit.kode} {instrumen.judul}"


def batch_instruments(jadwal: Jadwal) -> list[Instrumen]:
    """The instruments the plans of the batch's candidates use (asesmen.planned_instruments of
    each open application with a plan, together), each once, in the MUK's order. Two queries."""
    wanted = set()
    for versi, pilihan in (
        Rencana.objects.filter(permohonan__jadwal=jadwal)
        .exclude(permohonan__status__in=Permohonan.CLOSED)
        .values_list("muk_versi_id", "pilihan")
    ):
        for unit, choice in pilihan.items():
            wanted.update((versi, int(unit), jenis) for jenis in choice.get("instrumen", []))
    if not wanted:
        return []
    return [
        i
        for i in Instrumen.objects.filter(
            versi_id__in={v for v, _, _ in wanted}, unit_id__in={u for _, u, _ in wanted}
        )
        .select_related("unit")
        .order_by("versi_id", "unit__urutan", "jenis", "urutan", "pk")
        if (i.versi_id, i.unit_id, i.jenis) in wanted
    ]


def reviu_answers(dokumen: Dokumen | None) -> dict[str, dict]:
    """The rows of a signed review by instrument label: {label: {aspek key: bool, "catatan": str}}."""
    if dokumen is None:
        return {}
    return {
        row["instrumen"]: {
            **{key: row.get(key) == YA for key in ASPEK_REVIU},
            "catatan": row.get("catatan", ""),
        }
        for row in dokumen.data.get("instrumen", [])
        if isinstance(row, dict) and "instrumen" in row
    }


def reviu_refusal(jadwal: Jadwal) -> str:
    """Why the batch cannot start yet for want of the instrument review (SE-A4.8e), or "": the
    lead assessor has not signed FR.IA.11 (final), or an instrument a candidate's plan uses
    is not in it (a candidate added after the review)."""
    dokumen = (
        Dokumen.objects.filter(pk=jadwal.reviu_instrumen_id).first() if jadwal.reviu_instrumen_id else None
    )
    if dokumen is None or dokumen.status != Dokumen.Status.FINAL:
        return (
            "Sesi belum dapat dimulai: asesor kepala belum menandatangani ceklis meninjau instrumen "
            "asesmen (FR.IA.11)."
        )
    reviewed = reviu_answers(dokumen)
    missing = [label for label in map(instrumen_label, batch_instruments(jadwal)) if label not in reviewed]
    if missing:
        return (
            f"Sesi belum dapat dimulai: instrumen {'; '.join(missing)} belum ditinjau dalam FR.IA.11. "
            "Asesor kepala perlu memperbarui ceklis meninjau instrumen."
        )
    return ""


@transaction.atomic
def reviu_instrumen_save(
    *, jadwal: Jadwal, jawaban: dict[int, dict], catatan: dict[int, str], actor: User, ttd: Tandatangan
) -> Dokumen:
    """SE-A4.8e: the batch's lead assessor reviews every instrument the candidates' plans use
    (batch_instruments): per instrument Ya/Tidak for each ASPEK_REVIU line (`jawaban`:
    {instrument id: {aspek key: True/False}}, a missing line is refused) and a note
    (`catatan`: {instrument id: text}; required when any line is Tidak), then signs
    FR.IA.11-TINJAU as asesor; Jadwal.reviu_instrumen points at it. A correction is a new
    version. Refused: not the lead assessor, a cancelled batch, a session already closed, no
    candidate with a plan yet, an unanswered line."""
    jadwal = _lock_jadwal(jadwal)
    if not is_lead_asesor(actor, jadwal):
        raise JourneyError("Hanya asesor kepala jadwal ini yang meninjau instrumen asesmen.", code="not_lead")
    _require_not_cancelled(jadwal)
    _require_not_closed(Sesi.objects.filter(jadwal=jadwal).first())
    instrumen = batch_instruments(jadwal)
    if not instrumen:
        raise JourneyError(
            "Belum ada asesi dengan rencana asesmen pada jadwal ini; belum ada instrumen yang ditinjau.",
            code="no_instruments",
        )
    rows = []
    for i in instrumen:
        answers = jawaban.get(i.pk, {})
        label = instrumen_label(i)
        unanswered = [text for key, text in ASPEK_REVIU.items() if answers.get(key) not in (True, False)]
        if unanswered:
            raise JourneyError(
                f'{label}: jawab Ya atau Tidak untuk "{unanswered[0]}".',
                field=f"instrumen-{i.pk}",
                code="unanswered",
            )
        note = (catatan.get(i.pk) or "").strip()
        if not all(answers[key] for key in ASPEK_REVIU) and not note:
            raise JourneyError(
                f"{label}: tulis catatan (apa yang kurang dan tindak lanjutnya) karena ada jawaban Tidak.",
                field=f"instrumen-{i.pk}",
                code="note",
            )
        rows.append(
            {
                "instrumen": label,
                **{key: YA if answers[key] else TIDAK for key in ASPEK_REVIU},
                "catatan": note,
            }
        )
    lead = lead_penugasan(jadwal).asesor
    mulai = timezone.localtime(jadwal.mulai)
    data = {
        "jadwal": jadwal.nama,
        "skema": f"{jadwal.skema.kode} {jadwal.skema.judul}",
        "tanggal_asesmen": date_format(mulai.date(), "l, j F Y"),
        "aspek_yang_ditinjau": list(ASPEK_REVIU.values()),
        "instrumen": rows,
        "asesor_kepala": lead.personel.nama,
        "no_reg_met": lead.nomor_met,
    }
    current = (
        Dokumen.objects.filter(pk=jadwal.reviu_instrumen_id).first() if jadwal.reviu_instrumen_id else None
    )
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            current=current,
            kode="FR.IA.11-TINJAU",
            subject=jadwal,
            judul=f"Ceklis meninjau instrumen: {jadwal.nama}",
            data=data,
            pihak="asesor",
            signer=actor,
            ttd=ttd,
            alasan="Tinjauan instrumen diperbarui",
        )
        jadwal.reviu_instrumen = dokumen
        jadwal.save(update_fields=["reviu_instrumen", "updated_at"])
    dokumen.refresh_from_db()  # signed: final
    return dokumen


# --- joining the session -----------------------------------------------------------------------


def _on_batch_day(jadwal: Jadwal, sesi: Sesi | None, now: dt.datetime) -> bool:
    _, closes = sesi_window(jadwal, sesi)
    return timezone.localdate(jadwal.mulai) <= timezone.localdate(now) <= timezone.localdate(closes)


def time_refusal(jadwal: Jadwal, sesi: Sesi | None, *, now: dt.datetime | None = None) -> str:
    """Why the session is not on now, or "": a remote batch outside its window
    (asesmen.sesi_window: SERTIFIKASI_SESI_BUKA_MENIT before the start until the end or the
    extension); a face-to-face batch on another day than its own; a session closed by its
    berita acara."""
    now = now or timezone.now()
    if sesi is not None and sesi.ditutup_pada:
        return f"Sesi sudah ditutup dengan berita acara pada {_when(sesi.ditutup_pada)}."
    opens, closes = sesi_window(jadwal, sesi)
    if jadwal.mode == Mode.JARAK_JAUH:
        if not sesi_is_open(jadwal, sesi, now=now):
            return (
                f"Sesi asesmen jarak jauh hanya terbuka {_when(opens)} sampai {_when(closes)}; "
                "hubungi LSP bila perlu diperpanjang."
            )
    elif not _on_batch_day(jadwal, sesi, now):
        return (
            f"Asesmen tatap muka berlangsung pada "
            f"{date_format(timezone.localdate(jadwal.mulai), 'l, j F Y')}; "
            "sesi hanya dapat diikuti pada hari itu."
        )
    return ""


def sesi_candidate(jadwal: Jadwal, user) -> Permohonan | None:
    """`user`'s own application in the batch, or None."""
    if not (user and user.is_authenticated):
        return None
    return Permohonan.objects.filter(jadwal=jadwal, asesi=user).order_by("-pk").first()


def join_refusal(jadwal: Jadwal, user, *, now: dt.datetime | None = None) -> str:
    """Why `user` cannot join the batch's session now, in words, or "" (sesi_hadir's checks,
    for the page): not a candidate or assessor of the batch, a cancelled batch, a closed
    session, the instrument review not final, outside the time, a candidate whose
    application is not ready or already done."""
    from ..permissions import is_batch_asesor

    if jadwal.status == Jadwal.Status.DIBATALKAN:
        return "Jadwal ini dibatalkan; sesi asesmen tidak berlangsung."
    sesi = Sesi.objects.filter(jadwal=jadwal).first()
    if sesi is not None and sesi.ditutup_pada:
        return f"Sesi sudah ditutup dengan berita acara pada {_when(sesi.ditutup_pada)}."
    asesor = is_batch_asesor(user, jadwal)
    p = None if asesor else sesi_candidate(jadwal, user)
    if not asesor and p is None:
        return "Hanya asesi dan asesor jadwal ini yang dapat masuk sesi."
    refusal = reviu_refusal(jadwal) or time_refusal(jadwal, sesi, now=now)
    if refusal:
        return refusal
    if p is not None and p.status not in (S.SIAP_ASESMEN, S.ASESMEN):
        if p.status == S.MENUNGGU_KEPUTUSAN:
            return "Asesmen Anda sudah selesai dan menunggu keputusan."
        return (
            f"Permohonan Anda berstatus {p.get_status_display().lower()}; Anda tidak dapat masuk sesi "
            "(persetujuan asesmen FR.AK.01 harus sudah ditandatangani)."
        )
    return ""


@transaction.atomic
def sesi_hadir(*, jadwal: Jadwal, actor: User, ip: str | None = None, user_agent: str = "") -> Kehadiran:
    """SE-A4.10: a candidate or an assessor of the batch joins its session (join_refusal says
    when not). The first join is their line in the attendance list (Kehadiran: time, IP,
    device); every join is a 'masuk' line of the session log."""
    jadwal = _lock_jadwal(jadwal)
    refusal = join_refusal(jadwal, actor)
    if refusal:
        raise JourneyError(refusal, code="join")
    from ..permissions import is_batch_asesor

    sesi = _lock_sesi(jadwal)
    asesor = is_batch_asesor(actor, jadwal)
    p = None if asesor else sesi_candidate(jadwal, actor)
    peran = Kehadiran.Peran.ASESOR if asesor else Kehadiran.Peran.ASESI
    now = timezone.now()
    who = p.nama if p is not None and p.nama else _nama(actor)
    with acting_as(actor, ip):
        kehadiran = Kehadiran.objects.filter(sesi=sesi, user=actor).first()
        if kehadiran is None:
            kehadiran = Kehadiran.objects.create(
                sesi=sesi,
                user=actor,
                permohonan=p,
                peran=peran,
                hadir_pada=now,
                ip=ip,
                user_agent=(user_agent or "")[:400],
            )
        LogSesi.objects.create(
            sesi=sesi,
            permohonan=p,
            jenis=LogSesi.Jenis.MASUK,
            teks=f"{who} masuk sesi ({peran.label.lower()}).",
            oleh=actor,
            waktu=now,
            ip=ip,
        )
    return kehadiran


# --- staff: extending the session --------------------------------------------------------------


@transaction.atomic
def sesi_perpanjang(
    *, jadwal: Jadwal, sampai: dt.datetime, alasan: str, actor: User, ip: str | None = None
) -> Sesi:
    """SE-A4.10: staff with manage_jadwal set the session's end later (`sampai`, after the
    current end of the window) with a reason; a 'perpanjangan' line of the log says who and
    why. Refused: no right, no reason, a time not after the current end, a cancelled batch,
    a session closed by its berita acara."""
    from ..permissions import can_manage_jadwal

    if not can_manage_jadwal(actor):
        raise JourneyError("Hanya pengelola jadwal yang dapat memperpanjang sesi.", code="right")
    jadwal = _lock_jadwal(jadwal)
    _require_not_cancelled(jadwal)
    sesi = _lock_sesi(jadwal)
    _require_not_closed(sesi)
    alasan = (alasan or "").strip()
    if not alasan:
        raise JourneyError("Tulis alasan perpanjangan waktu sesi.", field="alasan", code="reason")
    _, closes = sesi_window(jadwal, sesi)
    if sampai is None or sampai <= closes:
        raise JourneyError(
            f"Waktu perpanjangan harus setelah akhir sesi saat ini ({_when(closes)}).",
            field="sampai",
            code="not_later",
        )
    with acting_as(actor, ip):
        sesi.diperpanjang_sampai = sampai
        sesi.save(update_fields=["diperpanjang_sampai", "updated_at"])
        LogSesi.objects.create(
            sesi=sesi,
            jenis=LogSesi.Jenis.PERPANJANGAN,
            teks=f"Sesi diperpanjang dari {_when(closes)} sampai {_when(sampai)} oleh {_nama(actor)}: "
            f"{alasan}",
            oleh=actor,
            ip=ip,
        )
    return sesi


# --- the assessors' log ------------------------------------------------------------------------


def _candidate_of_batch(jadwal: Jadwal, permohonan: Permohonan | None) -> Permohonan | None:
    if permohonan is None:
        return None
    found = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("asesi")
        .filter(pk=permohonan.pk, jadwal=jadwal)
        .first()
    )
    if found is None:
        raise JourneyError(
            "Asesi tersebut bukan peserta jadwal ini.", field="permohonan", code="not_candidate"
        )
    return found


def _staff_users():
    return list(users_with_right("use_sertifikasi_staff"))


@transaction.atomic
def sesi_catat(
    *,
    jadwal: Jadwal,
    jenis: str,
    teks: str,
    actor: User,
    permohonan: Permohonan | None = None,
    hentikan: bool = False,
    ip: str | None = None,
) -> LogSesi:
    """An assessor of the batch writes a note or an incident in the session log, optionally
    about one candidate of the batch. With `hentikan` an incident ends that candidate's
    assessment (asesmen -> dihentikan, the text as the reason): only the candidate's own
    assessor or the lead assessor, only while the assessment is under way; the candidate and
    staff are told. Refused: not an assessor of the batch, an empty text, a closed session,
    a candidate of another batch."""
    from ..permissions import is_assigned_asesor, is_batch_asesor

    jadwal = _lock_jadwal(jadwal)
    if not is_batch_asesor(actor, jadwal):
        raise JourneyError("Hanya asesor jadwal ini yang menulis log sesi.", code="right")
    sesi = _lock_sesi(jadwal)
    _require_not_closed(sesi)
    if jenis not in (LogSesi.Jenis.CATATAN, LogSesi.Jenis.INSIDEN):
        raise JourneyError("Pilih jenis catatan: catatan atau insiden.", field="jenis", code="jenis")
    teks = (teks or "").strip()
    if not teks:
        raise JourneyError("Tulis uraian catatan atau insiden.", field="teks", code="empty")
    p = _candidate_of_batch(jadwal, permohonan)
    if hentikan:
        if jenis != LogSesi.Jenis.INSIDEN or p is None:
            raise JourneyError(
                "Asesmen hanya dapat dihentikan karena insiden pada seorang asesi; pilih asesinya.",
                field="permohonan",
                code="stop_needs_candidate",
            )
        if not (is_assigned_asesor(actor, p) or is_lead_asesor(actor, jadwal)):
            raise JourneyError(
                "Hanya asesor asesi ini atau asesor kepala yang dapat menghentikan asesmennya.",
                code="stop_right",
            )
        if p.status != S.ASESMEN:
            raise JourneyError(
                f"Asesmen {p.nama} tidak sedang berlangsung (status {p.get_status_display().lower()}); "
                "tidak ada yang dihentikan.",
                field="hentikan",
                code="stop_state",
            )
    with acting_as(actor, ip):
        line = LogSesi.objects.create(sesi=sesi, permohonan=p, jenis=jenis, teks=teks, oleh=actor, ip=ip)
        if hentikan:
            transition(p, S.DIHENTIKAN, actor=actor, note=f"Insiden pada sesi asesmen: {teks}")
    if hentikan:
        url = reverse("sertifikasi:sesi", args=[jadwal.pk])
        notify(
            [p.asesi],
            judul="Asesmen Anda dihentikan",
            pesan=f"Asesmen pada {jadwal.nama} dihentikan oleh asesor karena insiden: {teks}",
            url=p.get_absolute_url(),
        )
        notify(
            _staff_users(),
            judul=f"Asesmen {p.nama} dihentikan",
            pesan=f"Insiden pada sesi {jadwal.nama}: {teks}",
            url=url,
        )
    return line


# --- the identity check --------------------------------------------------------------------


def identitas_foto_rule() -> UploadRule:
    """The optional snapshot of the identity check: an image only, re-encoded without metadata."""
    return UploadRule("Cuplikan identitas", kinds={"jpg", "png", "webp"}, max_bytes=upload_max_bytes())


@transaction.atomic
def identitas_periksa(
    *,
    jadwal: Jadwal,
    permohonan: Permohonan,
    hasil: str,
    catatan: str,
    actor: User,
    foto=None,
    ip: str | None = None,
) -> CekIdentitas:
    """X-8: the candidate's own assessor compares the face on camera (or in the room) with the
    ID and the photo on file, at the start of the session. Needs the instrument review final
    (SE-A4.8e), the candidate in siap_asesmen with FR.AK.01 final
    (praasesmen.asesmen_require_ak01), and the session on (remote: its window; face to face:
    the batch's day). `catatan` is required when the result is tidak sesuai; `foto` (optional)
    is an image, re-encoded, stored with its SHA-256.

    Sesuai: the check is recorded, the assessment begins (siap_asesmen -> asesmen), the
    candidate's sheets are made (asesmen.lembar_prepare), an 'identitas' log line, the
    candidate is told. Tidak sesuai: the check is recorded, the assessment that the check
    began ends at once (-> asesmen -> dihentikan with the note as the reason: the workflow
    stops an assessment only once it began), an 'insiden' log line, staff and the candidate
    are told."""
    from ..permissions import is_assigned_asesor

    jadwal = _lock_jadwal(jadwal)
    p = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("asesi", "asesor__personel")
        .filter(pk=permohonan.pk, jadwal=jadwal)
        .first()
    )
    if p is None:
        raise JourneyError("Asesi tersebut bukan peserta jadwal ini.", code="not_candidate")
    if not is_assigned_asesor(actor, p):
        raise JourneyError("Hanya asesor asesi ini yang memeriksa identitasnya.", code="right")
    _require_not_cancelled(jadwal)
    sesi = _lock_sesi(jadwal)
    _require_not_closed(sesi)
    refusal = reviu_refusal(jadwal)
    if refusal:
        raise JourneyError(refusal, code="reviu")
    if p.status == S.ASESMEN:
        raise JourneyError(
            "Identitas asesi ini sudah diperiksa dan asesmennya sedang berlangsung.", code="already"
        )
    asesmen_require_ak01(p)
    refusal = time_refusal(jadwal, sesi)
    if refusal:
        raise JourneyError(refusal, code="time")
    if hasil not in CekIdentitas.Hasil.values:
        raise JourneyError("Pilih hasil pemeriksaan: sesuai atau tidak sesuai.", field="hasil", code="hasil")
    catatan = (catatan or "").strip()
    if hasil == CekIdentitas.Hasil.TIDAK_SESUAI and not catatan:
        raise JourneyError(
            "Tulis catatan: apa yang tidak sesuai antara wajah, kartu identitas, dan foto asesi.",
            field="catatan",
            code="note",
        )
    cek = CekIdentitas(sesi=sesi, permohonan=p, hasil=hasil, catatan=catatan, oleh=actor)
    passed = hasil == CekIdentitas.Hasil.SESUAI
    with acting_as(actor, ip):
        if foto:
            checked = identitas_foto_rule().check(foto, field="foto")
            _, cek.foto_sha256 = digest(checked)
            with stored(cek.foto, checked, folder=f"sertifikasi/identitas/{jadwal.pk}"):
                _record_check(cek, p, sesi, actor, ip, passed)
        else:
            _record_check(cek, p, sesi, actor, ip, passed)
    if passed:
        lembar_prepare(p)
        notify(
            [p.asesi],
            judul="Identitas Anda sesuai; asesmen dimulai",
            pesan=f"Asesor telah memeriksa identitas Anda pada {jadwal.nama}. Kerjakan instrumen "
            "asesmen Anda.",
            url=p.get_absolute_url(),
        )
    else:
        notify(
            [p.asesi],
            judul="Asesmen Anda dihentikan: identitas tidak sesuai",
            pesan=f"Pemeriksaan identitas pada {jadwal.nama}: {catatan}. Hubungi LSP untuk penjelasan.",
            url=p.get_absolute_url(),
        )
        notify(
            _staff_users(),
            judul=f"Identitas {p.nama} tidak sesuai",
            pesan=f"Asesmen {p.nama} pada {jadwal.nama} dihentikan: {catatan}",
            url=reverse("sertifikasi:sesi", args=[jadwal.pk]),
        )
    return cek


def _record_check(cek: CekIdentitas, p: Permohonan, sesi: Sesi, actor: User, ip, passed: bool) -> None:
    cek.save()
    p = transition(p, S.ASESMEN, actor=actor, note="Pemeriksaan identitas pada sesi asesmen (X-8)")
    if passed:
        LogSesi.objects.create(
            sesi=sesi,
            permohonan=p,
            jenis=LogSesi.Jenis.IDENTITAS,
            teks=f"Identitas {p.nama} sesuai; asesmen dimulai." + (f" {cek.catatan}" if cek.catatan else ""),
            oleh=actor,
            ip=ip,
        )
        return
    transition(p, S.DIHENTIKAN, actor=actor, note=f"Identitas tidak sesuai: {cek.catatan}")
    LogSesi.objects.create(
        sesi=sesi,
        permohonan=p,
        jenis=LogSesi.Jenis.INSIDEN,
        teks=f"Identitas {p.nama} tidak sesuai; asesmen dihentikan: {cek.catatan}",
        oleh=actor,
        ip=ip,
    )


# --- the berita acara ---------------------------------------------------------------------------


def berita_acara_data(jadwal: Jadwal, sesi: Sesi) -> dict:
    """The berita acara's snapshot: the batch, its time (and extension), mode and video link,
    attendance (names, roles, times), identity checks, incidents, recordings (title and
    SHA-256), and the lead assessor. Five queries whatever the batch's size."""
    mulai, selesai = timezone.localtime(jadwal.mulai), timezone.localtime(jadwal.selesai)
    lead = lead_penugasan(jadwal)
    hadir = [
        {
            "nama": (k.permohonan.nama if k.permohonan_id and k.permohonan.nama else _nama(k.user)),
            "peran": k.get_peran_display(),
            "hadir_pada": _when(k.hadir_pada),
        }
        for k in sesi.kehadiran.select_related("user", "permohonan").order_by("hadir_pada", "pk")
    ]
    identitas = [
        {
            "asesi": c.permohonan.nama,
            "hasil": c.get_hasil_display(),
            "catatan": c.catatan,
            "waktu": _when(c.waktu),
            "pemeriksa": _nama(c.oleh),
        }
        for c in sesi.cek_identitas.select_related("permohonan", "oleh").order_by("waktu", "pk")
    ]
    insiden = [
        {
            "waktu": _when(line.waktu),
            "asesi": line.permohonan.nama if line.permohonan_id else "",
            "uraian": line.teks,
            "dicatat_oleh": _nama(line.oleh),
        }
        for line in sesi.log.filter(jenis=LogSesi.Jenis.INSIDEN)
        .select_related("permohonan", "oleh")
        .order_by("waktu", "pk")
    ]
    rekaman = [
        {"judul": r.judul, "sha256": r.sha256}
        for r in Rekaman.objects.filter(sesi=sesi).order_by("pk").only("judul", "sha256")
    ]
    data = {
        "jadwal": jadwal.nama,
        "skema": f"{jadwal.skema.kode} {jadwal.skema.judul}",
        "tuk": jadwal.tuk.nama,
        "mode": jadwal.get_mode_display(),
        "hari_tanggal": date_format(mulai.date(), "l, j F Y"),
        "waktu": f"{mulai:%H.%M}–{selesai:%H.%M} WIB",
    }
    if sesi.diperpanjang_sampai:
        data["diperpanjang_sampai"] = _when(sesi.diperpanjang_sampai)
    if jadwal.tautan_video:
        data["tautan_video"] = jadwal.tautan_video
    data.update(
        daftar_hadir=hadir or "Tidak ada yang hadir.",
        pemeriksaan_identitas=identitas or "Tidak ada pemeriksaan identitas.",
        insiden=insiden or "Tidak ada insiden.",
        rekaman=rekaman or "Tidak ada rekaman.",
        asesor_kepala=lead.asesor.personel.nama if lead else "",
        no_reg_met=lead.asesor.nomor_met if lead else "",
    )
    return data


@transaction.atomic
def berita_acara_sign(*, jadwal: Jadwal, actor: User, ttd: Tandatangan) -> Dokumen:
    """The lead assessor signs the session's berita acara (BA-ASESMEN, berita_acara_data);
    Sesi.berita_acara points at it and the session is closed (ditutup_pada): no one joins
    after it. Signing again (recordings added later...) is a correction: a new version; the
    closing time stays. Refused: not the lead assessor, a cancelled batch, before the
    session's window opens."""
    jadwal = _lock_jadwal(jadwal)
    if not is_lead_asesor(actor, jadwal):
        raise JourneyError(
            "Hanya asesor kepala jadwal ini yang menandatangani berita acara.", code="not_lead"
        )
    _require_not_cancelled(jadwal)
    opens, _ = sesi_window(jadwal)
    if timezone.now() < opens:
        raise JourneyError(f"Berita acara dibuat setelah sesi dibuka ({_when(opens)}).", code="too_early")
    sesi = _lock_sesi(jadwal)
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            current=sesi.berita_acara,
            kode="BA-ASESMEN",
            subject=jadwal,
            judul=f"Berita acara asesmen: {jadwal.nama}",
            data=berita_acara_data(jadwal, sesi),
            pihak="asesor",
            signer=actor,
            ttd=ttd,
            alasan="Berita acara diperbarui",
        )
        sesi.berita_acara = dokumen
        sesi.ditutup_pada = sesi.ditutup_pada or timezone.now()
        sesi.save(update_fields=["berita_acara", "ditutup_pada", "updated_at"])
    dokumen.refresh_from_db()  # signed: final
    return dokumen
