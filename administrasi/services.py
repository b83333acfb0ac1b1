"""Every write of the records engine (SE-A4.5, SE-A3.Kb, X-11).

Issue → sign in order → final → PDF rendered, sealed and stored by Celery → verifiable.
A correction is a new version; a retained record is never deleted or overwritten.
"""

import base64
import datetime as dt
import hashlib
import json
import logging
import re
import string

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from akun.audit import acting_as, current_actor
from akun.models import User
from lsp_portal.ratelimit import hit
from lsp_portal.workflow import transition

from .models import Dokumen, JenisDokumen, NomorUrut, TandaTangan, UpayaHapus
from .storage import RecordFileExists, RetentionError, record_storage, retain_until

log = logging.getLogger(__name__)

try:  # what a broker outage raises when a task is sent
    from kombu.exceptions import OperationalError as _KombuOperationalError
    from redis.exceptions import ConnectionError as _RedisConnectionError

    BROKER_ERRORS = (_KombuOperationalError, _RedisConnectionError, ConnectionError)
except ImportError:  # pragma: no cover
    BROKER_ERRORS = (ConnectionError,)
from botocore.exceptions import BotoCoreError, ClientError  # noqa: E402
from celery.exceptions import Retry  # noqa: E402

# Storage down; Retry is what an eagerly run task raises when it would retry later.
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError, Retry)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
PATTERN_FIELDS = {"seq", "tahun", "bulan", "bulan_romawi", "kode"}
CONSENT = (
    "Saya menyatakan telah membaca dokumen ini dan menandatanganinya secara elektronik dengan "
    "sadar dan tanpa paksaan. Tanda tangan elektronik ini sah sesuai UU ITE Pasal 11."
)


class RecordError(Exception):
    """A records action the rules refuse; the message is for the user (Indonesian)."""


# --- numbering -----------------------------------------------------------------------


def validate_pattern(pattern: str) -> None:
    """Raise RecordError unless `pattern` is a usable numbering pattern."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise RecordError(f"Pola nomor tidak valid: {exc}.") from None
    unknown = fields - PATTERN_FIELDS
    if unknown:
        raise RecordError(f"Pola nomor memakai kolom yang tidak dikenal: {', '.join(sorted(unknown))}.")
    if "seq" not in fields:
        raise RecordError("Pola nomor harus memuat nomor urut {seq}.")
    format_number(pattern, seq=1, when=dt.date(2000, 1, 1), kode="X")


def format_number(pattern: str, *, seq: int, when: dt.date, kode: str) -> str:
    try:
        return pattern.format(
            seq=seq, tahun=when.year, bulan=f"{when.month:02d}", bulan_romawi=ROMAN[when.month - 1], kode=kode
        )
    except (ValueError, KeyError, IndexError) as exc:
        raise RecordError(f"Pola nomor tidak valid: {exc}.") from None


@transaction.atomic
def number_take(*, jenis: JenisDokumen, when: dt.date) -> tuple[int, int, str]:
    """Take the next number of `jenis` for the year of `when`: (year, seq, formatted).

    Gap-free and unique under concurrent callers: the counter row is locked until the
    caller's transaction commits, and rolled back with it if the caller fails.
    """
    NomorUrut.objects.bulk_create([NomorUrut(jenis=jenis, tahun=when.year)], ignore_conflicts=True)
    counter = NomorUrut.objects.select_for_update().get(jenis=jenis, tahun=when.year)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    pattern = jenis.pola_nomor or "{seq:03d}/" + jenis.kode + "/{bulan_romawi}/{tahun}"
    return (
        when.year,
        counter.terakhir,
        format_number(pattern, seq=counter.terakhir, when=when, kode=jenis.kode),
    )


# --- issuing -------------------------------------------------------------------------


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def record_skema(subject):
    """The scheme a subject belongs to, if it says (`record_skema`, attribute or method)."""
    skema = getattr(subject, "record_skema", None)
    return skema() if callable(skema) else skema


def retention_years(*, jenis: JenisDokumen, subject, skema=None) -> int:
    """The kind's own period, else the subject's scheme validity, else the LSP default."""
    if jenis.masa_simpan_tahun:
        return jenis.masa_simpan_tahun
    years = getattr(subject, "record_retention_years", None)
    if callable(years):
        years = years()
    if not years and skema is not None:
        years = skema.masa_berlaku_tahun
    return max(int(years or 0), settings.LSP_RETENTION_YEARS)


@transaction.atomic
def dokumen_issue(
    *, kode: str, subject, judul: str, data: dict, signers: dict, actor: User, skema=None
) -> Dokumen:
    """Create version 1 of a record of kind `kode` about `subject`, numbered if the kind is,
    with one pending signature per party of the kind (`signers`: {pihak: user}). `skema`:
    the scheme it is about; by default the subject's `record_skema`, if it has one.

    A kind without signers is final at once and its PDF is queued after commit.
    Raises RecordError for an unknown kind or missing/extra signers.
    """
    try:
        jenis = JenisDokumen.objects.get(kode=kode)
    except JenisDokumen.DoesNotExist:
        raise RecordError(f"Jenis dokumen {kode} tidak dikenal.") from None
    _check_signers(jenis, signers)
    skema = skema if skema is not None else record_skema(subject)
    now = timezone.now()
    dokumen = Dokumen(
        jenis=jenis,
        judul=judul,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=str(subject.pk),
        skema=skema,
        data=data,
        data_hash=sha256_hex(canonical_json(data)),
        diterbitkan_oleh=actor,
        diterbitkan_pada=now,
        retained_until=add_years(
            timezone.localdate(now), retention_years(jenis=jenis, subject=subject, skema=skema)
        ),
    )
    with acting_as(actor):
        if jenis.bernomor:
            dokumen.tahun_nomor, dokumen.urut, dokumen.nomor = number_take(
                jenis=jenis, when=timezone.localdate(now)
            )
        dokumen.save()
        _create_signature_rows(dokumen, jenis, signers)
        if not jenis.penandatangan:
            _finalize(dokumen, actor=actor)
    return dokumen


def _check_signers(jenis, signers):
    wanted = [p["pihak"] for p in jenis.penandatangan]
    if set(signers) != set(wanted):
        missing = ", ".join(sorted(set(wanted) - set(signers))) or "-"
        extra = ", ".join(sorted(set(signers) - set(wanted))) or "-"
        raise RecordError(f"Penandatangan {jenis.kode} tidak sesuai. Kurang: {missing}; berlebih: {extra}.")


def _create_signature_rows(dokumen, jenis, signers):
    TandaTangan.objects.bulk_create(
        [
            TandaTangan(
                dokumen=dokumen,
                urutan=i,
                pihak=p["pihak"],
                label=p["label"],
                penandatangan=signers[p["pihak"]],
            )
            for i, p in enumerate(jenis.penandatangan, start=1)
        ]
    )


def signed_content_hash(dokumen: Dokumen) -> str:
    """SHA-256 of exactly what a signer signs: kind, number, version and the data snapshot."""
    return sha256_hex(
        canonical_json(
            {
                "jenis": dokumen.jenis.kode,
                "nomor": dokumen.nomor,
                "seri": str(dokumen.seri),
                "versi": dokumen.versi,
                "data": dokumen.data_hash,
            }
        )
    )


# --- signing -------------------------------------------------------------------------

# A stolen session must not become a password-guessing oracle through the signing form.
SIGN_ATTEMPTS, SIGN_WINDOW = 10, 300
DATA_URI = re.compile(r"^data:image/png;base64,([A-Za-z0-9+/=]+)$")
MAX_SIGNATURE_IMAGE = 300 * 1024


def _check_secret(user: User, secret: str) -> str:
    """The signer re-authenticates: password or current TOTP code. Returns the method."""
    secret = (secret or "").strip()
    if secret and user.check_password(secret):
        return TandaTangan.Metode.PASSWORD
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp and secret.isdigit() and TOTP(totp).validate_code(secret):
        return TandaTangan.Metode.TOTP
    raise RecordError("Kata sandi atau kode autentikator salah. Dokumen belum ditandatangani.")


def _check_image(gambar: str) -> str:
    if not gambar:
        return ""
    match = DATA_URI.match(gambar.strip())
    if not match:
        raise RecordError("Gambar tanda tangan harus berupa PNG.")
    raw = base64.b64decode(match.group(1))
    if len(raw) > MAX_SIGNATURE_IMAGE:
        raise RecordError("Gambar tanda tangan terlalu besar (maksimal 300 KB).")
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(raw)) as image:
            image.verify()
            if image.format != "PNG":
                raise RecordError("Gambar tanda tangan harus berupa PNG.")
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise RecordError("Gambar tanda tangan rusak atau bukan gambar.") from None
    return gambar.strip()


@transaction.atomic
def dokumen_sign(
    *,
    dokumen: Dokumen,
    signer: User,
    secret: str,
    consent: bool,
    ip=None,
    user_agent: str = "",
    gambar: str = "",
) -> TandaTangan:
    """Sign `dokumen` as `signer` (UU ITE art. 11): re-authentication, consent, order.

    Keeps signer, role, time, IP, user agent and the hash of exactly what was signed. The
    last signature makes the record final (read-only) and queues its PDF after commit.
    Raises RecordError (nothing changes) for a wrong secret, no consent, out of order,
    a repeat, a signer who is not a party, or a record that is no longer a draft.
    """
    dokumen = Dokumen.objects.select_for_update(of=("self",)).select_related("jenis").get(pk=dokumen.pk)
    if dokumen.status != Dokumen.Status.DRAFT:
        raise RecordError(
            f"Dokumen ini berstatus {dokumen.get_status_display().lower()}; tidak dapat ditandatangani."
        )
    rows = list(dokumen.tanda_tangan.select_related("penandatangan"))
    mine = [r for r in rows if r.penandatangan_id == signer.pk]
    if not mine:
        raise RecordError("Anda bukan penandatangan dokumen ini.")
    pending = [r for r in rows if not r.sudah]
    row = next((r for r in mine if not r.sudah), None)
    if row is None:
        raise RecordError("Anda sudah menandatangani dokumen ini.")
    if pending[0].pk != row.pk:
        first = pending[0]
        raise RecordError(f"Menunggu tanda tangan {first.label} ({first.penandatangan}) terlebih dahulu.")
    if not consent:
        raise RecordError("Centang pernyataan persetujuan untuk menandatangani.")
    if not hit(f"sign:{signer.pk}", limit=SIGN_ATTEMPTS, seconds=SIGN_WINDOW):
        raise RecordError("Terlalu banyak percobaan tanda tangan. Tunggu beberapa menit, lalu coba lagi.")
    method = _check_secret(signer, secret)
    image = _check_image(gambar)
    row.ditandatangani_pada = timezone.now()
    row.ip = ip
    row.user_agent = (user_agent or "")[:400]
    row.hash_ditandatangani = signed_content_hash(dokumen)
    row.metode = method
    row.persetujuan = CONSENT
    row.gambar = image
    with acting_as(signer, ip):
        row.save()
        if len(pending) == 1:
            _finalize(dokumen, actor=signer)
    return row


def _finalize(dokumen: Dokumen, *, actor: User) -> Dokumen:
    dokumen = transition(dokumen, Dokumen.Status.FINAL, actor=actor, note="semua pihak telah menandatangani")
    Dokumen.objects.filter(pk=dokumen.pk).update(difinalkan_pada=timezone.now())
    queue_pdf(dokumen.pk)
    return dokumen


def queue_pdf(dokumen_id: int) -> None:
    """Queue the PDF after commit. A broker outage loses nothing: the record is saved, and
    the periodic sweep (render_pending_pdfs) queues it again when the broker is back."""
    from .tasks import render_dokumen_pdf

    def send():
        try:
            render_dokumen_pdf.delay(dokumen_id)
        except BROKER_ERRORS + STORAGE_ERRORS:
            # Broker down, or (tasks running eagerly) storage down: the record is saved and
            # final; the periodic sweep makes the PDF once the service is back.
            log.warning("PDF dokumen %s belum dapat dibuat; akan dicoba lagi.", dokumen_id, exc_info=True)

    transaction.on_commit(send)


# --- corrections and voiding ----------------------------------------------------------


@transaction.atomic
def dokumen_correct(*, dokumen: Dokumen, data: dict, alasan: str, actor: User) -> Dokumen:
    """Make version n+1 of a final record with corrected `data`; version n becomes
    superseded and both are kept. The new version needs the same signatures again."""
    old = Dokumen.objects.select_for_update(of=("self",)).select_related("jenis").get(pk=dokumen.pk)
    if old.status != Dokumen.Status.FINAL:
        raise RecordError(
            f"Hanya dokumen final yang dapat dikoreksi; dokumen ini {old.get_status_display().lower()}."
        )
    if not alasan.strip():
        raise RecordError("Alasan koreksi wajib diisi.")
    with acting_as(actor):
        new = Dokumen.objects.create(
            jenis=old.jenis,
            judul=old.judul,
            subject_type=old.subject_type,
            subject_id=old.subject_id,
            skema=old.skema,
            seri=old.seri,
            versi=old.versi + 1,
            sebelumnya=old,
            alasan_perubahan=alasan.strip(),
            nomor=old.nomor,
            tahun_nomor=old.tahun_nomor,
            urut=old.urut,
            data=data,
            data_hash=sha256_hex(canonical_json(data)),
            diterbitkan_oleh=actor,
            retained_until=max(
                old.retained_until,
                add_years(
                    timezone.localdate(),
                    retention_years(jenis=old.jenis, subject=old.subject, skema=old.skema),
                ),
            ),
        )
        signers = {t.pihak: t.penandatangan for t in old.tanda_tangan.all()}
        _create_signature_rows(new, old.jenis, signers)
        transition(
            old, Dokumen.Status.SUPERSEDED, actor=actor, note=f"dikoreksi menjadi versi {new.versi}: {alasan}"
        )
        if not old.jenis.penandatangan:
            _finalize(new, actor=actor)
    return new


@transaction.atomic
def dokumen_void(*, dokumen: Dokumen, alasan: str, actor: User) -> Dokumen:
    """Void a record (it stays in the archive, marked void, with its number)."""
    if not alasan.strip():
        raise RecordError("Alasan pembatalan wajib diisi.")
    with acting_as(actor):
        return transition(dokumen, Dokumen.Status.VOID, actor=actor, note=alasan.strip())


# --- PDF --------------------------------------------------------------------------------


def pdf_name(dokumen: Dokumen) -> str:
    """Deterministic, so a retry after a crash finds what the first attempt stored."""
    kode = re.sub(r"[^A-Za-z0-9]+", "-", dokumen.jenis.kode).strip("-").lower()
    return f"arsip/{dokumen.diterbitkan_pada:%Y}/{kode}/{dokumen.token}-v{dokumen.versi}.pdf"


def dokumen_render_pdf(*, dokumen_id: int) -> bool:
    """Render, seal and store the PDF of a finalised record. Idempotent: a record that has
    its PDF is left alone (returns False). Runs in one transaction holding the row lock, so
    two workers never both render it and a crash leaves the row untouched; a file stored
    by a crashed attempt is adopted if its seal is intact, else replaced."""
    from lsp_portal.pdf import render_pdf
    from lsp_portal.seal import seal_pdf

    with transaction.atomic():
        dokumen = (
            # of=self: lock the record alone. Without it PostgreSQL also locks the joined kind
            # and issuer rows, and workers rendering records of one kind take turns
            # (bench: 1,000 certificates 168.9 s -> 92.2 s with 2 workers).
            Dokumen.objects.select_for_update(of=("self",))
            .select_related("jenis", "diterbitkan_oleh")
            .filter(pk=dokumen_id)
            .first()
        )
        if dokumen is None or dokumen.pdf or dokumen.difinalkan_pada is None:
            return False
        storage = record_storage()
        name = pdf_name(dokumen)
        # A file under the name is an earlier attempt's, which died before updating the row:
        # adopted if its seal is intact, else (a torn write) replaced. Looked for first where
        # the storage cannot refuse a taken name atomically; on S3 the PUT itself finds it.
        content = _adopt_earlier_file(storage, name) if storage.probe_before_save else None
        if content is None:
            html_pdf = render_pdf(dokumen.jenis.template, pdf_context(dokumen))
            content = seal_pdf(
                html_pdf, reason=f"{dokumen.jenis.kode} {dokumen.nomor}".strip(), location=settings.LSP_NAME
            )
            try:
                _store(storage, name, content, dokumen.retained_until)
            except RecordFileExists:
                earlier = _adopt_earlier_file(storage, name)
                if earlier is None:  # it was torn, and is gone now
                    _store(storage, name, content, dokumen.retained_until)
                else:
                    content = earlier
        Dokumen.objects.filter(pk=dokumen.pk).update(
            pdf=name, pdf_sha256=sha256_hex(content), pdf_generated_at=timezone.now()
        )
    return True


def _adopt_earlier_file(storage, name: str) -> bytes | None:
    """The sealed PDF an earlier attempt stored under `name`, or None: nothing there, or a
    torn write (no record holds it), which is deleted."""
    from lsp_portal.seal import verify_seal

    if not storage.exists(name):
        return None
    with storage.open(name) as fh:
        existing = fh.read()
    if verify_seal(existing).ok:
        return existing
    storage.delete(name)
    return None


def _store(storage, name: str, content: bytes, until: dt.date) -> None:
    with retain_until(until):
        stored = storage.save(name, ContentFile(content))
    if stored != name:
        raise RetentionError(f"Penyimpanan mengganti nama berkas arsip {name} menjadi {stored}.")


def pdf_context(dokumen: Dokumen) -> dict:
    import segno

    url = settings.SITE_URL + dokumen.get_verification_url()
    qr = segno.make(url, error="m").png_data_uri(scale=4, border=1)
    return {
        "dokumen": dokumen,
        "data": dokumen.data,
        "tanda_tangan": list(dokumen.tanda_tangan.select_related("penandatangan")),
        "verification_url": url,
        "qr": qr,
        "lsp_name": settings.LSP_NAME,
    }


def pending_pdfs():
    return Dokumen.objects.filter(difinalkan_pada__isnull=False, pdf="")


# --- retention --------------------------------------------------------------------------


def _log_refusal(*, dokumen=None, name="", via: str):
    actor, _ = current_actor()
    UpayaHapus.objects.create(dokumen=dokumen, nama_berkas=name, melalui=via, pelaku=actor)
    log.warning("Penghapusan arsip ditolak (%s): %s", via, dokumen or name)


def dokumen_refuse_delete(*, dokumen: Dokumen, via: str):
    """Records are never deleted while retained (SE-A3.Kb), whoever asks; the attempt is kept."""
    if dokumen.is_retained():
        with transaction.atomic():
            _log_refusal(dokumen=dokumen, via=via)
        raise RetentionError(
            f"Dokumen {dokumen} wajib disimpan sampai {dokumen.retained_until:%d-%m-%Y} "
            "dan tidak dapat dihapus."
        )
    raise RetentionError(
        "Dokumen arsip tidak dihapus dari aplikasi; pemusnahan setelah masa simpan dicatat terpisah."
    )


def file_refuse_delete(*, name: str):
    """Called by the record storage before deleting a file: refuse while a record holds it."""
    dokumen = Dokumen.objects.filter(pdf=name).first()
    if dokumen is not None:
        with transaction.atomic():
            _log_refusal(dokumen=dokumen, name=name, via="storage")
        raise RetentionError(f"Berkas {name} milik dokumen arsip {dokumen} dan tidak dapat dihapus.")


def dokumen_grant_view(*, dokumen: Dokumen, user: User, actor: User) -> None:
    """Let `user` (e.g. an auditor) see one record. Kept by guardian; audited."""
    from guardian.shortcuts import assign_perm

    with acting_as(actor):
        assign_perm("administrasi.view_dokumen", user, dokumen)


# --- public verification ------------------------------------------------------------------


def verify_upload(*, dokumen: Dokumen, content: bytes) -> dict:
    """Compare an uploaded PDF with the issued record: byte for byte, and by its seal."""
    from lsp_portal.seal import verify_seal

    digest = sha256_hex(content)
    seal = verify_seal(content)
    if dokumen.pdf_sha256 and digest == dokumen.pdf_sha256:
        message = (
            "Berkas identik byte demi byte dengan dokumen yang diterbitkan, dan segelnya utuh."
            if seal.ok
            else "Berkas identik dengan dokumen yang diterbitkan."
        )
        in_force = dokumen.status == Dokumen.Status.FINAL
        if not in_force:  # the genuine file of a voided or superseded record is no longer valid
            message += (
                f" Namun dokumen ini berstatus {dokumen.get_status_display().lower()} "
                "sehingga tidak berlaku lagi."
            )
        return {"ok": in_force, "digest": digest, "seal": seal, "message": message}
    other = Dokumen.objects.filter(pdf_sha256=digest).select_related("jenis").first() if seal.ok else None
    if other is not None:
        message = (
            f"Berkas ini bukan dokumen yang Anda buka, melainkan {other.jenis.kode} "
            f"{other.nomor or ''} versi {other.versi}."
        )
    elif seal.sealed and not seal.intact:
        message = "Berkas TIDAK SAH: isinya telah diubah setelah disegel."
    elif seal.sealed and not seal.trusted:
        message = "Berkas TIDAK SAH: segelnya bukan segel elektronik LSP ini."
    else:
        message = "Berkas TIDAK SAH: tidak sama dengan dokumen yang diterbitkan."
    return {"ok": False, "digest": digest, "seal": seal, "message": message}
