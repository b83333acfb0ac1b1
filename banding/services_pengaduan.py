"""Every write of a complaint (pengaduan, X-5; SE-A4.13): filing without an account, the
e-mail verification that puts it before the staff (numbered then), and the staff's steps:
acknowledge, investigate, respond in writing (e-mailed to the complainant), close. Status
moves go through lsp_portal.workflow.transition (who, when, what kept).

The complainant has no account, so their e-mails go straight to the address they gave,
after the commit (as sertifikasi's third-party links do); the staff are told through
lsp_portal.notifications.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from akun.audit import acting_as
from akun.models import User
from lsp_portal import counters
from lsp_portal.errors import ServiceError
from lsp_portal.uploads import UploadRule, digest, safe_display_name, stored
from lsp_portal.workflow import transition

from .models import Pengaduan

COUNTER = "pengaduan"  # lsp_portal.counters: complaint numbers per year

S = Pengaduan.Status
MAX_URAIAN = 4000
MAX_JAWABAN = 4000


class PengaduanError(ServiceError):
    """A complaint step the rules refuse; the message is for the user (Indonesian)."""


def lampiran_rule() -> UploadRule:
    """A complaint's optional attachment: a PDF or a photo (PNG, JPEG, WebP), the journey's evidence size."""
    return UploadRule(
        "Lampiran pengaduan",
        kinds={"pdf", "jpg", "png", "webp"},
        max_bytes=int(settings.SERTIFIKASI_UPLOAD_MAX_MB * 1024 * 1024),
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _mail(pengaduan: Pengaduan, subject: str, body: str) -> None:
    """E-mail the complainant after the commit (a rollback sends nothing)."""
    to = pengaduan.email
    transaction.on_commit(
        lambda: send_mail(f"[LSP] {subject}"[:200], body, settings.DEFAULT_FROM_EMAIL, [to])
    )


def _sign_off() -> str:
    return (
        f"\n\nHormat kami,\n{settings.LSP_NAME}\n\n"
        "Pesan ini dikirim otomatis oleh sistem informasi LSP; mohon tidak membalas email ini."
    )


def _tanggal(value) -> str:
    return date_format(value, "j F Y")


# --- the public side -------------------------------------------------------------------------------


def pengaduan_file(
    *,
    nama_pelapor: str,
    email: str,
    subjek: str,
    uraian: str,
    telepon: str = "",
    rujukan: str = "",
    lampiran=None,
    now: dt.datetime | None = None,
) -> tuple[Pengaduan, str]:
    """File a complaint (no account): saved waiting for its e-mail's verification, and a
    link with a random token (kept only as its SHA-256, valid PENGADUAN_TAUTAN_BERLAKU_JAM
    hours) is e-mailed after the commit. Returns (pengaduan, token). Raises PengaduanError
    for an empty description or a refused attachment. Not idempotent: each call files one."""
    uraian = (uraian or "").strip()
    if not uraian:
        raise PengaduanError("Tuliskan uraian pengaduan Anda.", field="uraian")
    if len(uraian) > MAX_URAIAN:
        raise PengaduanError(f"Uraian pengaduan paling panjang {MAX_URAIAN} karakter.", field="uraian")
    if subjek not in Pengaduan.Subjek.values:
        raise PengaduanError("Pilih hal yang diadukan.", field="subjek")
    checked = None
    if lampiran:
        try:
            checked = lampiran_rule().check(lampiran, field="lampiran")
        except ServiceError as error:
            raise PengaduanError(str(error), field="lampiran") from error
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    pengaduan = Pengaduan(
        nama_pelapor=nama_pelapor.strip(),
        email=email.strip(),
        telepon=(telepon or "").strip(),
        subjek=subjek,
        rujukan=(rujukan or "").strip(),
        uraian=uraian,
        diajukan_pada=now,
        token_sha256=token_hash(token),
        token_kedaluwarsa=now + dt.timedelta(hours=settings.PENGADUAN_TAUTAN_BERLAKU_JAM),
    )
    with transaction.atomic():
        if checked is not None:
            _, pengaduan.lampiran_sha256 = digest(checked)
            pengaduan.lampiran_nama = safe_display_name(getattr(lampiran, "name", ""))
            with stored(pengaduan.lampiran, checked, folder="banding/pengaduan"):
                pengaduan.save()
        else:
            pengaduan.save()
        url = settings.SITE_URL + reverse("pengaduan:verifikasi", args=[token])
        until = timezone.localtime(pengaduan.token_kedaluwarsa)
        _mail(
            pengaduan,
            "Konfirmasi email pengaduan Anda",
            f"Yth. {pengaduan.nama_pelapor},\n\n"
            f"Kami menerima pengaduan yang dikirim atas nama Anda ke {settings.LSP_NAME}. "
            "Pengaduan baru kami proses setelah alamat email ini dikonfirmasi. Buka tautan "
            f"berikut (berlaku sampai {until:%d-%m-%Y %H:%M} WIB):\n{url}\n\n"
            "Jika Anda tidak mengirim pengaduan, abaikan email ini." + _sign_off(),
        )
    return pengaduan, token


def pengaduan_for_token(token: str, *, now: dt.datetime | None = None) -> Pengaduan:
    """The complaint waiting for verification by `token`; PengaduanError (Indonesian) when
    the link is unknown, already used, or expired."""
    if not token or len(token) > 100:
        raise PengaduanError("Tautan verifikasi tidak dikenal atau sudah dipakai.")
    pengaduan = Pengaduan.objects.filter(token_sha256=token_hash(token)).first()
    if pengaduan is None or pengaduan.status != S.MENUNGGU_VERIFIKASI_EMAIL:
        raise PengaduanError(
            "Tautan verifikasi tidak dikenal atau sudah dipakai. Jika pengaduan Anda sudah "
            "dikonfirmasi, nomornya ada di email kami."
        )
    if (now or timezone.now()) > pengaduan.token_kedaluwarsa:
        raise PengaduanError(
            "Tautan verifikasi sudah kedaluwarsa. Kirim pengaduan Anda sekali lagi melalui "
            "formulir pengaduan; tautan baru akan dikirim ke email Anda."
        )
    return pengaduan


def _take_number(pengaduan: Pengaduan, when: dt.datetime) -> None:
    """PGD/<year>/<seq:04d>, the next in the year from the kernel's counter (gap-free: the
    counter row is locked until the verification commits; the database also keeps (tahun,
    urutan) unique)."""
    tahun = timezone.localtime(when).year
    urutan = counters.take(COUNTER, tahun)
    pengaduan.tahun, pengaduan.urutan, pengaduan.nomor = tahun, urutan, f"PGD/{tahun}/{urutan:04d}"
    pengaduan.save(update_fields=["tahun", "urutan", "nomor", "updated_at"])


@transaction.atomic
def pengaduan_verify(*, token: str, now: dt.datetime | None = None) -> Pengaduan:
    """Verify the complaint's e-mail by `token`: received (diterima), numbered, its response
    due PENGADUAN_BATAS_JAWAB_HARI days later; the token is spent; the staff holding
    use_banding_staff are told. Raises PengaduanError for a bad, used or expired link (a
    second use of the same link is refused, not repeated)."""
    now = now or timezone.now()
    pengaduan = pengaduan_for_token(token, now=now)
    pengaduan = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if pengaduan.status != S.MENUNGGU_VERIFIKASI_EMAIL:  # the same link opened twice at once
        raise PengaduanError("Tautan verifikasi tidak dikenal atau sudah dipakai.")
    _take_number(pengaduan, now)
    pengaduan = _move(
        pengaduan,
        S.DITERIMA,
        actor=None,
        note="Email pelapor terverifikasi.",
        diterima_pada=now,
        batas_jawab=timezone.localdate(now) + dt.timedelta(days=settings.PENGADUAN_BATAS_JAWAB_HARI),
        token_sha256="",
    )
    from lsp_portal.notifications import notify

    from .selectors import banding_staff

    notify(
        users=staff_to_notify(pengaduan, banding_staff()),
        judul="Pengaduan baru diterima",
        pesan=(
            f"Pengaduan {pengaduan.nomor} ({pengaduan.get_subjek_display()}) menunggu konfirmasi "
            f"penerimaan; dijawab paling lambat {_tanggal(pengaduan.batas_jawab)}."
        ),
        url=pengaduan.get_absolute_url(),
        kunci=f"pengaduan-{pengaduan.pk}-diterima",
    )
    _mail(
        pengaduan,
        f"Pengaduan {pengaduan.nomor} diterima",
        f"Yth. {pengaduan.nama_pelapor},\n\n"
        f"Email Anda terkonfirmasi dan pengaduan Anda kami terima dengan nomor {pengaduan.nomor}. "
        f"Kami akan menjawabnya secara tertulis paling lambat {_tanggal(pengaduan.batas_jawab)}. "
        "Sebutkan nomor ini bila menghubungi kami." + _sign_off(),
    )
    return pengaduan


# --- the staff's steps -----------------------------------------------------------------------------


def _move(pengaduan: Pengaduan, to, *, actor, note: str = "", **fields) -> Pengaduan:
    """Write `fields` on the locked row, then move it to `to` by transition() (the database
    rules ask for a response before "dijawab", a time before "ditutup"...). A refused move
    raises and the caller's transaction takes the fields back."""
    locked = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    return transition(locked, to, actor=actor, note=note)


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PengaduanError(message)


CONCERNED = (
    "Pengaduan ini mengenai Anda, sehingga tidak dapat Anda lihat atau tangani; "
    "penanganannya dilakukan petugas lain."
)


def _refuse_concerned(pengaduan: Pengaduan, actor) -> None:
    """X-5: the person a complaint is about may not handle it (banding.permissions, the one
    rule). Reads the row's current terkait under a lock, so a stale object does not slip by."""
    from .permissions import is_concerned_by_pengaduan

    pengaduan.terkait_id = (
        Pengaduan.objects.select_for_update().values_list("terkait_id", flat=True).get(pk=pengaduan.pk)
    )
    _check(not is_concerned_by_pengaduan(actor, pengaduan), CONCERNED)


def staff_to_notify(pengaduan: Pengaduan, staff) -> list:
    """`staff` (users) to tell about `pengaduan`: never the person it is about."""
    return [user for user in staff if user.pk != pengaduan.terkait_id]


def _withdraw_notices(pengaduan: Pengaduan) -> None:
    """The person a complaint is about is never told of it (X-5): notices they got before they
    were named (as banding staff) are taken back."""
    from lsp_portal.notifications import withdraw

    if pengaduan.terkait_id is not None:
        withdraw(user=pengaduan.terkait, url=pengaduan.get_absolute_url())


def _terkait_checked(terkait):
    if terkait is not None and not terkait.is_active:
        raise PengaduanError("Pilih pengguna yang masih aktif sebagai orang yang diadukan.", field="terkait")
    return terkait


@transaction.atomic
def pengaduan_acknowledge(
    *, pengaduan: Pengaduan, actor: User, terkait: User | None = None, now: dt.datetime | None = None
) -> Pengaduan:
    """Staff confirm receipt and take the complaint (ditangani_oleh), naming the person it is
    about (terkait, optional; naming oneself hands it to the other staff; the notices they got
    of it are taken back). The complainant is
    e-mailed the acknowledgement after the commit (its number, what happens next, the answer's
    due date; nothing of who handles it or whom it is about). Raises PengaduanError for
    someone who is not banding staff or whom it is about, or an inactive terkait;
    TransitionError unless it is diterima (a repeat is refused, and sends nothing)."""
    from .permissions import can_acknowledge_pengaduan

    _refuse_concerned(pengaduan, actor)
    terkait = _terkait_checked(terkait)
    _check(can_acknowledge_pengaduan(actor, pengaduan), "Anda tidak dapat mengonfirmasi pengaduan ini.")
    with acting_as(actor):
        pengaduan = _move(
            pengaduan,
            S.DIKONFIRMASI,
            actor=actor,
            dikonfirmasi_pada=now or timezone.now(),
            ditangani_oleh=None if terkait == actor else actor,
            terkait=terkait,
        )
    _withdraw_notices(pengaduan)
    _mail(
        pengaduan,
        f"Pengaduan {pengaduan.nomor} sedang ditangani",
        f"Yth. {pengaduan.nama_pelapor},\n\n"
        f"Petugas {settings.LSP_NAME} telah mengonfirmasi penerimaan pengaduan Anda nomor "
        f"{pengaduan.nomor}. Selanjutnya kami menelaah dan, bila perlu, menindaklanjuti hal yang "
        "Anda adukan, lalu mengirim jawaban tertulis ke alamat email ini paling lambat "
        f"{_tanggal(pengaduan.batas_jawab)}. Sebutkan nomor pengaduan bila menghubungi kami." + _sign_off(),
    )
    return pengaduan


@transaction.atomic
def pengaduan_set_terkait(*, pengaduan: Pengaduan, terkait: User | None, actor: User) -> Pengaduan:
    """Name, change or clear the person a received, not yet closed complaint is about, by a
    staff member it is not about. A handler named is no longer its handler; the notices the
    person named got of it are taken back. Raises PengaduanError otherwise."""
    from .permissions import can_set_terkait_pengaduan

    _refuse_concerned(pengaduan, actor)
    terkait = _terkait_checked(terkait)
    locked = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    _check(can_set_terkait_pengaduan(actor, locked), "Orang yang diadukan tidak dapat diubah lagi.")
    locked.terkait = terkait
    fields = ["terkait", "updated_at"]
    if terkait is not None and locked.ditangani_oleh_id == terkait.pk:
        locked.ditangani_oleh = None
        fields.append("ditangani_oleh")
    with acting_as(actor):
        locked.save(update_fields=fields)
    _withdraw_notices(locked)
    return locked


@transaction.atomic
def pengaduan_investigate(
    *, pengaduan: Pengaduan, catatan: str, actor: User, now: dt.datetime | None = None
) -> Pengaduan:
    """Record that the complaint is being looked into, with notes (internal, never sent).
    Raises PengaduanError without notes or for non-staff; TransitionError unless
    acknowledged."""
    from .permissions import can_investigate_pengaduan

    _refuse_concerned(pengaduan, actor)
    _check(can_investigate_pengaduan(actor, pengaduan), "Anda tidak dapat menindaklanjuti pengaduan ini.")
    catatan = (catatan or "").strip()
    if not catatan:
        raise PengaduanError("Tuliskan catatan tindak lanjut.", field="catatan")
    with acting_as(actor):
        pengaduan = _move(
            pengaduan,
            S.DITINDAKLANJUTI,
            actor=actor,
            note=catatan,
            ditindaklanjuti_pada=now or timezone.now(),
            catatan_tindak_lanjut=catatan,
        )
    return pengaduan


@transaction.atomic
def pengaduan_respond(
    *, pengaduan: Pengaduan, jawaban: str, actor: User, now: dt.datetime | None = None
) -> Pengaduan:
    """Answer the complaint in writing (dijawab): the response is kept and e-mailed to the
    complainant after the commit; the response time runs to now. Raises PengaduanError for
    an empty response or non-staff; TransitionError unless acknowledged or investigated."""
    from .permissions import can_respond_pengaduan

    _refuse_concerned(pengaduan, actor)
    _check(can_respond_pengaduan(actor, pengaduan), "Anda tidak dapat menjawab pengaduan ini.")
    jawaban = (jawaban or "").strip()
    if not jawaban:
        raise PengaduanError("Tuliskan jawaban untuk pelapor.", field="jawaban")
    if len(jawaban) > MAX_JAWABAN:
        raise PengaduanError(f"Jawaban paling panjang {MAX_JAWABAN} karakter.", field="jawaban")
    with acting_as(actor):
        pengaduan = _move(
            pengaduan,
            S.DIJAWAB,
            actor=actor,
            jawaban=jawaban,
            dijawab_pada=now or timezone.now(),
            ditangani_oleh=pengaduan.ditangani_oleh or actor,
        )
    _mail(
        pengaduan,
        f"Jawaban atas pengaduan {pengaduan.nomor}",
        f"Yth. {pengaduan.nama_pelapor},\n\n"
        f"Berikut jawaban {settings.LSP_NAME} atas pengaduan Anda nomor {pengaduan.nomor}:\n\n"
        f"{jawaban}" + _sign_off(),
    )
    return pengaduan


@transaction.atomic
def pengaduan_close(*, pengaduan: Pengaduan, actor: User, now: dt.datetime | None = None) -> Pengaduan:
    """Close an answered complaint. Raises PengaduanError for non-staff; TransitionError
    unless answered (closing twice is refused)."""
    from .permissions import can_close_pengaduan

    _refuse_concerned(pengaduan, actor)
    _check(can_close_pengaduan(actor, pengaduan), "Anda tidak dapat menutup pengaduan ini.")
    with acting_as(actor):
        pengaduan = _move(pengaduan, S.DITUTUP, actor=actor, ditutup_pada=now or timezone.now())
    return pengaduan
