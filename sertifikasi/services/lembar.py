"""The candidate's instrument sheets FR.IA.01–10 except the timed FR.IA.05 (SE-A4.8d,
SE-D1.2d): who fills what, autosave of every item, the candidate's files, the third-party
link of FR.IA.10, and sending: the sheet's record FR.IA.xx issued with its content and
signed by the parties of its kind (administrasi/kinds.py), draft -> dikirim -> final.

Who fills what (RULES):
- IA.01 observation checklist: the assessor per item Ya/Tidak + note; conclusion K/BK and
  feedback.
- IA.02 practical task: the candidate uploads the product per task; the assessor judges each
  task (memenuhi/tidak + note).
- IA.03, IA.07, IA.09 question sheets: the assessor writes the summary of the candidate's
  answer (Isian.jawaban) and judges (memuaskan/tidak + note).
- IA.04 project, IA.06 written answers: the candidate writes (and for IA.04 uploads) per item
  and hands the answers in (`lembar_serahkan`); the assessor judges each afterwards.
- IA.08 portfolio check: per evidence file of the application (Bukti, aktif) the assessor
  marks Valid/Asli/Terkini/Memadai Ya/Tidak; conclusion kompeten or observasi lanjut (what,
  in the note). Kept in `Lembar.urutan["portofolio"]` ({bukti id: {aspect: ya|tidak,
  "catatan": ...}}): an Isian row belongs to an item of the instrument, not to a file.
- IA.10 third-party verification: the assessor sends expiring one-time links
  (TautanPihakKetiga, only the token's SHA-256 stored); the third party answers each item
  without an account; the assessor concludes (mendukung/tidak mendukung).

Every write passes the shared gate services.asesmen.lembar_require_open (the assessment
begun with the identity check, the sheet a draft, a remote batch in its window: the window
for the candidate's acts only, the assessor may judge and send after the session).
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from administrasi.models import Dokumen, JenisDokumen
from akun.audit import acting_as
from akun.models import User
from lsp_portal.uploads import UploadRule, digest, safe_display_name, stored
from lsp_portal.workflow import transition
from muk.models import BUTIR_SPEC, ButirInstrumen, JenisIA

from ..models import BerkasLembar, Bukti, Isian, Lembar, Permohonan, TautanPihakKetiga
from .asesmen import lembar_kode, lembar_require_open
from .common import JourneyError, Tandatangan, issue_or_correct, notify, sign, upload_max_bytes

S = Permohonan.Status
L = Lembar.Status

YA_TIDAK = (("ya", "Ya"), ("tidak", "Tidak"))
MEMENUHI = (("memenuhi", "Memenuhi"), ("tidak", "Belum memenuhi"))
MEMUASKAN = (("memuaskan", "Memuaskan"), ("tidak", "Belum memuaskan"))
SESUAI = (("ya", "Sesuai standar"), ("tidak", "Belum sesuai standar"))
# FR.IA.08: the four rules of evidence.
ASPEK = (("valid", "Valid"), ("asli", "Asli"), ("terkini", "Terkini"), ("memadai", "Memadai"))
OBSERVASI_LANJUT = "observasi_lanjut"
TAUTAN_BERLAKU_HARI = 14
MAX_JAWABAN, MAX_CATATAN = 10000, 2000


@dataclass(frozen=True)
class Aturan:
    """Who fills what on a sheet of one instrument kind."""

    asesi_menulis: bool = False  # the candidate writes an answer per item
    asesi_berkas: bool = False  # the candidate uploads files per item
    asesor_ringkasan: bool = False  # the assessor writes the summary of the candidate's answer
    diserahkan: bool = False  # the candidate hands the answers in before the assessor judges
    penilaian: tuple = ()  # the assessor's judgement per item
    rekomendasi: tuple = ()  # the assessor's conclusion on the sheet (required when offered)
    portofolio: bool = False  # IA.08: per evidence file of the application
    pihak_ketiga: bool = False  # IA.10: answered through links
    giliran: str = "Asesor mengisi"  # who acts on a draft, in words
    catatan_label: str = "Umpan balik untuk asesi"


RULES = {
    JenisIA.IA01: Aturan(
        penilaian=YA_TIDAK,
        rekomendasi=(("K", "Kompeten"), ("BK", "Belum kompeten")),
        giliran="Asesor mengisi ceklis observasi",
    ),
    JenisIA.IA02: Aturan(
        asesi_berkas=True, penilaian=MEMENUHI, giliran="Asesi mengunggah hasil; asesor menilai"
    ),
    JenisIA.IA03: Aturan(asesor_ringkasan=True, penilaian=MEMUASKAN),
    JenisIA.IA04: Aturan(
        asesi_menulis=True,
        asesi_berkas=True,
        diserahkan=True,
        penilaian=SESUAI,
        giliran="Asesi mengerjakan proyek",
    ),
    JenisIA.IA06: Aturan(asesi_menulis=True, diserahkan=True, penilaian=MEMUASKAN, giliran="Asesi menjawab"),
    JenisIA.IA07: Aturan(asesor_ringkasan=True, penilaian=MEMUASKAN),
    JenisIA.IA08: Aturan(
        portofolio=True,
        rekomendasi=(("kompeten", "Kompeten"), (OBSERVASI_LANJUT, "Observasi lanjut")),
        giliran="Asesor memeriksa portofolio",
        catatan_label="Catatan (untuk observasi lanjut: kelompok/unit/elemen/KUK yang diobservasi)",
    ),
    JenisIA.IA09: Aturan(asesor_ringkasan=True, penilaian=MEMUASKAN),
    JenisIA.IA10: Aturan(
        pihak_ketiga=True,
        rekomendasi=(("mendukung", "Bukti pihak ketiga mendukung"), ("tidak_mendukung", "Tidak mendukung")),
        giliran="Pihak ketiga menjawab; asesor menyimpulkan",
        catatan_label="Catatan asesor",
    ),
}


def aturan(lembar: Lembar) -> Aturan:
    try:
        return RULES[lembar.instrumen.jenis]
    except KeyError:
        raise JourneyError("Lembar ini diisi pada halaman ujian.", code="kind") from None


def berkas_rule() -> UploadRule:
    """The candidate's product or project output: PDF or an image, up to SERTIFIKASI_UPLOAD_MAX_MB."""
    return UploadRule("Berkas hasil", kinds={"pdf", "png", "jpg", "webp"}, max_bytes=upload_max_bytes())


# --- who -------------------------------------------------------------------------------------


def peran(user, permohonan: Permohonan) -> str:
    """'asesi' for the candidate, 'asesor' for the candidate's own assessor (the two who fill
    a sheet), '' for whoever else sees it (staff, the batch's other assessors: reading)."""
    from ..permissions import lembar_role

    return lembar_role(user, permohonan)


def asesor_user(permohonan: Permohonan) -> User | None:
    return permohonan.asesor.personel.user if permohonan.asesor_id else None


def _locked(lembar: Lembar) -> Lembar:
    return (
        Lembar.objects.select_for_update(of=("self",))
        .select_related("instrumen__unit", "permohonan__jadwal__sesi", "permohonan__asesor__personel__user")
        .get(pk=lembar.pk)
    )


def _require_role(lembar: Lembar, actor: User, *allowed: str) -> str:
    role = peran(actor, lembar.permohonan)
    if role not in allowed:
        who = " atau ".join({"asesi": "asesi", "asesor": "asesor asesi ini"}[r] for r in allowed)
        raise JourneyError(f"Bagian ini diisi oleh {who}.", code="party")
    return role


# --- reading -----------------------------------------------------------------------------------


def butir_list(lembar: Lembar) -> list[ButirInstrumen]:
    return list(
        ButirInstrumen.objects.filter(instrumen_id=lembar.instrumen_id)
        .select_related("kuk__elemen")
        .order_by("urutan", "pk")
    )


def isian_map(lembar: Lembar) -> dict[int, Isian]:
    return {i.butir_id: i for i in Isian.objects.filter(lembar=lembar)}


def portofolio_files(lembar: Lembar) -> list[Bukti]:
    """IA.08: the application's evidence files in force (basic requirements, then portfolio)."""
    return list(
        Bukti.objects.filter(permohonan_id=lembar.permohonan_id, aktif=True).order_by(
            "persyaratan__urutan", "pk"
        )
    )


def portofolio_marks(lembar: Lembar) -> dict[str, dict]:
    return dict((lembar.urutan or {}).get("portofolio", {}))


def butir_label(lembar: Lembar, butir: ButirInstrumen) -> str:
    noun = BUTIR_SPEC[lembar.instrumen.jenis].noun
    kuk = f" (KUK {butir.kuk.nomor})" if butir.kuk_id else ""
    return f"{noun[0].upper()}{noun[1:]} {butir.urutan}{kuk}"


def lembar_problems(lembar: Lembar) -> list[str]:
    """What keeps the sheet from being sent, each item named; empty when complete."""
    rule = aturan(lembar)
    problems = []
    if rule.diserahkan and lembar.selesai_pada is None:
        problems.append("Asesi belum mengirim jawabannya.")
    isian = isian_map(lembar)
    if rule.penilaian or rule.asesor_ringkasan:
        for b in butir_list(lembar):
            row = isian.get(b.pk)
            missing = []
            if rule.asesor_ringkasan and not (row and row.jawaban.strip()):
                missing.append("ringkasan jawaban asesi")
            if rule.penilaian and not (row and row.penilaian):
                missing.append("penilaian")
            if missing:
                problems.append(f"{butir_label(lembar, b)}: {' dan '.join(missing)} belum diisi.")
    if rule.portofolio:
        files = portofolio_files(lembar)
        if not files:
            problems.append("Asesi tidak memiliki berkas bukti portofolio untuk diperiksa.")
        marks = portofolio_marks(lembar)
        for f in files:
            mark = marks.get(str(f.pk), {})
            missing = [label for key, label in ASPEK if mark.get(key) not in ("ya", "tidak")]
            if missing:
                problems.append(f"Bukti “{f.judul}”: {', '.join(missing)} belum ditandai.")
    if rule.pihak_ketiga and not lembar.tautan.filter(dijawab_pada__isnull=False).exists():
        problems.append("Belum ada jawaban pihak ketiga.")
    if rule.rekomendasi:
        if not lembar.rekomendasi:
            problems.append("Rekomendasi belum dipilih.")
        elif lembar.rekomendasi == OBSERVASI_LANJUT and not lembar.catatan.strip():
            problems.append("Tulis kelompok/unit/elemen/KUK yang perlu observasi lanjut pada catatan.")
    return problems


def giliran(lembar: Lembar) -> str:
    """Who acts next on the sheet, in words (reads prefetched `dokumen__tanda_tangan` and
    `tautan` when present)."""
    if lembar.status == L.FINAL:
        return "Selesai"
    if lembar.status == L.DIKIRIM and lembar.dokumen_id:
        pending = [t for t in lembar.dokumen.tanda_tangan.all() if not t.sudah]
        if pending:
            return f"Tanda tangan {pending[0].label.lower()}"
        return "Menunggu"
    jenis = lembar.instrumen.jenis
    if jenis == JenisIA.IA05:
        return "Asesi mengerjakan ujian" if lembar.selesai_pada is None else "Asesor menyelesaikan"
    rule = RULES.get(jenis)
    if rule is None:
        return ""
    if rule.diserahkan:
        return rule.giliran if lembar.selesai_pada is None else "Asesor menilai"
    if rule.pihak_ketiga and not any(t.dijawab_pada for t in lembar.tautan.all()):
        return "Asesor mengirim tautan; pihak ketiga menjawab"
    return rule.giliran


# --- saving ----------------------------------------------------------------------------------


def _choice(value: str, choices, *, label: str, field_name: str) -> str:
    value = (value or "").strip()
    if value and value not in dict(choices):
        raise JourneyError(f"{label}: pilihan tidak dikenal.", field=field_name, code="choice")
    return value


@transaction.atomic
def lembar_save(
    *,
    lembar: Lembar,
    actor: User,
    isian: dict[int, dict[str, str]] | None = None,
    rekomendasi: str | None = None,
    catatan: str | None = None,
    portofolio: dict[int, dict[str, str]] | None = None,
    now: dt.datetime | None = None,
) -> Lembar:
    """Save what the form holds (an autosave or the Save button), for the party it belongs
    to: `isian` {butir id: {"jawaban"|"penilaian"|"catatan": value}}, the conclusion
    (`rekomendasi`, `catatan`) and IA.08's `portofolio` {bukti id: {aspect|"catatan": value}}.
    Only what is given changes. Refused (nothing saved): the gate closed, a field of the other
    party, an item of another instrument, an unknown choice, the candidate's answers after
    they were handed in, the assessor judging handed-in work before it was."""
    lembar = _locked(lembar)
    rule = aturan(lembar)
    role = _require_role(lembar, actor, "asesi", "asesor")
    lembar_require_open(lembar, now=now, for_candidate=role == "asesi")
    isian = isian or {}
    own = set()
    if role == "asesi":
        own = {"jawaban"} if rule.asesi_menulis else set()
        if rekomendasi is not None or catatan is not None or portofolio:
            raise JourneyError("Kesimpulan lembar diisi oleh asesor.", code="party")
        if isian and rule.diserahkan and lembar.selesai_pada is not None:
            raise JourneyError("Jawaban sudah dikirim; tidak dapat diubah lagi.", code="handed_in")
    else:
        own = ({"penilaian", "catatan"} if rule.penilaian else set()) | (
            {"jawaban"} if rule.asesor_ringkasan else set()
        )
        if isian and rule.diserahkan and lembar.selesai_pada is None:
            raise JourneyError(
                "Asesi belum mengirim jawabannya; nilai setelah dikirim.", code="not_handed_in"
            )
    butir = {b.pk: b for b in butir_list(lembar)} if isian else {}
    stored_rows = isian_map(lembar) if isian else {}
    now_ = timezone.now()
    for butir_id, values in isian.items():
        b = butir.get(butir_id)
        if b is None:
            raise JourneyError("Butir tidak ditemukan pada instrumen ini. Muat ulang halaman.", code="butir")
        extra = set(values) - own
        if extra:
            raise JourneyError(
                f"{butir_label(lembar, b)}: {', '.join(sorted(extra))} bukan bagian Anda.", code="party"
            )
        clean = {}
        if "jawaban" in values:
            clean["jawaban"] = (values["jawaban"] or "")[:MAX_JAWABAN]
        if "catatan" in values:
            clean["catatan"] = (values["catatan"] or "")[:MAX_CATATAN]
        if "penilaian" in values:
            clean["penilaian"] = _choice(
                values["penilaian"],
                rule.penilaian,
                label=butir_label(lembar, b),
                field_name=f"penilaian-{b.pk}",
            )
        row = stored_rows.get(butir_id)
        if row is None:
            Isian.objects.create(lembar=lembar, butir=b, diubah_pada=now_, **clean)
        elif any(getattr(row, k) != v for k, v in clean.items()):
            for k, v in clean.items():
                setattr(row, k, v)
            row.diubah_pada = now_
            row.save(update_fields=[*clean, "diubah_pada"])
    fields = []
    if rekomendasi is not None:
        lembar.rekomendasi = _choice(
            rekomendasi, rule.rekomendasi, label="Rekomendasi", field_name="rekomendasi"
        )
        fields.append("rekomendasi")
    if catatan is not None:
        lembar.catatan = catatan[:MAX_CATATAN]
        fields.append("catatan")
    if portofolio:
        if not rule.portofolio:
            raise JourneyError("Lembar ini tidak memeriksa portofolio.", code="kind")
        files = {f.pk for f in portofolio_files(lembar)}
        marks = portofolio_marks(lembar)
        for bukti_id, values in portofolio.items():
            if bukti_id not in files:
                raise JourneyError("Berkas bukti tidak ditemukan. Muat ulang halaman.", code="bukti")
            mark = dict(marks.get(str(bukti_id), {}))
            for key, value in values.items():
                if key == "catatan":
                    mark[key] = (value or "")[:MAX_CATATAN]
                elif key in dict(ASPEK):
                    mark[key] = _choice(
                        value, YA_TIDAK, label=dict(ASPEK)[key], field_name=f"bukti-{bukti_id}-{key}"
                    )
            marks[str(bukti_id)] = mark
        lembar.urutan = {**(lembar.urutan or {}), "portofolio": marks}
        fields.append("urutan")
    if fields:
        lembar.save(update_fields=[*fields, "updated_at"])
    return lembar


@transaction.atomic
def lembar_serahkan(*, lembar: Lembar, actor: User, now: dt.datetime | None = None) -> Lembar:
    """IA.04/IA.06: the candidate hands the answers in (each item answered, named
    otherwise); the answers are then locked and the assessor is told to judge them."""
    lembar = _locked(lembar)
    rule = aturan(lembar)
    _require_role(lembar, actor, "asesi")
    lembar_require_open(lembar, now=now)
    if not rule.diserahkan:
        raise JourneyError("Lembar ini tidak dikirim oleh asesi.", code="kind")
    if lembar.selesai_pada is not None:
        raise JourneyError("Jawaban sudah dikirim.", code="handed_in")
    isian = isian_map(lembar)
    files = set(lembar.berkas.values_list("butir_id", flat=True)) if rule.asesi_berkas else set()
    missing = [
        butir_label(lembar, b)
        for b in butir_list(lembar)
        if not ((isian.get(b.pk) and isian[b.pk].jawaban.strip()) or b.pk in files)
    ]
    if missing:
        raise JourneyError(f"Belum dijawab: {', '.join(missing)}.", code="unanswered")
    lembar.selesai_pada = timezone.now()
    lembar.save(update_fields=["selesai_pada", "updated_at"])
    p = lembar.permohonan
    notify(
        [asesor_user(p)],
        judul=f"{lembar.instrumen.get_jenis_display()}: jawaban asesi masuk",
        pesan=f"{p.nama} telah mengirim jawabannya. Nilai setiap butir lalu kirim lembarnya.",
        url=reverse("sertifikasi:lembar", args=[p.pk, lembar.pk]),
        kunci=f"lembar-{lembar.pk}-serah",
    )
    return lembar


@transaction.atomic
def lembar_berkas_upload(
    *, lembar: Lembar, butir_id: int | None, judul: str, upload, actor: User, now: dt.datetime | None = None
) -> BerkasLembar:
    """The candidate's file for an item (IA.02 product, IA.04 output): checked by content
    (PDF, PNG, JPEG, WebP; images re-encoded), kept with its SHA-256. Refused: not the
    candidate, a kind without files, the gate closed, answers already handed in, an item of
    another instrument, no title, a bad file (nothing stored)."""
    lembar = _locked(lembar)
    rule = aturan(lembar)
    _require_role(lembar, actor, "asesi")
    lembar_require_open(lembar, now=now)
    if not rule.asesi_berkas:
        raise JourneyError("Lembar ini tidak menerima unggahan berkas.", code="kind")
    if rule.diserahkan and lembar.selesai_pada is not None:
        raise JourneyError("Jawaban sudah dikirim; berkas tidak dapat ditambah lagi.", code="handed_in")
    butir = None
    if butir_id is not None:
        butir = ButirInstrumen.objects.filter(pk=butir_id, instrumen_id=lembar.instrumen_id).first()
        if butir is None:
            raise JourneyError("Pilih tugas/kegiatan dari lembar ini.", field="butir", code="butir")
    judul = (judul or "").strip()
    if not judul:
        raise JourneyError(
            "Tulis keterangan berkas, misalnya 'Tangkapan layar halaman login'.", field="judul"
        )
    if upload is None:
        raise JourneyError("Pilih berkas yang akan diunggah.", field="berkas", code="empty")
    checked = berkas_rule().check(upload, field="berkas")
    ukuran, sha256 = digest(checked)
    berkas = BerkasLembar(
        lembar=lembar,
        butir=butir,
        judul=judul[:200],
        nama_asli=safe_display_name(getattr(upload, "name", "")),
        jenis_berkas=checked.kind,
        ukuran=ukuran,
        sha256=sha256,
        diunggah_oleh=actor,
    )
    with (
        stored(berkas.berkas, checked, folder=f"sertifikasi/lembar/{lembar.permohonan_id}"),
        acting_as(actor),
    ):
        berkas.save()
    return berkas


# --- sending and signing -----------------------------------------------------------------------


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "")


def lembar_data(lembar: Lembar) -> dict:
    """The sheet's content as the record's data (no answer key of the instrument)."""
    rule = aturan(lembar)
    p = lembar.permohonan
    unit = lembar.instrumen.unit
    isian = isian_map(lembar)
    files: dict[int | None, list] = {}
    for f in lembar.berkas.order_by("pk"):
        files.setdefault(f.butir_id, []).append(
            {"judul": f.judul, "jenis": f.jenis_berkas, "sha256": f.sha256}
        )
    data = {
        "asesi": p.nama,
        "skema": f"{p.skema.kode} {p.skema.judul}",
        "unit": f"{unit.kode} {unit.judul}",
        "instrumen": lembar.instrumen.get_jenis_display(),
        "judul": lembar.instrumen.judul,
        "tanggal": timezone.localdate().isoformat(),
        "asesor": p.asesor.personel.nama if p.asesor_id else "",
        "no_reg_met": p.asesor.nomor_met if p.asesor_id else "",
    }
    items = []
    for b in butir_list(lembar):
        row = isian.get(b.pk)
        item = {"nomor": b.urutan, "butir": b.teks}
        if b.kuk_id:
            item["kuk"] = f"{b.kuk.nomor} {b.kuk.teks}"
        if rule.asesi_menulis or rule.asesor_ringkasan:
            item["jawaban"] = row.jawaban if row else ""
        if rule.penilaian:
            item["penilaian"] = _label(rule.penilaian, row.penilaian if row else "")
            item["catatan"] = row.catatan if row else ""
        if rule.asesi_berkas:
            item["berkas"] = files.get(b.pk, [])
        items.append(item)
    if items:
        data["butir"] = items
    if rule.asesi_berkas and files.get(None):
        data["berkas_lain"] = files[None]
    if rule.diserahkan and lembar.selesai_pada:
        data["jawaban_dikirim"] = timezone.localtime(lembar.selesai_pada).isoformat(timespec="minutes")
    if rule.portofolio:
        marks = portofolio_marks(lembar)
        data["portofolio"] = [
            {
                "bukti": f.judul,
                "sha256": f.sha256,
                **{label: _label(YA_TIDAK, marks.get(str(f.pk), {}).get(key)) for key, label in ASPEK},
                "catatan": marks.get(str(f.pk), {}).get("catatan", ""),
            }
            for f in portofolio_files(lembar)
        ]
    if rule.pihak_ketiga:
        data["pihak_ketiga"] = [
            {
                "nama": t.nama,
                "hubungan": t.hubungan,
                "tempat_kerja": t.jawaban.get("tempat_kerja", ""),
                "telepon": t.jawaban.get("telepon", ""),
                "dijawab_pada": timezone.localtime(t.dijawab_pada).isoformat(timespec="minutes"),
                "jawaban": [
                    {"butir": b.teks, "jawaban": t.jawaban.get("butir", {}).get(str(b.pk), "")}
                    for b in butir_list(lembar)
                ],
            }
            for t in lembar.tautan.filter(dijawab_pada__isnull=False).order_by("pk")
        ]
    if rule.rekomendasi:
        data["rekomendasi"] = _label(rule.rekomendasi, lembar.rekomendasi)
    data["catatan"] = lembar.catatan
    return data


def signer_parties(lembar: Lembar) -> list[dict]:
    """The kind's signer parties in order: [{"pihak": "asesi", "label": "Asesi"}, ...]."""
    return list(JenisDokumen.objects.get(kode=lembar_kode(lembar)).penandatangan)


def pending_signature(lembar: Lembar):
    """The next unsigned signature row of the sheet's record, or None."""
    if lembar.dokumen_id is None:
        return None
    return lembar.dokumen.tanda_tangan.filter(ditandatangani_pada__isnull=True).order_by("urutan").first()


def kirim_turn(user, lembar: Lembar) -> str:
    """What `user` may do on the sending page now: "terbitkan_ttd" (send and sign), "terbitkan"
    (send; the other party signs first), "ttd" (sign the sent record), or ""."""
    role = peran(user, lembar.permohonan)
    if not role:
        return ""
    if lembar.status == L.DRAFT:
        parties = [x["pihak"] for x in signer_parties(lembar)]
        if role not in parties:
            return ""
        return "terbitkan_ttd" if parties[0] == role else "terbitkan"
    if lembar.status == L.DIKIRIM:
        row = pending_signature(lembar)
        return "ttd" if row is not None and row.penandatangan_id == user.pk else ""
    return ""


@transaction.atomic
def lembar_kirim(
    *, lembar: Lembar, actor: User, ttd: Tandatangan | None, now: dt.datetime | None = None
) -> Lembar:
    """Send the sheet: a draft that is complete (each missing item named otherwise) becomes
    its record FR.IA.xx with the sheet's content, signed by the kind's parties in order; the
    sender signs at once when the kind's first signer is them (else the other party is asked
    first). A sent sheet is signed by whoever is next. Draft -> dikirim (waiting for the
    remaining signature) -> final (all signed)."""
    lembar = _locked(lembar)
    aturan(lembar)
    p = lembar.permohonan
    role = _require_role(lembar, actor, "asesi", "asesor")
    if lembar.status == L.DRAFT:
        lembar_require_open(lembar, now=now, for_candidate=role == "asesi")
        parties = signer_parties(lembar)
        if role not in [x["pihak"] for x in parties]:
            raise JourneyError(
                f"{lembar.instrumen.get_jenis_display()} dikirim dan ditandatangani asesor.", code="party"
            )
        problems = lembar_problems(lembar)
        if problems:
            raise JourneyError("Lembar belum lengkap: " + " ".join(problems), code="incomplete")
        users = {"asesi": p.asesi, "asesor": asesor_user(p)}
        signs_now = parties[0]["pihak"] == role
        if signs_now and ttd is None:
            raise JourneyError("Tandatangani lembar untuk mengirimnya.", code="signature")
        with acting_as(actor, ttd.ip if ttd else None):
            dokumen = issue_or_correct(
                current=lembar.dokumen,
                kode=lembar_kode(lembar),
                subject=p,
                judul=f"{lembar_kode(lembar)} {p.nama} – {lembar.instrumen.unit.kode}",
                data=lembar_data(lembar),
                signers={x["pihak"]: users[x["pihak"]] for x in parties},
                actor=actor,
                alasan="Lembar dibuka kembali lalu dikirim ulang",
            )
            if signs_now:
                sign(dokumen, signer=actor, ttd=ttd)
            lembar.dokumen = dokumen
            lembar.save(update_fields=["dokumen", "updated_at"])
    elif lembar.status == L.DIKIRIM:
        if p.status != S.ASESMEN:
            raise JourneyError(
                f"Permohonan berstatus {p.get_status_display().lower()}; lembar tidak dapat ditandatangani.",
                code="state",
            )
        if ttd is None:
            raise JourneyError("Isi tanda tangan elektronik.", code="signature")
        with acting_as(actor, ttd.ip):
            sign(lembar.dokumen, signer=actor, ttd=ttd)
    else:
        raise JourneyError(f"{lembar.instrumen.get_jenis_display()} sudah final.", code="final")
    dokumen = Dokumen.objects.get(pk=lembar.dokumen_id)
    target = L.FINAL if dokumen.status == Dokumen.Status.FINAL else L.DIKIRIM
    if target != lembar.status:
        with acting_as(actor, ttd.ip if ttd else None):
            lembar = transition(lembar, target, actor=actor, note=lembar_kode(lembar))
    if target == L.DIKIRIM:
        row = dokumen.tanda_tangan.filter(ditandatangani_pada__isnull=True).order_by("urutan").first()
        notify(
            [row.penandatangan],
            judul=f"Tandatangani {lembar.instrumen.get_jenis_display()}",
            pesan=f"Lembar {lembar.instrumen.judul} ({p.nama}) menunggu tanda tangan Anda.",
            url=reverse("sertifikasi:lembar-kirim", args=[p.pk, lembar.pk]),
            kunci=f"lembar-{lembar.pk}-{row.pihak}",
        )
    return lembar


# --- FR.IA.10: the third party's link ----------------------------------------------------------


class TautanTidakBerlaku(JourneyError):
    """The link is unknown, used, expired or its sheet closed: one neutral message."""


TAUTAN_NETRAL = (
    "Tautan ini tidak dapat digunakan. Tautan mungkin sudah dipakai, sudah kedaluwarsa, atau tidak "
    "lengkap tersalin. Hubungi asesor yang mengirimkannya bila Anda masih perlu menjawab."
)


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


@transaction.atomic
def pihak_ketiga_buat(
    *, lembar: Lembar, nama: str, email: str, hubungan: str, actor: User, now: dt.datetime | None = None
) -> tuple[TautanPihakKetiga, str]:
    """IA.10: the assessor asks a named third party (a supervisor, a client) to confirm the
    candidate's evidence: a random token of which only the SHA-256 is kept, valid
    TAUTAN_BERLAKU_HARI days, e-mailed with the link after commit. Returns (link, token)."""
    lembar = _locked(lembar)
    rule = aturan(lembar)
    _require_role(lembar, actor, "asesor")
    lembar_require_open(lembar, now=now, for_candidate=False)
    if not rule.pihak_ketiga:
        raise JourneyError("Tautan pihak ketiga hanya untuk FR.IA.10.", code="kind")
    nama, email, hubungan = (nama or "").strip(), (email or "").strip(), (hubungan or "").strip()
    for value, name, label in (
        (nama, "nama", "Nama"),
        (email, "email", "Email"),
        (hubungan, "hubungan", "Hubungan"),
    ):
        if not value:
            raise JourneyError(f"{label} pihak ketiga wajib diisi.", field=name)
    token = secrets.token_urlsafe(32)
    tautan = TautanPihakKetiga.objects.create(
        lembar=lembar,
        nama=nama[:150],
        email=email,
        hubungan=hubungan[:150],
        token_sha256=token_hash(token),
        kedaluwarsa_pada=timezone.now() + dt.timedelta(days=TAUTAN_BERLAKU_HARI),
    )
    p = lembar.permohonan
    url = settings.SITE_URL + reverse("sertifikasi:pihak-ketiga-jawab", args=[token])
    until = timezone.localtime(tautan.kedaluwarsa_pada)
    body = (
        f"Yth. {tautan.nama},\n\n"
        f"Asesor {p.asesor.personel.nama if p.asesor_id else ''} dari {settings.LSP_NAME} meminta Anda "
        f"mengonfirmasi bukti kompetensi {p.nama} ({p.skema.judul}) sebagai {tautan.hubungan}.\n\n"
        f"Jawab pertanyaannya melalui tautan berikut (tanpa akun, satu kali, berlaku sampai "
        f"{until:%d-%m-%Y %H:%M} WIB):\n{url}\n\n"
        f"Hormat kami,\n{settings.LSP_NAME}\n"
    )
    transaction.on_commit(
        lambda: send_mail(
            f"Klarifikasi bukti kompetensi {p.nama}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [tautan.email],
            fail_silently=True,
        )
    )
    return tautan, token


def tautan_usable(token: str, *, now: dt.datetime | None = None) -> TautanPihakKetiga | None:
    """The link of `token` if it may still be answered (known, unanswered, not expired, its
    sheet a draft of an assessment in progress); None otherwise, whatever the reason."""
    if not token or len(token) > 100:
        return None
    tautan = (
        TautanPihakKetiga.objects.select_related("lembar__permohonan__skema", "lembar__instrumen")
        .filter(token_sha256=token_hash(token))
        .first()
    )
    if (
        tautan is None
        or tautan.dijawab_pada is not None
        or tautan.kedaluwarsa_pada <= (now or timezone.now())
        or tautan.lembar.status != L.DRAFT
        or tautan.lembar.permohonan.status != S.ASESMEN
    ):
        return None
    return tautan


@transaction.atomic
def pihak_ketiga_jawab(
    *,
    token: str,
    jawaban: dict[int, str],
    tempat_kerja: str,
    telepon: str,
    ip: str | None,
    now: dt.datetime | None = None,
) -> TautanPihakKetiga:
    """The third party answers each item once (no account); time and IP are kept and the
    assessor is told. TautanTidakBerlaku (neutral) for a link that cannot be used;
    JourneyError naming an unanswered item."""
    tautan = tautan_usable(token, now=now)
    if tautan is None:
        raise TautanTidakBerlaku(TAUTAN_NETRAL, code="tautan")
    tautan = TautanPihakKetiga.objects.select_for_update().get(pk=tautan.pk)
    if tautan.dijawab_pada is not None:
        raise TautanTidakBerlaku(TAUTAN_NETRAL, code="tautan")
    lembar = Lembar.objects.select_related("permohonan__asesor__personel__user", "instrumen").get(
        pk=tautan.lembar_id
    )
    answers = {}
    for b in butir_list(lembar):
        value = (jawaban.get(b.pk) or "").strip()
        if not value:
            raise JourneyError(
                f"Pertanyaan {b.urutan} belum dijawab.", field=f"jawaban-{b.pk}", code="unanswered"
            )
        answers[str(b.pk)] = value[:MAX_JAWABAN]
    tautan.jawaban = {
        "butir": answers,
        "tempat_kerja": (tempat_kerja or "").strip()[:200],
        "telepon": (telepon or "").strip()[:40],
    }
    tautan.dijawab_pada = timezone.now()
    tautan.ip = ip
    tautan.save(update_fields=["jawaban", "dijawab_pada", "ip", "updated_at"])
    p = lembar.permohonan
    notify(
        [asesor_user(p)],
        judul="Pihak ketiga telah menjawab (FR.IA.10)",
        pesan=f"{tautan.nama} ({tautan.hubungan}) telah menjawab klarifikasi bukti {p.nama}.",
        url=reverse("sertifikasi:lembar", args=[p.pk, lembar.pk]),
        kunci=f"tautan-{tautan.pk}",
    )
    return tautan
