"""The decision (FLOW.md states 11–13, SE-A4.8, X-6): the Komite Teknis pleno decides each
candidate K or BK with reasons; the Ketua signs the SK keputusan and the certificates of the
K candidates in one batch-signing act; when the SK is final the decisions take effect.

- pleno_form: the Manajer Sertifikasi forms the pleno of a batch whose every candidate waits
  for a decision and whose FR.AK.05 is final: members (Komite Teknis, one chairing), time,
  link, the Ketua who signs.
- decide_refusal / keputusan_save: a member decides on a candidate they had no part in
  (not their assessor nor an assessor of the batch, no declared conflict, not themselves).
- sk_keputusan_issue: once every candidate is decided, the SK keputusan and a certificate per
  K candidate (numbered by the SERTIFIKAT kind's pattern; none for a trial batch) are issued
  as drafts for the Ketua.
- sk_sign: the Ketua's one signing act over the SK and its certificates (records engine
  batch signing, run by Celery).
- on the SK's final signature (hooks.py): the pleno is settled, every candidate becomes
  kompeten / belum kompeten and is told; BK candidates are told why and how to appeal. On a
  certificate's final signature it is published in the register.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from administrasi.models import Dokumen
from administrasi.services import RecordError, dokumen_issue, dokumen_sign_batch
from administrasi.services.common import add_years
from akun.audit import acting_as
from akun.models import Role, User
from akun.permissions import has_role
from lsp_portal.workflow import transition

from ..models import (
    AnggotaPleno,
    HasilUnit,
    Jadwal,
    JadwalAsesor,
    Keputusan,
    Konflik,
    KonflikPleno,
    Permohonan,
    Pleno,
    Sertifikat,
    _token,
)
from .common import JourneyError, notify

S = Permohonan.Status
MAX_ALASAN = 2000
# Where a BK candidate reads how to appeal (banding owns the page; portal serves it today).
BANDING_URL = "/sop-banding-pengaduan/"


# --- reading --------------------------------------------------------------------------------------


def pleno_candidates(jadwal: Jadwal) -> list[Permohonan]:
    """The candidates the pleno decides on: those of the batch waiting for (or given) a
    decision; a stopped candidate was never recommended (one query)."""
    return list(
        Permohonan.objects.filter(
            jadwal=jadwal, status__in=[S.MENUNGGU_KEPUTUSAN, S.KOMPETEN, S.BELUM_KOMPETEN]
        )
        .select_related("asesor__personel", "ak02")
        .order_by("nama", "pk")
    )


def pleno_ready_refusal(jadwal: Jadwal) -> str | None:
    """Why the batch cannot go to a pleno yet, or None: it has one already; a candidate is
    still assessed; nobody waits for a decision; its FR.AK.05 is not final (SE-A4.8h)."""
    if Pleno.objects.filter(jadwal=jadwal).exists():
        return "Jadwal ini sudah memiliki rapat pleno."
    still = Permohonan.objects.filter(jadwal=jadwal).exclude(
        status__in=[S.MENUNGGU_KEPUTUSAN, S.DIHENTIKAN, S.KOMPETEN, S.BELUM_KOMPETEN]
    )
    if still.exists():
        names = ", ".join(p.nama or str(p.asesi) for p in still[:5])
        return f"Masih ada asesi yang belum selesai diases: {names}."
    if not Permohonan.objects.filter(jadwal=jadwal, status=S.MENUNGGU_KEPUTUSAN).exists():
        return "Tidak ada asesi yang menunggu keputusan pada jadwal ini."
    if jadwal.ak05_id is None or jadwal.ak05.status != Dokumen.Status.FINAL:
        return "Laporan asesmen (FR.AK.05) jadwal ini belum ditandatangani asesor utama."
    return None


def batches_ready_for_pleno():
    """The batches pleno_ready_refusal lets through, as one query (lists, dashboards):
    no pleno yet, FR.AK.05 final, someone waiting for a decision, nobody still assessed."""
    from django.db.models import Exists, OuterRef

    peserta = Permohonan.objects.filter(jadwal_id=OuterRef("pk"))
    return (
        Jadwal.objects.filter(pleno__isnull=True, ak05__status=Dokumen.Status.FINAL)
        .filter(Exists(peserta.filter(status=S.MENUNGGU_KEPUTUSAN)))
        .exclude(
            Exists(
                peserta.exclude(status__in=[S.MENUNGGU_KEPUTUSAN, S.DIHENTIKAN, S.KOMPETEN, S.BELUM_KOMPETEN])
            )
        )
    )


def recording_missing(jadwal: Jadwal) -> bool:
    """X-9 (flagged at pleno): a remote batch whose session has no recording at all."""
    from ..models import Mode, Rekaman

    return jadwal.mode == Mode.JARAK_JAUH and not Rekaman.objects.filter(sesi__jadwal=jadwal).exists()


def komite_choices():
    """Who may sit on a pleno (pleno_form): the active Komite Teknis role holders."""
    return (
        User.objects.filter(is_active=True, groups__role__code=Role.Code.KOMITE_TEKNIS)
        .distinct()
        .order_by("nama_lengkap", "pk")
    )


def sk_signer_choices():
    """Who may sign an SK keputusan (pleno_form): the active Ketua LSP role holders."""
    return (
        User.objects.filter(is_active=True, groups__role__code=Role.Code.KETUA)
        .distinct()
        .order_by("nama_lengkap", "pk")
    )


def decide_refusal(user: User, permohonan: Permohonan) -> str | None:
    """X-6: why `user` may not decide on this candidate, or None. Refused: the candidate
    themselves, an assessor of the candidate's batch (they assessed or could have), a member
    whose assessor record declared a conflict with the candidate, and a member who declared
    one (trained them, relative, superior or subordinate...)."""
    return decide_refusals([user], [permohonan]).get((user.pk, permohonan.pk))


def decide_refusals(users, candidates, *, about: bool = False) -> dict[tuple[int, int], str]:
    """decide_refusal for every (user, candidate) pair, in three queries whatever their
    number: {(user pk, permohonan pk): reason} for the pairs refused (the first reason).
    Worded to the member ("Anda ..."), or with `about` as a note about them for whoever forms
    the pleno ("asesor pada jadwal ini")."""
    users, candidates = list(users), list(candidates)
    if not users or not candidates:
        return {}
    user_ids = [u.pk for u in users]
    asesi_ids = {p.asesi_id for p in candidates}
    assessors = set(
        JadwalAsesor.objects.filter(
            jadwal_id__in={p.jadwal_id for p in candidates}, asesor__personel__user__in=user_ids
        ).values_list("jadwal_id", "asesor__personel__user")
    )
    konflik = set(
        Konflik.objects.filter(asesor__personel__user__in=user_ids, asesi_id__in=asesi_ids).values_list(
            "asesor__personel__user", "asesi_id"
        )
    )
    declared = {
        (k.anggota_id, k.asesi_id): k
        for k in KonflikPleno.objects.filter(anggota__in=user_ids, asesi_id__in=asesi_ids)
    }
    refusals = {}
    for user in users:
        for p in candidates:
            if p.asesi_id == user.pk:
                reason = ("Anda adalah asesi ini.", "asesi itu sendiri")
            elif (p.jadwal_id, user.pk) in assessors:
                reason = (
                    "Anda asesor pada jadwal asesi ini; keputusan diambil anggota yang tidak "
                    "terlibat asesmen.",
                    "asesor pada jadwal ini",
                )
            elif (user.pk, p.asesi_id) in konflik:
                reason = (
                    "Anda telah menyatakan benturan kepentingan dengan asesi ini (sebagai asesor).",
                    "benturan kepentingan (dinyatakan sebagai asesor)",
                )
            elif (user.pk, p.asesi_id) in declared:
                jenis = declared[(user.pk, p.asesi_id)].get_jenis_display().lower()
                reason = (
                    f"Anda telah menyatakan benturan kepentingan dengan asesi ini ({jenis}).",
                    f"benturan kepentingan ({jenis})",
                )
            else:
                continue
            refusals[(user.pk, p.pk)] = reason[1] if about else reason[0]
    return refusals


def involvement_refusals(users, permohonan: Permohonan) -> dict[int, str]:
    """X-6 for whoever reviews a decision afterwards (an appeal panel): {user pk: why they
    had a part in `permohonan`'s assessment or decision}, for the users who had one. Besides
    decide_refusals' reasons (the candidate themselves, an assessor of the batch, a declared
    conflict as assessor or as Komite Teknis), a member of the pleno that decided the
    candidate, the member who recorded the decision and the Ketua who signed its SK. Worded
    as a note about the person ("asesor pada jadwal ini"). Four queries whatever the number
    of users."""
    users = list(users)
    if not users:
        return {}
    refusals = {u: reason for (u, _), reason in decide_refusals(users, [permohonan], about=True).items()}
    keputusan = Keputusan.objects.filter(permohonan=permohonan).select_related("pleno").first()
    if keputusan is not None:
        members = set(
            AnggotaPleno.objects.filter(
                pleno_id=keputusan.pleno_id, user__in=[u.pk for u in users]
            ).values_list("user_id", flat=True)
        )
        for user in users:
            if user.pk in refusals:
                continue
            if user.pk == keputusan.diputuskan_oleh_id:
                refusals[user.pk] = "memutuskan keputusan yang dibanding"
            elif user.pk in members:
                refusals[user.pk] = "anggota rapat pleno yang memutuskan"
            elif user.pk == keputusan.pleno.penandatangan_id:
                refusals[user.pk] = "menandatangani SK keputusan yang dibanding"
    return refusals


def bk_units(permohonan: Permohonan) -> list[str]:
    """The units the assessor judged BK in FR.AK.02 (their codes), in order."""
    return list(
        HasilUnit.objects.filter(permohonan=permohonan, rekomendasi=HasilUnit.Rekomendasi.BK)
        .order_by("unit__urutan", "unit__kode")
        .values_list("unit__kode", flat=True)
    )


# --- forming the pleno ------------------------------------------------------------------------------


@transaction.atomic
def pleno_form(
    *,
    jadwal: Jadwal,
    anggota: list[User],
    ketua_rapat: User,
    waktu: dt.datetime,
    tautan: str,
    penandatangan: User,
    actor: User,
) -> Pleno:
    """Form the pleno of `jadwal` (FLOW.md state 11). Refused (JourneyError, nothing saved):
    `actor` lacks organize_pleno; the batch is not ready (pleno_ready_refusal); no member, a
    member twice or without the Komite Teknis role; the chair not a member; `penandatangan`
    not a Ketua LSP; a link that is not https; a candidate no member may decide on (named).
    Members are told (notification)."""
    from ..permissions import can_organize_pleno

    if not can_organize_pleno(actor):
        raise JourneyError("Anda tidak berwenang membentuk rapat pleno.")
    jadwal = Jadwal.objects.select_for_update(of=("self",)).select_related("ak05", "skema").get(pk=jadwal.pk)
    refusal = pleno_ready_refusal(jadwal)
    if refusal:
        raise JourneyError(refusal, code="not_ready")
    if not anggota:
        raise JourneyError("Pilih sekurang-kurangnya satu anggota komite teknis.", field="anggota")
    if len({u.pk for u in anggota}) != len(anggota):
        raise JourneyError("Seorang anggota tercantum lebih dari sekali.", field="anggota")
    outsiders = [u for u in anggota if not has_role(u, Role.Code.KOMITE_TEKNIS) or not u.is_active]
    if outsiders:
        names = ", ".join(u.nama_lengkap or u.email for u in outsiders)
        raise JourneyError(f"Bukan anggota Komite Teknis yang aktif: {names}.", field="anggota")
    if ketua_rapat.pk not in {u.pk for u in anggota}:
        raise JourneyError("Ketua rapat harus salah satu anggota.", field="ketua_rapat")
    if not (has_role(penandatangan, Role.Code.KETUA) and penandatangan.is_active):
        raise JourneyError(
            "SK keputusan ditandatangani oleh pemegang peran Ketua LSP.", field="penandatangan"
        )
    tautan = (tautan or "").strip()
    if tautan and not tautan.lower().startswith("https://"):
        raise JourneyError("Tautan rapat daring harus diawali https://.", field="tautan")
    candidates = pleno_candidates(jadwal)
    refused = decide_refusals(anggota, candidates)
    for p in candidates:
        if all((u.pk, p.pk) in refused for u in anggota):
            raise JourneyError(
                f"Tidak ada anggota yang boleh memutuskan {p.nama}: semua terlibat asesmen atau "
                "menyatakan benturan kepentingan. Tambahkan anggota lain.",
                field="anggota",
            )
    with acting_as(actor):
        pleno = Pleno.objects.create(
            jadwal=jadwal,
            waktu=waktu,
            tautan=tautan,
            penandatangan=penandatangan,
            dibentuk_oleh=actor,
        )
        for u in anggota:
            AnggotaPleno.objects.create(pleno=pleno, user=u, ketua=u.pk == ketua_rapat.pk)
    notify(
        anggota,
        judul="Rapat pleno keputusan sertifikasi",
        pesan=(
            f"Anda menjadi anggota rapat pleno jadwal {jadwal.nama} pada "
            f"{date_format(timezone.localtime(waktu), 'j F Y H:i')} WIB."
        ),
        url=pleno.get_absolute_url(),
        kunci=f"pleno-{pleno.pk}",
    )
    return pleno


@transaction.atomic
def konflik_pleno_declare(*, permohonan: Permohonan, jenis: str, alasan: str, actor: User) -> KonflikPleno:
    """X-6: a Komite Teknis member declares a conflict with the candidate of `permohonan`;
    they then decide on no application of that person. A repeat is refused."""
    from ..permissions import can_declare_konflik_pleno

    if not can_declare_konflik_pleno(actor):
        raise JourneyError("Hanya anggota Komite Teknis yang menyatakan benturan kepentingan di sini.")
    if jenis not in KonflikPleno.Jenis.values:
        raise JourneyError("Pilih jenis hubungan.", field="jenis")
    alasan = (alasan or "").strip()
    if not alasan:
        raise JourneyError("Tulis keterangan hubungan Anda dengan asesi.", field="alasan")
    if KonflikPleno.objects.filter(anggota=actor, asesi_id=permohonan.asesi_id).exists():
        raise JourneyError("Anda sudah menyatakan benturan kepentingan dengan asesi ini.")
    with acting_as(actor):
        return KonflikPleno.objects.create(
            anggota=actor, asesi_id=permohonan.asesi_id, jenis=jenis, alasan=alasan
        )


# --- deciding ---------------------------------------------------------------------------------------


@transaction.atomic
def keputusan_save(
    *, pleno: Pleno, permohonan: Permohonan, hasil: str, alasan: str, actor: User
) -> Keputusan:
    """A member's decision on one candidate: K or BK with the reasons (SE-A4.8, FLOW state 12).
    May be changed by a member until the SK is issued (audited). Refused (JourneyError):
    not a member or the pleno no longer open; a candidate not of this batch or not waiting;
    a conflict (decide_refusal); no K/BK; no reasons; K while the assessor judged a unit BK
    in FR.AK.02 (the pleno sends such a candidate back through an appeal or a new assessment,
    never certifies them)."""
    from ..permissions import can_decide

    pleno = Pleno.objects.select_for_update(of=("self",)).get(pk=pleno.pk)
    if not can_decide(actor, pleno):
        raise JourneyError("Anda bukan anggota rapat pleno ini, atau keputusan sudah ditutup.")
    p = Permohonan.objects.select_for_update(of=("self",)).get(pk=permohonan.pk)
    if p.jadwal_id != pleno.jadwal_id or p.status != S.MENUNGGU_KEPUTUSAN:
        raise JourneyError("Asesi ini tidak menunggu keputusan pada rapat pleno ini.")
    refusal = decide_refusal(actor, p)
    if refusal:
        raise JourneyError(refusal, code="konflik")
    if hasil not in Keputusan.Hasil.values:
        raise JourneyError("Pilih keputusan: Kompeten (K) atau Belum kompeten (BK).", field="hasil")
    alasan = (alasan or "").strip()
    if not alasan:
        raise JourneyError("Tulis alasan keputusan.", field="alasan")
    if len(alasan) > MAX_ALASAN:
        raise JourneyError(f"Alasan paling panjang {MAX_ALASAN} karakter.", field="alasan")
    if hasil == Keputusan.Hasil.K:
        bk = bk_units(p)
        if bk:
            raise JourneyError(
                f"Asesor menyatakan belum kompeten pada unit {', '.join(bk)} (FR.AK.02); "
                "asesi tidak dapat dinyatakan kompeten tanpa asesmen lanjutan.",
                field="hasil",
                code="bk_unit",
            )
    with acting_as(actor):
        keputusan, _ = Keputusan.objects.update_or_create(
            permohonan=p,
            defaults={"pleno": pleno, "hasil": hasil, "alasan": alasan, "diputuskan_oleh": actor},
        )
    return keputusan


def undecided(pleno: Pleno) -> list[Permohonan]:
    """Candidates of the pleno still without a decision (one query)."""
    return list(
        Permohonan.objects.filter(
            jadwal_id=pleno.jadwal_id, status=S.MENUNGGU_KEPUTUSAN, keputusan__isnull=True
        ).order_by("nama", "pk")
    )


# --- the SK keputusan and the certificates -----------------------------------------------------------


def certificate_data(p: Permohonan, sertifikat: Sertifikat) -> dict:
    """The snapshot printed on a certificate (templates/administrasi/pdf/sertifikat.html)."""
    from muk.models import UnitKompetensi

    units = UnitKompetensi.objects.filter(skema_id=p.skema_id).order_by("urutan", "kode")
    return {
        "pemegang": {
            "nama": sertifikat.nama,
            "nomor_registrasi": sertifikat.nomor_registrasi,
            "skema": p.skema.judul,
            "nomor_skema": p.skema.kode,
            "tanggal_terbit": date_format(sertifikat.tanggal_terbit, "j F Y"),
            "berlaku_sampai": date_format(sertifikat.berlaku_sampai, "j F Y"),
        },
        "unit_kompetensi": [{"kode_unit": u.kode, "judul_unit": u.judul} for u in units],
        # The QR code leads to the certificate's page in the public register.
        "tautan_publik": sertifikat.get_public_url(),
    }


def _sk_data(pleno: Pleno, decisions: list[Keputusan]) -> dict:
    jadwal = pleno.jadwal
    certs = {s.permohonan_id: s for s in Sertifikat.objects.filter(jadwal=jadwal)}
    return {
        "rapat": {"tanggal": timezone.localtime(pleno.waktu).date().isoformat()},
        "skema": {"kode": jadwal.skema.kode, "judul": jadwal.skema.judul},
        "jadwal": jadwal.nama,
        "uji_coba": jadwal.uji_coba,
        "peserta": [
            {
                "nama": k.permohonan.nama,
                "nomor_sertifikat": certs[k.permohonan_id].nomor if k.permohonan_id in certs else "",
                "nomor_registrasi": "",
                "keputusan": "kompeten" if k.hasil == Keputusan.Hasil.K else "belum kompeten",
                "alasan": k.alasan,
            }
            for k in decisions
        ],
        "anggota": [
            {"nama": a.user.nama_lengkap or a.user.email, "jabatan": "Ketua" if a.ketua else "Anggota"}
            for a in pleno.keanggotaan.select_related("user")
        ],
    }


@transaction.atomic
def sk_keputusan_issue(*, pleno: Pleno, actor: User) -> Dokumen:
    """Issue the SK keputusan of `pleno` and, for every K candidate of a batch that is not a
    trial (SE-E3), a certificate: numbered by the SERTIFIKAT kind's pattern (administrasi),
    dated today, valid for the scheme's years, holder name as on the application, QR to its
    public page. All are drafts waiting for the pleno's Ketua (sk_sign). Refused
    (JourneyError): no organize_pleno; the SK already issued; a candidate undecided (named).
    Returns the SK record."""
    from ..permissions import can_organize_pleno

    if not can_organize_pleno(actor):
        raise JourneyError("Anda tidak berwenang menerbitkan SK keputusan.")
    pleno = (
        Pleno.objects.select_for_update(of=("self",))
        .select_related("jadwal__skema", "penandatangan")
        .get(pk=pleno.pk)
    )
    if pleno.status != Pleno.Status.DIBENTUK:
        raise JourneyError("SK keputusan rapat pleno ini sudah diterbitkan.", code="done")
    open_ = undecided(pleno)
    if open_:
        raise JourneyError("Belum diputuskan: " + ", ".join(p.nama for p in open_) + ".", code="undecided")
    jadwal = pleno.jadwal
    decisions = list(
        Keputusan.objects.filter(pleno=pleno)
        .select_related("permohonan__skema")
        .order_by("permohonan__nama", "pk")
    )
    today = timezone.localdate()
    signers = {"ketua": pleno.penandatangan}
    try:
        with acting_as(actor):
            if not jadwal.uji_coba:
                for k in decisions:
                    if k.hasil == Keputusan.Hasil.K:
                        _certificate_issue(
                            k.permohonan, jadwal=jadwal, day=today, signers=signers, actor=actor
                        )
            sk = dokumen_issue(
                kode="SK-KEPUTUSAN",
                subject=pleno,
                judul=f"SK Keputusan Sertifikasi {jadwal.nama}",
                data=_sk_data(pleno, decisions),
                signers=signers,
                actor=actor,
                skema=jadwal.skema,
            )
            pleno.sk = sk
            pleno.save(update_fields=["sk", "updated_at"])
            transition(pleno, Pleno.Status.SK_DITERBITKAN, actor=actor, note=f"SK {sk.nomor} diterbitkan")
    except RecordError as error:
        raise JourneyError(str(error)) from error
    notify(
        [pleno.penandatangan],
        judul="SK keputusan dan sertifikat menunggu tanda tangan",
        pesan=f"SK keputusan sertifikasi {jadwal.nama} dan sertifikatnya menunggu tanda tangan Anda.",
        url=pleno.get_absolute_url(),
        kunci=f"pleno-sk-{pleno.pk}",
    )
    return sk


def _certificate_issue(
    p: Permohonan, *, jadwal: Jadwal, day: dt.date, signers: dict, actor: User
) -> Sertifikat:
    sertifikat = Sertifikat(
        token=_token(),
        permohonan=p,
        jadwal=jadwal,
        pemegang_id=p.asesi_id,
        nama=p.nama,
        nik=p.nomor_identitas,
        skema=p.skema,
        skema_kode=p.skema.kode,
        skema_judul=p.skema.judul,
        tanggal_terbit=day,
        berlaku_sampai=add_years(day, p.skema.masa_berlaku_tahun),
    )
    dokumen = dokumen_issue(
        kode="SERTIFIKAT",
        subject=p,
        judul=f"Sertifikat {p.nama} – {p.skema.kode}",
        data=certificate_data(p, sertifikat),
        signers=signers,
        actor=actor,
        skema=p.skema,
    )
    sertifikat.dokumen = dokumen
    sertifikat.nomor = dokumen.nomor
    sertifikat.save()
    return sertifikat


def sk_documents(pleno: Pleno) -> list[int]:
    """The records the Ketua signs in one act: the SK first, then the certificates."""
    ids = [pleno.sk_id] if pleno.sk_id else []
    ids += list(
        Sertifikat.objects.filter(jadwal_id=pleno.jadwal_id, dokumen__status=Dokumen.Status.DRAFT)
        .order_by("nomor")
        .values_list("dokumen_id", flat=True)
    )
    return ids


def sk_sign(
    *, pleno: Pleno, actor: User, secret: str, consent: bool, ip=None, user_agent: str = "", gambar: str = ""
):
    """The Ketua signs the SK keputusan and every certificate of the pleno with one
    re-authentication (UU ITE art. 11): a batch signing of the records engine, run by Celery
    (administrasi.services.dokumen_sign_batch). Refused (JourneyError): not the pleno's Ketua
    or nothing to sign; the engine's refusals (secret, consent, rate limit) as they are.
    Returns the TandaTanganMassal (its page shows the progress)."""
    from ..permissions import can_sign_sk

    if not can_sign_sk(actor, pleno):
        raise JourneyError("SK ini tidak menunggu tanda tangan Anda.")
    ids = sk_documents(pleno)
    if not ids:
        raise JourneyError("Tidak ada dokumen yang menunggu tanda tangan.")
    try:
        return dokumen_sign_batch(
            dokumen_ids=ids,
            signer=actor,
            secret=secret,
            consent=consent,
            ip=ip,
            user_agent=user_agent,
            gambar=gambar,
        )
    except RecordError as error:
        raise JourneyError(str(error)) from error


# --- effects of the signatures (registered in hooks.py) ----------------------------------------------


def sk_final(dokumen: Dokumen, *, actor: User) -> None:
    """The SK keputusan is final: the pleno is settled and every decided candidate becomes
    kompeten / belum kompeten, and is told (BK: the reasons and how to appeal). Runs in the
    signing transaction."""
    pleno = Pleno.objects.select_for_update(of=("self",)).filter(sk=dokumen).first()
    if pleno is None or pleno.status != Pleno.Status.SK_DITERBITKAN:
        return
    pleno = transition(pleno, Pleno.Status.DITETAPKAN, actor=actor, note=f"SK {dokumen.nomor} ditandatangani")
    Pleno.objects.filter(pk=pleno.pk).update(ditetapkan_pada=timezone.now())
    for k in Keputusan.objects.filter(pleno=pleno).select_related("permohonan__asesi", "permohonan__skema"):
        p = k.permohonan
        if p.status != S.MENUNGGU_KEPUTUSAN:
            continue
        if k.hasil == Keputusan.Hasil.K:
            transition(p, S.KOMPETEN, actor=actor, note=f"SK {dokumen.nomor}: kompeten. {k.alasan}")
            notify(
                [p.asesi],
                judul="Anda dinyatakan kompeten",
                pesan=(
                    f"Rapat pleno menyatakan Anda kompeten pada skema {p.skema.judul} (SK {dokumen.nomor}). "
                    "Sertifikat Anda dapat diunduh setelah ditandatangani Ketua LSP."
                ),
                url=reverse("sertifikasi:sertifikat-saya"),
                kunci=f"keputusan-{p.pk}",
            )
        else:
            transition(
                p, S.BELUM_KOMPETEN, actor=actor, note=f"SK {dokumen.nomor}: belum kompeten. {k.alasan}"
            )
            notify(
                [p.asesi],
                judul="Hasil sertifikasi: belum kompeten",
                pesan=(
                    f"Rapat pleno menyatakan Anda belum kompeten pada skema {p.skema.judul} "
                    f"(SK {dokumen.nomor}). Alasan: {k.alasan} Anda dapat mengajukan banding "
                    f"(FR.AK.04) sesuai prosedur di {BANDING_URL}, atau mengajukan asesmen ulang."
                ),
                url=p.get_absolute_url(),
                kunci=f"keputusan-{p.pk}",
            )


def sertifikat_final(dokumen: Dokumen, *, actor: User) -> None:
    """A certificate record is final: the certificate is issued (public in the register).
    A signed correction (version n+1) takes the place of the version it corrects."""
    from akun.audit import record_change

    sertifikat = Sertifikat.objects.select_for_update(of=("self",)).filter(dokumen__seri=dokumen.seri).first()
    if sertifikat is None:
        return
    changes = {}
    if not sertifikat.terbit:
        changes["terbit"] = (False, True)
    if sertifikat.dokumen_id != dokumen.pk:
        changes["dokumen"] = (sertifikat.dokumen_id, dokumen.pk)
    if changes:
        Sertifikat.objects.filter(pk=sertifikat.pk).update(terbit=True, dokumen=dokumen)
        record_change(sertifikat, changes, actor=actor)
