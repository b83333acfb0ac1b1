"""Every write to SDM (SE-A4.2, SE-A2.1, X-6). Each runs in one transaction, attributed in
the audit trail (X-4) to `actor`.

Validation raises lsp_portal.errors.ServiceError (a ValidationError) with Indonesian messages
keyed by field. Uploads are checked by content before anything is stored; a file written for a change
that then fails is removed again, and a replaced file is deleted only after the commit.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from akun.audit import acting_as
from akun.models import User
from lsp_portal.errors import ServiceError
from lsp_portal.service_helpers import assign_fields, clean_model, save_unique, save_with_file
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


# --- personel -----------------------------------------------------------------------------

PERSONEL_INTEGRITY = {
    "sdm_personel_nik_unique": ("nik", NIK_TAKEN),
    "user_id": ("user", USER_TAKEN),
}


def _validate_personel(personel: Personel):
    personel.nik = (personel.nik or "").strip()
    clean_model(personel, unique_ignoring_case={"nik": NIK_TAKEN})


@transaction.atomic
def personel_create(*, actor: User | None, **fields) -> Personel:
    """Register a person in one function (SE-A4.2). Raises ValidationError per field:
    a NIK or an account already used by another person, an end date before the start."""
    personel = assign_fields(Personel(), fields, PERSONEL_FIELDS)
    _validate_personel(personel)
    with acting_as(actor):
        save_unique(personel, integrity_errors=PERSONEL_INTEGRITY)
    return personel


@transaction.atomic
def personel_update(*, personel: Personel, actor: User | None, **fields) -> Personel:
    """Change the given fields; raises ValidationError as personel_create. An asesor profile
    keeps the function Asesor: moving it to another function is refused."""
    personel = Personel.objects.select_for_update().get(pk=personel.pk)
    assign_fields(personel, fields, PERSONEL_FIELDS)
    if personel.fungsi != Personel.Fungsi.ASESOR and Asesor.objects.filter(personel=personel).exists():
        raise ValidationError(
            {"fungsi": "Personel ini memiliki profil asesor; fungsinya tidak dapat diubah dari Asesor."}
        )
    _validate_personel(personel)
    with acting_as(actor):
        save_unique(personel, integrity_errors=PERSONEL_INTEGRITY)
    return personel


# --- asesor -------------------------------------------------------------------------------


def _validate_asesor(asesor: Asesor):
    asesor.nomor_met = (asesor.nomor_met or "").strip().upper()
    clean_model(asesor, exclude=["personel"], unique_ignoring_case={"nomor_met": MET_TAKEN})


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
    assign_fields(asesor, fields, ASESOR_FIELDS)
    _validate_asesor(asesor)
    with acting_as(actor):
        save_unique(asesor, integrity_errors={"nomor_met": ("nomor_met", MET_TAKEN)})
        if skema is not None:
            asesor.skema.set(skema)
    return asesor


# --- certificates and contracts -----------------------------------------------------------

SERTIFIKAT_TAKEN = "Nomor sertifikat ini sudah tercatat untuk personel ini."
SERTIFIKAT_INTEGRITY = {"sdm_sertifikat_nomor_unique_per_personel": ("nomor", SERTIFIKAT_TAKEN)}


def _sertifikat_validate(sertifikat: SertifikatKompetensi):
    sertifikat.nomor = (sertifikat.nomor or "").strip()
    clean_model(
        sertifikat, exclude=["berkas"], unique_ignoring_case={"nomor": SERTIFIKAT_TAKEN}, within=["personel"]
    )


def _sertifikat_write(sertifikat, *, fields, berkas, remove, actor) -> SertifikatKompetensi:
    berkas = SERTIFIKAT_UPLOAD.check(berkas, field="berkas") if berkas is not None else None
    assign_fields(sertifikat, fields, SERTIFIKAT_FIELDS)
    _sertifikat_validate(sertifikat)
    with acting_as(actor):
        save = partial(save_unique, integrity_errors=SERTIFIKAT_INTEGRITY)
        return save_with_file(
            sertifikat, "berkas", upload=berkas, name="sertifikat", remove=remove, save=save
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
    clean_model(kontrak, exclude=["berkas"])


def _kontrak_write(kontrak, *, fields, berkas, remove, actor) -> KontrakPemeliharaan:
    berkas = KONTRAK_UPLOAD.check(berkas, field="berkas") if berkas is not None else None
    assign_fields(kontrak, fields, KONTRAK_FIELDS)
    _kontrak_validate(kontrak)
    with acting_as(actor):
        return save_with_file(kontrak, "berkas", upload=berkas, name="kontrak", remove=remove)


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
