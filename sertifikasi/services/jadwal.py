"""Batches (jadwal asesmen), their assessors and SPT, and their candidates (SE-E3, X-6).

Every refusal names its reason; a write is all or nothing. Assigning assessors issues the
SPT asesor (numbered, signed by the chosen Ketua or Manajer Sertifikasi); a change to the
batch after that issues a new SPT version, and a change of time, place or link after a
candidate's FR.AK.01 asks for a new AK.01 version.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from administrasi import services as records
from administrasi.models import Dokumen
from akun.audit import acting_as
from akun.models import Role, User
from lsp_portal.workflow import transition
from muk.models import Skema
from muk.selectors import muk_usable
from muk.services import muk_require_validated
from sdm.models import Asesor
from sdm.services import deklarasi_this_year
from tuk.models import Tuk

from ..models import Jadwal, JadwalAsesor, Konflik, Mode, Permohonan
from .common import JourneyError, issue_or_correct, notify, users_with_right

S = Permohonan.Status
FIELDS = (
    "nama",
    "skema",
    "mode",
    "tuk",
    "mulai",
    "selesai",
    "kuota",
    "tautan_video",
    "uji_coba",
    "penandatangan_spt",
)
# What the SPT and the AK.01 state: a change of one of these after they were signed asks for a
# new version.
SPT_FIELDS = ("skema", "mode", "tuk", "mulai", "selesai", "tautan_video", "penandatangan_spt")
AK01_FIELDS = ("mode", "tuk", "mulai", "selesai", "tautan_video")


def _day(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)


def _tgl(day: dt.date) -> str:
    return date_format(day, "j F Y")


def spt_signers():
    """Who may sign an SPT asesor: the active Ketua and Manajer Sertifikasi."""
    return (
        User.objects.filter(
            is_active=True, groups__role__code__in=[Role.Code.KETUA, Role.Code.MANAJER_SERTIFIKASI]
        )
        .distinct()
        .order_by("nama_lengkap")
    )


def _check(values: dict, *, jadwal: Jadwal | None) -> None:
    """The batch's own rules (SE-E3, SE-A4.3, SE-A4.6); JourneyError on the field."""
    skema: Skema = values["skema"]
    if not skema.aktif:
        raise JourneyError(f"Skema {skema.kode} tidak aktif.", field="skema")
    try:
        muk_require_validated(muk_usable(skema))
    except ValidationError as e:
        raise JourneyError(" ".join(e.messages), field="skema", code="muk") from None
    if values["mode"] not in Mode.values:
        raise JourneyError("Pilih mode asesmen.", field="mode")
    if values["mode"] == Mode.JARAK_JAUH and not skema.jarak_jauh_disetujui and not values["uji_coba"]:
        raise JourneyError(
            f"Skema {skema.kode} belum disetujui BNSP untuk sertifikasi jarak jauh. Pilih tatap muka, atau "
            "tandai jadwal sebagai uji coba (SE-E3).",
            field="mode",
            code="remote_not_approved",
        )
    if values["mode"] == Mode.JARAK_JAUH and not values["tautan_video"]:
        raise JourneyError("Asesmen jarak jauh memerlukan tautan konferensi video.", field="tautan_video")
    if values["tautan_video"] and not values["tautan_video"].startswith("https://"):
        raise JourneyError("Tautan konferensi video harus diawali https://.", field="tautan_video")
    mulai, selesai = values["mulai"], values["selesai"]
    if selesai <= mulai:
        raise JourneyError("Waktu selesai harus setelah waktu mulai.", field="selesai")
    if _day(selesai) - _day(mulai) > dt.timedelta(days=6):
        raise JourneyError("Satu jadwal paling lama 7 hari.", field="selesai")
    if (jadwal is None or values["mulai"] != jadwal.mulai) and mulai <= timezone.now():
        raise JourneyError("Waktu mulai sudah lewat; pilih waktu yang akan datang.", field="mulai")
    kuota = values["kuota"]
    if not kuota or kuota < 1:
        raise JourneyError("Kuota paling sedikit 1 peserta.", field="kuota")
    if jadwal is not None:
        jumlah = jadwal.peserta.count()
        if kuota < jumlah:
            raise JourneyError(
                f"Kuota tidak boleh kurang dari jumlah peserta yang sudah terdaftar ({jumlah}).",
                field="kuota",
            )
        if values["skema"].pk != jadwal.skema_id and jadwal.peserta.exists():
            raise JourneyError(
                "Skema tidak dapat diubah karena jadwal sudah memiliki peserta.", field="skema"
            )
        if values["mode"] != jadwal.mode and jadwal.peserta.exists():
            raise JourneyError("Mode tidak dapat diubah karena jadwal sudah memiliki peserta.", field="mode")
        if (
            values["uji_coba"] != jadwal.uji_coba
            and jadwal.spt_id
            and jadwal.spt.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists()
        ):
            raise JourneyError(
                "Tanda uji coba tidak dapat diubah setelah SPT ditandatangani (SE-E3).", field="uji_coba"
            )
    tuk: Tuk = values["tuk"]
    for day in sorted({_day(mulai), _day(selesai)}):
        if not tuk.is_verified_on(day):
            until = f" (berlaku sampai {_tgl(tuk.berlaku_sampai)})" if tuk.berlaku_sampai else ""
            raise JourneyError(
                f"TUK {tuk.nama} tidak terverifikasi pada {_tgl(day)}{until}; pilih TUK lain atau "
                f"verifikasi dulu.",
                field="tuk",
                code="tuk_unverified",
            )
        if not tuk.is_verified_on(day, skema_id=values["skema"].pk):
            raise JourneyError(
                f"TUK {tuk.nama} tidak ditetapkan untuk skema {values['skema'].kode} pada {_tgl(day)}; "
                "SK penetapan TUK harus mencantumkan skema ini. Pilih TUK lain atau ajukan verifikasi "
                "TUK untuk skema ini.",
                field="tuk",
                code="tuk_skema",
            )
    signer = values.get("penandatangan_spt")
    if signer is None or not spt_signers().filter(pk=signer.pk).exists():
        raise JourneyError(
            "Penandatangan SPT harus Ketua atau Manajer Sertifikasi yang aktif.", field="penandatangan_spt"
        )


def asesor_refusal(asesor: Asesor, *, jadwal: Jadwal, mulai=None, selesai=None, candidates=None) -> str:
    """Why `asesor` cannot be assigned to `jadwal` (at `mulai`–`selesai` when given), or "".
    SE-A4.2, X-6: MET valid on every day, registered for the scheme, active, this year's
    impartiality declaration signed (the year of assigning), no declared conflict with a
    candidate, no overlapping batch."""
    mulai, selesai = mulai or jadwal.mulai, selesai or jadwal.selesai
    nama = asesor.personel.nama
    for day in sorted({_day(mulai), _day(selesai)}):
        if day > asesor.met_berlaku_sampai:
            return (
                f"Registrasi MET {nama} berakhir {_tgl(asesor.met_berlaku_sampai)}, sebelum "
                f"jadwal ({_tgl(day)})."
            )
        if not asesor.personel.is_active_on(day):
            return f"{nama} tidak aktif sebagai personel pada {_tgl(day)}."
    if not any(s.pk == jadwal.skema_id for s in asesor.skema.all()):
        return f"{nama} tidak terdaftar sebagai asesor skema {jadwal.skema.kode}."
    # this year's declaration, the year of the assignment (a December assignment to a
    # January batch is made under this year's; the assessor declares again in January).
    year = timezone.localdate().year
    if deklarasi_this_year(asesor, year) is None:
        return f"{nama} belum menandatangani pernyataan imparsialitas dan benturan kepentingan tahun {year}."
    asesi_ids = (
        [p.asesi_id for p in candidates]
        if candidates is not None
        else list(jadwal.peserta.values_list("asesi_id", flat=True))
    )
    konflik = Konflik.objects.filter(asesor=asesor, asesi_id__in=asesi_ids).select_related("asesi").first()
    if konflik is not None:
        return f"{nama} menyatakan benturan kepentingan dengan asesi {konflik.asesi.nama_lengkap}."
    other = (
        Jadwal.objects.filter(penugasan__asesor=asesor, mulai__lt=selesai, selesai__gt=mulai)
        .exclude(status=Jadwal.Status.DIBATALKAN)
        .exclude(pk=jadwal.pk)
        .first()
    )
    if other is not None:
        return f"{nama} sudah bertugas pada jadwal lain yang waktunya bersinggungan: {other.nama}."
    return ""


def _asesor_qs():
    return Asesor.objects.select_related("personel").prefetch_related("skema")


def spt_data(jadwal: Jadwal) -> dict:
    mulai, selesai = timezone.localtime(jadwal.mulai), timezone.localtime(jadwal.selesai)
    return {
        "asesor": [
            {"nama": p.asesor.personel.nama, "nomor_met": p.asesor.nomor_met}
            for p in jadwal.penugasan.select_related("asesor__personel")
        ],
        "skema": {"kode": jadwal.skema.kode, "judul": jadwal.skema.judul},
        "tuk": {"nama": jadwal.tuk.nama, "alamat": f"{jadwal.tuk.alamat}, {jadwal.tuk.kota}"},
        "jadwal": {
            "tanggal": mulai.date().isoformat(),
            "waktu": f"{mulai:%H.%M}–{selesai:%H.%M} WIB"
            + (f" s.d. {_tgl(selesai.date())}" if selesai.date() != mulai.date() else ""),
        },
        "metode": jadwal.get_mode_display().lower(),
        "tautan_video": jadwal.tautan_video,
        "uji_coba": jadwal.uji_coba,
        "nama_jadwal": jadwal.nama,
    }


def _issue_spt(jadwal: Jadwal, *, actor: User, alasan: str) -> Dokumen:
    current = Dokumen.objects.filter(pk=jadwal.spt_id).first()
    signer = jadwal.penandatangan_spt
    if current is not None and current.status == Dokumen.Status.FINAL:
        row = current.tanda_tangan.first()
        if row is not None and row.penandatangan_id != signer.pk:
            # Another signer: the correction would keep the old one; issue a new SPT instead.
            current = None
    dokumen = issue_or_correct(
        current=current,
        kode="SPT-ASESOR",
        subject=jadwal,
        judul=f"SPT asesor: {jadwal.nama}",
        data=spt_data(jadwal),
        signers={"ketua": signer},
        actor=actor,
        alasan=alasan,
    )
    jadwal.spt = dokumen
    jadwal.save(update_fields=["spt", "updated_at"])
    JadwalAsesor.objects.filter(jadwal=jadwal).update(dikonfirmasi_pada=None)
    notify(
        [signer],
        judul="SPT asesor menunggu tanda tangan",
        pesan=f"SPT asesor untuk jadwal {jadwal.nama} ({_tgl(_day(jadwal.mulai))}) menunggu tanda "
        f"tangan Anda.",
        url=reverse("administrasi:dokumen-sign", args=[dokumen.pk]),
        kunci=f"spt-{dokumen.pk}",
    )
    return dokumen


@transaction.atomic
def jadwal_create(*, actor: User, **values) -> Jadwal:
    """A new batch (draft until its assessors are assigned). `values`: FIELDS. Refused with
    the reason on its field (JourneyError), nothing created."""
    values = {f: values.get(f) for f in FIELDS}
    values["nama"] = (values["nama"] or "").strip()
    values["tautan_video"] = (values["tautan_video"] or "").strip()
    values["uji_coba"] = bool(values["uji_coba"])
    if not values["nama"]:
        raise JourneyError("Nama jadwal wajib diisi.", field="nama")
    _check(values, jadwal=None)
    with acting_as(actor):
        return Jadwal.objects.create(dibuat_oleh=actor, **values)


def _lock(jadwal: Jadwal) -> Jadwal:
    # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (spt, signer).
    jadwal = (
        Jadwal.objects.select_for_update(of=("self",))
        .select_related("skema", "tuk", "spt", "penandatangan_spt")
        .get(pk=jadwal.pk)
    )
    if jadwal.status == Jadwal.Status.DIBATALKAN:
        raise JourneyError("Jadwal ini sudah dibatalkan.", code="cancelled")
    return jadwal


@transaction.atomic
def jadwal_update(*, jadwal: Jadwal, actor: User, **values) -> Jadwal:
    """Change a batch. The same rules as creating it, plus: the quota not below the
    candidates, the assessors still assignable at the new time, the trial flag fixed once
    the SPT is signed. After the SPT: a new SPT version (signed again). After a candidate's
    FR.AK.01, a change of time, place, mode or link asks for a new AK.01 version: the
    candidate goes back to pra-asesmen and both are told."""
    jadwal = _lock(jadwal)
    new = {f: values.get(f, getattr(jadwal, f)) for f in FIELDS}
    new["nama"] = (new["nama"] or "").strip()
    new["tautan_video"] = (new["tautan_video"] or "").strip()
    new["uji_coba"] = bool(new["uji_coba"])
    if not new["nama"]:
        raise JourneyError("Nama jadwal wajib diisi.", field="nama")
    _check(new, jadwal=jadwal)
    changed = [f for f in FIELDS if new[f] != getattr(jadwal, f)]
    if not changed:
        return jadwal
    for penugasan in jadwal.penugasan.select_related("asesor__personel").prefetch_related("asesor__skema"):
        # Re-read the assessor with its schemes (prefetch on the through row's relation).
        asesor = _asesor_qs().get(pk=penugasan.asesor_id)
        refusal = asesor_refusal(asesor, jadwal=jadwal, mulai=new["mulai"], selesai=new["selesai"])
        if refusal:
            raise JourneyError(f"Perubahan ditolak: {refusal}", code="asesor")
    for f in changed:
        setattr(jadwal, f, new[f])
    with acting_as(actor):
        jadwal.save(update_fields=[*changed, "updated_at"])
        if jadwal.spt_id and set(changed) & set(SPT_FIELDS):
            _issue_spt(jadwal, actor=actor, alasan="Perubahan jadwal: " + ", ".join(changed))
        if set(changed) & set(AK01_FIELDS):
            _reschedule_agreements(jadwal, actor=actor)
    return jadwal


def _reschedule_agreements(jadwal: Jadwal, *, actor: User) -> None:
    """SE-A4.8c edge: a reschedule makes a new AK.01 version. A final AK.01 stays in the
    archive (the candidate goes back to pra-asesmen for version n+1); an unfinished one is
    voided."""
    for p in jadwal.peserta.select_related("ak01", "asesi", "asesor__personel__user"):
        if p.ak01_id is None:
            continue
        if p.ak01.status == Dokumen.Status.DRAFT:
            records.dokumen_void(
                dokumen=p.ak01, alasan="Jadwal berubah; FR.AK.01 perlu disusun ulang.", actor=actor
            )
        if p.status == S.SIAP_ASESMEN:
            transition(p, S.PRA_ASESMEN, actor=actor, note="Jadwal berubah; FR.AK.01 perlu versi baru.")
        notify(
            [p.asesi, p.asesor.personel.user if p.asesor else None],
            judul="Jadwal asesmen berubah",
            pesan=f"Jadwal {jadwal.nama} berubah. Persetujuan asesmen (FR.AK.01) perlu disusun dan "
            "ditandatangani ulang.",
            url=p.get_absolute_url(),
        )


@transaction.atomic
def jadwal_set_asesor(*, jadwal: Jadwal, asesor_ids: list[int], actor: User) -> Jadwal:
    """Set the batch's assessors to exactly `asesor_ids` and issue the SPT asesor (a new
    version when it changes after signing). All or nothing: every assessor refused is named
    with the reason. Candidates of a removed assessor go to another assessor of the batch."""
    jadwal = _lock(jadwal)
    ids = list(dict.fromkeys(int(i) for i in asesor_ids))
    if not ids:
        raise JourneyError("Pilih paling sedikit satu asesor.", field="asesor")
    asesor = list(_asesor_qs().filter(pk__in=ids))
    if len(asesor) != len(ids):
        raise JourneyError("Asesor tidak ditemukan.", field="asesor")
    refusals = [r for r in (asesor_refusal(a, jadwal=jadwal) for a in asesor) if r]
    if refusals:
        raise JourneyError(" ".join(refusals), field="asesor", code="asesor")
    current = set(jadwal.penugasan.values_list("asesor_id", flat=True))
    if current == set(ids) and jadwal.spt_id:
        return jadwal
    with acting_as(actor):
        JadwalAsesor.objects.filter(jadwal=jadwal).exclude(asesor_id__in=ids).delete()
        JadwalAsesor.objects.bulk_create(
            [JadwalAsesor(jadwal=jadwal, asesor_id=i) for i in ids if i not in current]
        )
        for p in jadwal.peserta.exclude(asesor_id__in=ids):
            p.asesor = _least_loaded(jadwal, p)
            p.save(update_fields=["asesor", "updated_at"])
        _issue_spt(jadwal, actor=actor, alasan="Perubahan asesor")
        if jadwal.status == Jadwal.Status.DRAFT:
            jadwal = transition(
                jadwal, Jadwal.Status.DITETAPKAN, actor=actor, note="asesor ditugaskan, SPT diterbitkan"
            )
    for a in asesor:
        if a.pk not in current:
            notify(
                [a.personel.user],
                judul="Penugasan asesmen baru",
                pesan=f"Anda ditugaskan sebagai asesor pada jadwal {jadwal.nama} "
                f"({_tgl(_day(jadwal.mulai))}). "
                "Setelah SPT ditandatangani, konfirmasi penugasan Anda.",
                url=jadwal.get_absolute_url(),
            )
    return jadwal


def _least_loaded(jadwal: Jadwal, permohonan: Permohonan) -> Asesor | None:
    """The batch's assessor with the fewest candidates and no declared conflict with this one."""
    konflik = set(Konflik.objects.filter(asesi_id=permohonan.asesi_id).values_list("asesor_id", flat=True))
    load = dict(
        jadwal.peserta.exclude(pk=permohonan.pk)
        .values_list("asesor_id")
        .annotate(n=Count("pk"))
        .values_list("asesor_id", "n")
    )
    asesor = [
        a
        for a in Asesor.objects.filter(pk__in=jadwal.penugasan.values("asesor_id")).select_related("personel")
        if a.pk not in konflik
    ]
    return min(asesor, key=lambda a: (load.get(a.pk, 0), a.personel.nama, a.pk), default=None)


def peserta_refusal(p: Permohonan, *, jadwal: Jadwal) -> str:
    """Why the application `p` cannot join `jadwal`, or ""."""
    nama = p.nama or p.asesi.nama_lengkap
    if p.skema_id != jadwal.skema_id:
        return f"{nama} memohon skema lain ({p.skema.kode})."
    if p.status in (S.DRAFT, S.DIAJUKAN, S.DIKEMBALIKAN):
        return f"Permohonan {nama} belum diverifikasi Admin LSP."
    if p.status == S.DITOLAK:
        return f"Permohonan {nama} tidak diterima."
    if p.status == S.ASESMEN_MANDIRI:
        return f"{nama} belum menandatangani asesmen mandiri (FR.APL.02)."
    if p.status == S.DIHENTIKAN:
        return f"APL.02 {nama} direkomendasikan asesmen tidak dapat dilanjutkan."
    if p.jadwal_id is not None:
        return f"{nama} sudah terdaftar pada jadwal {p.jadwal.nama}."
    if p.mode != jadwal.mode:
        return (
            f"{nama} memilih asesmen {p.get_mode_display().lower()}, sedangkan jadwal ini "
            f"{jadwal.get_mode_display().lower()}."
        )
    return ""


@transaction.atomic
def jadwal_add_peserta(*, jadwal: Jadwal, permohonan_ids: list[int], actor: User) -> list[Permohonan]:
    """Put verified candidates (APL.02 signed, waiting for a batch) into the batch, each with
    the batch assessor who has the fewest candidates and no declared conflict. All or
    nothing: over the quota, or any candidate refused (each named with the reason), adds
    nobody. The candidates and their assessors are told."""
    jadwal = _lock(jadwal)
    ids = list(dict.fromkeys(int(i) for i in permohonan_ids))
    if not ids:
        raise JourneyError("Pilih paling sedikit satu asesi.", field="peserta")
    candidates = list(
        Permohonan.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("skema", "jadwal", "asesi")
        .order_by("pk")
    )
    if len(candidates) != len(ids):
        raise JourneyError("Permohonan tidak ditemukan.", field="peserta")
    refusals = [r for r in (peserta_refusal(p, jadwal=jadwal) for p in candidates) if r]
    if refusals:
        raise JourneyError(" ".join(refusals), field="peserta", code="peserta")
    jumlah = jadwal.peserta.count()
    if jumlah + len(candidates) > jadwal.kuota:
        raise JourneyError(
            f"Melebihi kuota: jadwal ini berkuota {jadwal.kuota}, sudah {jumlah} peserta, ditambah "
            f"{len(candidates)} menjadi {jumlah + len(candidates)}.",
            field="peserta",
            code="quota",
        )
    added = []
    with acting_as(actor):
        for p in candidates:
            asesor = _least_loaded(jadwal, p) if jadwal.penugasan.exists() else None
            if jadwal.penugasan.exists() and asesor is None:
                raise JourneyError(
                    f"Semua asesor jadwal ini menyatakan benturan kepentingan dengan {p.nama}; "
                    f"tambahkan asesor lain.",
                    field="peserta",
                    code="konflik",
                )
            p = transition(p, S.DIJADWALKAN, actor=actor, note=f"jadwal {jadwal.nama}")
            p.jadwal, p.asesor = jadwal, asesor
            p.save(update_fields=["jadwal", "asesor", "updated_at"])
            added.append(p)
    for p in added:
        mulai = timezone.localtime(jadwal.mulai)
        notify(
            [p.asesi],
            judul="Anda dijadwalkan asesmen",
            pesan=f"Anda dijadwalkan pada {jadwal.nama}, {_tgl(mulai.date())} pukul {mulai:%H.%M} WIB, "
            f"{jadwal.get_mode_display().lower()} ({jadwal.tuk.nama}). Asesor akan meninjau asesmen "
            f"mandiri Anda.",
            url=p.get_absolute_url(),
        )
        if p.asesor_id:
            notify(
                [p.asesor.personel.user],
                judul="Tinjau asesmen mandiri asesi",
                pesan=f"{p.nama} masuk jadwal {jadwal.nama}. Tinjau FR.APL.02-nya dan beri rekomendasi.",
                url=reverse("sertifikasi:apl02-reviu", args=[p.pk]),
            )
    return added


@transaction.atomic
def jadwal_remove_peserta(*, jadwal: Jadwal, permohonan: Permohonan, alasan: str, actor: User) -> Permohonan:
    """Take a candidate out of the batch (back to waiting for a batch); an unfinished AK.01
    is voided, signed records stay. A reason is required."""
    jadwal = _lock(jadwal)
    alasan = (alasan or "").strip()
    if not alasan:
        raise JourneyError("Tulis alasan mengeluarkan peserta.", field="alasan")
    p = Permohonan.objects.select_for_update(of=("self",)).select_related("ak01").get(pk=permohonan.pk)
    if p.jadwal_id != jadwal.pk:
        raise JourneyError("Asesi ini bukan peserta jadwal ini.")
    with acting_as(actor):
        if p.ak01_id and p.ak01.status == Dokumen.Status.DRAFT:
            records.dokumen_void(dokumen=p.ak01, alasan=f"Dikeluarkan dari jadwal: {alasan}", actor=actor)
        p = transition(p, S.MENUNGGU_JADWAL, actor=actor, note=f"dikeluarkan dari {jadwal.nama}: {alasan}")
        p.jadwal = p.asesor = None
        p.save(update_fields=["jadwal", "asesor", "updated_at"])
    notify(
        [p.asesi],
        judul="Jadwal asesmen Anda dibatalkan",
        pesan=f"Anda dikeluarkan dari jadwal {jadwal.nama}: {alasan}. Anda akan dijadwalkan ulang.",
        url=p.get_absolute_url(),
    )
    return p


@transaction.atomic
def spt_confirm(*, jadwal: Jadwal, actor: User) -> JadwalAsesor:
    """The assessor confirms their SPT once it is signed. A repeat is a no-op."""
    jadwal = Jadwal.objects.select_related("spt").get(pk=jadwal.pk)
    penugasan = JadwalAsesor.objects.filter(jadwal=jadwal, asesor__personel__user=actor).first()
    if penugasan is None:
        raise JourneyError("Anda bukan asesor jadwal ini.")
    if jadwal.spt is None or jadwal.spt.status != Dokumen.Status.FINAL:
        raise JourneyError("SPT belum ditandatangani; konfirmasi setelah SPT terbit.", code="spt_pending")
    if penugasan.dikonfirmasi_pada is None:
        penugasan.dikonfirmasi_pada = timezone.now()
        with acting_as(actor):
            penugasan.save(update_fields=["dikonfirmasi_pada"])
    return penugasan


@transaction.atomic
def konflik_declare(*, permohonan: Permohonan, alasan: str, actor: User) -> Konflik:
    """X-6: the candidate's assessor declares a conflict of interest with them. The candidate
    goes to another assessor of the batch without one, or waits for one (the planners are
    told). A repeat is refused."""
    from ..permissions import asesor_of

    asesor = asesor_of(actor)
    if asesor is None:
        raise JourneyError("Hanya asesor yang dapat menyatakan benturan kepentingan.")
    alasan = (alasan or "").strip()
    if not alasan:
        raise JourneyError(
            "Tulis hubungan Anda dengan asesi (misalnya kerabat, atasan, peserta pelatihan Anda).",
            field="alasan",
        )
    p = Permohonan.objects.select_for_update(of=("self",)).select_related("jadwal").get(pk=permohonan.pk)
    if Konflik.objects.filter(asesor=asesor, asesi_id=p.asesi_id).exists():
        raise JourneyError("Anda sudah menyatakan benturan kepentingan dengan asesi ini.")
    with acting_as(actor):
        konflik = Konflik.objects.create(
            asesor=asesor, asesi_id=p.asesi_id, alasan=alasan, dinyatakan_oleh=actor
        )
        if p.jadwal_id and p.asesor_id == asesor.pk:
            p.asesor = _least_loaded(p.jadwal, p)
            p.save(update_fields=["asesor", "updated_at"])
    if p.jadwal_id:
        notify(
            users_with_right("manage_jadwal"),
            judul="Benturan kepentingan dinyatakan",
            pesan=f"{asesor.personel.nama} menyatakan benturan kepentingan dengan {p.nama} pada jadwal "
            f"{p.jadwal.nama}. "
            + (
                "Asesi dialihkan ke asesor lain." if p.asesor_id else "Tambahkan asesor lain untuk asesi ini."
            ),
            url=p.jadwal.get_absolute_url(),
        )
    return konflik
