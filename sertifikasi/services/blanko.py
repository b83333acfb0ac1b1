"""The BNSP blanko list (X-2): per batch, an .xlsx of every candidate the pleno decided, K and
BK, with the columns BNSP asks for.

BNSP's form changes over time and differs in what it asks, so the columns are the LSP's to
set (KolomBlanko: order, heading, which field fills it). The fields a column may take are
the fixed set SUMBER below; DEFAULT_KOLOM is used while the LSP has set none.

- blanko_refusal: why a batch has no blanko list (X-2 edge: no final SK keputusan; a trial
  batch, SE-E3, is never reported to BNSP).
- blanko_workbook: the .xlsx (bytes) of a batch.
- kolom_blanko / kolom_blanko_save: the columns in use; the editor's one write.
"""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from administrasi.models import Dokumen
from akun.audit import acting_as
from akun.models import User

from ..models import Jadwal, Keputusan, KolomBlanko, Pleno, Sertifikat
from .common import JourneyError
from .impor import safe_cell

SHEET_TITLE = "Blanko BNSP"
INFO_TITLE = "Keterangan"
MAX_KOLOM = 60
DATE_FORMAT = "DD-MM-YYYY"


# --- what a column may show ------------------------------------------------------------------------


@dataclass(frozen=True)
class Baris:
    """One candidate's row: the decision with its application, certificate (None for BK), the
    batch, its pleno and SK keputusan, and the row's number."""

    nomor: int
    keputusan: Keputusan
    sertifikat: Sertifikat | None
    jadwal: Jadwal
    pleno: Pleno
    sk: Dokumen  # the SK keputusan in force

    @property
    def p(self):
        return self.keputusan.permohonan


@dataclass(frozen=True)
class Sumber:
    label: str
    nilai: Callable[[Baris], object]
    teks: bool = False  # a number kept as text (NIK, phone: 16 digits, leading 0)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def _ttl(b: Baris) -> str:
    lahir = b.p.tanggal_lahir.strftime("%d-%m-%Y") if b.p.tanggal_lahir else ""
    return ", ".join(x for x in (b.p.tempat_lahir, lahir) if x)


def _cert(field: str):
    return lambda b: getattr(b.sertifikat, field) if b.sertifikat else ""


def _asesor(b: Baris, field: str) -> str:
    asesor = b.p.asesor
    if asesor is None:
        return ""
    return asesor.personel.nama if field == "nama" else asesor.nomor_met


SUMBER: dict[str, Sumber] = {
    "nomor_urut": Sumber("Nomor urut", lambda b: b.nomor),
    "nama": Sumber("Nama lengkap (sesuai KTP/paspor)", lambda b: b.p.nama),
    "nik": Sumber("NIK/nomor paspor", lambda b: b.p.nomor_identitas, teks=True),
    "kewarganegaraan": Sumber("Kewarganegaraan (WNI/WNA)", lambda b: b.p.kewarganegaraan.upper()),
    "tempat_lahir": Sumber("Tempat lahir", lambda b: b.p.tempat_lahir),
    "tanggal_lahir": Sumber("Tanggal lahir", lambda b: b.p.tanggal_lahir),
    "tempat_tanggal_lahir": Sumber("Tempat, tanggal lahir", _ttl),
    "jenis_kelamin": Sumber("Jenis kelamin (L/P)", lambda b: b.p.jenis_kelamin),
    "alamat": Sumber("Alamat rumah", lambda b: b.p.alamat),
    "kode_pos": Sumber("Kode pos rumah", lambda b: b.p.kode_pos, teks=True),
    "nomor_hp": Sumber("Nomor HP", lambda b: b.p.nomor_hp, teks=True),
    "telepon_rumah": Sumber("Telepon rumah", lambda b: b.p.telepon_rumah, teks=True),
    "email": Sumber("Email", lambda b: b.p.email),
    "pendidikan": Sumber(
        "Pendidikan terakhir", lambda b: b.p.get_pendidikan_display() if b.p.pendidikan else ""
    ),
    "pekerjaan_institusi": Sumber("Institusi/perusahaan", lambda b: b.p.pekerjaan_institusi),
    "pekerjaan_jabatan": Sumber("Jabatan", lambda b: b.p.pekerjaan_jabatan),
    "pekerjaan_alamat": Sumber("Alamat kantor", lambda b: b.p.pekerjaan_alamat),
    "tujuan": Sumber("Tujuan asesmen", lambda b: b.p.get_tujuan_display()),
    "skema_kode": Sumber("Kode skema", lambda b: b.jadwal.skema.kode),
    "skema_judul": Sumber("Judul skema", lambda b: b.jadwal.skema.judul),
    "tuk_kode": Sumber("Kode TUK", lambda b: b.jadwal.tuk.kode),
    "tuk_nama": Sumber("Nama TUK", lambda b: b.jadwal.tuk.nama),
    "jadwal": Sumber("Nama jadwal asesmen", lambda b: b.jadwal.nama),
    "tanggal_asesmen": Sumber("Tanggal asesmen", lambda b: _local_date(b.jadwal.mulai)),
    "mode": Sumber("Mode asesmen", lambda b: b.jadwal.get_mode_display()),
    "rekomendasi": Sumber("Keputusan (K/BK)", lambda b: b.keputusan.hasil),
    "keputusan": Sumber("Keputusan (kata)", lambda b: b.keputusan.get_hasil_display()),
    "nomor_sertifikat": Sumber("Nomor sertifikat", _cert("nomor")),
    "nomor_registrasi": Sumber("Nomor registrasi BNSP", _cert("nomor_registrasi")),
    "tanggal_terbit": Sumber("Tanggal terbit sertifikat", _cert("tanggal_terbit")),
    "berlaku_sampai": Sumber("Sertifikat berlaku sampai", _cert("berlaku_sampai")),
    "asesor_nama": Sumber("Nama asesor", lambda b: _asesor(b, "nama")),
    "asesor_met": Sumber("Nomor registrasi MET asesor", lambda b: _asesor(b, "met")),
    "sk_nomor": Sumber("Nomor SK keputusan", lambda b: b.sk.nomor),
    "sk_tanggal": Sumber("Tanggal SK keputusan", lambda b: _local_date(b.sk.difinalkan_pada)),
    "tanggal_pleno": Sumber("Tanggal rapat pleno", lambda b: _local_date(b.pleno.waktu)),
}
SUMBER_CHOICES = [(kode, s.label) for kode, s in SUMBER.items()]

# Used while the LSP has set no column: the usual order of BNSP's list of candidates (identity,
# scheme and place, result, certificate, assessor, decision). The real form is whatever BNSP
# currently asks; the LSP sets it on the column editor (KolomBlanko).
DEFAULT_KOLOM: tuple[tuple[str, str], ...] = (
    ("No", "nomor_urut"),
    ("Nama Lengkap", "nama"),
    ("NIK", "nik"),
    ("Tempat Lahir", "tempat_lahir"),
    ("Tanggal Lahir", "tanggal_lahir"),
    ("Jenis Kelamin", "jenis_kelamin"),
    ("Alamat", "alamat"),
    ("No. HP", "nomor_hp"),
    ("Email", "email"),
    ("Pendidikan Terakhir", "pendidikan"),
    ("Institusi/Perusahaan", "pekerjaan_institusi"),
    ("Jabatan", "pekerjaan_jabatan"),
    ("Kode Skema", "skema_kode"),
    ("Nama Skema", "skema_judul"),
    ("TUK", "tuk_nama"),
    ("Tanggal Uji", "tanggal_asesmen"),
    ("Rekomendasi (K/BK)", "rekomendasi"),
    ("Nomor Sertifikat", "nomor_sertifikat"),
    ("Nomor Registrasi", "nomor_registrasi"),
    ("Nama Asesor", "asesor_nama"),
    ("No. Reg. MET Asesor", "asesor_met"),
    ("Nomor SK Keputusan", "sk_nomor"),
    ("Tanggal SK Keputusan", "sk_tanggal"),
)


@dataclass(frozen=True)
class Kolom:
    urutan: int
    judul: str
    sumber: str


def default_kolom() -> list[Kolom]:
    return [Kolom(i, judul, sumber) for i, (judul, sumber) in enumerate(DEFAULT_KOLOM, start=1)]


def kolom_blanko() -> tuple[list[Kolom], bool]:
    """The columns in use, in order, and whether the LSP set them (False: DEFAULT_KOLOM).
    A stored column whose source no longer exists is left out (one query)."""
    rows = [Kolom(k.urutan, k.judul, k.sumber) for k in KolomBlanko.objects.order_by("urutan", "pk")]
    if not rows:
        return default_kolom(), False
    return [k for k in rows if k.sumber in SUMBER], True


# --- the editor ------------------------------------------------------------------------------------


def kolom_problems(kolom: list[Kolom]) -> list[str]:
    """What is wrong with a set of columns (Indonesian, one line each), [] when none: no
    column, too many, an order below 1 or twice, an empty heading, an unknown source."""
    problems = []
    if not kolom:
        problems.append("Isi sekurang-kurangnya satu kolom.")
    if len(kolom) > MAX_KOLOM:
        problems.append(f"Paling banyak {MAX_KOLOM} kolom.")
    seen: set[int] = set()
    for k in kolom:
        name = k.judul.strip() or f"urutan {k.urutan}"
        if k.urutan < 1:
            problems.append(f"Urutan kolom {name} harus 1 atau lebih.")
        elif k.urutan in seen:
            problems.append(f"Urutan {k.urutan} dipakai lebih dari satu kolom.")
        seen.add(k.urutan)
        if not k.judul.strip():
            problems.append(f"Judul kolom pada urutan {k.urutan} wajib diisi.")
        elif len(k.judul.strip()) > 100:
            problems.append(f"Judul kolom {name} paling panjang 100 karakter.")
        if k.sumber not in SUMBER:
            problems.append(f"Isi kolom {name} tidak dikenal; pilih dari daftar.")
    return problems


@transaction.atomic
def kolom_blanko_save(*, kolom: list[Kolom], actor: User) -> list[Kolom]:
    """Replace the LSP's blanko columns with `kolom` (headings trimmed), audited. Refused
    (JourneyError, nothing changed): `actor` lacks manage_sertifikat; kolom_problems finds
    anything (every problem in the message). Saving the same columns again changes nothing
    but the rows' ids. Returns the columns in order."""
    from ..permissions import can_manage_sertifikat

    if not can_manage_sertifikat(actor):
        raise JourneyError("Anda tidak berwenang mengatur kolom blanko BNSP.")
    problems = kolom_problems(kolom)
    if problems:
        raise JourneyError(" ".join(problems), code="kolom")
    kolom = sorted((Kolom(k.urutan, k.judul.strip(), k.sumber) for k in kolom), key=lambda k: k.urutan)
    with acting_as(actor):
        KolomBlanko.objects.all().delete()
        KolomBlanko.objects.bulk_create(
            [KolomBlanko(urutan=k.urutan, judul=k.judul, sumber=k.sumber) for k in kolom]
        )
    return kolom


@transaction.atomic
def kolom_blanko_reset(*, actor: User) -> None:
    """Drop the LSP's columns: the blanko uses DEFAULT_KOLOM again. Refused without
    manage_sertifikat. A repeat is a no-op."""
    from ..permissions import can_manage_sertifikat

    if not can_manage_sertifikat(actor):
        raise JourneyError("Anda tidak berwenang mengatur kolom blanko BNSP.")
    with acting_as(actor):
        KolomBlanko.objects.all().delete()


# --- the list --------------------------------------------------------------------------------------


def sk_in_force(pleno: Pleno) -> Dokumen | None:
    """The final version of the pleno's SK keputusan (a signed correction takes the place of
    the version it corrects), or None: not signed yet, or voided."""
    if pleno.sk_id is None:
        return None
    if pleno.sk.status == Dokumen.Status.FINAL:
        return pleno.sk
    return Dokumen.objects.filter(seri=pleno.sk.seri, status=Dokumen.Status.FINAL).order_by("-versi").first()


def blanko_refusal(jadwal: Jadwal) -> str | None:
    """Why `jadwal` has no blanko list, or None (X-2): a trial batch (SE-E3: no certificate,
    not reported); no pleno, or its SK keputusan not final (signed by the Ketua) or no longer
    in force. One or two queries."""
    if jadwal.uji_coba:
        return "Jadwal ini asesmen uji coba: tidak dilaporkan ke BNSP, sehingga tidak ada blanko."
    pleno = Pleno.objects.select_related("sk").filter(jadwal=jadwal).first()
    if pleno is None or pleno.sk_id is None:
        return (
            "Blanko BNSP dibuat setelah SK keputusan jadwal ini ditetapkan; rapat pleno belum menerbitkannya."
        )
    if pleno.status != Pleno.Status.DITETAPKAN or sk_in_force(pleno) is None:
        nomor = f" {pleno.sk.nomor}" if pleno.sk.nomor else ""
        return (
            f"SK keputusan{nomor} belum final (belum ditandatangani Ketua LSP atau tidak berlaku "
            "lagi); blanko BNSP dibuat dari SK keputusan yang final."
        )
    return None


def blanko_rows(jadwal: Jadwal) -> tuple[Dokumen, list[Baris]]:
    """The SK keputusan in force and every candidate the batch's pleno decided, K and BK, by
    name (three or four queries)."""
    pleno = Pleno.objects.select_related("sk", "jadwal__skema", "jadwal__tuk").get(jadwal=jadwal)
    sk = sk_in_force(pleno)
    decisions = list(
        Keputusan.objects.filter(pleno=pleno)
        .select_related("permohonan__asesor__personel")
        .order_by("permohonan__nama", "permohonan__pk")
    )
    certificates = {
        s.permohonan_id: s
        for s in Sertifikat.objects.filter(permohonan__in=[k.permohonan_id for k in decisions])
    }
    return sk, [
        Baris(
            nomor=i,
            keputusan=k,
            sertifikat=certificates.get(k.permohonan_id),
            jadwal=pleno.jadwal,
            pleno=pleno,
            sk=sk,
        )
        for i, k in enumerate(decisions, start=1)
    ]


def blanko_filename(jadwal: Jadwal) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in jadwal.skema.kode).strip("-")
    return f"blanko-bnsp-jadwal-{jadwal.pk}-{safe}.xlsx"


def blanko_workbook(*, jadwal: Jadwal, actor: User) -> bytes:
    """The blanko list of `jadwal` as an .xlsx: sheet "Blanko BNSP" with the heading row and one
    row per decided candidate (K and BK) in the columns in use (kolom_blanko), NIK and phone
    as text, dates as dates, no cell that runs as a formula; sheet "Keterangan" with the
    batch, scheme, SK keputusan and when it was made. Refused (JourneyError): no
    manage_sertifikat (the list carries NIKs: staff only); blanko_refusal. Reads only."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..permissions import can_manage_sertifikat

    if not can_manage_sertifikat(actor):
        raise JourneyError("Anda tidak berwenang mengunduh blanko BNSP.")
    refusal = blanko_refusal(jadwal)
    if refusal:
        raise JourneyError(refusal, code="blanko")
    kolom, _ = kolom_blanko()
    sk, rows = blanko_rows(jadwal)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([safe_cell(k.judul) for k in kolom])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for b in rows:
        values = []
        for k in kolom:
            value = SUMBER[k.sumber].nilai(b)
            values.append(safe_cell(value if value is not None else ""))
        sheet.append(values)
    for col, k in enumerate(kolom, start=1):
        letter = sheet.cell(row=1, column=col).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, len(k.judul) + 4))
        for row in range(2, len(rows) + 2):
            cell = sheet.cell(row=row, column=col)
            if SUMBER[k.sumber].teks:
                cell.number_format = "@"
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"

    info = workbook.create_sheet(INFO_TITLE)
    kompeten = sum(1 for b in rows if b.keputusan.hasil == Keputusan.Hasil.K)
    for label, value in (
        ("Jadwal asesmen", jadwal.nama),
        ("Skema", f"{jadwal.skema.kode} {jadwal.skema.judul}"),
        ("Nomor SK keputusan", sk.nomor),
        ("Tanggal SK keputusan", _local_date(sk.difinalkan_pada)),
        ("Jumlah asesi", len(rows)),
        ("Kompeten (K)", kompeten),
        ("Belum kompeten (BK)", len(rows) - kompeten),
        ("Dibuat pada", timezone.localtime().replace(tzinfo=None, microsecond=0)),
    ):
        info.append([label, safe_cell(value)])
    info["B4"].number_format = DATE_FORMAT
    info["B8"].number_format = "DD-MM-YYYY HH:MM"
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
