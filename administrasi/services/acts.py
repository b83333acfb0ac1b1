"""The signing act of a person on a page, and the forms one party issues and signs at once:
shared by every app whose pages sign records (sertifikasi, verifikasi_tuk, banding...)."""

from dataclasses import dataclass

from administrasi.models import Dokumen
from akun.models import User

from .common import RecordError
from .issuing import dokumen_correct, dokumen_issue, dokumen_void
from .signing import dokumen_sign


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
    dokumen_sign(
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
    replaced (RecordError): its signers must finish first or staff void it."""
    if current is not None and current.status == Dokumen.Status.FINAL:
        return dokumen_correct(dokumen=current, data=data, alasan=alasan, actor=actor)
    if current is not None and current.status == Dokumen.Status.DRAFT:
        if current.tanda_tangan.filter(ditandatangani_pada__isnull=False).exists():
            raise RecordError(
                f"{current.jenis.kode} sudah ditandatangani sebagian; tidak dapat diganti sebelum "
                "semua pihak menandatanganinya."
            )
        dokumen_void(dokumen=current, alasan=alasan, actor=actor)
    return dokumen_issue(kode=kode, subject=subject, judul=judul, data=data, signers=signers, actor=actor)


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
    """A form one party signs (a review, a recommendation, a report, the applicant's own
    form): issued, or its next version when `current` (issue_or_correct), and signed at once
    by `signer` as `pihak`, in the caller's transaction: a refused signature leaves nothing."""
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
