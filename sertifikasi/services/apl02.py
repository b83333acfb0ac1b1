"""FR.APL.02 asesmen mandiri (SE-A4.8b, SE-D1.2b): the applicant answers K/BK against each
KUK of every unit, names and links evidence per element, and signs; the assessor of the
candidate's batch recommends to proceed or not (with a reason) and signs."""

from django.db import transaction
from django.urls import reverse

from akun.audit import acting_as
from akun.models import User
from lsp_portal.workflow import transition
from muk.models import KUK, Elemen, UnitKompetensi
from muk.services import skema_assessable

from ..models import Bukti, BuktiElemen, JawabanKuk, Permohonan
from .common import JourneyError, Tandatangan, issue_signed, notify, users_with_right

S = Permohonan.Status
MAX_KETERANGAN = 2000


def structure(permohonan: Permohonan) -> list[UnitKompetensi]:
    """The scheme's units with their elements and KUK (three queries, whatever the size)."""
    return list(
        UnitKompetensi.objects.filter(skema_id=permohonan.skema_id)
        .order_by("urutan", "pk")
        .prefetch_related("elemen__kuk")
    )


def answers(permohonan: Permohonan) -> tuple[dict[int, str], dict[int, BuktiElemen]]:
    """({kuk id: "K"/"BK"}, {elemen id: BuktiElemen with its linked files prefetched})."""
    jawaban = dict(JawabanKuk.objects.filter(permohonan=permohonan).values_list("kuk_id", "jawaban"))
    bukti = {
        b.elemen_id: b for b in BuktiElemen.objects.filter(permohonan=permohonan).prefetch_related("bukti")
    }
    return jawaban, bukti


def _own_open(permohonan: Permohonan, actor: User) -> Permohonan:
    permohonan = Permohonan.objects.select_for_update().get(pk=permohonan.pk)
    if permohonan.asesi_id != actor.pk:
        raise JourneyError("Hanya pemohon yang dapat mengisi asesmen mandirinya.")
    if permohonan.status != S.ASESMEN_MANDIRI:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()}; asesmen mandiri tidak "
            f"dapat diubah.",
            code="state",
        )
    return permohonan


@transaction.atomic
def apl02_save(
    *,
    permohonan: Permohonan,
    jawaban: dict[int, str],
    bukti: dict[int, tuple[str, list[int]]],
    actor: User,
) -> None:
    """Autosave and save of FR.APL.02: `jawaban` {kuk id: "K"/"BK"/""} ("" clears),
    `bukti` {elemen id: (keterangan, [Bukti ids of this application])}. Only KUK and
    elements of the application's scheme, and files of this application, are accepted
    (JourneyError otherwise, nothing saved). A constant number of queries whatever the
    scheme's size (bulk writes)."""
    permohonan = _own_open(permohonan, actor)
    kuk_ids = set(KUK.objects.filter(elemen__unit__skema_id=permohonan.skema_id).values_list("pk", flat=True))
    elemen_ids = set(Elemen.objects.filter(unit__skema_id=permohonan.skema_id).values_list("pk", flat=True))
    if set(jawaban) - kuk_ids:
        raise JourneyError("Ada KUK yang bukan bagian skema permohonan ini.", code="foreign_kuk")
    if set(bukti) - elemen_ids:
        raise JourneyError("Ada elemen yang bukan bagian skema permohonan ini.", code="foreign_elemen")
    if any(v not in ("K", "BK", "") for v in jawaban.values()):
        raise JourneyError("Jawaban hanya K (kompeten) atau BK (belum kompeten).", code="jawaban")
    linked = {i for _, ids in bukti.values() for i in ids}
    own_files = set(Bukti.objects.filter(permohonan=permohonan, pk__in=linked).values_list("pk", flat=True))
    if linked - own_files:
        raise JourneyError("Berkas bukti tidak ditemukan pada permohonan ini.", code="foreign_bukti")
    for keterangan, _ in bukti.values():
        if len(keterangan or "") > MAX_KETERANGAN:
            raise JourneyError(f"Keterangan bukti paling banyak {MAX_KETERANGAN} karakter.", code="too_long")

    with acting_as(actor):
        existing = {j.kuk_id: j for j in JawabanKuk.objects.filter(permohonan=permohonan, kuk_id__in=jawaban)}
        clear = [existing[k].pk for k, v in jawaban.items() if not v and k in existing]
        create = [
            JawabanKuk(permohonan=permohonan, kuk_id=k, jawaban=v)
            for k, v in jawaban.items()
            if v and k not in existing
        ]
        update = []
        for k, v in jawaban.items():
            if v and k in existing and existing[k].jawaban != v:
                existing[k].jawaban = v
                update.append(existing[k])
        if clear:
            JawabanKuk.objects.filter(pk__in=clear).delete()
        JawabanKuk.objects.bulk_create(create)
        JawabanKuk.objects.bulk_update(update, ["jawaban"])

        if bukti:
            rows = {
                b.elemen_id: b for b in BuktiElemen.objects.filter(permohonan=permohonan, elemen_id__in=bukti)
            }
            new = [
                BuktiElemen(permohonan=permohonan, elemen_id=e, keterangan=(k or "").strip())
                for e, (k, _) in bukti.items()
                if e not in rows
            ]
            BuktiElemen.objects.bulk_create(new)
            changed = []
            for e, (k, _) in bukti.items():
                if e in rows and rows[e].keterangan != (k or "").strip():
                    rows[e].keterangan = (k or "").strip()
                    changed.append(rows[e])
            BuktiElemen.objects.bulk_update(changed, ["keterangan"])
            rows = {
                b.elemen_id: b.pk
                for b in BuktiElemen.objects.filter(permohonan=permohonan, elemen_id__in=bukti)
            }
            Through = BuktiElemen.bukti.through
            Through.objects.filter(buktielemen_id__in=rows.values()).delete()
            Through.objects.bulk_create(
                [
                    Through(buktielemen_id=rows[e], bukti_id=i)
                    for e, (_, ids) in bukti.items()
                    for i in sorted(set(ids))
                ]
            )


def apl02_data(permohonan: Permohonan) -> dict:
    """The FR.APL.02 snapshot the applicant signs: per unit, element, KUK and answer, and the
    evidence named per element (file names and SHA-256)."""
    jawaban, bukti = answers(permohonan)
    units = []
    for unit in structure(permohonan):
        elemen = []
        for e in unit.elemen.all():
            b = bukti.get(e.pk)
            elemen.append(
                {
                    "elemen": f"{e.nomor}. {e.judul}",
                    "kuk": [
                        {"kuk": f"{k.nomor} {k.teks}", "jawaban": jawaban.get(k.pk, "")} for k in e.kuk.all()
                    ],
                    "bukti": (b.keterangan if b else ""),
                    "berkas": [{"judul": f.judul, "sha256": f.sha256} for f in b.bukti.all()] if b else [],
                }
            )
        units.append({"unit": f"{unit.kode} {unit.judul}", "elemen": elemen})
    return {
        "asesi": permohonan.nama,
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "unit": units,
    }


def apl02_problems(permohonan: Permohonan) -> list[str]:
    """What keeps FR.APL.02 from being signed: an incomplete unit of the scheme (named), or
    KUK not answered yet (counted)."""
    try:
        skema_assessable(permohonan.skema)
    except Exception as e:  # ValidationError/ServiceError naming the units
        return [" ".join(getattr(e, "messages", [str(e)]))]
    total = KUK.objects.filter(elemen__unit__skema_id=permohonan.skema_id).count()
    answered = JawabanKuk.objects.filter(permohonan=permohonan).count()
    if answered < total:
        return [f"{total - answered} dari {total} KUK belum dijawab K atau BK."]
    return []


@transaction.atomic
def apl02_submit(*, permohonan: Permohonan, actor: User, ttd: Tandatangan) -> Permohonan:
    """The applicant signs FR.APL.02 -> menunggu_jadwal; the batch planners are told.
    Refused (JourneyError, nothing changes) while a KUK is unanswered or a unit of the scheme
    lacks elements or KUK (the message names it)."""
    permohonan = _own_open(permohonan, actor)
    problems = apl02_problems(permohonan)
    if problems:
        raise JourneyError(problems[0], code="incomplete")
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            kode="FR.APL.02",
            subject=permohonan,
            judul=f"FR.APL.02 {permohonan.nama} – {permohonan.skema.kode}",
            data=apl02_data(permohonan),
            pihak="asesi",
            signer=actor,
            ttd=ttd,
        )
        permohonan = transition(permohonan, S.MENUNGGU_JADWAL, actor=actor, note="FR.APL.02 ditandatangani")
        permohonan.apl02 = dokumen
        permohonan.save(update_fields=["apl02", "updated_at"])
    notify(
        users_with_right("manage_jadwal"),
        judul="Asesi siap dijadwalkan",
        pesan=f"{permohonan.nama} telah menandatangani asesmen mandiri skema {permohonan.skema.judul}. "
        "Masukkan ke jadwal asesmen.",
        url=reverse("sertifikasi:jadwal-list"),
        kunci=f"permohonan-{permohonan.pk}-menunggu-jadwal",
    )
    return permohonan


@transaction.atomic
def apl02_review(
    *, permohonan: Permohonan, rekomendasi: str, catatan: str, actor: User, ttd: Tandatangan
) -> Permohonan:
    """The candidate's assessor reviews FR.APL.02 and signs the recommendation
    (FR.APL.02-REK): dapat -> pra_asesmen; tidak_dapat (a reason required) -> dihentikan,
    the flow stops (the applicant may apply again). The applicant is told either way."""
    from ..permissions import is_assigned_asesor

    # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (apl02, asesor).
    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("skema", "apl02", "asesor__personel")
        .get(pk=permohonan.pk)
    )
    if not is_assigned_asesor(actor, permohonan):
        raise JourneyError("Hanya asesor yang ditugaskan untuk asesi ini yang dapat meninjau APL.02.")
    if permohonan.status != S.DIJADWALKAN:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()}; APL.02 tidak menunggu reviu.",
            code="state",
        )
    R = Permohonan.Rekomendasi
    if rekomendasi not in R.values:
        raise JourneyError(
            "Pilih rekomendasi: asesmen dapat atau tidak dapat dilanjutkan.", field="rekomendasi"
        )
    catatan = (catatan or "").strip()
    if rekomendasi == R.TIDAK_DAPAT and not catatan:
        raise JourneyError("Tulis alasan asesmen tidak dapat dilanjutkan.", field="catatan", code="reason")
    asesor = permohonan.asesor
    data = {
        "asesi": permohonan.nama,
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "fr_apl_02": {"versi": permohonan.apl02.versi, "sha256_data": permohonan.apl02.data_hash},
        "rekomendasi": R(rekomendasi).label,
        "catatan": catatan,
        "asesor": asesor.personel.nama,
        "no_reg_met": asesor.nomor_met,
    }
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            kode="FR.APL.02-REK",
            subject=permohonan,
            judul=f"Rekomendasi FR.APL.02: {permohonan.nama}",
            data=data,
            pihak="asesor",
            signer=actor,
            ttd=ttd,
        )
        target = S.PRA_ASESMEN if rekomendasi == R.DAPAT else S.DIHENTIKAN
        permohonan = transition(permohonan, target, actor=actor, note=catatan or R(rekomendasi).label)
        permohonan.apl02_rekomendasi, permohonan.apl02_catatan, permohonan.apl02_reviu = (
            rekomendasi,
            catatan,
            dokumen,
        )
        permohonan.save(update_fields=["apl02_rekomendasi", "apl02_catatan", "apl02_reviu", "updated_at"])
    if rekomendasi == R.DAPAT:
        pesan = (
            "Asesor meninjau asesmen mandiri Anda: asesmen dapat dilanjutkan. Asesor akan menyusun rencana "
            "asesmen dan persetujuan asesmen (FR.AK.01) untuk Anda tandatangani."
        )
    else:
        pesan = f"Asesor meninjau asesmen mandiri Anda: asesmen tidak dapat dilanjutkan. Alasan: {catatan}"
    notify(
        [permohonan.asesi],
        judul="Hasil reviu asesmen mandiri",
        pesan=pesan,
        url=permohonan.get_absolute_url(),
        kunci=f"permohonan-{permohonan.pk}-apl02-reviu",
    )
    return permohonan
