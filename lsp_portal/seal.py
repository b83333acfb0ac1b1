"""The LSP's PAdES seal on every final PDF (X-11), with pyHanko.

The key and certificate are the LSP's (LSP_SEAL_KEY / LSP_SEAL_CERT, PEM); `make run`
creates a self-signed demo pair with `manage.py generate_seal`. An ECDSA P-256 key keeps a
seal at a few tens of milliseconds (an RSA key is several times slower to load per seal).
"""

import datetime as dt
import fcntl
import functools
import os
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings


class SealNotConfigured(Exception):
    pass


def seal_paths():
    return Path(settings.LSP_SEAL_KEY), Path(settings.LSP_SEAL_CERT)


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by its owner only from the first byte (X-11): the file
    is created with mode 0600 (O_EXCL: never an existing file, nor one a link points at), not
    chmod-ed after the write, and moved into place whole."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # left by a crash; the caller holds the lock
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def generate_seal(*, common_name: str, years: int = 10, force: bool = False) -> bool:
    """Create a self-signed P-256 seal key and certificate if missing. Safe under concurrent
    callers (file lock). Returns True when it created them. The key file is mode 0600 from
    its creation. Raises SealNotConfigured when only one of the two is there (a key being
    installed by hand is never replaced without `force`)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key_path, cert_path = seal_paths()
    key_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    with open(key_path.parent / ".seal.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and key_path.exists() and cert_path.exists():
            return False
        if not force and (key_path.exists() or cert_path.exists()):
            present, missing = (key_path, cert_path) if key_path.exists() else (cert_path, key_path)
            raise SealNotConfigured(
                f"Segel tidak lengkap: {present} ada, {missing} tidak. Pasang keduanya, atau "
                "jalankan `python manage.py generate_seal --force` untuk membuat segel baru."
            )
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
                x509.NameAttribute(NameOID.COMMON_NAME, f"Segel elektronik {common_name}"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(key, hashes.SHA256())
        )
        _write_private(
            key_path,
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        tmp_cert = cert_path.with_suffix(".tmp")
        tmp_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        tmp_cert.replace(cert_path)
        _signer_for.cache_clear()
        return True


@functools.lru_cache(maxsize=4)
def _signer_for(key_path: str, cert_path: str, mtime: float):
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(key_path, cert_path)


def _signer():
    key_path, cert_path = seal_paths()
    if not (key_path.exists() and cert_path.exists()):
        raise SealNotConfigured(
            "Segel elektronik LSP belum dikonfigurasi (LSP_SEAL_KEY, LSP_SEAL_CERT); "
            "jalankan `python manage.py generate_seal` atau pasang kunci LSP."
        )
    return _signer_for(str(key_path), str(cert_path), key_path.stat().st_mtime)


def _outside_event_loop(fn):
    """pyHanko's sync API calls asyncio.run(), which refuses to run where an event loop is
    already running in this thread (e.g. an async server or a browser test): run it on a
    helper thread then. Celery workers and Django's sync views take the direct path."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def seal_pdf(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    """Return `pdf` with the LSP's PAdES seal covering the whole file."""
    return _outside_event_loop(lambda: _seal_pdf(pdf, reason=reason, location=location))


_reserved_room: dict = {}  # seal certificate SHA-256 -> hex digits of /Contents, from its first seal


def _seal_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name="SegelLSP",
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    signer = _signer()
    cert_key = signer.signing_cert.sha256
    reserved = _reserved_room.get(cert_key)
    out = BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer, output=out, bytes_reserved=reserved
    )
    if reserved is None:
        # Without bytes_reserved pyHanko makes a whole dummy signature to size the room (two
        # signatures per seal). The room depends only on the key, chain and attributes: keep
        # what it reserved the first time (with its margin) for every later seal with this key.
        from pyhanko.pdf_utils.reader import PdfFileReader

        sealed = PdfFileReader(BytesIO(out.getvalue()), strict=False).embedded_signatures[-1]
        _reserved_room[cert_key] = len(sealed.sig_object["/Contents"]) * 2
    return out.getvalue()


@dataclass
class SealCheck:
    sealed: bool
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""

    @property
    def ok(self):
        return self.sealed and self.intact and self.trusted and self.whole_file


def verify_seal(pdf: bytes) -> SealCheck:
    """Check a PDF from our own storage carries an intact seal of this LSP covering the
    entire file. In this process: only for files we wrote (an upload goes through
    `verify_untrusted_seal`)."""
    from .pdf_inspect import seal_status

    _, cert_path = seal_paths()
    result = _outside_event_loop(lambda: seal_status(pdf, str(cert_path)))
    return SealCheck(**{k: v for k, v in result.items() if k != "uncheckable"})


class SealUncheckable(Exception):
    """The file needs more memory or time to read than a check may take (a decompression
    bomb, a pathological file): no verdict about its seal."""


def verify_untrusted_seal(pdf: bytes) -> SealCheck:
    """`verify_seal` for a file anyone may have crafted (the public verification upload):
    pyHanko runs in a child process with a memory, CPU and time limit (lsp_portal.bounded).
    Raises SealUncheckable when the file exceeds them or pyHanko's decode limits."""
    from .bounded import LimitExceeded, run_bounded

    _, cert_path = seal_paths()
    try:
        result = run_bounded("seal_status", pdf, str(cert_path))
    except LimitExceeded:
        raise SealUncheckable from None
    if result.pop("uncheckable", False):
        raise SealUncheckable
    return SealCheck(**result)
