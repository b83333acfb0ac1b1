"""The records of the assessment (SE-A4.8f–i, SE-D1.2f–i), through the records engine:

- FR.AK.02: the candidate's assessor judges every unit of the scheme K/BK with the evidence
  used (the candidate's final sheets, the session's recordings, the APL.02 evidence files)
  and the follow-up; autosaved per unit (HasilUnit); signed by the assessor once every
  planned sheet is final, then read and signed by the candidate -> menunggu_keputusan.
- FR.AK.03: the candidate's feedback on the process, once, after the FR.AK.02 is final.
- FR.AK.05: the batch's report by its lead assessor, once no candidate is still assessed.
- FR.AK.06: the lead assessor's review of the assessment process, after the FR.AK.05.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from administrasi.models import Dokumen
from akun.audit import acting_as
from akun.models import User
from lsp_portal.models import StatusChange
from lsp_portal.workflow import transition
from muk.models import UnitKompetensi

from ..models import Bukti, HasilUnit, Jadwal, Lembar, LogSesi, Permohonan, Rekaman
from .asesmen import lead_penugasan, lembar_is_final, open_sheets, sesi_of
from .common import JourneyError, Tandatangan, issue_or_correct, issue_signed, notify, sign

S = Permohonan.Status
K, BK = HasilUnit.Rekomendasi.K, HasilUnit.Rekomendasi.BK
LEMBAR, REKAMAN, BUKTI = "lembar", "rekaman", "bukti"
MAX_TEKS = 2000


def _header(permohonan: Permohonan) -> dict:
    jadwal = permohonan.jadwal
    return {
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "tuk": f"{jadwal.tuk.get_jenis_display()}: {jadwal.tuk.nama}",
        "asesor": permohonan.asesor.personel.nama,
        "no_reg_met": permohonan.asesor.nomor_met,
        "asesi": permohonan.nama,
        "tanggal": date_format(timezone.localdate(), "j F Y"),
    }


# --- FR.AK.02: reading --------------------------------------------------------------------------


def ak02_units(permohonan: Permohonan) -> list[UnitKompetensi]:
    """The scheme's units in order (one query)."""
    return list(UnitKompetensi.objects.filter(skema_id=permohonan.skema_id).order_by("urutan", "kode"))


def ak02_hasil(permohonan: Permohonan, units=None) -> dict[int, HasilUnit]:
    """{unit id: HasilUnit} for every unit of the scheme; a unit not judged yet gets an
    unsaved empty row (nothing is written by reading). One query."""
    units = ak02_units(permohonan) if units is None else units
    rows = {h.unit_id: h for h in HasilUnit.objects.filter(permohonan=permohonan, unit__in=units)}
    return {u.pk: rows.get(u.pk) or HasilUnit(permohonan=permohonan, unit=u) for u in units}


def lembar_label(lembar: Lembar) -> str:
    nomor = f" ({lembar.dokumen.nomor})" if lembar.dokumen_id and lembar.dokumen.nomor else ""
    return f"{lembar.instrumen.get_jenis_display()}: {lembar.instrumen.judul}{nomor}"


def rekaman_label(rekaman: Rekaman) -> str:
    return f"Rekaman: {rekaman.judul}"


def bukti_label(bukti: Bukti) -> str:
    return f"Berkas APL.02: {bukti.judul}"


def ak02_evidence(permohonan: Permohonan) -> dict:
    """What FR.AK.02 may name as evidence, three queries whatever the size: {"lembar": {unit id:
    [final sheets of that unit]}, "rekaman": [the batch session's recordings and the
    candidate's own], "bukti": [the candidate's evidence files in force]}."""
    sheets: dict[int, list[Lembar]] = {}
    for lembar in (
        Lembar.objects.filter(permohonan=permohonan)
        .select_related("instrumen", "dokumen")
        .order_by("instrumen__jenis", "instrumen__urutan", "pk")
    ):
        if lembar_is_final(lembar):
            sheets.setdefault(lembar.instrumen.unit_id, []).append(lembar)
    rekaman = []
    if permohonan.jadwal_id:
        rekaman = list(
            Rekaman.objects.filter(sesi__jadwal_id=permohonan.jadwal_id)
            .filter(Q(permohonan__isnull=True) | Q(permohonan=permohonan))
            .order_by("pk")
        )
    bukti = list(
        Bukti.objects.filter(permohonan=permohonan, aktif=True).order_by("persyaratan__urutan", "pk")
    )
    return {LEMBAR: sheets, REKAMAN: rekaman, BUKTI: bukti}


def evidence_choices(evidence: dict, unit_id: int) -> list[tuple[str, str]]:
    """(key "jenis:id", label) of the evidence a unit may name."""
    return [
        *((f"{LEMBAR}:{x.pk}", lembar_label(x)) for x in evidence[LEMBAR].get(unit_id, [])),
        *((f"{REKAMAN}:{x.pk}", rekaman_label(x)) for x in evidence[REKAMAN]),
        *((f"{BUKTI}:{x.pk}", bukti_label(x)) for x in evidence[BUKTI]),
    ]


def bukti_key(item: dict) -> str:
    return f"{item.get('jenis')}:{item.get('id')}"


def ak02_locked_reason(permohonan: Permohonan) -> str:
    """Why FR.AK.02 can no longer be edited (already signed), or ""."""
    dokumen = permohonan.ak02
    if dokumen is None or dokumen.status in (Dokumen.Status.VOID, Dokumen.Status.SUPERSEDED):
        return ""
    if dokumen.status == Dokumen.Status.FINAL:
        return "FR.AK.02 sudah ditandatangani asesor dan asesi; isinya tidak dapat diubah lagi."
    return (
        "FR.AK.02 sudah Anda tandatangani dan menunggu tanda tangan asesi; isinya tidak dapat diubah "
        "sebelum asesi menandatanganinya."
    )


def ak02_problems(permohonan: Permohonan, *, units=None, hasil=None) -> list[str]:
    """What keeps the assessor from signing FR.AK.02, in words; empty when it can be signed:
    planned sheets not final yet (SE-A4.8f), a unit without K/BK, a BK without its
    follow-up, a K without evidence."""
    problems = []
    pending = open_sheets(permohonan)
    if pending:
        names = ", ".join(
            f"{x.instrumen.get_jenis_display()} ({x.get_status_display().lower()})" for x in pending
        )
        problems.append(f"Lembar instrumen yang belum final: {names}.")
    units = ak02_units(permohonan) if units is None else units
    hasil = ak02_hasil(permohonan, units) if hasil is None else hasil
    if not units:
        problems.append("Skema ini belum memiliki unit kompetensi.")
    for unit in units:
        row = hasil[unit.pk]
        if row.rekomendasi not in (K, BK):
            problems.append(f"Unit {unit.kode}: pilih rekomendasi K atau BK.")
        elif row.rekomendasi == BK and not row.tindak_lanjut.strip():
            problems.append(f"Unit {unit.kode}: tulis tindak lanjut untuk rekomendasi BK.")
        elif row.rekomendasi == K and not row.bukti:
            problems.append(f"Unit {unit.kode}: centang paling sedikit satu bukti yang digunakan.")
    return problems


# --- FR.AK.02: the assessor --------------------------------------------------------------------


def _assessor_ak02(permohonan: Permohonan, actor: User) -> Permohonan:
    from ..permissions import is_assigned_asesor

    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("skema", "jadwal__tuk", "asesor__personel", "asesi", "ak02")
        .get(pk=permohonan.pk)
    )
    if not is_assigned_asesor(actor, permohonan):
        raise JourneyError("Hanya asesor yang ditugaskan untuk asesi ini yang dapat mengisi FR.AK.02.")
    if permohonan.status != S.ASESMEN:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()}; FR.AK.02 diisi selama "
            "asesmen berlangsung.",
            code="state",
        )
    return permohonan


@transaction.atomic
def ak02_save(*, permohonan: Permohonan, hasil: dict[int, dict], actor: User) -> list[HasilUnit]:
    """Save the assessor's FR.AK.02 per unit as typed (autosave): `hasil` {unit id:
    {"rekomendasi": "K" | "BK" | "", "bukti": ["lembar:12", ...], "tindak_lanjut": str}},
    each key optional (what is left out keeps its stored value). Refused (nothing saved) for
    a unit outside the scheme, evidence the unit may not name, or once the AK.02 is signed."""
    permohonan = _assessor_ak02(permohonan, actor)
    locked = ak02_locked_reason(permohonan)
    if locked:
        raise JourneyError(locked, code="ak02_signed")
    units = {u.pk: u for u in ak02_units(permohonan)}
    unknown = set(hasil) - set(units)
    if unknown:
        raise JourneyError(
            "Isian FR.AK.02 tidak terbaca. Muat ulang halaman ini lalu coba lagi.", code="unreadable"
        )
    evidence = ak02_evidence(permohonan) if any("bukti" in v for v in hasil.values()) else None
    rows = ak02_hasil(permohonan, [units[i] for i in hasil])
    changed = []
    for unit_id, values in hasil.items():
        unit, row = units[unit_id], rows[unit_id]
        before = (row.rekomendasi, row.tindak_lanjut, list(row.bukti))
        if "rekomendasi" in values:
            value = (values["rekomendasi"] or "").strip().upper()
            if value not in ("", K, BK):
                raise JourneyError(
                    f"Unit {unit.kode}: rekomendasi K atau BK.", field=f"rek-{unit_id}", code="choice"
                )
            row.rekomendasi = value
        if "tindak_lanjut" in values:
            text = (values["tindak_lanjut"] or "").strip()
            if len(text) > MAX_TEKS:
                raise JourneyError(
                    f"Unit {unit.kode}: tindak lanjut paling panjang {MAX_TEKS} karakter.",
                    field=f"tl-{unit_id}",
                    code="length",
                )
            row.tindak_lanjut = text
        if "bukti" in values:
            allowed = dict(evidence_choices(evidence, unit_id))
            chosen = [key for key in dict.fromkeys(values["bukti"]) if key]
            outside = [key for key in chosen if key not in allowed]
            if outside:
                raise JourneyError(
                    f"Unit {unit.kode}: bukti yang dipilih tidak tersedia untuk unit ini (lembar belum "
                    "final atau bukan milik asesi). Muat ulang halaman ini.",
                    field=f"bukti-{unit_id}",
                    code="evidence",
                )
            row.bukti = [{"jenis": key.split(":")[0], "id": int(key.split(":")[1])} for key in chosen]
        if row.pk is None or (row.rekomendasi, row.tindak_lanjut, row.bukti) != before:
            changed.append(row)
    with acting_as(actor):
        for row in changed:  # a few rows per autosave; each save audited by its model signal
            row.save()
    return list(rows.values())


def ak02_data(permohonan: Permohonan, *, komentar: str, units, hasil, evidence) -> dict:
    """FR.AK.02 as signed: the header, per unit K/BK with the evidence named and the
    follow-up, the overall recommendation and the BK units."""
    labels = {
        **{f"{LEMBAR}:{x.pk}": lembar_label(x) for rows in evidence[LEMBAR].values() for x in rows},
        **{f"{REKAMAN}:{x.pk}": rekaman_label(x) for x in evidence[REKAMAN]},
        **{f"{BUKTI}:{x.pk}": bukti_label(x) for x in evidence[BUKTI]},
    }
    per_unit = []
    for unit in units:
        row = hasil[unit.pk]
        per_unit.append(
            {
                "unit": f"{unit.kode} {unit.judul}",
                "rekomendasi": row.rekomendasi,
                "bukti": "; ".join(labels.get(bukti_key(b), bukti_key(b)) for b in row.bukti),
                "tindak_lanjut": row.tindak_lanjut,
            }
        )
    bk = [u.kode for u in units if hasil[u.pk].rekomendasi == BK]
    return {
        **_header(permohonan),
        "hasil_per_unit": per_unit,
        "rekomendasi": "Belum kompeten (BK)" if bk else "Kompeten (K)",
        "unit_belum_kompeten": bk,
        "komentar_asesor": komentar,
        "pernyataan": "Asesor telah memberikan umpan balik kepada asesi dan asesi telah menerima "
        "rekomendasi ini.",
    }


@transaction.atomic
def ak02_sign_asesor(*, permohonan: Permohonan, komentar: str, actor: User, ttd: Tandatangan) -> Dokumen:
    """The assessor signs FR.AK.02 (issued for the assessor, then the candidate): refused
    while any planned sheet is not final (named) or a unit is incomplete (ak02_problems).
    A FR.AK.02 already signed by the assessor is not replaced (issue_or_correct: the
    candidate signs first). The candidate is told to read and sign it."""
    permohonan = _assessor_ak02(permohonan, actor)
    komentar = (komentar or "").strip()
    if len(komentar) > MAX_TEKS:
        raise JourneyError(f"Komentar paling panjang {MAX_TEKS} karakter.", field="komentar")
    units = ak02_units(permohonan)
    hasil = ak02_hasil(permohonan, units)
    problems = ak02_problems(permohonan, units=units, hasil=hasil)
    if problems:
        raise JourneyError(" ".join(problems), code="incomplete")
    data = ak02_data(
        permohonan, komentar=komentar, units=units, hasil=hasil, evidence=ak02_evidence(permohonan)
    )
    with acting_as(actor, ttd.ip):
        dokumen = issue_or_correct(
            current=permohonan.ak02,
            kode="FR.AK.02",
            subject=permohonan,
            judul=f"FR.AK.02 {permohonan.nama} – {permohonan.skema.kode}",
            data=data,
            signers={"asesor": actor, "asesi": permohonan.asesi},
            actor=actor,
            alasan="Rekaman asesmen diperbaiki",
        )
        sign(dokumen, signer=actor, ttd=ttd)
        dokumen.refresh_from_db()
        permohonan.ak02 = dokumen
        permohonan.save(update_fields=["ak02", "updated_at"])
    notify(
        [permohonan.asesi],
        judul="Baca dan tandatangani rekaman asesmen (FR.AK.02)",
        pesan=f"Asesor {permohonan.asesor.personel.nama} telah menandatangani rekomendasi per unit "
        "kompetensi Anda. Baca, lalu tandatangani.",
        url=permohonan.get_absolute_url(),
        kunci=f"ak02-{dokumen.pk}-asesi",
    )
    return dokumen


@transaction.atomic
def ak02_sign_asesi(*, permohonan: Permohonan, actor: User, ttd: Tandatangan) -> Permohonan:
    """The candidate signs their FR.AK.02 after the assessor (the records engine refuses out
    of order, a repeat, or someone not a party). Final -> menunggu_keputusan, a line in the
    session log; the assessor is told, the candidate asked for FR.AK.03."""
    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("ak02", "asesor__personel", "jadwal")
        .get(pk=permohonan.pk)
    )
    if (
        permohonan.status != S.ASESMEN
        or permohonan.ak02 is None
        or permohonan.ak02.status != Dokumen.Status.DRAFT
    ):
        raise JourneyError("Tidak ada rekaman asesmen (FR.AK.02) yang menunggu tanda tangan.", code="state")
    sign(permohonan.ak02, signer=actor, ttd=ttd)
    dokumen = Dokumen.objects.get(pk=permohonan.ak02_id)
    if dokumen.status != Dokumen.Status.FINAL:
        return permohonan
    with acting_as(actor, ttd.ip):
        permohonan = transition(permohonan, S.MENUNGGU_KEPUTUSAN, actor=actor, note="FR.AK.02 final")
        LogSesi.objects.create(
            sesi=sesi_of(permohonan.jadwal),
            permohonan=permohonan,
            jenis=LogSesi.Jenis.INSTRUMEN,
            teks=f"FR.AK.02 {permohonan.nama} ditandatangani asesor dan asesi.",
            oleh=actor,
            ip=ttd.ip,
        )
    notify(
        [permohonan.asesor.personel.user if permohonan.asesor_id else None],
        judul="Asesi menandatangani FR.AK.02",
        pesan=f"{permohonan.nama} telah menandatangani rekaman asesmen; rekomendasi menunggu keputusan "
        "komite.",
        url=permohonan.get_absolute_url(),
        kunci=f"ak02-{dokumen.pk}-final",
    )
    notify(
        [permohonan.asesi],
        judul="Beri umpan balik asesmen (FR.AK.03)",
        pesan="Rekaman asesmen Anda lengkap. Mohon isi umpan balik atas proses asesmen (FR.AK.03).",
        url=permohonan.get_absolute_url(),
        kunci=f"ak03-{permohonan.pk}",
    )
    return permohonan


# --- FR.AK.03: the candidate's feedback ------------------------------------------------------

AK03_PERTANYAAN = [
    (
        "penjelasan_proses",
        "Saya mendapatkan penjelasan yang cukup memadai mengenai proses asesmen/uji kompetensi.",
    ),
    (
        "mempelajari_standar",
        "Saya diberikan kesempatan untuk mempelajari standar kompetensi yang akan diujikan dan menilai "
        "diri sendiri terhadap pencapaiannya.",
    ),
    (
        "negosiasi",
        "Asesor memberikan kesempatan untuk mendiskusikan/menegosiasikan metode, instrumen, dan sumber "
        "asesmen serta jadwal asesmen.",
    ),
    (
        "menggali_bukti",
        "Asesor berusaha menggali seluruh bukti pendukung yang sesuai dengan latar belakang pelatihan dan "
        "pengalaman yang saya miliki.",
    ),
    (
        "demonstrasi",
        "Saya sepenuhnya diberikan kesempatan untuk mendemonstrasikan kompetensi yang saya miliki selama "
        "asesmen.",
    ),
    ("penjelasan_keputusan", "Saya mendapatkan penjelasan yang memadai mengenai keputusan asesmen."),
    ("umpan_balik", "Asesor memberikan umpan balik yang mendukung setelah asesmen serta tindak lanjutnya."),
    (
        "dokumen_bersama",
        "Asesor bersama saya mempelajari semua dokumen asesmen serta menandatanganinya.",
    ),
    (
        "kerahasiaan",
        "Saya mendapatkan jaminan kerahasiaan hasil asesmen serta penjelasan penanganan dokumen asesmen.",
    ),
    ("komunikasi", "Asesor menggunakan keterampilan komunikasi yang efektif selama asesmen."),
]
YA, TIDAK = "ya", "tidak"


@transaction.atomic
def ak03_submit(
    *,
    permohonan: Permohonan,
    jawaban: dict[str, tuple[str, str]],
    catatan: str,
    actor: User,
    ttd: Tandatangan,
) -> Dokumen:
    """FR.AK.03: the candidate answers every statement Ya/Tidak (with an optional comment)
    and signs; once, after their FR.AK.02 is final. The assessor is told."""
    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("skema", "jadwal__tuk", "asesor__personel", "ak02", "ak03")
        .get(pk=permohonan.pk)
    )
    if permohonan.asesi_id != actor.pk:
        raise JourneyError("Umpan balik asesmen diisi oleh asesi sendiri.")
    if permohonan.ak03_id is not None:
        raise JourneyError("Umpan balik asesmen (FR.AK.03) sudah Anda kirim.", code="done")
    if permohonan.ak02 is None or permohonan.ak02.status != Dokumen.Status.FINAL:
        raise JourneyError(
            "Umpan balik diisi setelah rekaman asesmen (FR.AK.02) ditandatangani asesor dan Anda.",
            code="state",
        )
    rows = []
    for key, teks in AK03_PERTANYAAN:
        answer, komentar = jawaban.get(key, ("", ""))
        komentar = (komentar or "").strip()
        if answer not in (YA, TIDAK):
            raise JourneyError("Pilih Ya atau Tidak.", field=key, code="required")
        if len(komentar) > MAX_TEKS:
            raise JourneyError(f"Komentar paling panjang {MAX_TEKS} karakter.", field=key, code="length")
        rows.append({"pernyataan": teks, "jawaban": "Ya" if answer == YA else "Tidak", "komentar": komentar})
    catatan = (catatan or "").strip()
    if len(catatan) > MAX_TEKS:
        raise JourneyError(f"Catatan paling panjang {MAX_TEKS} karakter.", field="catatan")
    data = {**_header(permohonan), "umpan_balik": rows, "catatan_lain": catatan}
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            kode="FR.AK.03",
            subject=permohonan,
            judul=f"FR.AK.03 {permohonan.nama} – {permohonan.skema.kode}",
            data=data,
            pihak="asesi",
            signer=actor,
            ttd=ttd,
        )
        dokumen.refresh_from_db()  # signed: final
        permohonan.ak03 = dokumen
        permohonan.save(update_fields=["ak03", "updated_at"])
    notify(
        [permohonan.asesor.personel.user if permohonan.asesor_id else None],
        judul="Umpan balik asesi (FR.AK.03)",
        pesan=f"{permohonan.nama} telah mengisi umpan balik asesmen.",
        url=permohonan.get_absolute_url(),
        kunci=f"ak03-{dokumen.pk}",
    )
    return dokumen


def ak03_tidak(dokumen: Dokumen | None) -> list[dict]:
    """The statements a FR.AK.03 answered 'Tidak', with their comments."""
    if dokumen is None:
        return []
    return [row for row in dokumen.data.get("umpan_balik", []) if row.get("jawaban") == "Tidak"]


# --- FR.AK.05: the batch's report --------------------------------------------------------------


def _lead_step(jadwal: Jadwal, actor: User) -> Jadwal:
    from ..permissions import can_report_batch

    jadwal = (
        Jadwal.objects.select_for_update(of=("self",))
        .select_related("skema", "tuk", "ak05", "ak06")
        .get(pk=jadwal.pk)
    )
    if not can_report_batch(actor, jadwal):
        raise JourneyError("Hanya asesor utama (ketua) jadwal ini yang dapat menyusun laporannya.")
    return jadwal


def batch_candidates(jadwal: Jadwal) -> list[Permohonan]:
    """The batch's candidates with their FR.AK.02/03 (two queries): every candidate still in
    the batch, the stopped ones included."""
    return list(
        Permohonan.objects.filter(jadwal=jadwal).select_related("ak02", "ak03").order_by("nama", "pk")
    )


def stop_reasons(candidates) -> dict[int, str]:
    """{application id: the reason its assessment was stopped} from the status history (one
    query)."""
    from django.contrib.contenttypes.models import ContentType

    stopped = [str(p.pk) for p in candidates if p.status == S.DIHENTIKAN]
    if not stopped:
        return {}
    reasons = {}
    for change in StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Permohonan),
        object_id__in=stopped,
        to_status=S.DIHENTIKAN,
    ).order_by("created_at", "pk"):
        reasons[int(change.object_id)] = change.note
    return reasons


def ak05_rows(candidates, reasons: dict[int, str]) -> list[dict]:
    """Per candidate of the batch: the recommendation (from the final FR.AK.02; a stopped
    candidate as such, with the reason) and what explains it (the BK units)."""
    rows = []
    for p in candidates:
        if p.status == S.DIHENTIKAN:
            hasil, keterangan = "Dihentikan", reasons.get(p.pk) or "Asesmen tidak dapat dilanjutkan."
        elif p.ak02_id and p.ak02.status == Dokumen.Status.FINAL:
            bk = p.ak02.data.get("unit_belum_kompeten", [])
            hasil = "BK" if bk else "K"
            keterangan = f"Unit BK: {', '.join(bk)}" if bk else ""
        else:
            hasil, keterangan = "Belum diases", p.get_status_display()
        rows.append({"asesi": p.nama, "rekomendasi": hasil, "keterangan": keterangan})
    return rows


def ak05_problems(candidates) -> list[str]:
    """What keeps the lead assessor from signing FR.AK.05: candidates still assessed without
    a final FR.AK.02 (named), or nobody assessed at all."""
    waiting = [
        p.nama
        for p in candidates
        if p.status == S.ASESMEN and not (p.ak02_id and p.ak02.status == Dokumen.Status.FINAL)
    ]
    problems = []
    if waiting:
        problems.append(f"FR.AK.02 belum final untuk: {', '.join(waiting)}.")
    if not any(p.status in (S.MENUNGGU_KEPUTUSAN, S.DIHENTIKAN, S.ASESMEN) for p in candidates):
        problems.append("Belum ada asesi jadwal ini yang diases.")
    return problems


AK05_FIELDS = {
    "aspek_positif": "Aspek positif",
    "aspek_negatif": "Aspek negatif",
    "penolakan": "Pencatatan penolakan hasil asesmen",
    "saran_perbaikan": "Saran perbaikan (asesor/personel terkait)",
    "catatan": "Catatan",
}


@transaction.atomic
def ak05_sign(*, jadwal: Jadwal, isian: dict[str, str], actor: User, ttd: Tandatangan) -> Dokumen:
    """FR.AK.05: the lead assessor's report of the batch, signed once every candidate still
    assessed has a final FR.AK.02; per candidate K/BK (from FR.AK.02) or stopped with the
    reason; positive and negative aspects, rejections, suggestions, notes. Once per batch (a
    correction is a new version through the records archive)."""
    jadwal = _lead_step(jadwal, actor)
    if jadwal.ak05_id and jadwal.ak05.status in (Dokumen.Status.DRAFT, Dokumen.Status.FINAL):
        raise JourneyError("FR.AK.05 jadwal ini sudah ditandatangani.", code="done")
    candidates = batch_candidates(jadwal)
    problems = ak05_problems(candidates)
    if problems:
        raise JourneyError(" ".join(problems), code="incomplete")
    values = {key: (isian.get(key) or "").strip() for key in AK05_FIELDS}
    for key, label in AK05_FIELDS.items():
        if len(values[key]) > MAX_TEKS:
            raise JourneyError(f"{label} paling panjang {MAX_TEKS} karakter.", field=key)
    lead = lead_penugasan(jadwal).asesor
    data = {
        "skema": f"{jadwal.skema.kode} {jadwal.skema.judul}",
        "tuk": f"{jadwal.tuk.get_jenis_display()}: {jadwal.tuk.nama}",
        "jadwal": jadwal.nama,
        "tanggal": date_format(timezone.localtime(jadwal.mulai).date(), "j F Y"),
        "asesor": lead.personel.nama,
        "no_reg_met": lead.nomor_met,
        "hasil_asesi": ak05_rows(candidates, stop_reasons(candidates)),
        **values,
    }
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            current=jadwal.ak05,
            kode="FR.AK.05",
            subject=jadwal,
            judul=f"FR.AK.05 {jadwal.nama}",
            data=data,
            pihak="asesor",
            signer=actor,
            ttd=ttd,
        )
        dokumen.refresh_from_db()  # signed: final
        jadwal.ak05 = dokumen
        jadwal.save(update_fields=["ak05", "updated_at"])
    return dokumen


# --- FR.AK.06: reviewing the assessment process ------------------------------------------------

PROSEDUR = [
    ("rencana", "Rencana asesmen"),
    ("persiapan", "Persiapan asesmen"),
    ("pelaksanaan", "Pelaksanaan asesmen"),
    ("keputusan", "Keputusan asesmen"),
    ("umpan_balik", "Umpan balik asesmen"),
]
PRINSIP = [("V", "Validitas"), ("R", "Reliabel"), ("F", "Fleksibel"), ("A", "Adil")]
ATURAN_BUKTI = [("V", "Valid"), ("A", "Asli"), ("T", "Terkini"), ("M", "Memadai")]
DIMENSI = [
    ("tugas", "Keterampilan tugas (task skills)"),
    ("manajemen_tugas", "Keterampilan manajemen tugas (task management skills)"),
    ("kontingensi", "Keterampilan manajemen kontingensi (contingency management skills)"),
    ("lingkungan", "Keterampilan lingkungan kerja/tugas (job/role environment skills)"),
    ("transfer", "Keterampilan transfer/adaptasi (transfer skills)"),
]


def ak06_grid() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The rows FR.AK.06 judges: (key, label, [(criterion, label)]): each procedure against
    the principles V/R/F/A, the evidence against the rules V/A/T/M, the consistency of the
    decisions against the five dimensions of competency."""
    return [
        *((key, label, PRINSIP) for key, label in PROSEDUR),
        ("aturan_bukti", "Aturan bukti", ATURAN_BUKTI),
        ("konsistensi", "Konsistensi keputusan asesmen", DIMENSI),
    ]


@transaction.atomic
def ak06_sign(
    *,
    jadwal: Jadwal,
    centang: dict[str, set[str]],
    rekomendasi: dict[str, str],
    temuan: str,
    komentar: str,
    actor: User,
    ttd: Tandatangan,
) -> Dokumen:
    """FR.AK.06: the lead assessor reviews the batch's assessment process after its FR.AK.05
    is final: per row of ak06_grid the criteria met (`centang` {row: {criterion}}) and the
    recommendation for improvement (required where a criterion is not met), the findings
    (required) and comments. Once per batch."""
    jadwal = _lead_step(jadwal, actor)
    if jadwal.ak05 is None or jadwal.ak05.status != Dokumen.Status.FINAL:
        raise JourneyError("Tinjauan proses asesmen disusun setelah FR.AK.05 ditandatangani.", code="no_ak05")
    if jadwal.ak06_id and jadwal.ak06.status in (Dokumen.Status.DRAFT, Dokumen.Status.FINAL):
        raise JourneyError("FR.AK.06 jadwal ini sudah ditandatangani.", code="done")
    rows = []
    for key, label, criteria in ak06_grid():
        met = set(centang.get(key, set()))
        saran = (rekomendasi.get(key) or "").strip()
        if len(saran) > MAX_TEKS:
            raise JourneyError(f"{label}: paling panjang {MAX_TEKS} karakter.", field=f"rek-{key}")
        missing = [c_label for code, c_label in criteria if code not in met]
        if missing and not saran:
            raise JourneyError(
                f"{label}: tulis rekomendasi peningkatan (belum terpenuhi: {', '.join(missing)}).",
                field=f"rek-{key}",
                code="recommendation",
            )
        rows.append(
            {
                "aspek": label,
                **{c_label: "Ya" if code in met else "Tidak" for code, c_label in criteria},
                "rekomendasi_peningkatan": saran,
            }
        )
    temuan = (temuan or "").strip()
    komentar = (komentar or "").strip()
    if not temuan:
        raise JourneyError("Tulis temuan tinjauan proses asesmen.", field="temuan", code="required")
    if len(temuan) > MAX_TEKS or len(komentar) > MAX_TEKS:
        raise JourneyError(f"Temuan dan komentar paling panjang {MAX_TEKS} karakter.", field="temuan")
    lead = lead_penugasan(jadwal).asesor
    data = {
        "skema": f"{jadwal.skema.kode} {jadwal.skema.judul}",
        "tuk": f"{jadwal.tuk.get_jenis_display()}: {jadwal.tuk.nama}",
        "jadwal": jadwal.nama,
        "tanggal_asesmen": date_format(timezone.localtime(jadwal.mulai).date(), "j F Y"),
        "peninjau": lead.personel.nama,
        "no_reg_met": lead.nomor_met,
        "laporan_asesmen": jadwal.ak05.nomor or f"FR.AK.05 versi {jadwal.ak05.versi}",
        "prosedur": rows[: len(PROSEDUR)],
        "aturan_bukti": rows[len(PROSEDUR)],
        "konsistensi_keputusan": rows[len(PROSEDUR) + 1],
        "temuan": temuan,
        "komentar": komentar,
    }
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            current=jadwal.ak06,
            kode="FR.AK.06",
            subject=jadwal,
            judul=f"FR.AK.06 {jadwal.nama}",
            data=data,
            pihak="asesor",
            signer=actor,
            ttd=ttd,
        )
        dokumen.refresh_from_db()  # signed: final
        jadwal.ak06 = dokumen
        jadwal.save(update_fields=["ak06", "updated_at"])
    return dokumen
