"""Session recordings as evidence (X-9): three ways to add one to a batch's session.

- a link to where the LSP keeps its videos, with the file's SHA-256 (https only);
- a plain upload through the portal (the embedded setup, and any browser without
  JavaScript): judged by its content (MP4/MOV: an 'ftyp' box at offset 4; WebM/MKV: the
  EBML magic), never by its name; hashed while streaming, stored under a generated name;
- on S3, a presigned multipart upload straight from the browser to the bucket:
  `rekaman_multipart_start` creates the upload and signs a URL per part, the browser PUTs
  the parts, `rekaman_multipart_complete` completes it, reads the object's first bytes
  (not a video: the object is deleted and refused), hashes it streaming and records it.

Every recording writes a line of the session log. Who may add or see: sertifikasi.permissions
(can_add_rekaman, visible_rekaman_jadwal)."""

import hashlib
import logging
import math
import posixpath
import uuid

from django.conf import settings
from django.core import signing
from django.db import transaction

from lsp_portal.links import https_link, sha256_hex

from ..models import Jadwal, LogSesi, Permohonan, Rekaman
from .asesmen import sesi_of
from .common import JourneyError

logger = logging.getLogger(__name__)

MB = 1024 * 1024
FOLDER = "sertifikasi/rekaman"
HEAD_BYTES = 64
HASH_CHUNK = MB
# Parts of a multipart upload: 16 MB (S3: at least 5 MB except the last, at most 10,000).
PART_BYTES = 16 * MB
MAX_PARTS = 10_000
# A part's presigned PUT must still be valid when the browser reaches it on a slow line.
PART_URL_SECONDS = 6 * 60 * 60
TOKEN_SALT = "sertifikasi.rekaman.multipart"

# kind -> (label, content type, extension); the family decides what the first bytes must be.
KINDS = {
    "mp4": ("MP4", "video/mp4", "mp4"),
    "mov": ("MOV", "video/quicktime", "mov"),
    "webm": ("WebM", "video/webm", "webm"),
    "mkv": ("MKV", "video/x-matroska", "mkv"),
}
FAMILY = {"mp4": "iso", "mov": "iso", "webm": "ebml", "mkv": "ebml"}
CLAIMED_KINDS = {content_type: kind for kind, (_, content_type, _) in KINDS.items()}
EXTENSION_KINDS = {"mp4": "mp4", "m4v": "mp4", "mov": "mov", "webm": "webm", "mkv": "mkv"}
ACCEPT = ",".join(content_type for _, content_type, _ in KINDS.values())

NOT_VIDEO = "Berkas bukan berkas video (MP4, MOV, WebM atau MKV)."


def max_bytes() -> int:
    return int(settings.SERTIFIKASI_REKAMAN_MAX_MB) * MB


def _megabytes(n: int) -> str:
    return f"{n / MB:.1f} MB".replace(".", ",")


def too_large_message() -> str:
    return f"Berkas video terlalu besar (maksimal {settings.SERTIFIKASI_REKAMAN_MAX_MB} MB)."


def video_kind(head: bytes) -> str | None:
    """The video kind the first bytes say ('mp4', 'mov', 'webm', 'mkv'), or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mov" if head[8:12] == b"qt  " else "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm" if b"\x42\x82\x84webm" in head[:HEAD_BYTES] else "mkv"
    return None


def kind_label(kind: str) -> str:
    return KINDS.get(kind, (kind.upper(), "", ""))[0]


def storage():
    """Where recordings are stored: the file field's storage (the default storage)."""
    return Rekaman._meta.get_field("berkas").storage


def direct_upload() -> bool:
    """True on S3: the browser uploads straight to the bucket (presigned multipart)."""
    from storages.backends.s3 import S3Storage

    return isinstance(storage(), S3Storage)  # a LazyObject answers for what it wraps


# --- shared checks and the log line ---------------------------------------------------------


def _require_open(jadwal: Jadwal, actor) -> None:
    from ..permissions import can_add_rekaman

    if not can_add_rekaman(actor, jadwal):
        raise JourneyError("Anda tidak dapat menambahkan rekaman pada jadwal ini.", code="forbidden")
    if jadwal.status == Jadwal.Status.DIBATALKAN:
        raise JourneyError("Jadwal ini dibatalkan; rekaman tidak dapat ditambahkan.", code="cancelled")


def _judul(judul: str) -> str:
    judul = (judul or "").strip()
    if not judul:
        raise JourneyError("Isi keterangan rekaman.", field="judul", code="required")
    if len(judul) > 200:
        raise JourneyError("Keterangan paling banyak 200 karakter.", field="judul", code="max_length")
    return judul


def _peserta(jadwal: Jadwal, permohonan) -> Permohonan | None:
    """The candidate the recording is about (optional): one of the batch's."""
    if permohonan in (None, ""):
        return None
    pk = permohonan.pk if isinstance(permohonan, Permohonan) else permohonan
    try:
        return jadwal.peserta.get(pk=int(pk))
    except (Permohonan.DoesNotExist, TypeError, ValueError):
        raise JourneyError(
            "Asesi ini bukan peserta jadwal ini.", field="permohonan", code="peserta"
        ) from None


def _record(*, jadwal, judul, permohonan, actor, ip, **fields) -> Rekaman:
    """The Rekaman row and its line in the session log, in one transaction."""
    with transaction.atomic():
        sesi = sesi_of(jadwal)
        rekaman = Rekaman.objects.create(
            sesi=sesi, permohonan=permohonan, judul=judul, diunggah_oleh=actor, **fields
        )
        if rekaman.tautan:
            where = f"tautan {rekaman.tautan}"
        else:
            where = f"berkas {kind_label(rekaman.jenis_berkas)} {_megabytes(rekaman.ukuran or 0)}"
        LogSesi.objects.create(
            sesi=sesi,
            permohonan=permohonan,
            jenis=LogSesi.Jenis.REKAMAN,
            teks=f"Rekaman ditambahkan: {judul} ({where}, SHA-256 {rekaman.sha256}).",
            oleh=actor,
            ip=ip,
        )
    return rekaman


# --- a. a link and the file's SHA-256 -------------------------------------------------------


def rekaman_link_add(
    *, jadwal: Jadwal, judul: str, tautan: str, sha256: str, permohonan=None, actor, ip: str | None = None
) -> Rekaman:
    """A recording the LSP keeps elsewhere: its https link and the file's SHA-256 (64 hex)."""
    _require_open(jadwal, actor)
    judul = _judul(judul)
    tautan = https_link(tautan, field="tautan", error=JourneyError)
    sha256 = sha256_hex(sha256, field="sha256", error=JourneyError)
    return _record(
        jadwal=jadwal,
        judul=judul,
        permohonan=_peserta(jadwal, permohonan),
        actor=actor,
        ip=ip,
        tautan=tautan,
        sha256=sha256,
    )


# --- b. a plain upload through the portal ---------------------------------------------------


def check_video(upload) -> str:
    """The kind of an uploaded video file, by its size and first bytes; ServiceError on the
    field `berkas` otherwise. Reads only the first bytes."""
    size = getattr(upload, "size", None) or 0
    if size > max_bytes():
        raise JourneyError(too_large_message(), field="berkas", code="too_large")
    if size == 0:
        raise JourneyError("Berkas video kosong.", field="berkas", code="empty")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = video_kind(head)
    if kind is None:
        raise JourneyError(NOT_VIDEO, field="berkas", code="format")
    return kind


def rekaman_upload(
    *, jadwal: Jadwal, judul: str, berkas, permohonan=None, actor, ip: str | None = None
) -> Rekaman:
    """A video uploaded through the portal: checked by content and size, its SHA-256
    computed over the chunks Django already spooled to disk (never read whole), stored as
    sertifikasi/rekaman/<random>.<kind>."""
    _require_open(jadwal, actor)
    judul = _judul(judul)
    peserta = _peserta(jadwal, permohonan)
    kind = check_video(berkas)
    digest = hashlib.sha256()
    size = 0
    for chunk in berkas.chunks(HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    if size > max_bytes():
        raise JourneyError(too_large_message(), field="berkas", code="too_large")
    berkas.seek(0)
    store = storage()
    name = store.save(f"{FOLDER}/{uuid.uuid4().hex}.{KINDS[kind][2]}", berkas)
    try:
        return _record(
            jadwal=jadwal,
            judul=judul,
            permohonan=peserta,
            actor=actor,
            ip=ip,
            berkas=name,
            sha256=digest.hexdigest(),
            ukuran=size,
            jenis_berkas=kind,
        )
    except BaseException:
        store.delete(name)
        raise


# --- c. S3: presigned multipart upload from the browser -------------------------------------


def _client():
    return storage().connection.meta.client


def _bucket() -> str:
    return storage().bucket_name


def _key(name: str) -> str:
    """The object key of storage name `name` (the storage's location prefix, if any)."""
    location = (storage().location or "").strip("/")
    return posixpath.join(location, name) if location else name


def _part_size(size: int) -> int:
    return max(PART_BYTES, math.ceil(size / MAX_PARTS))


def _claimed_kind(name: str, content_type: str) -> str | None:
    kind = CLAIMED_KINDS.get((content_type or "").split(";")[0].strip().lower())
    if kind is None:
        extension = (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
        kind = EXTENSION_KINDS.get(extension)
    return kind


def _refuse(message: str, code: str):
    raise JourneyError(message, code=code)


def rekaman_multipart_start(
    *, jadwal: Jadwal, judul: str, permohonan=None, name: str, size, content_type: str, actor
) -> dict:
    """Start a direct upload (S3 only): check the size and the claimed type, create the
    multipart upload and sign one PUT URL per part. Returns {"token", "part_size", "parts":
    [{"number", "url"}]}; the token (signed: batch, user, key, upload id, size, title,
    candidate) is all `rekaman_multipart_complete` trusts."""
    if not direct_upload():
        _refuse("Penyimpanan ini tidak menerima unggahan langsung; gunakan formulir unggah.", "no_s3")
    _require_open(jadwal, actor)
    judul = _judul(judul)
    peserta = _peserta(jadwal, permohonan)
    try:
        size = int(size)
    except (TypeError, ValueError):
        _refuse("Ukuran berkas tidak diketahui.", "size")
    if size <= 0:
        _refuse("Berkas video kosong.", "empty")
    if size > max_bytes():
        _refuse(too_large_message(), "too_large")
    kind = _claimed_kind(name, content_type)
    if kind is None:
        _refuse(NOT_VIDEO, "format")
    storage_name = f"{FOLDER}/{uuid.uuid4().hex}.{KINDS[kind][2]}"
    client, bucket, key = _client(), _bucket(), _key(storage_name)
    upload_id = client.create_multipart_upload(Bucket=bucket, Key=key, ContentType=KINDS[kind][1])["UploadId"]
    part_size = _part_size(size)
    count = math.ceil(size / part_size)
    parts = [
        {
            "number": number,
            "url": client.generate_presigned_url(
                "upload_part",
                Params={"Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": number},
                ExpiresIn=PART_URL_SECONDS,
            ),
        }
        for number in range(1, count + 1)
    ]
    token = signing.dumps(
        {
            "j": jadwal.pk,
            "u": actor.pk,
            "n": storage_name,
            "id": upload_id,
            "s": size,
            "k": kind,
            "t": judul,
            "p": peserta.pk if peserta else None,
        },
        salt=TOKEN_SALT,
    )
    return {"token": token, "part_size": part_size, "parts": parts}


def _parts(parts, count: int) -> list[dict]:
    """The browser's list of (number, ETag), exactly parts 1..count."""
    if not isinstance(parts, list) or len(parts) != count:
        _refuse("Daftar bagian unggahan tidak lengkap; unggah ulang berkasnya.", "parts")
    clean = []
    for part in parts:
        number = part.get("number") if isinstance(part, dict) else None
        etag = part.get("etag") if isinstance(part, dict) else None
        if not isinstance(number, int) or not isinstance(etag, str) or not 0 < len(etag) <= 200:
            _refuse("Daftar bagian unggahan tidak sah; unggah ulang berkasnya.", "parts")
        clean.append({"PartNumber": number, "ETag": etag})
    clean.sort(key=lambda p: p["PartNumber"])
    if [p["PartNumber"] for p in clean] != list(range(1, count + 1)):
        _refuse("Daftar bagian unggahan tidak lengkap; unggah ulang berkasnya.", "parts")
    return clean


def _delete(client, bucket: str, key: str, version: str | None) -> None:
    """Remove the object for good: its version (an Object Lock bucket is versioned, and a
    delete without it would only hide the bytes behind a delete marker). Where the storage
    user may not delete versions, the delete marker at least; a failure here never hides
    the refusal that called it."""
    from botocore.exceptions import ClientError

    attempts = [{"VersionId": version}, {}] if version else [{}]
    for extra in attempts:
        try:
            client.delete_object(Bucket=bucket, Key=key, **extra)
            return
        except ClientError as e:
            logger.warning("Rekaman %s tidak dapat dihapus dari bucket: %s", key, e)


def rekaman_multipart_complete(
    *, jadwal: Jadwal, token: str, parts, sha256: str = "", actor, ip: str | None = None
) -> Rekaman:
    """Complete a direct upload and record it: the object must be the size announced and
    start like a video of the announced family, else it is deleted and refused. Its SHA-256
    is computed here, streaming the object; a hash the browser sent must match it."""
    from botocore.exceptions import ClientError

    try:
        claim = signing.loads(token or "", salt=TOKEN_SALT, max_age=PART_URL_SECONDS)
    except signing.BadSignature:
        _refuse("Unggahan tidak dikenal atau sudah kedaluwarsa; mulai lagi.", "token")
    if claim.get("j") != jadwal.pk or claim.get("u") != getattr(actor, "pk", None):
        _refuse("Unggahan tidak dikenal atau sudah kedaluwarsa; mulai lagi.", "token")
    _require_open(jadwal, actor)
    client, bucket, key = _client(), _bucket(), _key(claim["n"])
    size, kind = claim["s"], claim["k"]
    try:
        clean = _parts(parts, math.ceil(size / _part_size(size)))
    except JourneyError:
        client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=claim["id"])
        raise
    try:
        done = client.complete_multipart_upload(
            Bucket=bucket, Key=key, UploadId=claim["id"], MultipartUpload={"Parts": clean}
        )
    except ClientError:
        try:
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=claim["id"])
        except ClientError:
            pass  # already completed or aborted: nothing left to clean
        _refuse("Unggahan tidak dapat diselesaikan (bagian hilang atau rusak); unggah ulang berkasnya.", "s3")
    version = done.get("VersionId")
    try:
        head = client.head_object(Bucket=bucket, Key=key)
        if head["ContentLength"] != size:
            _refuse("Ukuran berkas yang tiba tidak sesuai; unggah ulang berkasnya.", "size")
        first = client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{HEAD_BYTES - 1}")["Body"].read()
        found = video_kind(first)
        if found is None:
            _refuse(NOT_VIDEO, "format")
        if FAMILY[found] != FAMILY[kind]:
            _refuse(f"Isi berkas bukan {kind_label(kind)} seperti namanya; unggah berkas aslinya.", "format")
        digest = hashlib.sha256()
        body = client.get_object(Bucket=bucket, Key=key)["Body"]
        for chunk in body.iter_chunks(HASH_CHUNK):
            digest.update(chunk)
        hexdigest = digest.hexdigest()
        sha256 = (sha256 or "").strip().lower()
        if sha256 and sha256 != hexdigest:
            _refuse("SHA-256 berkas yang tiba berbeda dari berkas di perangkat Anda; unggah ulang.", "sha256")
        peserta = jadwal.peserta.filter(pk=claim["p"]).first() if claim.get("p") else None
        return _record(
            jadwal=jadwal,
            judul=claim["t"],
            permohonan=peserta,
            actor=actor,
            ip=ip,
            berkas=claim["n"],
            sha256=hexdigest,
            ukuran=size,
            jenis_berkas=found,
        )
    except ClientError:
        _delete(client, bucket, key, version)
        _refuse("Berkas di penyimpanan tidak dapat diperiksa; unggah ulang berkasnya.", "s3")
    except BaseException:
        _delete(client, bucket, key, version)
        raise


# --- reading ---------------------------------------------------------------------------------


def rekaman_of(jadwal: Jadwal):
    """The batch's recordings, oldest first, with who uploaded and the candidate (one query)."""
    return Rekaman.objects.filter(sesi__jadwal=jadwal).select_related("permohonan", "diunggah_oleh")
