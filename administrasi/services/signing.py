"""Signing a record in order (UU ITE art. 11): re-authentication, consent, evidence."""

import base64
import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from akun.audit import acting_as, record_change
from akun.models import User
from lsp_portal import record_hooks
from lsp_portal.ratelimit import hit, reset
from lsp_portal.workflow import transition

from ..models import Dokumen, TandaTangan
from . import approval
from .common import RecordError, canonical_json, sha256_hex
from .rendering import queue_pdf

log = logging.getLogger(__name__)

CONSENT = (
    "Saya menyatakan telah membaca dokumen ini dan menandatanganinya secara elektronik dengan "
    "sadar dan tanpa paksaan. Tanda tangan elektronik ini sah sesuai UU ITE Pasal 11."
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


# A stolen session must not become a password-guessing oracle through the signing form.
SIGN_ATTEMPTS, SIGN_WINDOW = 10, 300


def sign_attempts_reset(signer: User) -> None:
    """Start `signer`'s attempt window afresh. Only for the demo seed, which signs dozens of
    records for one person within seconds: those are not guesses the limit is about, and the
    person must not find their window used up when they first sign in after `make run`."""
    reset(f"sign:{signer.pk}")


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
    """The drawn signature as a data URI of a PNG re-encoded by the one upload check
    (lsp_portal.uploads): pixels only, as it goes into every PDF the signer signs."""
    if not gambar:
        return ""
    match = DATA_URI.match(gambar.strip())
    if not match:
        raise RecordError("Gambar tanda tangan harus berupa PNG.")
    raw = base64.b64decode(match.group(1))
    if len(raw) > MAX_SIGNATURE_IMAGE:
        raise RecordError("Gambar tanda tangan terlalu besar (maksimal 300 KB).")
    from io import BytesIO

    from lsp_portal.errors import ServiceError
    from lsp_portal.uploads import check_upload

    try:
        checked = check_upload(BytesIO(raw), kinds={"png"}, max_bytes=MAX_SIGNATURE_IMAGE)
    except ServiceError:
        raise RecordError("Gambar tanda tangan rusak atau bukan gambar PNG.") from None
    return "data:image/png;base64," + base64.b64encode(checked.read()).decode()


@dataclass(frozen=True)
class Evidence:
    """What a re-authentication proves, kept on every signature row it makes (UU ITE art. 11):
    when, from where, with which device, by which method, under which consent, the image."""

    at: dt.datetime
    ip: str | None
    user_agent: str
    metode: str
    persetujuan: str
    gambar: str


def _reauthenticate(
    *, signer: User, secret: str, consent: bool, ip=None, user_agent: str = "", gambar: str = ""
) -> Evidence:
    """Consent, one hit on the signer's attempt limit, the secret, the image: the checks of
    one signing act, however many records it signs. Raises RecordError, counting the attempt."""
    if not consent:
        raise RecordError("Centang pernyataan persetujuan untuk menandatangani.")
    if not hit(f"sign:{signer.pk}", limit=SIGN_ATTEMPTS, seconds=SIGN_WINDOW):
        raise RecordError("Terlalu banyak percobaan tanda tangan. Tunggu beberapa menit, lalu coba lagi.")
    method = _check_secret(signer, secret)
    image = _check_image(gambar)
    return Evidence(
        at=timezone.now(),
        ip=ip,
        user_agent=(user_agent or "")[:400],
        metode=method,
        persetujuan=CONSENT,
        gambar=image,
    )


def _signable_row(dokumen: Dokumen, signer: User) -> tuple[TandaTangan, int]:
    """The row `signer` signs now on `dokumen` (locked by the caller) and how many rows are
    still unsigned; RecordError saying why not: no longer a draft, not a party, already
    signed, or someone else's turn first."""
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
    return row, len(pending)


def _apply(dokumen: Dokumen, row: TandaTangan, *, unsigned: int, signer: User, evidence: Evidence):
    """Write the signature and, when it is the last one, finalise the record (its PDF is
    queued after commit). The caller holds the record's row lock in its transaction."""
    row.ditandatangani_pada = evidence.at
    row.ip = evidence.ip
    row.user_agent = evidence.user_agent
    row.hash_ditandatangani = signed_content_hash(dokumen)
    row.metode = evidence.metode
    row.persetujuan = evidence.persetujuan
    row.gambar = evidence.gambar
    with acting_as(signer, evidence.ip):
        row.save()
        if unsigned == 1:
            finalize(dokumen, actor=signer)
    return row


def _locked(dokumen_id: int) -> Dokumen:
    return Dokumen.objects.select_for_update(of=("self",)).select_related("jenis").get(pk=dokumen_id)


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
    dokumen = _locked(dokumen.pk)
    row, unsigned = _signable_row(dokumen, signer)
    evidence = _reauthenticate(
        signer=signer, secret=secret, consent=consent, ip=ip, user_agent=user_agent, gambar=gambar
    )
    return _apply(dokumen, row, unsigned=unsigned, signer=signer, evidence=evidence)


def finalize(dokumen: Dokumen, *, actor: User) -> Dokumen:
    dokumen = transition(dokumen, Dokumen.Status.FINAL, actor=actor, note="semua pihak telah menandatangani")
    now = timezone.now()
    Dokumen.objects.filter(pk=dokumen.pk).update(difinalkan_pada=now)
    # An update() sends no model signal: audited explicitly.
    record_change(dokumen, {"difinalkan_pada": (None, now)}, actor=actor)
    # A signed correction supersedes what it corrects; a signed void request voids its record.
    approval.apply_on_final(dokumen, actor=actor)
    # What the record's domain does when it is signed (lsp_portal.record_hooks).
    record_hooks.run_on_final(dokumen, actor=actor)
    queue_pdf(dokumen.pk)
    return dokumen


# --- batch signing ---------------------------------------------------------------------
# One re-authentication signs a chosen set of records (the Ketua signs a batch's SK keputusan
# and every certificate in it). Per record, not all-or-nothing: each record is signed in its
# own transaction by the same rules as one signature (`_signable_row`, `_apply`), and one
# that cannot be signed (someone else's turn, no longer a draft, not a party) is skipped with
# the reason, listed on the batch's page; the others are signed. A real Ketua with 200
# certificates expects the 199 to be signed and the one voided meanwhile named.

MAX_BATCH = 1000  # records per signing act; a larger set is signed in several
SYSTEM_FAILURE = (
    "Gangguan sistem; dokumen ini belum ditandatangani. Tandatangani lagi; bila berulang, hubungi staf TI."
)


def _batch_ids(dokumen_ids) -> list[int]:
    ids = list(dict.fromkeys(int(pk) for pk in dokumen_ids))
    if not ids:
        raise RecordError("Pilih minimal satu dokumen untuk ditandatangani.")
    if len(ids) > MAX_BATCH:
        raise RecordError(
            f"Paling banyak {MAX_BATCH:,} dokumen sekali tanda tangan; Anda memilih {len(ids):,}.".replace(
                ",", "."
            )
        )
    return ids


@transaction.atomic
def dokumen_sign_batch(
    *,
    dokumen_ids,
    signer: User,
    secret: str,
    consent: bool,
    ip=None,
    user_agent: str = "",
    gambar: str = "",
):
    """Sign the chosen records as `signer` with one re-authentication (UU ITE art. 11).

    Checks consent, the secret (password or TOTP) and the image once, counting one attempt
    on the signer's limit however many records are chosen; then keeps the batch with that
    evidence and queues its signing after commit (`dokumen_sign_batch_run`, by Celery).
    Chosen records the signer may not see are not kept, only counted (`tidak_ditemukan`).
    Raises RecordError, and keeps nothing, for no choice, too many, no consent, a wrong
    secret, a bad image or too many attempts. Returns the TandaTanganMassal.
    """
    from ..models import TandaTanganMassal, TandaTanganMassalItem
    from ..permissions import visible_dokumen

    ids = _batch_ids(dokumen_ids)
    evidence = _reauthenticate(
        signer=signer, secret=secret, consent=consent, ip=ip, user_agent=user_agent, gambar=gambar
    )
    visible = set(visible_dokumen(signer).filter(pk__in=ids).values_list("pk", flat=True))
    chosen = [pk for pk in ids if pk in visible]
    with acting_as(signer, ip):
        batch = TandaTanganMassal.objects.create(
            penandatangan=signer,
            ditandatangani_pada=evidence.at,
            ip=evidence.ip,
            user_agent=evidence.user_agent,
            metode=evidence.metode,
            persetujuan=evidence.persetujuan,
            gambar=evidence.gambar,
            tidak_ditemukan=len(ids) - len(chosen),
        )
    # The list of work is progress, not evidence: the signature rows are the evidence (each
    # audited as it is written), so the items are inserted at once.
    TandaTanganMassalItem.objects.bulk_create(
        [TandaTanganMassalItem(batch=batch, dokumen_id=pk, urutan=n) for n, pk in enumerate(chosen, 1)],
        batch_size=500,
    )
    transaction.on_commit(lambda: _send_batch(batch.pk))
    return batch


def _send_batch(batch_id: int) -> None:
    from ..tasks import sign_batch
    from .common import BROKER_ERRORS

    try:
        sign_batch.delay(batch_id)
    except BROKER_ERRORS:
        log.warning("Tanda tangan massal %s tidak dapat diantrekan.", batch_id, exc_info=True)
        dokumen_sign_batch_fail(
            batch_id=batch_id,
            message="Layanan antrean sedang terganggu; dokumen ini belum ditandatangani. "
            "Tandatangani lagi beberapa saat lagi.",
        )
    except Exception:  # a bug, met here when tasks run eagerly (a worker calls on_failure)
        dokumen_sign_batch_fail(batch_id=batch_id, message=SYSTEM_FAILURE)
        raise


def _evidence(batch) -> Evidence:
    return Evidence(
        at=batch.ditandatangani_pada,
        ip=batch.ip,
        user_agent=batch.user_agent,
        metode=batch.metode,
        persetujuan=batch.persetujuan,
        gambar=batch.gambar,
    )


def dokumen_sign_batch_run(*, batch_id: int) -> int:
    """Sign each record of the batch still pending, in order, each in its own transaction
    (its PDF queued as soon as it commits, when it became final). Returns how many records
    this run signed.

    Idempotent: a finished batch is left alone (0); a second run of an unfinished one (a
    redelivery after a crash) goes on with the items still pending, and an item is claimed
    under its row lock, so two runs never sign one record twice.
    """
    from ..models import TandaTanganMassal, TandaTanganMassalItem

    with transaction.atomic():
        batch = TandaTanganMassal.objects.select_for_update().select_related("penandatangan").get(pk=batch_id)
        if batch.status == TandaTanganMassal.Status.DONE:
            return 0
        if batch.status == TandaTanganMassal.Status.QUEUED:  # RUNNING: a redelivery
            transition(batch, TandaTanganMassal.Status.RUNNING, actor=None, note="diproses worker")
    evidence = _evidence(batch)
    pending = (
        TandaTanganMassalItem.objects.filter(batch=batch, hasil=TandaTanganMassalItem.Hasil.PENDING)
        .order_by("urutan")
        .values_list("pk", "dokumen_id")
    )
    signed = 0
    for item_id, dokumen_id in list(pending):
        signed += _sign_item(item_id, dokumen_id, signer=batch.penandatangan, evidence=evidence)
    with transaction.atomic():
        batch = TandaTanganMassal.objects.select_for_update().get(pk=batch_id)
        if batch.status != TandaTanganMassal.Status.DONE:  # else another run finished it
            _finish(batch, note=f"{signed} dokumen ditandatangani")
    return signed


def _finish(batch, *, note: str) -> None:
    batch = transition(batch, batch.Status.DONE, actor=None, note=note)
    batch.finished_at = timezone.now()
    batch.save(update_fields=["finished_at", "updated_at"])


def _sign_item(item_id: int, dokumen_id: int, *, signer: User, evidence: Evidence) -> bool:
    """Sign one record of a batch in its own transaction, under the record's row lock. Two
    runs of one batch take turns on that lock; the second finds the record signed and, its
    item no longer pending, leaves the item as the first run wrote it."""
    from ..models import TandaTanganMassalItem as Item

    pending = Item.objects.filter(pk=item_id, hasil=Item.Hasil.PENDING)
    with transaction.atomic():
        dokumen = _locked(dokumen_id)
        try:
            row, unsigned = _signable_row(dokumen, signer)
        except RecordError as e:
            pending.update(hasil=Item.Hasil.SKIPPED, alasan=str(e)[:255])
            return False
        _apply(dokumen, row, unsigned=unsigned, signer=signer, evidence=evidence)
        if not pending.update(hasil=Item.Hasil.SIGNED, tanda_tangan=row):
            # Another run ended the item meanwhile (dokumen_sign_batch_fail): not signed here.
            transaction.set_rollback(True)
            return False
    return True


def dokumen_sign_batch_fail(*, batch_id: int, message: str) -> bool:
    """End an unfinished batch whose signing cannot go on (the queue is down, a bug): the
    records still pending are skipped with `message`; what was signed stays signed.
    Idempotent: a finished batch is left alone (False)."""
    from ..models import TandaTanganMassal, TandaTanganMassalItem

    with transaction.atomic():
        batch = TandaTanganMassal.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status == TandaTanganMassal.Status.DONE:
            return False
        TandaTanganMassalItem.objects.filter(batch=batch, hasil=TandaTanganMassalItem.Hasil.PENDING).update(
            hasil=TandaTanganMassalItem.Hasil.SKIPPED, alasan=message[:255]
        )
        _finish(batch, note=message)
    return True


def batch_progress(batch) -> dict:
    """How far the batch is (one query): chosen, signed, skipped, pending; of the signed,
    how many records became final and how many of those have their PDF."""
    from django.db.models import Count, Q

    from ..models import TandaTanganMassalItem as Item

    signed = Q(hasil=Item.Hasil.SIGNED)
    final = signed & Q(dokumen__difinalkan_pada__isnull=False)
    counts = Item.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        signed=Count("pk", filter=signed),
        skipped=Count("pk", filter=Q(hasil=Item.Hasil.SKIPPED)),
        final=Count("pk", filter=final),
        pdf=Count("pk", filter=final & ~Q(dokumen__pdf="")),
    )
    counts["processed"] = counts["signed"] + counts["skipped"]
    counts["pending"] = counts["total"] - counts["processed"]
    counts["pdf_pending"] = counts["final"] - counts["pdf"]
    counts["finished"] = batch.status == batch.Status.DONE and counts["pdf_pending"] == 0
    return counts
