"""The timed FR.IA.05 multiple-choice test (SE-A4.8d, SE-D1.2d).

One attempt per candidate and sheet. The first start fixes the clock on the server (deadline
= now + the instrument's time + the FR.AK.07 extra time of the plan) and the order of items
and of each item's options, shuffled for this candidate; every later start resumes with the
same deadline and order (the time used counts). Each answer is saved on its own (autosave);
none is taken after the deadline or after finishing. The test finishes once: by the
candidate, or at the deadline (lazily by the next request, and by a Celery task scheduled at
the deadline for an abandoned test). Finishing scores against the key and issues the answer
sheet (FR.IA.05, signed by the candidate then the assessor); the sheet is final when that
record is.

The key (OpsiJawaban.benar) never leaves the server: the page gets item and option texts and
ids in the candidate's order (`ujian_halaman`), and the record keeps, per item, the choice and
whether it met the key (K/BK, FORMS.md: the C sheet), not the key itself (question banks are
confidential: the candidate signs and reads this record).
"""

import datetime as dt
import logging
import math
import random

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen
from administrasi.services import BROKER_ERRORS
from akun.audit import acting_as
from akun.models import User
from lsp_portal.workflow import transition
from muk.models import ButirInstrumen, JenisIA, OpsiJawaban

from ..models import Isian, Lembar, LogSesi, Rencana
from ..permissions import can_take_ujian
from .asesmen import lead_penugasan, lembar_require_open, sesi_of
from .common import JourneyError, Tandatangan, issue_or_correct, notify, sign

log = logging.getLogger(__name__)

KODE = "FR.IA.05"
WAKTU_HABIS = "Waktu habis; jawaban tidak disimpan."
SUDAH_SELESAI = "Ujian ini sudah selesai; jawaban tidak dapat diubah lagi."
BELUM_MULAI = "Ujian belum dimulai. Buka halaman ujian lalu tekan Mulai ujian."
TANPA_WAKTU = (
    "Waktu pengerjaan FR.IA.05 ini belum ditetapkan di MUK, sehingga ujian belum dapat dimulai. "
    "Hubungi Admin LSP: pengelola MUK perlu mengisi waktu pengerjaannya."
)
TANPA_SOAL = "FR.IA.05 ini belum memiliki soal. Hubungi Admin LSP."
OPSI_SALAH = "Pilihan jawaban tidak sesuai dengan soalnya. Muat ulang halaman ini lalu pilih lagi."
BUKAN_ASESI = "Hanya asesi yang bersangkutan yang mengerjakan ujian ini."


# --- reading -----------------------------------------------------------------------------------


def _lock(pk: int) -> Lembar:
    """The sheet under a row lock (its own row only), with what every step reads."""
    return (
        Lembar.objects.select_for_update(of=("self",))
        .select_related("instrumen__unit", "permohonan__asesi", "permohonan__jadwal")
        .get(pk=pk)
    )


def _require_candidate(lembar: Lembar, actor: User) -> None:
    if lembar.instrumen.jenis != JenisIA.IA05:
        raise JourneyError("Lembar ini bukan ujian tertulis pilihan ganda (FR.IA.05).", code="jenis")
    if not can_take_ujian(actor, lembar):
        raise JourneyError(BUKAN_ASESI, code="bukan_asesi")


def is_due(lembar: Lembar, *, now=None) -> bool:
    """Started, not finished, and its deadline has passed."""
    return bool(
        lembar.mulai_pada and not lembar.selesai_pada and (now or timezone.now()) >= lembar.batas_pada
    )


def sisa_detik(lembar: Lembar, *, now=None) -> int:
    """Seconds left by the server's clock (0 when finished, due or not started)."""
    if not lembar.mulai_pada or lembar.selesai_pada:
        return 0
    return max(0, math.ceil((lembar.batas_pada - (now or timezone.now())).total_seconds()))


def tambahan_waktu(lembar: Lembar) -> int:
    """The FR.AK.07 extra time of the candidate's plan, in minutes (X-7)."""
    value = (
        Rencana.objects.filter(permohonan_id=lembar.permohonan_id)
        .values_list("tambahan_waktu_menit", flat=True)
        .first()
    )
    return int(value or 0)


def ujian_halaman(lembar: Lembar) -> dict:
    """What the test page shows: the items in the candidate's order, each with its options in
    the candidate's order (id, the letter of their place, text) and the option chosen. Plain
    values only: no option object (nor its key) reaches the template. Three queries whatever
    the number of items."""
    order = lembar.urutan.get("butir", [])
    opsi_order = lembar.urutan.get("opsi", {})
    items = {b.pk: b for b in ButirInstrumen.objects.filter(pk__in=order).only("pk", "teks")}
    texts = dict(OpsiJawaban.objects.filter(butir_id__in=order).values_list("pk", "teks"))
    chosen = dict(Isian.objects.filter(lembar=lembar, opsi__isnull=False).values_list("butir_id", "opsi_id"))
    soal = []
    for nomor, butir_id in enumerate(order, start=1):
        butir = items.get(butir_id)
        if butir is None:
            continue
        opsi = [
            {"id": opsi_id, "huruf": "ABCDE"[i] if i < 5 else str(i + 1), "teks": texts[opsi_id]}
            for i, opsi_id in enumerate(opsi_order.get(str(butir_id), []))
            if opsi_id in texts
        ]
        soal.append(
            {
                "id": butir_id,
                "nomor": nomor,
                "teks": butir.teks,
                "opsi": opsi,
                "pilihan": chosen.get(butir_id),
            }
        )
    return {"soal": soal, "jumlah": len(soal), "dijawab": sum(1 for s in soal if s["pilihan"])}


# --- starting ------------------------------------------------------------------------------------


def _schedule(lembar_id: int, eta) -> None:
    """After commit: the task that finishes the test at its deadline (an abandoned test). A
    broker outage loses nothing: the next request of the candidate finishes it lazily."""
    from ..tasks import ujian_selesai_otomatis

    def send():
        try:
            ujian_selesai_otomatis.apply_async(args=[lembar_id], eta=eta)
        except BROKER_ERRORS:
            log.warning("Tugas penutup FR.IA.05 lembar %s belum terjadwal.", lembar_id, exc_info=True)

    transaction.on_commit(send)


def _log(lembar: Lembar, teks: str, oleh: User, ip=None) -> None:
    jadwal = lembar.permohonan.jadwal
    if jadwal is None:
        return
    LogSesi.objects.create(
        sesi=sesi_of(jadwal),
        permohonan=lembar.permohonan,
        jenis=LogSesi.Jenis.INSTRUMEN,
        teks=teks,
        oleh=oleh,
        ip=ip,
    )


def ujian_mulai(*, lembar: Lembar, actor: User, ip: str | None = None) -> Lembar:
    """Start the candidate's FR.IA.05, or resume it. The first call (through the sheet's gate,
    lembar_require_open) fixes the deadline (the instrument's time + the plan's FR.AK.07 extra
    time) and the order of items and options, shuffled for this candidate (SystemRandom), and
    schedules the task that finishes it at the deadline. Later calls change nothing: same
    deadline, same order. A due test is finished (lazily). JourneyError: not the candidate,
    the gate refuses, the instrument has no time or no items."""
    if is_due(lembar):
        return ujian_selesai(lembar=lembar, actor=None, otomatis=True)
    with transaction.atomic():
        lembar = _lock(lembar.pk)
        _require_candidate(lembar, actor)
        if lembar.mulai_pada or lembar.selesai_pada:
            return lembar  # resume (a due test is finished by the caller's next read)
        lembar_require_open(lembar)
        instrumen = lembar.instrumen
        if not instrumen.waktu_menit:
            raise JourneyError(TANPA_WAKTU, code="tanpa_waktu")
        items = list(
            ButirInstrumen.objects.filter(instrumen=instrumen)
            .order_by("urutan", "pk")
            .prefetch_related("opsi")
        )
        if not items:
            raise JourneyError(TANPA_SOAL, code="tanpa_soal")
        rng = random.SystemRandom()
        butir = [b.pk for b in items]
        rng.shuffle(butir)
        opsi = {}
        for b in items:
            ids = [o.pk for o in b.opsi.all()]
            rng.shuffle(ids)
            opsi[str(b.pk)] = ids
        menit = instrumen.waktu_menit + tambahan_waktu(lembar)
        now = timezone.now()
        lembar.mulai_pada = now
        lembar.batas_pada = now + dt.timedelta(minutes=menit)
        lembar.urutan = {"butir": butir, "opsi": opsi}
        lembar.jumlah = len(butir)
        with acting_as(actor, ip):
            lembar.save(update_fields=["mulai_pada", "batas_pada", "urutan", "jumlah", "updated_at"])
            _log(
                lembar,
                f"{lembar.permohonan.nama} memulai {KODE} unit {instrumen.unit.kode}: {len(butir)} soal, "
                f"{menit} menit (batas {timezone.localtime(lembar.batas_pada):%H:%M:%S} WIB).",
                actor,
                ip,
            )
        _schedule(lembar.pk, lembar.batas_pada)
    return lembar


# --- answering -----------------------------------------------------------------------------------


def ujian_jawab(*, lembar: Lembar, butir_id: int, opsi_id: int | None, actor: User) -> Lembar:
    """Autosave one answer (the option chosen for an item; None clears it). Refused after the
    deadline (WAKTU_HABIS: the test is finished then), after finishing, before starting, and
    for an option of another item."""
    return ujian_jawab_semua(lembar=lembar, jawaban={butir_id: opsi_id}, actor=actor)


def ujian_jawab_semua(*, lembar: Lembar, jawaban: dict, actor: User) -> Lembar:
    """Save the answers {item id: option id or None} of a page (the form without JavaScript)
    in one transaction, by the rules of `ujian_jawab`: all or none."""
    due = False
    with transaction.atomic():
        lembar = _lock(lembar.pk)
        _require_candidate(lembar, actor)
        if lembar.selesai_pada:
            raise JourneyError(SUDAH_SELESAI, code="selesai")
        if not lembar.mulai_pada:
            raise JourneyError(BELUM_MULAI, code="belum_mulai")
        if is_due(lembar):
            due = True
        else:
            lembar_require_open(lembar)
            allowed = lembar.urutan.get("opsi", {})
            for butir_id, opsi_id in jawaban.items():
                ids = allowed.get(str(butir_id))
                if ids is None or (opsi_id is not None and opsi_id not in ids):
                    raise JourneyError(OPSI_SALAH, code="opsi")
            _store(lembar, jawaban, actor)
    if due:
        ujian_selesai(lembar=lembar, actor=None, otomatis=True)
        raise JourneyError(WAKTU_HABIS, code="waktu_habis")
    return lembar


def _store(lembar: Lembar, jawaban: dict, actor: User) -> None:
    """Upsert one Isian per item (each save audited); unchanged answers are not written."""
    now = timezone.now()
    existing = {i.butir_id: i for i in Isian.objects.filter(lembar=lembar, butir_id__in=list(jawaban))}
    with acting_as(actor):
        for butir_id, opsi_id in jawaban.items():
            row = existing.get(butir_id)
            if row is None:
                Isian.objects.create(lembar=lembar, butir_id=butir_id, opsi_id=opsi_id, diubah_pada=now)
            elif row.opsi_id != opsi_id:
                row.opsi_id, row.diubah_pada = opsi_id, now
                row.save(update_fields=["opsi", "diubah_pada"])


# --- finishing -----------------------------------------------------------------------------------


def _asesor_user(lembar: Lembar) -> User | None:
    p = lembar.permohonan
    if p.asesor_id:
        return p.asesor.personel.user
    lead = lead_penugasan(p.jadwal) if p.jadwal_id else None
    return lead.asesor.personel.user if lead else None


def _record_data(lembar: Lembar, chosen: dict, items: list, asesor: User | None) -> dict:
    """The answer sheet (FR.IA.05 C): per item in the MUK's order its question and options, the
    candidate's choice and whether it met the key (K/BK); the score. Ids keep the link to the
    validated MUK, where the key stays."""
    p, instrumen = lembar.permohonan, lembar.instrumen
    shown = {b: n for n, b in enumerate(lembar.urutan.get("butir", []), start=1)}
    rows = []
    for nomor, b in enumerate(items, start=1):
        opsi = list(b.opsi.all())
        pilihan = chosen.get(b.pk)
        rows.append(
            {
                "nomor": nomor,
                "nomor_tampil": shown.get(b.pk),
                "soal": b.teks,
                "kuk": b.kuk.nomor if b.kuk_id else "",
                "opsi": [[o.huruf, o.teks] for o in opsi],
                "jawaban": pilihan.huruf if pilihan else "",
                "hasil": "K" if pilihan and pilihan.benar else "BK",
                "butir_id": b.pk,
                "opsi_id": pilihan.pk if pilihan else None,
            }
        )
    benar = sum(1 for r in rows if r["hasil"] == "K")

    def when(value):
        return f"{timezone.localtime(value):%d-%m-%Y %H:%M:%S} WIB" if value else ""

    return {
        "asesi": p.nama,
        "skema": f"{p.skema.kode} {p.skema.judul}",
        "unit": f"{instrumen.unit.kode} {instrumen.unit.judul}",
        "instrumen": instrumen.judul,
        "muk_versi": instrumen.versi.nomor,
        "asesor": asesor.nama_lengkap if asesor else "",
        "waktu_menit": instrumen.waktu_menit,
        "tambahan_waktu_menit": tambahan_waktu(lembar),
        "mulai": when(lembar.mulai_pada),
        "batas": when(lembar.batas_pada),
        "selesai": when(lembar.selesai_pada),
        "dikirim": "otomatis saat waktu habis" if lembar.otomatis else "oleh asesi",
        "butir": rows,
        "benar": benar,
        "jumlah": len(rows),
        "nilai": round(100 * benar / len(rows)) if rows else 0,
    }


def ujian_selesai(
    *, lembar: Lembar, actor: User | None = None, otomatis: bool = False, ip: str | None = None
) -> Lembar:
    """Finish the test once (a second call changes nothing): the time, whether at the deadline,
    the score against the key (benar, jumlah), status dikirim, the FR.IA.05 answer sheet issued
    for the candidate then the assessor to sign, a line in the session log, the candidate told
    to sign. `actor`: the candidate finishing it; None: the system at the deadline (the lazy
    finish or the task), which does nothing before the deadline."""
    with transaction.atomic():
        lembar = _lock(lembar.pk)
        if lembar.selesai_pada:
            return lembar
        if actor is not None:
            _require_candidate(lembar, actor)
        if not lembar.mulai_pada:
            raise JourneyError(BELUM_MULAI, code="belum_mulai")
        now = timezone.now()
        due = now >= lembar.batas_pada
        if actor is None and not due:
            return lembar  # the task ran before the deadline (eager Celery): nothing to do yet
        p = lembar.permohonan
        by = actor or p.asesi
        order = lembar.urutan.get("butir", [])
        items = list(
            ButirInstrumen.objects.filter(pk__in=order)
            .select_related("kuk")
            .prefetch_related("opsi")
            .order_by("urutan", "pk")
        )
        opsi = {o.pk: o for b in items for o in b.opsi.all()}
        chosen = {
            butir_id: opsi[opsi_id]
            for butir_id, opsi_id in Isian.objects.filter(lembar=lembar, opsi__isnull=False).values_list(
                "butir_id", "opsi_id"
            )
            if opsi_id in opsi
        }
        lembar.selesai_pada = now
        lembar.otomatis = bool(otomatis or due)
        lembar.benar = sum(1 for b in items if chosen.get(b.pk) and chosen[b.pk].benar)
        lembar.jumlah = len(order)
        asesor = _asesor_user(lembar)
        with acting_as(by, ip):
            lembar.save(update_fields=["selesai_pada", "otomatis", "benar", "jumlah", "updated_at"])
            sent = transition(
                lembar,
                Lembar.Status.DIKIRIM,
                actor=actor,
                note="dikirim otomatis saat waktu habis" if lembar.otomatis else "dikirim oleh asesi",
            )
            lembar.status = sent.status
            if asesor is not None:
                dokumen = issue_or_correct(
                    current=None,
                    kode=KODE,
                    subject=p,
                    judul=f"{KODE} {p.nama} – {lembar.instrumen.unit.kode}",
                    data=_record_data(lembar, chosen, items, asesor),
                    signers={"asesi": p.asesi, "asesor": asesor},
                    actor=by,
                    alasan="",
                )
                lembar.dokumen = dokumen
                lembar.save(update_fields=["dokumen", "updated_at"])
            else:
                log.warning("FR.IA.05 lembar %s selesai tanpa asesor: rekaman belum diterbitkan.", lembar.pk)
            _log(
                lembar,
                f"{KODE} unit {lembar.instrumen.unit.kode} {p.nama} selesai"
                f"{' otomatis saat waktu habis' if lembar.otomatis else ''}: "
                f"{lembar.benar} dari {lembar.jumlah} soal tepat.",
                by,
                ip,
            )
        if lembar.dokumen_id:
            notify(
                [p.asesi],
                judul="Tandatangani lembar jawab FR.IA.05",
                pesan=f"Ujian tertulis unit {lembar.instrumen.unit.kode} selesai. Tandatangani lembar "
                "jawabnya; asesor menandatangani sesudah Anda.",
                url=reverse("sertifikasi:ujian", args=[p.pk, lembar.pk]),
                kunci=f"ia05-{lembar.dokumen_id}-asesi",
            )
    return lembar


def ujian_selesai_bila_habis(*, lembar_id: int) -> bool:
    """Finish the test if its deadline has passed (the Celery task, the lazy finish); True when
    this call finished it. Idempotent; before the deadline, or for a finished or unknown
    sheet, nothing happens."""
    lembar = Lembar.objects.filter(pk=lembar_id).first()
    if lembar is None or not is_due(lembar):
        return False
    lembar = ujian_selesai(lembar=lembar, actor=None, otomatis=True)
    return lembar.selesai_pada is not None


def ujian_kedaluwarsa_ids(limit: int = 500) -> list[int]:
    """Started tests whose deadline passed without finishing (a task lost with its broker)."""
    return list(
        Lembar.objects.filter(
            instrumen__jenis=JenisIA.IA05,
            mulai_pada__isnull=False,
            selesai_pada__isnull=True,
            batas_pada__lte=timezone.now(),
        ).values_list("pk", flat=True)[:limit]
    )


# --- signing -------------------------------------------------------------------------------------


def ujian_sync_final(*, lembar: Lembar) -> Lembar:
    """The sheet becomes final when its FR.IA.05 record is (the assessor signs last, on the
    records page): called where the sheet is read."""
    if lembar.status != Lembar.Status.DIKIRIM or not lembar.dokumen_id:
        return lembar
    if not Dokumen.objects.filter(pk=lembar.dokumen_id, status=Dokumen.Status.FINAL).exists():
        return lembar
    with transaction.atomic():
        locked = Lembar.objects.select_for_update(of=("self",)).get(pk=lembar.pk)
        if locked.status == Lembar.Status.DIKIRIM:
            transition(locked, Lembar.Status.FINAL, actor=None, note=f"{KODE} final")
    lembar.status = Lembar.Status.FINAL
    return lembar


@transaction.atomic
def ujian_tandatangan(*, lembar: Lembar, actor: User, ttd: Tandatangan) -> Lembar:
    """The candidate signs their answer sheet (the records engine checks the order and the
    re-authentication); the assessor is told to sign next."""
    lembar = _lock(lembar.pk)
    _require_candidate(lembar, actor)
    if not lembar.selesai_pada or not lembar.dokumen_id:
        raise JourneyError("Lembar jawab belum ada: selesaikan ujian dulu.", code="belum_selesai")
    dokumen = Dokumen.objects.get(pk=lembar.dokumen_id)
    sign(dokumen, signer=actor, ttd=ttd)
    lembar = ujian_sync_final(lembar=lembar)
    asesor = _asesor_user(lembar)
    if lembar.status != Lembar.Status.FINAL and asesor is not None:
        notify(
            [asesor],
            judul=f"Tandatangani FR.IA.05 {lembar.permohonan.nama}",
            pesan=f"{lembar.permohonan.nama} telah menandatangani lembar jawab pilihan ganda unit "
            f"{lembar.instrumen.unit.kode} (skor {lembar.benar} dari {lembar.jumlah}). Tandatangani "
            "sebagai asesor.",
            url=reverse("administrasi:dokumen-sign", args=[dokumen.pk]),
            kunci=f"ia05-{dokumen.pk}-asesor",
        )
    return lembar
