"""Every write to SDM (SE-A4.2, SE-A2.1, X-6). Each runs in one transaction, attributed in
the audit trail (X-4) to `actor`.

Validation raises django.core.exceptions.ValidationError with Indonesian messages keyed by
field. Uploads are checked by content before anything is stored; a file written for a change
that then fails is removed again, and a replaced file is deleted only after the commit.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from akun.audit import acting_as
from akun.models import User
from lsp_portal.errors import ServiceError
from lsp_portal.uploads import MB, UploadRule

from .models import (
    MET_TAKEN,
    NIK_TAKEN,
    USER_TAKEN,
    Asesor,
    Deklarasi,
    KontrakPemeliharaan,
    Personel,
    SertifikatKompetensi,
    today,
)

PERSONEL_FIELDS = (
    "user",
    "nama",
    "fungsi",
    "jabatan",
    "nik",
    "telepon",
    "email",
    "aktif_dari",
    "aktif_sampai",
)
ASESOR_FIELDS = ("nomor_met", "met_terbit", "met_berlaku_sampai", "nomor_sk_penetapan")
SERTIFIKAT_FIELDS = ("jenis", "nomor", "bidang", "penerbit", "tanggal_terbit", "berlaku_sampai")
# Files only SDM staff and their owner see (sdm/views.py streams them as attachments).
DOCUMENT_KINDS = {"pdf", "png", "jpg", "webp"}
SERTIFIKAT_UPLOAD = UploadRule("Berkas sertifikat", kinds=DOCUMENT_KINDS, max_bytes=5 * MB)
KONTRAK_UPLOAD = UploadRule("Berkas kontrak", kinds=DOCUMENT_KINDS, max_bytes=5 * MB)
KONTRAK_FIELDS = (
    "nama_vendor",
    "nomor_kontrak",
    "tanggal_mulai",
    "tanggal_selesai",
    "memuat_klausul_pemeliharaan",
)


def _assign(obj, data: Mapping, allowed: tuple[str, ...]):
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


def _full_clean(obj, *, exclude=(), extra: dict | None = None):
    """full_clean plus `extra` field errors, raised together as one ValidationError. A field
    with an `extra` error is not validated again (one message per problem)."""
    errors = dict(extra or {})
    try:
        obj.full_clean(exclude=[*exclude, *errors])
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save(obj, *, integrity_errors: dict[str, tuple[str, str]]):
    """Save in a savepoint; a unique constraint a concurrent save beat us to becomes the
    field's message. `integrity_errors`: {constraint or column text: (field, message)}."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as e:
        text = str(e)
        for needle, (field, message) in integrity_errors.items():
            if needle in text:
                raise ValidationError({field: message}) from None
        raise


def _save_with_file(obj, field: str, *, upload, extension: str, stem: str, remove: bool, save):
    """Store `upload` in `field` (or clear it when `remove`), then `save()`. On failure the new
    file is deleted again; the old one goes only once the transaction commits."""
    fieldfile = getattr(obj, field)
    storage = fieldfile.storage
    old_name = fieldfile.name
    new_name = ""
    if upload is not None:
        fieldfile.save(f"{stem}.{extension}", upload, save=False)
        new_name = fieldfile.name
    elif remove:
        setattr(obj, field, "")
    try:
        save()
    except Exception:
        if new_name:
            storage.delete(new_name)
        raise
    if old_name and old_name != getattr(obj, field).name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return obj


# --- personel -----------------------------------------------------------------------------

PERSONEL_INTEGRITY = {
    "sdm_personel_nik_unique": ("nik", NIK_TAKEN),
    "user_id": ("user", USER_TAKEN),
}


def _validate_personel(personel: Personel):
    extra = {}
    personel.nik = (personel.nik or "").strip()
    if personel.nik and Personel.objects.filter(nik__iexact=personel.nik).exclude(pk=personel.pk).exists():
        extra["nik"] = [NIK_TAKEN]
    _full_clean(personel, extra=extra)


@transaction.atomic
def personel_create(*, actor: User | None, **fields) -> Personel:
    """Register a person in one function (SE-A4.2). Raises ValidationError per field:
    a NIK or an account already used by another person, an end date before the start."""
    personel = Personel()
    _assign(personel, fields, PERSONEL_FIELDS)
    _validate_personel(personel)
    with acting_as(actor):
        _save(personel, integrity_errors=PERSONEL_INTEGRITY)
    return personel


@transaction.atomic
def personel_update(*, personel: Personel, actor: User | None, **fields) -> Personel:
    """Change the given fields; raises ValidationError as personel_create. An asesor profile
    keeps the function Asesor: moving it to another function is refused."""
    personel = Personel.objects.select_for_update().get(pk=personel.pk)
    _assign(personel, fields, PERSONEL_FIELDS)
    if personel.fungsi != Personel.Fungsi.ASESOR and Asesor.objects.filter(personel=personel).exists():
        raise ValidationError(
            {"fungsi": "Personel ini memiliki profil asesor; fungsinya tidak dapat diubah dari Asesor."}
        )
    _validate_personel(personel)
    with acting_as(actor):
        _save(personel, integrity_errors=PERSONEL_INTEGRITY)
    return personel


# --- asesor -------------------------------------------------------------------------------


def _validate_asesor(asesor: Asesor):
    extra = {}
    asesor.nomor_met = (asesor.nomor_met or "").strip().upper()
    taken = Asesor.objects.filter(nomor_met__iexact=asesor.nomor_met).exclude(pk=asesor.pk)
    if asesor.nomor_met and taken.exists():
        extra["nomor_met"] = [MET_TAKEN]
    _full_clean(asesor, exclude=["personel"], extra=extra)


@transaction.atomic
def asesor_save(*, personel: Personel, skema=None, actor: User | None, **fields) -> Asesor:
    """Create or update the asesor profile of `personel` (function Asesor): MET number (unique,
    case-insensitive), its issue and expiry dates, the SK number, and the schemes (`skema`:
    Skema objects or ids; None keeps them). Raises ValidationError per field: a MET number in
    use, expiry not after issue, a person who is not in the function Asesor."""
    personel = Personel.objects.select_for_update().get(pk=personel.pk)
    if personel.fungsi != Personel.Fungsi.ASESOR:
        raise ValidationError("Profil asesor hanya untuk personel dengan fungsi Asesor.")
    asesor = Asesor.objects.filter(personel=personel).first() or Asesor(personel=personel)
    _assign(asesor, fields, ASESOR_FIELDS)
    _validate_asesor(asesor)
    with acting_as(actor):
        _save(asesor, integrity_errors={"nomor_met": ("nomor_met", MET_TAKEN)})
        if skema is not None:
            asesor.skema.set(skema)
    return asesor


# --- certificates and contracts -----------------------------------------------------------

SERTIFIKAT_INTEGRITY = {
    "sdm_sertifikat_nomor_unique_per_personel": (
        "nomor",
        "Nomor sertifikat ini sudah tercatat untuk personel ini.",
    ),
}


def _sertifikat_validate(sertifikat: SertifikatKompetensi):
    extra = {}
    nomor = (sertifikat.nomor or "").strip()
    same = SertifikatKompetensi.objects.filter(personel_id=sertifikat.personel_id, nomor__iexact=nomor)
    if nomor and same.exclude(pk=sertifikat.pk).exists():
        extra["nomor"] = ["Nomor sertifikat ini sudah tercatat untuk personel ini."]
    _full_clean(sertifikat, exclude=["berkas"], extra=extra)


def _sertifikat_write(sertifikat, *, fields, berkas, remove, actor) -> SertifikatKompetensi:
    berkas = SERTIFIKAT_UPLOAD.check(berkas, field="berkas") if berkas is not None else None
    _assign(sertifikat, fields, SERTIFIKAT_FIELDS)
    _sertifikat_validate(sertifikat)
    with acting_as(actor):
        return _save_with_file(
            sertifikat,
            "berkas",
            upload=berkas,
            extension=berkas.extension if berkas else "",
            stem="sertifikat",
            remove=remove,
            save=lambda: _save(sertifikat, integrity_errors=SERTIFIKAT_INTEGRITY),
        )


@transaction.atomic
def sertifikat_create(
    *, personel: Personel, actor: User | None, berkas=None, **fields
) -> SertifikatKompetensi:
    """Add a competency certificate to `personel`, with its file (PDF or image, checked by
    content). Raises ValidationError per field: expiry not after issue, a number already
    recorded for the person, a file that is neither PDF nor a readable image."""
    sertifikat = SertifikatKompetensi(personel=personel)
    return _sertifikat_write(sertifikat, fields=fields, berkas=berkas, remove=False, actor=actor)


@transaction.atomic
def sertifikat_update(
    *, sertifikat: SertifikatKompetensi, actor: User | None, berkas=None, hapus_berkas: bool = False, **fields
) -> SertifikatKompetensi:
    """Edit a certificate and replace or remove its file; raises ValidationError as
    sertifikat_create. A renewal with new dates starts the X-3 reminders again."""
    sertifikat = SertifikatKompetensi.objects.select_for_update().get(pk=sertifikat.pk)
    return _sertifikat_write(sertifikat, fields=fields, berkas=berkas, remove=hapus_berkas, actor=actor)


def _kontrak_validate(kontrak: KontrakPemeliharaan):
    if kontrak.personel.fungsi != Personel.Fungsi.PEMELIHARA_SI:
        raise ValidationError(
            "Kontrak pemeliharaan hanya untuk personel dengan fungsi Pemelihara sistem informasi."
        )
    _full_clean(kontrak, exclude=["berkas"])


def _kontrak_write(kontrak, *, fields, berkas, remove, actor) -> KontrakPemeliharaan:
    berkas = KONTRAK_UPLOAD.check(berkas, field="berkas") if berkas is not None else None
    _assign(kontrak, fields, KONTRAK_FIELDS)
    _kontrak_validate(kontrak)
    with acting_as(actor):
        return _save_with_file(
            kontrak,
            "berkas",
            upload=berkas,
            extension=berkas.extension if berkas else "",
            stem="kontrak",
            remove=remove,
            save=kontrak.save,
        )


@transaction.atomic
def kontrak_create(*, personel: Personel, actor: User | None, berkas=None, **fields) -> KontrakPemeliharaan:
    """Record a third-party maintenance contract (SE-A2.1) for the vendor's contact person
    (function Pemelihara SI). Raises ValidationError per field: end not after start, a file
    that is neither PDF nor a readable image."""
    kontrak = KontrakPemeliharaan(personel=personel)
    return _kontrak_write(kontrak, fields=fields, berkas=berkas, remove=False, actor=actor)


@transaction.atomic
def kontrak_update(
    *, kontrak: KontrakPemeliharaan, actor: User | None, berkas=None, hapus_berkas: bool = False, **fields
) -> KontrakPemeliharaan:
    """Edit a maintenance contract and replace or remove its file; raises as kontrak_create."""
    kontrak = KontrakPemeliharaan.objects.select_for_update().get(pk=kontrak.pk)
    return _kontrak_write(kontrak, fields=fields, berkas=berkas, remove=hapus_berkas, actor=actor)


# --- yearly declaration (X-6) ---------------------------------------------------------------

DEKLARASI_KODE = "DEKLARASI-ASESOR"
TIDAK_ADA_KONFLIK = "Tidak ada."

# The statement the asesor signs, in order. Kept in the record's data, so what was signed
# stays readable even if this text is revised later.
PERNYATAAN = [
    "Saya akan melaksanakan asesmen secara objektif, adil, dan tidak memihak (imparsial), "
    "berdasarkan bukti dan standar kompetensi yang berlaku, tanpa pengaruh tekanan komersial, "
    "keuangan, maupun tekanan lain dari pihak mana pun.",
    "Saya tidak akan mengases asesi yang memiliki hubungan dengan saya yang dapat menimbulkan "
    "benturan kepentingan, antara lain keluarga atau kerabat, peserta pelatihan yang saya latih "
    "atau bimbing, serta atasan atau bawahan dalam hubungan kerja, dan saya tidak menjanjikan "
    "kelulusan kepada siapa pun.",
    "Saya akan segera memberitahukan kepada LSP setiap benturan kepentingan yang timbul atau "
    "saya ketahui sebelum atau selama penugasan, dan bersedia mengundurkan diri dari penugasan "
    "yang bersangkutan.",
    "Saya akan menjaga kerahasiaan seluruh informasi, dokumen, instrumen asesmen, rekaman, dan "
    "data pribadi asesi yang saya peroleh dalam penugasan, dan tidak akan menggunakannya untuk "
    "kepentingan lain, termasuk setelah penugasan berakhir.",
    "Saya tidak akan menerima imbalan, hadiah, atau fasilitas dalam bentuk apa pun dari asesi "
    "atau pihak lain yang berkaitan dengan hasil asesmen.",
    "Saya memahami bahwa pelanggaran atas pernyataan ini dapat mengakibatkan pencabutan "
    "penugasan saya sebagai asesor oleh LSP sesuai ketentuan yang berlaku.",
]


class DeclarationError(ServiceError):
    """A declaration the rules refuse; the message is for the asesor (Indonesian)."""


def deklarasi_this_year(asesor: Asesor, year: int | None = None) -> Deklarasi | None:
    """The asesor's declaration in force for `year` (default this year), or None: the one
    question the profile, the declaration page, the dashboard and deklarasi_sign ask (X-6).
    A declaration whose record was voided is not in force: the asesor signs again."""
    return (
        Deklarasi.objects.in_force()
        .filter(asesor=asesor, tahun=year or today().year)
        .select_related("dokumen")
        .first()
    )


def already_declared(year: int) -> DeclarationError:
    return DeclarationError(
        f"Anda sudah menandatangani pernyataan imparsialitas dan benturan kepentingan tahun {year}. "
        "Pernyataan hanya dibuat satu kali setiap tahun."
    )


def deklarasi_data(*, asesor: Asesor, year: int, potensi_konflik: str) -> dict:
    """The snapshot the record renders and the asesor signs."""
    return {
        "nama_asesor": asesor.personel.nama,
        "nomor_registrasi_met": asesor.nomor_met,
        "tahun": year,
        "skema": [s.judul for s in asesor.skema.all()] or "Belum ada skema yang ditetapkan.",
        "pernyataan": [{"no": i, "pernyataan": text} for i, text in enumerate(PERNYATAAN, start=1)],
        "potensi_benturan_kepentingan": potensi_konflik or TIDAK_ADA_KONFLIK,
    }


@transaction.atomic
def deklarasi_sign(
    *,
    asesor: Asesor,
    signer: User,
    secret: str,
    consent: bool,
    potensi_konflik: str = "",
    ip=None,
    user_agent: str = "",
    gambar: str = "",
) -> Deklarasi:
    """The asesor declares impartiality and no conflict of interest for this year (X-6):
    issues the DEKLARASI-ASESOR record about `asesor` and signs it as `signer` (password or
    TOTP and consent, UU ITE art. 11) in one transaction.

    All or nothing: a wrong password, no consent or a second declaration in the same year
    raises (RecordError from the records engine, or DeclarationError) and nothing is saved,
    not even a record number. Only the asesor's own account may sign.
    """
    from administrasi import services as records

    if asesor.personel.user_id != signer.pk:
        raise DeclarationError("Pernyataan hanya dapat ditandatangani oleh asesor yang bersangkutan.")
    year = today().year
    # Lock the profile: two tabs submitting at once make one declaration, not two.
    asesor = Asesor.objects.select_for_update().select_related("personel").get(pk=asesor.pk)
    if deklarasi_this_year(asesor, year) is not None:
        raise already_declared(year)
    voided = Deklarasi.objects.filter(asesor=asesor, tahun=year).first()  # its record was voided
    potensi_konflik = (potensi_konflik or "").strip()
    with acting_as(signer, ip):
        dokumen = records.dokumen_issue(
            kode=DEKLARASI_KODE,
            subject=asesor,
            judul=f"Pernyataan imparsialitas {year}: {asesor.personel.nama}",
            data=deklarasi_data(asesor=asesor, year=year, potensi_konflik=potensi_konflik),
            signers={"asesor": signer},
            actor=signer,
        )
        records.dokumen_sign(
            dokumen=dokumen,
            signer=signer,
            secret=secret,
            consent=consent,
            ip=ip,
            user_agent=user_agent,
            gambar=gambar,
        )
        if voided is not None:
            voided.dokumen, voided.potensi_konflik = dokumen, potensi_konflik
            voided.save(update_fields=["dokumen", "potensi_konflik", "updated_at"])
            return voided
        try:
            with transaction.atomic():
                return Deklarasi.objects.create(
                    asesor=asesor, tahun=year, potensi_konflik=potensi_konflik, dokumen=dokumen
                )
        except IntegrityError:
            raise already_declared(year) from None
