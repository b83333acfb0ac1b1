"""Signing a record in order (UU ITE art. 11): re-authentication, consent, evidence."""

import base64
import re

from django.db import transaction
from django.utils import timezone

from akun.audit import acting_as, record_change
from akun.models import User
from lsp_portal.ratelimit import hit
from lsp_portal.workflow import transition

from ..models import Dokumen, TandaTangan
from . import approval
from .common import RecordError, canonical_json, sha256_hex
from .rendering import queue_pdf

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
            finalize(dokumen, actor=signer)
    return row


def finalize(dokumen: Dokumen, *, actor: User) -> Dokumen:
    dokumen = transition(dokumen, Dokumen.Status.FINAL, actor=actor, note="semua pihak telah menandatangani")
    now = timezone.now()
    Dokumen.objects.filter(pk=dokumen.pk).update(difinalkan_pada=now)
    # An update() sends no model signal: audited explicitly.
    record_change(dokumen, {"difinalkan_pada": (None, now)}, actor=actor)
    # A signed correction supersedes what it corrects; a signed void request voids its record.
    approval.apply_on_final(dokumen, actor=actor)
    queue_pdf(dokumen.pk)
    return dokumen
