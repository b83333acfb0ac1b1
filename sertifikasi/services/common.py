"""What every step of the journey shares: the signing act a user performs, the records it
issues and signs, and the notifications it sends."""

from dataclasses import dataclass

from django.conf import settings

from administrasi import services as records
from administrasi.models import Dokumen
from akun.models import User
from lsp_portal.errors import ServiceError


class JourneyError(ServiceError):
    """A step of the certification journey the rules refuse; the message is for the user."""


@dataclass(frozen=True)
class Tandatangan:
    """One signing act as the form collects it (UU ITE art. 11): the signer's secret
    (password or TOTP code), their consent, where from, and the drawn image if any."""

    secret: str
    consent: bool
    ip: str | None = None
    user_agent: str = ""
    gambar: str = ""


def sign(dokumen: Dokumen, *, signer: User, ttd: Tandatangan) -> None:
    """Sign `dokumen` as `signer` by the records engine's rules (re-authentication, consent,
    order); RecordError (a ServiceError) when they refuse."""
    records.dokumen_sign(
        dokumen=dokumen,
        signer=signer,
        secret=ttd.secret,
        consent=ttd.consent,
        ip=ttd.ip,
        user_agent=ttd.user_agent,
        gambar=ttd.gambar,
    )


def issue_or_correct(
    *,
    current: Dokumen | None,
    kode: str,
    subject,
    judul: str,
    data: dict,
    signers: dict,
    actor: User,
    alasan: str,
) -> Dokumen:
    """The next version of a form: version 1 when there is none; a correction (version n+1,
    signed again by the same parties) of a final one; and for a draft nobody has signed yet,
    that draft is voided and a new one issued. A draft someone has already signed is not
    replaced (JourneyError): its signers must finish first or staff void it."""
    if current is not None and current.status == Dokumen.Status.FINAL:
        return records.dokumen_correct(dokumen=current, data=data, alasan=alasan, actor=actor)
    if current is not None and current.status == Dokumen.Status.DRAFT:
        if current.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists():
            raise JourneyError(
                f"{current.jenis.kode} sudah ditandatangani sebagian; tidak dapat diganti sebelum "
                f"semua pihak "
                "menandatanganinya."
            )
        records.dokumen_void(dokumen=current, alasan=alasan, actor=actor)
    return records.dokumen_issue(
        kode=kode, subject=subject, judul=judul, data=data, signers=signers, actor=actor
    )


def issue_signed(
    *,
    kode: str,
    subject,
    judul: str,
    data: dict,
    pihak: str,
    signer: User,
    ttd: Tandatangan,
    current: Dokumen | None = None,
    alasan: str = "",
) -> Dokumen:
    """A form one party signs (a review, a recommendation, a plan, the applicant's own form):
    issued, or its next version when `current` (issue_or_correct), and signed at once by
    `signer` as `pihak`, in the caller's transaction: a refused signature leaves nothing."""
    dokumen = issue_or_correct(
        current=current,
        kode=kode,
        subject=subject,
        judul=judul,
        data=data,
        signers={pihak: signer},
        actor=signer,
        alasan=alasan,
    )
    sign(dokumen, signer=signer, ttd=ttd)
    return dokumen


def notify(users, *, judul: str, pesan: str, url: str, kunci: str = "") -> None:
    """In-app and e-mail (and any configured channel) after commit: lsp_portal.notifications."""
    from lsp_portal.notifications import notify as send

    send(users=[u for u in users if u is not None], judul=judul, pesan=pesan, url=url, kunci=kunci)


def users_with_right(codename: str):
    """Active users holding the module right `akun.<codename>` through a role."""
    return User.objects.filter(
        is_active=True,
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label="akun",
    ).distinct()


def upload_max_bytes() -> int:
    return int(settings.SERTIFIKASI_UPLOAD_MAX_MB * 1024 * 1024)
