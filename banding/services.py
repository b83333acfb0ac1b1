"""Every write of an appeal (FLOW.md §3, SE-A4.8j, X-6): filing, registration, the panel,
the decision and its letter. Status moves go through lsp_portal.workflow.transition (who,
when, what kept); records through the records engine (administrasi.services).

- banding_file: the candidate files FR.AK.04 within the window, with evidence, signed at once
  (diajukan); the FR.AK.04 record's number is the appeal's number.
- banding_register: the Admin LSP registers it (diregistrasi).
- panel_form: the Manajer Sertifikasi names the panel, nobody involved in the assessment or
  the decision (dikaji).
- sidang_record: the panel keeps a remote hearing (link, time, notes, recording + SHA-256).
- banding_decide: a panel member records the decision with reasons; the SK keputusan banding
  is issued for the Ketua (diputuskan).
- banding_sk_sign / sk_banding_final: the Ketua signs; the decision is sent (disampaikan).
- banding_link_followup: an upheld appeal points at its follow-up application.
"""

import datetime as dt
from contextlib import ExitStack

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from administrasi.models import Dokumen, Sop
from administrasi.services import RecordError, Tandatangan, dokumen_issue, issue_signed, sign
from administrasi.sop import in_force as sop_in_force
from akun.audit import acting_as
from akun.models import Role, User
from akun.permissions import has_role
from lsp_portal.errors import ServiceError
from lsp_portal.links import https_link, sha256_hex
from lsp_portal.uploads import UploadRule, digest, safe_display_name, stored
from lsp_portal.workflow import transition
from sertifikasi.models import Keputusan, Permohonan, Pleno
from sertifikasi.services import involvement_refusals
from sertifikasi.services.pleno import BANDING_URL as SOP_URL  # where a BK candidate is told to read

from . import permissions
from .models import AnggotaPanel, Banding, BuktiBanding, SidangBanding

S = Banding.Status
MAX_ALASAN = 4000
MAX_BUKTI = 10


class BandingError(ServiceError):
    """An appeal step the rules refuse; the message is for the user (Indonesian)."""


def notify(users, banding: Banding, *, judul: str, pesan: str, kunci: str = "") -> None:
    """In-app and e-mail after commit (lsp_portal.notifications), linking to `banding`'s page
    (which each of these users may open: staff, the panel, the Ketua who signs, the appellant)."""
    from lsp_portal.notifications import notify as send

    users = [u for u in users if u is not None]
    send(users=users, judul=judul, pesan=pesan, url=banding.get_absolute_url(), kunci=kunci)


def bukti_rule() -> UploadRule:
    """FR.AK.04's evidence: what the journey's evidence takes (PDF, JPG, PNG), same size."""
    return UploadRule(
        "Bukti banding",
        kinds={"pdf", "jpg", "png"},
        max_bytes=int(settings.SERTIFIKASI_UPLOAD_MAX_MB * 1024 * 1024),
    )


# --- reading ---------------------------------------------------------------------------------------


def window_end(keputusan: Keputusan) -> dt.datetime | None:
    """The last moment `keputusan` may be appealed: BANDING_BATAS_HARI days after it was sent
    to the candidate (the SK keputusan's final signature, Pleno.ditetapkan_pada, when the
    candidate is told); None while the decision has not taken effect."""
    pleno = keputusan.pleno
    if pleno.status != Pleno.Status.DITETAPKAN or pleno.ditetapkan_pada is None:
        return None
    return pleno.ditetapkan_pada + dt.timedelta(days=settings.BANDING_BATAS_HARI)


def open_banding(keputusan: Keputusan) -> Banding | None:
    """The appeal on `keputusan` not yet closed, if any (at most one: banding_once_open)."""
    return Banding.objects.filter(keputusan=keputusan).exclude(status__in=Banding.CLOSED).first()


def file_refusal(keputusan: Keputusan, user: User, *, now: dt.datetime | None = None) -> str | None:
    """Why `user` may not appeal `keputusan` now, or None (SE-A4.8j): not the candidate it is
    about; the decision not in effect yet; past the window; an open appeal on it already.
    Views and templates ask this; banding_file refuses with the same words."""
    if not (user and user.is_authenticated) or keputusan.permohonan.asesi_id != user.pk:
        return "Banding hanya dapat diajukan oleh asesi yang diputuskan dalam keputusan ini."
    end = window_end(keputusan)
    if end is None:
        return "Keputusan ini belum ditetapkan; banding dapat diajukan setelah SK keputusan ditandatangani."
    if (now or timezone.now()) > end:
        return (
            f"Batas waktu banding telah lewat: banding diajukan paling lambat "
            f"{settings.BANDING_BATAS_HARI} hari sejak keputusan disampaikan "
            f"({date_format(timezone.localtime(end), 'j F Y H:i')} WIB)."
        )
    existing = open_banding(keputusan)
    if existing is not None:
        return f"Banding {existing.nomor} atas keputusan ini masih diproses; tunggu keputusannya."
    return None


def panel_choices():
    """Who may sit on a panel (before the X-6 check of panel_form): active holders of a staff role."""
    return (
        User.objects.filter(is_active=True, groups__role__is_staff_role=True)
        .distinct()
        .order_by("nama_lengkap", "pk")
    )


def _ak04_data(banding: Banding, keputusan: Keputusan, bukti: list[dict]) -> dict:
    p = keputusan.permohonan
    jadwal = p.jadwal
    asesor = p.asesor.personel if p.asesor_id else None
    ya = {True: "Ya", False: "Tidak"}
    return {
        "asesi": {"nama": p.nama, "email": banding.asesi.email},
        "asesor": asesor.nama if asesor is not None else "",
        "tuk": jadwal.tuk.nama if jadwal and jadwal.tuk_id else "",
        "skema": {"kode": p.skema.kode, "judul": p.skema.judul},
        "keputusan_dibanding": {
            "hasil": keputusan.get_hasil_display(),
            "sk": keputusan.pleno.sk.nomor if keputusan.pleno.sk_id else "",
        },
        "pertanyaan": {
            "Apakah proses banding telah dijelaskan kepada Anda?": ya[banding.dijelaskan],
            "Apakah Anda telah mendiskusikan banding dengan asesor?": ya[banding.didiskusikan],
            "Apakah Anda mau melibatkan orang lain membantu Anda dalam proses banding?": ya[
                banding.didampingi
            ],
        },
        "alasan_banding": banding.alasan_banding,
        "bukti": bukti,
        "diajukan_pada": timezone.localtime(banding.diajukan_pada).isoformat(),
        "prosedur": (
            f"{banding.sop.nomor} versi {banding.sop.versi}, {banding.sop.judul} ({SOP_URL})"
            if banding.sop is not None
            else SOP_URL
        ),
    }


# --- filing and registering --------------------------------------------------------------------------


@transaction.atomic
def banding_file(
    *,
    keputusan: Keputusan,
    asesi: User,
    dijelaskan: bool,
    didiskusikan: bool,
    didampingi: bool,
    alasan: str,
    bukti: list,
    ttd: Tandatangan,
) -> Banding:
    """FR.AK.04 (SE-A4.8j): `asesi` appeals `keputusan` with the form's answers, the reason and
    evidence files (`bukti`: uploads, checked by content like the journey's evidence), and signs
    the FR.AK.04 record at once; its number becomes the appeal's. The appeal keeps the appeal
    SOP version in force (SE-A1.4), named on FR.AK.04. The deadline to decide is
    BANDING_BATAS_KEPUTUSAN_HARI after filing. Staff holding use_banding_staff are told.

    Refused (BandingError, nothing saved, no file kept): file_refusal's reasons (not the
    candidate, decision not in effect, after the window, an open appeal on the decision, also
    enforced by the database); no reason; more than MAX_BUKTI files or a bad file (field
    "bukti"); the records engine's refusal of the signature. A repeat is a second appeal:
    refused while the first is open."""
    keputusan = (
        Keputusan.objects.select_for_update(of=("self",))
        .select_related(
            "pleno__sk", "permohonan__skema", "permohonan__jadwal__tuk", "permohonan__asesor__personel"
        )
        .get(pk=keputusan.pk)
    )
    refusal = file_refusal(keputusan, asesi)
    if refusal:
        raise BandingError(refusal, code="refused")
    alasan = (alasan or "").strip()
    if not alasan:
        raise BandingError("Tulis alasan banding Anda.", field="alasan")
    if len(alasan) > MAX_ALASAN:
        raise BandingError(f"Alasan banding paling panjang {MAX_ALASAN} karakter.", field="alasan")
    uploads = list(bukti or [])
    if len(uploads) > MAX_BUKTI:
        raise BandingError(f"Paling banyak {MAX_BUKTI} berkas bukti.", field="bukti")
    rule = bukti_rule()
    try:
        checked = [(upload, rule.check(upload, field="bukti")) for upload in uploads]
    except BandingError:
        raise
    except ServiceError as error:
        raise BandingError(str(error), field="bukti", code="berkas") from error
    files = []
    for upload, c in checked:
        ukuran, sha256 = digest(c)
        files.append((safe_display_name(getattr(upload, "name", "")), c, ukuran, sha256))
    now = timezone.now()
    try:
        with acting_as(asesi), transaction.atomic():
            banding = Banding.objects.create(
                keputusan=keputusan,
                asesi=asesi,
                dijelaskan=bool(dijelaskan),
                didiskusikan=bool(didiskusikan),
                didampingi=bool(didampingi),
                alasan_banding=alasan,
                sop=sop_in_force(Sop.Jenis.BANDING),
                diajukan_pada=now,
                batas_keputusan=timezone.localdate(now)
                + dt.timedelta(days=settings.BANDING_BATAS_KEPUTUSAN_HARI),
            )
    except IntegrityError:
        # Two filings at once: the database keeps one open appeal per decision.
        raise BandingError("Banding atas keputusan ini masih diproses; tunggu keputusannya.") from None
    data = _ak04_data(
        banding,
        keputusan,
        [{"nama": name, "ukuran": ukuran, "sha256": sha256} for name, _, ukuran, sha256 in files],
    )
    try:
        ak04 = issue_signed(
            kode="FR.AK.04",
            subject=banding,
            judul=f"Banding asesmen {keputusan.permohonan.nama} – {keputusan.permohonan.skema.kode}",
            data=data,
            pihak="asesi",
            signer=asesi,
            ttd=ttd,
        )
    except RecordError as error:
        raise BandingError(str(error)) from error
    with acting_as(asesi):
        # Saved, not update(): the audit trail records model saves.
        banding.ak04, banding.nomor = ak04, ak04.nomor
        banding.save(update_fields=["ak04", "nomor", "updated_at"])
        with ExitStack() as keep:
            for name, c, ukuran, sha256 in files:
                row = BuktiBanding(
                    banding=banding,
                    judul=name[:200],
                    nama_asli=name,
                    jenis=c.kind,
                    ukuran=ukuran,
                    sha256=sha256,
                    diunggah_oleh=asesi,
                )
                keep.enter_context(stored(row.berkas, c, folder=f"banding/bukti/{banding.pk}"))
                row.save()
    from .selectors import banding_staff

    notify(
        banding_staff(),
        banding,
        judul="Banding baru diajukan",
        pesan=f"Banding {banding.nomor} oleh {keputusan.permohonan.nama} menunggu registrasi.",
        kunci=f"banding-{banding.pk}",
    )
    return banding


@transaction.atomic
def banding_register(*, banding: Banding, actor: User) -> Banding:
    """The Admin LSP registers a filed appeal (FR.AK.04 received, FLOW.md §3 DIREGISTRASI);
    the appellant is told its number and deadline. Refused (BandingError): not banding staff,
    or not waiting for registration (a repeat is refused)."""
    banding = Banding.objects.select_for_update().get(pk=banding.pk)
    if not permissions.is_banding_staff(actor):
        raise BandingError("Anda tidak berwenang meregistrasi banding.")
    if not permissions.can_register(actor, banding):
        raise BandingError("Banding ini sudah diregistrasi.", code="done")
    with acting_as(actor):
        banding.diregistrasi_oleh = actor
        banding.save(update_fields=["diregistrasi_oleh", "updated_at"])
    banding = transition(banding, S.DIREGISTRASI, actor=actor, note=f"FR.AK.04 {banding.nomor} diterima")
    notify(
        [banding.asesi],
        banding,
        judul="Banding Anda diregistrasi",
        pesan=(
            f"Banding {banding.nomor} telah diterima dan diregistrasi. Keputusan banding paling lambat "
            f"{date_format(banding.batas_keputusan, 'j F Y')}."
        ),
        kunci=f"banding-diregistrasi-{banding.pk}",
    )
    return banding


# --- the panel -------------------------------------------------------------------------------------


@transaction.atomic
def panel_form(
    *, banding: Banding, anggota: list[User], ketua_tim: User, penandatangan: User, actor: User
) -> Banding:
    """The Manajer Sertifikasi names the appeal's panel (tim banding, FLOW.md §3 DIKAJI): at
    least BANDING_PANEL_MIN_ANGGOTA active staff, one chairing, and the Ketua LSP who signs
    the decision letter. Members are told.

    Refused (BandingError, nothing saved): `actor` not the Manajer with banding rights, or the
    appeal not registered (a repeat is refused); too few members, one twice, one without an
    active staff role; the chair not a member; `penandatangan` not a Ketua LSP; X-6: a member
    involved in the assessment or the decision appealed or with a declared conflict
    (sertifikasi.services.involvement_refusals; each named with the reason)."""
    banding = Banding.objects.select_for_update().select_related("keputusan__permohonan").get(pk=banding.pk)
    if not permissions.can_form_panel(actor, banding):
        if banding.status != S.DIREGISTRASI and permissions.is_banding_staff(actor):
            raise BandingError(
                "Tim banding hanya dibentuk untuk banding yang telah diregistrasi.", code="state"
            )
        raise BandingError("Hanya Manajer Sertifikasi yang membentuk tim banding.")
    minimum = settings.BANDING_PANEL_MIN_ANGGOTA
    if len(anggota) < minimum:
        raise BandingError(f"Tim banding beranggotakan sekurang-kurangnya {minimum} orang.", field="anggota")
    if len({u.pk for u in anggota}) != len(anggota):
        raise BandingError("Seorang anggota tercantum lebih dari sekali.", field="anggota")
    eligible = set(panel_choices().filter(pk__in=[u.pk for u in anggota]).values_list("pk", flat=True))
    outsiders = [u for u in anggota if u.pk not in eligible]
    if outsiders:
        names = ", ".join(str(u) for u in outsiders)
        raise BandingError(f"Bukan personel LSP yang aktif: {names}.", field="anggota")
    if ketua_tim.pk not in {u.pk for u in anggota}:
        raise BandingError("Ketua tim harus salah satu anggota.", field="ketua_tim")
    if not (has_role(penandatangan, Role.Code.KETUA) and penandatangan.is_active):
        raise BandingError(
            "SK keputusan banding ditandatangani oleh pemegang peran Ketua LSP.", field="penandatangan"
        )
    involved = involvement_refusals(anggota, banding.keputusan.permohonan)
    if involved:
        names = "; ".join(f"{u} ({involved[u.pk]})" for u in anggota if u.pk in involved)
        raise BandingError(
            f"Anggota tim banding tidak boleh terlibat dalam asesmen atau keputusan yang dibanding: {names}.",
            field="anggota",
            code="konflik",
        )
    with acting_as(actor):
        # One save per member (not bulk_create): the audit trail records each.
        for u in anggota:
            AnggotaPanel.objects.create(
                banding=banding, user=u, ketua=u.pk == ketua_tim.pk, ditetapkan_oleh=actor
            )
        banding.penandatangan = penandatangan
        banding.save(update_fields=["penandatangan", "updated_at"])
    banding = transition(
        banding, S.DIKAJI, actor=actor, note="Tim banding: " + ", ".join(str(u) for u in anggota)
    )
    notify(
        anggota,
        banding,
        judul="Anda anggota tim banding",
        pesan=(
            f"Anda ditetapkan sebagai anggota tim banding {banding.nomor}; keputusan paling lambat "
            f"{date_format(banding.batas_keputusan, 'j F Y')}."
        ),
        kunci=f"banding-panel-{banding.pk}",
    )
    return banding


# --- the hearing -----------------------------------------------------------------------------------


@transaction.atomic
def sidang_record(
    *,
    banding: Banding,
    waktu: dt.datetime,
    tautan: str,
    catatan: str = "",
    rekaman_tautan: str = "",
    rekaman_sha256: str = "",
    actor: User,
) -> SidangBanding:
    """A remote hearing of the panel (FLOW.md §3: it may hear the candidate and the assessor):
    its https link, time and notes, and optionally the recording as an https link with the
    file's SHA-256 (as the journey keeps session recordings, X-9). Each call records one more
    hearing. Refused (BandingError): `actor` not on the panel or the appeal not under review;
    a link that is not https; a recording without a 64-hex SHA-256 (or a hash without a link)."""
    banding = Banding.objects.select_for_update().get(pk=banding.pk)
    if not permissions.can_decide(actor, banding):
        raise BandingError("Hanya anggota tim banding yang mencatat sidang banding yang sedang dikaji.")
    tautan = https_link(tautan, field="tautan", error=BandingError)
    rekaman_tautan = (rekaman_tautan or "").strip()
    rekaman_sha256 = (rekaman_sha256 or "").strip()
    if rekaman_tautan or rekaman_sha256:
        rekaman_tautan = https_link(rekaman_tautan, field="rekaman_tautan", error=BandingError)
        rekaman_sha256 = sha256_hex(rekaman_sha256, field="rekaman_sha256", error=BandingError)
    with acting_as(actor):
        return SidangBanding.objects.create(
            banding=banding,
            waktu=waktu,
            tautan=tautan,
            catatan=(catatan or "").strip(),
            rekaman_tautan=rekaman_tautan,
            rekaman_sha256=rekaman_sha256,
            dicatat_oleh=actor,
        )


# --- the decision ----------------------------------------------------------------------------------


def _sk_data(banding: Banding) -> dict:
    p = banding.keputusan.permohonan
    return {
        "banding": {
            "nomor": banding.nomor,
            "diajukan_pada": timezone.localtime(banding.diajukan_pada).date().isoformat(),
        },
        "asesi": p.nama,
        "skema": {"kode": p.skema.kode, "judul": p.skema.judul},
        "keputusan_dibanding": {
            "hasil": banding.keputusan.get_hasil_display(),
            "sk": banding.keputusan.pleno.sk.nomor if banding.keputusan.pleno.sk_id else "",
        },
        "hasil": banding.get_hasil_display(),
        "alasan": banding.alasan_keputusan,
        "tim_banding": [
            {"nama": str(a.user), "jabatan": "Ketua" if a.ketua else "Anggota"}
            for a in banding.panel.select_related("user")
        ],
    }


@transaction.atomic
def banding_decide(*, banding: Banding, hasil: str, alasan: str, actor: User) -> Banding:
    """The panel's decision (FLOW.md §3 DIPUTUSKAN), recorded by one of its members: ditolak
    (the decision stands) or diterima (reversed or re-assessed; the follow-up is linked
    later), with reasons; the SK keputusan banding is issued for the Ketua named at the
    panel's forming (banding_sk_sign), who is told. Nothing reaches the appellant before the
    Ketua signs.

    Refused (BandingError, nothing saved): `actor` not on the panel, or the appeal not under
    review (a repeat is refused); no or unknown result; no reasons (also a database rule);
    reasons too long; the records engine's refusal."""
    banding = (
        Banding.objects.select_for_update(of=("self",))
        .select_related("keputusan__permohonan__skema", "keputusan__pleno__sk")
        .get(pk=banding.pk)
    )
    if not permissions.is_panel_member(actor, banding):
        raise BandingError("Anda bukan anggota tim banding ini.")
    if not permissions.can_decide(actor, banding):
        raise BandingError("Banding ini tidak sedang dikaji; keputusannya sudah dicatat.", code="state")
    if hasil not in Banding.Hasil.values:
        raise BandingError("Pilih hasil banding: ditolak atau diterima.", field="hasil")
    alasan = (alasan or "").strip()
    if not alasan:
        raise BandingError("Tulis alasan keputusan banding.", field="alasan")
    if len(alasan) > MAX_ALASAN:
        raise BandingError(f"Alasan paling panjang {MAX_ALASAN} karakter.", field="alasan")
    banding.hasil, banding.alasan_keputusan = hasil, alasan
    banding.diputuskan_oleh, banding.diputuskan_pada = actor, timezone.now()
    try:
        with acting_as(actor):
            banding.save(
                update_fields=[
                    "hasil",
                    "alasan_keputusan",
                    "diputuskan_oleh",
                    "diputuskan_pada",
                    "updated_at",
                ]
            )
            sk = dokumen_issue(
                kode="SK-KEPUTUSAN-BANDING",
                subject=banding,
                judul=f"SK Keputusan Banding {banding.nomor}",
                data=_sk_data(banding),
                signers={"ketua": banding.penandatangan},
                actor=actor,
            )
            banding.sk = sk
            banding.save(update_fields=["sk", "updated_at"])
    except RecordError as error:
        raise BandingError(str(error)) from error
    banding = transition(
        banding, S.DIPUTUSKAN, actor=actor, note=f"{banding.get_hasil_display()}: {alasan}"[:1000]
    )
    notify(
        [banding.penandatangan],
        banding,
        judul="SK keputusan banding menunggu tanda tangan",
        pesan=f"SK keputusan banding {banding.nomor} menunggu tanda tangan Anda.",
        kunci=f"banding-sk-{banding.pk}",
    )
    return banding


def banding_sk_sign(*, banding: Banding, actor: User, ttd: Tandatangan) -> Dokumen:
    """The Ketua signs the SK keputusan banding (records engine: re-authentication, consent);
    the final signature sends the decision (sk_banding_final). Refused (BandingError): not the
    Ketua named for it or nothing waiting; the engine's refusals as they are."""
    if not permissions.can_sign_sk(actor, banding) or banding.sk_id is None:
        raise BandingError("SK keputusan banding ini tidak menunggu tanda tangan Anda.")
    sk = Dokumen.objects.get(pk=banding.sk_id)
    try:
        sign(sk, signer=actor, ttd=ttd)
    except RecordError as error:
        raise BandingError(str(error)) from error
    sk.refresh_from_db()
    return sk


def sk_banding_final(dokumen: Dokumen, *, actor: User) -> None:
    """The SK keputusan banding is final (lsp_portal.record_hooks, in the signing
    transaction): the appeal is decided and sent (DISAMPAIKAN), the appellant told the result
    and reasons; an upheld appeal is also flagged to banding staff for its follow-up. A second
    call is a no-op."""
    banding = Banding.objects.select_for_update().filter(sk=dokumen).first()
    if banding is None or banding.status != S.DIPUTUSKAN:
        return
    banding = transition(banding, S.DISAMPAIKAN, actor=actor, note=f"SK {dokumen.nomor} ditandatangani")
    notify(
        [banding.asesi],
        banding,
        judul=f"Keputusan banding {banding.nomor}: {banding.get_hasil_display().lower()}",
        pesan=(
            f"Banding Anda {banding.get_hasil_display().lower()} (SK {dokumen.nomor}). "
            f"Alasan: {banding.alasan_keputusan}"
        ),
        kunci=f"banding-keputusan-{banding.pk}",
    )
    if banding.hasil == Banding.Hasil.DITERIMA:
        from .selectors import banding_staff

        notify(
            banding_staff(),
            banding,
            judul="Banding diterima: tindak lanjut",
            pesan=f"Banding {banding.nomor} diterima; siapkan asesmen ulang atau perubahan keputusan.",
            kunci=f"banding-tindak-lanjut-{banding.pk}",
        )


@transaction.atomic
def banding_link_followup(*, banding: Banding, permohonan: Permohonan, actor: User) -> Banding:
    """Link an upheld appeal to its follow-up: the candidate's re-assessment application for
    the same scheme, or the application whose decision changed (the appealed one). The
    original records stay as they are (FLOW.md §3). A repeat with the same application is a
    no-op; another application replaces the link (audited).

    Refused (BandingError): `actor` without banding rights; the appeal not sent or not upheld;
    an application of another person or scheme."""
    banding = (
        Banding.objects.select_for_update(of=("self",))
        .select_related("keputusan__permohonan")
        .get(pk=banding.pk)
    )
    if not permissions.is_banding_staff(actor):
        raise BandingError("Anda tidak berwenang mencatat tindak lanjut banding.")
    if banding.status != S.DISAMPAIKAN or banding.hasil != Banding.Hasil.DITERIMA:
        raise BandingError("Tindak lanjut hanya dicatat untuk banding yang diterima dan telah disampaikan.")
    appealed = banding.keputusan.permohonan
    if permohonan.asesi_id != banding.asesi_id or permohonan.skema_id != appealed.skema_id:
        raise BandingError(
            "Tindak lanjut harus permohonan asesi yang sama pada skema yang sama.", field="permohonan"
        )
    if banding.tindak_lanjut_id == permohonan.pk:
        return banding
    with acting_as(actor):
        banding.tindak_lanjut = permohonan
        banding.save(update_fields=["tindak_lanjut", "updated_at"])
    return banding
