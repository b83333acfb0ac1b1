"""Pra-asesmen (SE-A4.8c, SE-D1.2c, X-7): the candidate's plan from the validated MUK
(FR.MAPA.01/02), reasonable adjustment (FR.AK.07) when needed, and the agreement FR.AK.01
that the applicant and then the assessor sign. No assessment starts without a final AK.01.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from administrasi.models import Dokumen
from akun.audit import acting_as
from akun.models import User
from lsp_portal.workflow import transition
from muk.models import JenisIA, Mapa01, Mapa02, Metode, PotensiAsesi
from muk.selectors import muk_usable
from muk.services import muk_require_validated

from ..models import Mode, Permohonan, Rencana
from .common import JourneyError, Tandatangan, issue_or_correct, issue_signed, notify, sign

S = Permohonan.Status

# FR.AK.01 "bukti yang akan dikumpulkan", by the method that yields it.
BUKTI_METODE = {
    Metode.OBSERVASI: "Hasil observasi langsung",
    Metode.KEGIATAN_TERSTRUKTUR: "Hasil kegiatan terstruktur",
    Metode.TANYA_JAWAB: "Hasil pertanyaan lisan",
    Metode.PERTANYAAN_TERTULIS: "Hasil pertanyaan tertulis",
    Metode.VERIFIKASI_PORTOFOLIO: "Hasil verifikasi portofolio",
    Metode.REVIU_PRODUK: "Hasil reviu produk",
    Metode.WAWANCARA: "Hasil pertanyaan wawancara",
    Metode.PIHAK_KETIGA: "Hasil verifikasi pihak ketiga",
}
# FR.AK.07 (ii): candidate characteristics that may call for an adjustment.
KARAKTERISTIK = {
    "bahasa": "Keterbatasan bahasa, literasi, atau numerasi",
    "pendamping": "Membutuhkan pembaca, penerjemah, atau juru tulis",
    "teknologi": "Membutuhkan teknologi adaptif",
    "waktu": "Membutuhkan waktu yang fleksibel (kelelahan, pengobatan)",
    "format": "Membutuhkan materi braille, audio, atau video",
    "lingkungan": "Membutuhkan penyesuaian lingkungan fisik",
    "usia_gender": "Pertimbangan usia atau gender",
    "budaya": "Pertimbangan budaya atau agama",
}
PERNYATAAN_ASESI = [
    "Saya setuju mengikuti asesmen dengan pemahaman bahwa informasi yang dikumpulkan hanya digunakan untuk "
    "pengembangan profesional dan hanya dapat diakses oleh orang tertentu saja.",
    "Saya telah mendapatkan penjelasan mengenai hak dan prosedur banding asesmen (FR.AK.04).",
]
PERNYATAAN_ASESOR = (
    "Menyatakan tidak akan membuka hasil pekerjaan yang saya peroleh karena penugasan saya sebagai asesor "
    "kepada siapa pun atau organisasi apa pun selain kepada pihak yang berwenang sehubungan dengan kewajiban "
    "saya sebagai asesor yang ditugaskan oleh LSP."
)
PERNYATAAN_REKAMAN = (
    "Saya menyetujui asesmen jarak jauh ini direkam (video, audio, dan layar) sebagai bukti "
    "asesmen, disimpan "
    "secara rahasia sekurang-kurangnya satu masa berlaku sertifikat (UU PDP 27/2022, SE.007/BNSP/V/2023)."
)


def _assessor_step(permohonan: Permohonan, actor: User, *, statuses=(S.PRA_ASESMEN,)) -> Permohonan:
    from ..permissions import is_assigned_asesor

    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("skema", "jadwal__tuk", "asesor__personel", "asesi", "rencana", "ak01", "ak07")
        .get(pk=permohonan.pk)
    )
    if not is_assigned_asesor(actor, permohonan):
        raise JourneyError("Hanya asesor yang ditugaskan untuk asesi ini yang dapat melakukannya.")
    if permohonan.status not in statuses:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()}; langkah ini belum "
            f"atau tidak lagi "
            "dapat dilakukan.",
            code="state",
        )
    return permohonan


def plan_options(permohonan: Permohonan):
    """(validated MUK version, [(unit, [metode], {potensi: [jenis IA]})]) the plan is chosen
    within. JourneyError when the scheme has no usable validated MUK (SE-A4.6)."""
    try:
        versi = muk_require_validated(muk_usable(permohonan.skema))
    except ValidationError as e:
        raise JourneyError(" ".join(e.messages), code="muk") from None
    mapa01 = {
        m.unit_id: m
        for m in Mapa01.objects.filter(versi=versi).select_related("unit").prefetch_related("metode")
    }
    cells: dict[int, dict[int, list[str]]] = {}
    for row in Mapa02.objects.filter(versi=versi).order_by("jenis"):
        cells.setdefault(row.unit_id, {}).setdefault(row.potensi, []).append(row.jenis)
    units = sorted((m.unit for m in mapa01.values()), key=lambda u: (u.urutan, u.pk))
    return versi, [(u, [x.metode for x in mapa01[u.pk].metode.all()], cells.get(u.pk, {})) for u in units]


@transaction.atomic
def rencana_save(
    *,
    permohonan: Permohonan,
    potensi: int,
    pilihan: dict[int, dict[str, list[str]]],
    alasan: str,
    actor: User,
    ttd: Tandatangan,
) -> Rencana:
    """The assessor sets the candidate's plan within the validated MUK and signs it
    (FR.MAPA.01-ASESI; a change is a new version): per unit, methods among the unit's
    FR.MAPA.01 methods and instruments among its FR.MAPA.02 instruments for `potensi`.
    Leaving any out needs `alasan`; a method or instrument outside the MUK, or a unit with
    nothing chosen, is refused. Not once the AK.01 is final (reschedule first)."""
    permohonan = _assessor_step(permohonan, actor)
    if permohonan.ak01_id and permohonan.ak01.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists():
        raise JourneyError(
            "FR.AK.01 sudah ditandatangani; rencana tidak dapat diubah lagi.", code="ak01_signed"
        )
    if potensi not in PotensiAsesi.values:
        raise JourneyError("Pilih potensi asesi (1–5).", field="potensi")
    versi, options = plan_options(permohonan)
    clean: dict[str, dict[str, list[str]]] = {}
    reduced = []
    for unit, metode, cells in options:
        chosen = pilihan.get(unit.pk, {})
        m = [x for x in metode if x in set(chosen.get("metode", []))]
        allowed_ia = cells.get(potensi, [])
        ia = [x for x in allowed_ia if x in set(chosen.get("instrumen", []))]
        outside = (set(chosen.get("metode", [])) - set(metode)) | (
            set(chosen.get("instrumen", [])) - set(allowed_ia)
        )
        if outside:
            raise JourneyError(
                f"Unit {unit.kode}: {', '.join(sorted(outside))} di luar MUK tervalidasi; ubah MUK "
                f"bila perlu.",
                code="outside_muk",
            )
        if not m or not ia:
            raise JourneyError(
                f"Unit {unit.kode}: pilih paling sedikit satu metode dan satu instrumen.", code="empty"
            )
        if len(m) < len(metode) or len(ia) < len(allowed_ia):
            reduced.append(unit.kode)
        clean[str(unit.pk)] = {"metode": m, "instrumen": ia}
    alasan = (alasan or "").strip()
    if reduced and not alasan:
        raise JourneyError(
            f"Tulis alasan penyesuaian rencana (unit {', '.join(reduced)} tidak memakai semua "
            f"metode/instrumen MUK).",
            field="alasan",
            code="reason",
        )
    labels = dict(Metode.choices)
    ia_labels = dict(JenisIA.choices)
    data = {
        "asesi": permohonan.nama,
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "muk": f"versi {versi.nomor}",
        "potensi_asesi": PotensiAsesi(potensi).label,
        "rencana": [
            {
                "unit": f"{u.kode} {u.judul}",
                "metode": [labels[x] for x in clean[str(u.pk)]["metode"]],
                "instrumen": [ia_labels[x] for x in clean[str(u.pk)]["instrumen"]],
            }
            for u, _, _ in options
        ],
        "alasan_penyesuaian": alasan,
        "asesor": permohonan.asesor.personel.nama,
        "no_reg_met": permohonan.asesor.nomor_met,
    }
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            current=permohonan.rencana,
            kode="FR.MAPA.01-ASESI",
            subject=permohonan,
            judul=f"Rencana asesmen: {permohonan.nama}",
            data=data,
            pihak="asesor",
            signer=actor,
            ttd=ttd,
            alasan="Rencana asesmen disesuaikan",
        )
        rencana, _ = Rencana.objects.update_or_create(
            permohonan=permohonan,
            defaults={"muk_versi": versi, "potensi": potensi, "pilihan": clean, "alasan": alasan},
        )
        permohonan.rencana = dokumen
        permohonan.save(update_fields=["rencana", "updated_at"])
    return rencana


@transaction.atomic
def ak07_save(
    *,
    permohonan: Permohonan,
    karakteristik: dict[str, tuple[bool, str]],
    acuan_standar: bool,
    tambahan_waktu_menit: int,
    catatan: str,
    actor: User,
    ttd: Tandatangan,
) -> Dokumen:
    """FR.AK.07 (X-7): per characteristic Ya/Tidak and the adjustment chosen (required for
    Ya); the competency standard stays the benchmark (refused otherwise); the extra time
    (0–120 minutes) applies to timed written tests. The assessor signs; a change is a new
    version. Needs the plan first."""
    permohonan = _assessor_step(permohonan, actor)
    rencana = Rencana.objects.filter(permohonan=permohonan).first()
    if rencana is None:
        raise JourneyError("Susun rencana asesmen (FR.MAPA.01) lebih dahulu.", code="no_plan")
    if permohonan.ak01_id and permohonan.ak01.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists():
        raise JourneyError(
            "FR.AK.01 sudah ditandatangani; FR.AK.07 tidak dapat diubah lagi.", code="ak01_signed"
        )
    if not acuan_standar:
        raise JourneyError(
            "Penyesuaian tidak boleh mengubah acuan pembanding: standar kompetensi tetap menjadi "
            "acuan (X-7).",
            field="acuan_standar",
            code="benchmark",
        )
    rows = []
    for key, label in KARAKTERISTIK.items():
        ya, penyesuaian = karakteristik.get(key, (False, ""))
        penyesuaian = (penyesuaian or "").strip()
        if ya and not penyesuaian:
            raise JourneyError(f"Tulis penyesuaian untuk: {label}.", field=key, code="adjustment")
        rows.append(
            {"karakteristik": label, "ya": "Ya" if ya else "Tidak", "penyesuaian": penyesuaian if ya else ""}
        )
    if not 0 <= int(tambahan_waktu_menit) <= 120:
        raise JourneyError("Tambahan waktu 0 sampai 120 menit.", field="tambahan_waktu_menit")
    data = {
        "asesi": permohonan.nama,
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "potensi_asesi": PotensiAsesi(rencana.potensi).label,
        "karakteristik": rows,
        "acuan_pembanding": "Standar kompetensi pada skema (tidak berubah)",
        "tambahan_waktu_menit": int(tambahan_waktu_menit),
        "catatan": (catatan or "").strip(),
        "asesor": permohonan.asesor.personel.nama,
        "no_reg_met": permohonan.asesor.nomor_met,
    }
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            current=permohonan.ak07,
            kode="FR.AK.07",
            subject=permohonan,
            judul=f"FR.AK.07 {permohonan.nama}",
            data=data,
            pihak="asesor",
            signer=actor,
            ttd=ttd,
            alasan="Penyesuaian diperbarui",
        )
        Rencana.objects.filter(pk=rencana.pk).update(tambahan_waktu_menit=int(tambahan_waktu_menit))
        permohonan.ak07 = dokumen
        permohonan.save(update_fields=["ak07", "updated_at"])
    return dokumen


def ak01_data(permohonan: Permohonan, rencana: Rencana) -> dict:
    jadwal = permohonan.jadwal
    mulai, selesai = timezone.localtime(jadwal.mulai), timezone.localtime(jadwal.selesai)
    metode = []
    for unit_choice in rencana.pilihan.values():
        for m in unit_choice["metode"]:
            if m not in metode:
                metode.append(m)
    data = {
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "tuk": f"{jadwal.tuk.get_jenis_display()}: {jadwal.tuk.nama}",
        "asesor": permohonan.asesor.personel.nama,
        "no_reg_met": permohonan.asesor.nomor_met,
        "asesi": permohonan.nama,
        "bukti_yang_akan_dikumpulkan": [BUKTI_METODE[m] for m in metode],
        "hari_tanggal": date_format(mulai.date(), "l, j F Y"),
        "waktu": f"{mulai:%H.%M}–{selesai:%H.%M} WIB",
        "mode": jadwal.get_mode_display(),
        "tautan_video": jadwal.tautan_video,
        "pernyataan_asesi": list(PERNYATAAN_ASESI),
        "pernyataan_asesor": PERNYATAAN_ASESOR,
    }
    if jadwal.mode == Mode.JARAK_JAUH:
        data["persetujuan_rekaman"] = PERNYATAAN_REKAMAN
    if jadwal.uji_coba:
        data["uji_coba"] = "UJI COBA – tidak menerbitkan sertifikat (SE-E3)"
    if rencana.tambahan_waktu_menit:
        data["penyesuaian_waktu"] = f"Tambahan waktu {rencana.tambahan_waktu_menit} menit (FR.AK.07)"
    return data


@transaction.atomic
def ak01_propose(*, permohonan: Permohonan, actor: User) -> Dokumen:
    """The assessor proposes FR.AK.01 from the plan and the batch (evidence, methods, day,
    time, TUK or video link; the recording consent for a remote batch). The applicant signs
    first, then the assessor. A new proposal replaces one nobody signed yet; after both
    signed it is a new version (a reschedule)."""
    permohonan = _assessor_step(permohonan, actor)
    rencana = Rencana.objects.filter(permohonan=permohonan).first()
    if rencana is None or permohonan.rencana is None or permohonan.rencana.status != Dokumen.Status.FINAL:
        raise JourneyError(
            "Susun dan tandatangani rencana asesmen (FR.MAPA.01) lebih dahulu.", code="no_plan"
        )
    if permohonan.jadwal.spt is None or permohonan.jadwal.spt.status != Dokumen.Status.FINAL:
        raise JourneyError("SPT asesor jadwal ini belum ditandatangani.", code="spt_pending")
    with acting_as(actor):
        dokumen = issue_or_correct(
            current=permohonan.ak01,
            kode="FR.AK.01",
            subject=permohonan,
            judul=f"FR.AK.01 {permohonan.nama} – {permohonan.skema.kode}",
            data=ak01_data(permohonan, rencana),
            signers={"asesi": permohonan.asesi, "asesor": actor},
            actor=actor,
            alasan="Jadwal atau rencana berubah",
        )
        permohonan.ak01 = dokumen
        permohonan.save(update_fields=["ak01", "updated_at"])
    notify(
        [permohonan.asesi],
        judul="Tanda tangani persetujuan asesmen (FR.AK.01)",
        pesan=f"Asesor {permohonan.asesor.personel.nama} mengirim persetujuan asesmen dan kerahasiaan. Baca "
        "rencana, waktu, dan tempatnya, lalu tandatangani.",
        url=permohonan.get_absolute_url(),
        kunci=f"ak01-{dokumen.pk}-asesi",
    )
    return dokumen


@transaction.atomic
def ak01_sign(*, permohonan: Permohonan, actor: User, ttd: Tandatangan) -> Permohonan:
    """Sign the current FR.AK.01 in order (the applicant, then the assessor; the records
    engine refuses out of order or a repeat). The last signature makes it final ->
    siap_asesmen; the other party is told what comes next."""
    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("ak01", "asesor__personel")
        .get(pk=permohonan.pk)
    )
    if permohonan.status != S.PRA_ASESMEN or permohonan.ak01 is None:
        raise JourneyError("Tidak ada persetujuan asesmen yang menunggu tanda tangan.", code="state")
    sign(permohonan.ak01, signer=actor, ttd=ttd)
    dokumen = Dokumen.objects.get(pk=permohonan.ak01_id)
    if dokumen.status == Dokumen.Status.FINAL:
        with acting_as(actor, ttd.ip):
            permohonan = transition(permohonan, S.SIAP_ASESMEN, actor=actor, note="FR.AK.01 final")
        notify(
            [permohonan.asesi],
            judul="Persetujuan asesmen lengkap",
            pesan="FR.AK.01 telah ditandatangani asesi dan asesor. Ikuti asesmen sesuai jadwal.",
            url=permohonan.get_absolute_url(),
        )
    elif permohonan.asesor_id:
        notify(
            [permohonan.asesor.personel.user],
            judul="Asesi menandatangani FR.AK.01",
            pesan=f"{permohonan.nama} telah menandatangani persetujuan asesmen. Tandatangani sebagai asesor.",
            url=permohonan.get_absolute_url(),
            kunci=f"ak01-{dokumen.pk}-asesor",
        )
    return permohonan


def asesmen_require_ak01(permohonan: Permohonan) -> Permohonan:
    """SE-A4.8c: the gate every assessment step (Journey II) passes: the candidate's FR.AK.01
    is final. Raises JourneyError otherwise."""
    current = Permohonan.objects.select_related("ak01").get(pk=permohonan.pk)
    if (
        current.ak01 is None
        or current.ak01.status != Dokumen.Status.FINAL
        or current.status != S.SIAP_ASESMEN
    ):
        raise JourneyError(
            "Asesmen belum dapat dimulai: persetujuan asesmen (FR.AK.01) belum ditandatangani asesi "
            "dan asesor.",
            code="no_ak01",
        )
    return current
