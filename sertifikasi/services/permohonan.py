"""FR.APL.01: the application, from draft to verified (SE-A4.8a, SE-D1.2a, X-10).

draft --submit (pemohon signs FR.APL.01)--> diajukan --verify (Admin LSP signs its
recommendation)--> asesmen_mandiri | dikembalikan (only the returned items change, then
resubmitted: FR.APL.01 version n+1) | ditolak (with the reason).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from akun.audit import acting_as
from akun.models import User
from lsp_portal.uploads import UploadRule, digest, safe_display_name, stored
from lsp_portal.workflow import transition
from muk.models import PersyaratanDasar, Skema
from muk.services import skema_assessable

from .. import identitas
from ..models import Bukti, Mode, Permohonan, PutaranVerifikasi
from .common import JourneyError, Tandatangan, issue_signed, notify, upload_max_bytes, users_with_right

S = Permohonan.Status

# The sections of the form the Admin LSP checks (and may return), in the form's order.
SECTIONS = {
    "data_pribadi": "Data pribadi",
    "data_pekerjaan": "Data pekerjaan",
    "data_sertifikasi": "Data sertifikasi (mode dan tujuan asesmen)",
}
SECTION_FIELDS = {
    "data_pribadi": (
        "nama",
        "kewarganegaraan",
        "nik",
        "nomor_paspor",
        "negara",
        "tempat_lahir",
        "tanggal_lahir",
        "jenis_kelamin",
        "alamat",
        "kode_pos",
        "telepon_rumah",
        "nomor_hp",
        "email",
        "pendidikan",
    ),
    "data_pekerjaan": (
        "pekerjaan_institusi",
        "pekerjaan_jabatan",
        "pekerjaan_alamat",
        "pekerjaan_kode_pos",
        "pekerjaan_telepon",
        "pekerjaan_email",
    ),
    "data_sertifikasi": ("mode", "tujuan", "tujuan_lainnya"),
}
FIELDS = tuple(f for fields in SECTION_FIELDS.values() for f in fields)
REQUIRED = {
    "nama": "Nama lengkap",
    "tempat_lahir": "Tempat lahir",
    "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin",
    "alamat": "Alamat rumah",
    "nomor_hp": "Nomor HP",
    "email": "Email",
    "pendidikan": "Pendidikan terakhir",
}
PHONE = re.compile(r"^(\+62|62|0)[1-9][0-9]{6,12}$")
KODE_POS = re.compile(r"^[1-9][0-9]{4}$")
PHONE_MESSAGE = "Nomor telepon harus nomor Indonesia, misalnya 081234567890 atau 0215551234."


def bukti_rule() -> UploadRule:
    """The rule of every evidence upload (PDF, JPG, PNG up to SERTIFIKASI_UPLOAD_MAX_MB)."""
    return UploadRule("Berkas bukti", kinds={"pdf", "jpg", "png"}, max_bytes=upload_max_bytes())


def persyaratan_key(persyaratan_id: int) -> str:
    return f"persyaratan:{persyaratan_id}"


# --- creating and saving a draft ------------------------------------------------------------


def _prefill(asesi: User) -> dict:
    """A new application starts from the applicant's last one (their identity rarely
    changes), else from the account."""
    last = Permohonan.objects.filter(asesi=asesi).exclude(nama="").order_by("-pk").first()
    if last is not None:
        return {
            f: getattr(last, f) for f in SECTION_FIELDS["data_pribadi"] + SECTION_FIELDS["data_pekerjaan"]
        }
    return {"nama": asesi.nama_lengkap, "email": asesi.email, "nomor_hp": asesi.nomor_hp}


def skema_open_refusal(skema: Skema) -> str:
    """Why `skema` cannot be applied for now, or ""."""
    if not skema.aktif:
        return f"Skema {skema.kode} tidak aktif sehingga tidak dapat dimohon."
    try:
        skema_assessable(skema)
    except ValidationError as e:
        return " ".join(e.messages)
    return ""


@transaction.atomic
def permohonan_create(*, asesi: User, skema: Skema, actor: User) -> Permohonan:
    """A draft application of `asesi` for `skema`, prefilled. Refuses (JourneyError) an
    inactive scheme, a scheme with an incomplete unit (naming it), and a second open
    application of the same account for the scheme (SE-A4.8a edge)."""
    refusal = skema_open_refusal(skema)
    if refusal:
        raise JourneyError(refusal, field="skema", code="skema")
    existing = (
        Permohonan.objects.filter(asesi=asesi, skema=skema).exclude(status__in=Permohonan.CLOSED).first()
    )
    if existing is not None:
        raise JourneyError(
            f"Anda sudah memiliki permohonan untuk skema {skema.kode} "
            f"({existing.get_status_display().lower()}). "
            "Lanjutkan permohonan itu.",
            field="skema",
            code="duplicate",
        )
    try:
        with transaction.atomic(), acting_as(actor):
            return Permohonan.objects.create(asesi=asesi, skema=skema, **_prefill(asesi))
    except IntegrityError:
        raise JourneyError(
            "Anda sudah memiliki permohonan untuk skema ini.", field="skema", code="duplicate"
        ) from None


def editable_fields(permohonan: Permohonan) -> tuple[str, ...]:
    """The fields the applicant may change now: all of them in a draft, only the returned
    sections' after a return, none otherwise."""
    if permohonan.status == S.DRAFT:
        return FIELDS
    if permohonan.status == S.DIKEMBALIKAN:
        return tuple(
            f for key in permohonan.dikembalikan if key in SECTION_FIELDS for f in SECTION_FIELDS[key]
        )
    return ()


def editable_persyaratan(permohonan: Permohonan) -> set[int] | None:
    """The requirement ids whose evidence may be replaced now: None means all (a draft)."""
    if permohonan.status == S.DRAFT:
        return None
    if permohonan.status == S.DIKEMBALIKAN:
        return {int(k.split(":")[1]) for k in permohonan.dikembalikan if k.startswith("persyaratan:")}
    return set()


def _clean_value(field: str, value, current: dict, skema: Skema) -> object:
    """One field, cleaned; ServiceError/ValidationError with an Indonesian message."""
    if isinstance(value, str):
        value = value.strip()
    if field == "nama":
        return identitas.clean_nama(value) if value else ""
    if field == "nik":
        if not value:
            return ""
        return identitas.clean_nik(
            value,
            tanggal_lahir=current.get("tanggal_lahir"),
            jenis_kelamin=current.get("jenis_kelamin") or None,
        )
    if field == "nomor_paspor":
        return identitas.clean_paspor(value) if value else ""
    if field == "tanggal_lahir":
        if value in ("", None):
            return None
        identitas.check_usia(value, pada=timezone.localdate())
        return value
    if field in ("email", "pekerjaan_email"):
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise JourneyError("Alamat email tidak valid.", field=field) from None
        return value.lower() if value else ""
    if field in ("nomor_hp", "telepon_rumah", "pekerjaan_telepon"):
        compact = re.sub(r"[\s\-()]", "", value or "")
        if compact and not PHONE.match(compact):
            raise JourneyError(PHONE_MESSAGE, field=field)
        return compact
    if field in ("kode_pos", "pekerjaan_kode_pos"):
        if value and not KODE_POS.match(value):
            raise JourneyError("Kode pos terdiri atas 5 angka, misalnya 40115.", field=field)
        return value or ""
    if field == "mode":
        if value not in Mode.values:
            raise JourneyError("Pilih mode asesmen.", field=field)
        if value == Mode.JARAK_JAUH and not skema.jarak_jauh_disetujui:
            raise JourneyError(
                f"Skema {skema.kode} belum disetujui BNSP untuk asesmen jarak jauh; pilih tatap "
                f"muka (SE-E3).",
                field=field,
                code="remote_not_approved",
            )
        return value
    choices = {
        "kewarganegaraan": Permohonan.Kewarganegaraan,
        "jenis_kelamin": Permohonan.JenisKelamin,
        "pendidikan": Permohonan.Pendidikan,
        "tujuan": Permohonan.Tujuan,
    }
    if field in choices:
        if value and value not in choices[field].values:
            raise JourneyError("Pilihan tidak dikenal.", field=field)
        return value or ("" if field != "kewarganegaraan" else Permohonan.Kewarganegaraan.WNI)
    max_length = Permohonan._meta.get_field(field).max_length
    if max_length and value and len(value) > max_length:
        raise JourneyError(f"Paling banyak {max_length} karakter.", field=field)
    return value or ""


def _messages(e) -> str:
    return " ".join(e.messages) if hasattr(e, "messages") else str(e)


@transaction.atomic
def permohonan_save(*, permohonan: Permohonan, data: dict, actor: User) -> dict[str, str]:
    """Autosave and save of the FR.APL.01 form: store every field of `data` the applicant may
    change now and that is valid; return {field: message} for the invalid ones, which keep
    their saved value (nothing already saved is lost). Fields outside editable_fields() are
    ignored. Raises JourneyError when the application cannot be edited at all."""
    permohonan = Permohonan.objects.select_for_update().select_related("skema").get(pk=permohonan.pk)
    if permohonan.asesi_id != actor.pk:
        raise JourneyError("Hanya pemohon yang dapat mengubah permohonannya.")
    allowed = editable_fields(permohonan)
    if not allowed:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()} dan tidak dapat diubah.",
            code="locked",
        )
    # Cross-field rules read the values as they will be: the new where valid, else the saved.
    current = {f: getattr(permohonan, f) for f in FIELDS}
    errors: dict[str, str] = {}
    order = sorted((f for f in data if f in allowed), key=lambda f: (f == "nik", FIELDS.index(f)))
    for field in order:
        try:
            value = _clean_value(field, data[field], current, permohonan.skema)
        except ValidationError as e:
            errors[field] = _messages(e)
            continue
        current[field] = value
    if current["kewarganegaraan"] == Permohonan.Kewarganegaraan.WNA:
        current["nik"] = ""
    else:
        current["nomor_paspor"] = ""
        current["negara"] = ""
    changed = [f for f in allowed if getattr(permohonan, f) != current[f]]
    for f in changed:
        setattr(permohonan, f, current[f])
    if changed:
        with acting_as(actor):
            permohonan.save(update_fields=[*changed, "updated_at"])
    return errors


# --- evidence files -------------------------------------------------------------------------


def _store_bukti(*, permohonan: Permohonan, persyaratan, judul: str, upload, actor: User) -> Bukti:
    checked = bukti_rule().check(upload, field="berkas")
    ukuran, sha256 = digest(checked)
    bukti = Bukti(
        permohonan=permohonan,
        persyaratan=persyaratan,
        judul=judul[:200],
        nama_asli=safe_display_name(getattr(upload, "name", "")),
        jenis=checked.kind,
        ukuran=ukuran,
        sha256=sha256,
        diunggah_oleh=actor,
    )
    with stored(bukti.berkas, checked, folder=f"sertifikasi/bukti/{permohonan.pk}"), acting_as(actor):
        bukti.save()
    return bukti


@transaction.atomic
def bukti_upload(*, permohonan: Permohonan, persyaratan: PersyaratanDasar, upload, actor: User) -> Bukti:
    """Store the applicant's evidence for one basic requirement of the scheme, checked by
    content (lsp_portal.uploads: PDF/JPG/PNG, size limit, images re-encoded without
    metadata), under a generated name. An earlier file for the requirement stays, no longer
    in force. Allowed in a draft for every requirement, after a return only for the
    returned ones. Raises ServiceError (field "berkas") and stores nothing on a bad file."""
    permohonan = Permohonan.objects.select_for_update().get(pk=permohonan.pk)
    if permohonan.asesi_id != actor.pk:
        raise JourneyError("Hanya pemohon yang dapat mengunggah bukti permohonannya.")
    if persyaratan.skema_id != permohonan.skema_id:
        raise JourneyError("Persyaratan ini bukan persyaratan skema permohonan.")
    allowed = editable_persyaratan(permohonan)
    if allowed is not None and persyaratan.pk not in allowed:
        raise JourneyError(
            "Bukti untuk persyaratan ini tidak dikembalikan untuk diperbaiki; berkasnya tetap."
        )
    Bukti.objects.filter(permohonan=permohonan, persyaratan=persyaratan, aktif=True).update(aktif=False)
    return _store_bukti(
        permohonan=permohonan, persyaratan=persyaratan, judul=persyaratan.teks, upload=upload, actor=actor
    )


@transaction.atomic
def portofolio_upload(*, permohonan: Permohonan, judul: str, upload, actor: User) -> Bukti:
    """A portfolio file for FR.APL.02 (while the self-assessment is open)."""
    permohonan = Permohonan.objects.select_for_update().get(pk=permohonan.pk)
    if permohonan.asesi_id != actor.pk or permohonan.status not in (S.ASESMEN_MANDIRI,):
        raise JourneyError("Bukti portofolio hanya dapat diunggah pemohon selama asesmen mandiri.")
    judul = (judul or "").strip()
    if not judul:
        raise JourneyError("Tulis keterangan bukti, misalnya 'Sertifikat pelatihan 2024'.", field="judul")
    return _store_bukti(permohonan=permohonan, persyaratan=None, judul=judul, upload=upload, actor=actor)


# --- submitting --------------------------------------------------------------------------


def persyaratan_wajib(persyaratan: PersyaratanDasar) -> bool:
    """Whether every applicant must give evidence for this requirement: the administrative
    ones (KTP, photo, CV...) unless marked optional ("bila ada"). The basic requirements of
    education, training and experience are alternatives of which the applicant meets at
    least one (a scheme lists, say, SMK or D3/S1 or training): submit_problems asks for one."""
    optional = re.search(r"\b(bila|jika|apabila) ada\b", persyaratan.teks, re.IGNORECASE)
    return persyaratan.jenis == PersyaratanDasar.Jenis.ADMINISTRATIF and not optional


def submit_problems(permohonan: Permohonan) -> dict[str, str]:
    """{field or "persyaratan:<id>" or "__all__": what is missing or wrong} before the
    application can be submitted; empty when it can be."""
    problems: dict[str, str] = {}
    for field, label in REQUIRED.items():
        if not getattr(permohonan, field):
            problems[field] = f"{label} wajib diisi."
    if permohonan.kewarganegaraan == Permohonan.Kewarganegaraan.WNI and not permohonan.nik:
        problems["nik"] = "NIK wajib diisi."
    if permohonan.kewarganegaraan == Permohonan.Kewarganegaraan.WNA:
        if not permohonan.nomor_paspor:
            problems["nomor_paspor"] = "Nomor paspor wajib diisi bagi warga negara asing."
        if not permohonan.negara:
            problems["negara"] = "Negara asal wajib diisi bagi warga negara asing."
    if permohonan.tujuan == Permohonan.Tujuan.LAINNYA and not permohonan.tujuan_lainnya:
        problems["tujuan_lainnya"] = "Jelaskan tujuan asesmen lainnya."
    current = {f: getattr(permohonan, f) for f in FIELDS}
    for field in ("nama", "nik", "nomor_paspor", "tanggal_lahir", "mode"):
        if field not in problems and current[field]:
            try:
                _clean_value(field, current[field], current, permohonan.skema)
            except ValidationError as e:
                problems[field] = _messages(e)
    have = set(
        Bukti.objects.filter(permohonan=permohonan, aktif=True, persyaratan__isnull=False).values_list(
            "persyaratan_id", flat=True
        )
    )
    basic = []
    for p in PersyaratanDasar.objects.filter(skema_id=permohonan.skema_id):
        if persyaratan_wajib(p) and p.pk not in have:
            problems[persyaratan_key(p.pk)] = f"Unggah bukti: {p.teks}"
        elif p.jenis != PersyaratanDasar.Jenis.ADMINISTRATIF:
            basic.append(p)
    if basic and not any(p.pk in have for p in basic):
        problems[persyaratan_key(basic[0].pk)] = (
            "Unggah bukti paling sedikit satu persyaratan dasar (pendidikan, pelatihan, atau "
            "pengalaman kerja) "
            "yang Anda penuhi."
        )
    refusal = skema_open_refusal(permohonan.skema)
    if refusal:
        problems["__all__"] = refusal
    return problems


def apl01_data(permohonan: Permohonan) -> dict:
    """The FR.APL.01 snapshot the applicant signs (FORMS.md: Bagian 1–3)."""
    p = permohonan
    bukti = Bukti.objects.filter(permohonan=p, aktif=True, persyaratan__isnull=False).select_related(
        "persyaratan"
    )
    return {
        "bagian_1_data_pribadi": {
            "nama_lengkap": p.nama,
            "kewarganegaraan": p.get_kewarganegaraan_display(),
            "nik": p.nik,
            "nomor_paspor": p.nomor_paspor,
            "negara": p.negara,
            "tempat_lahir": p.tempat_lahir,
            "tanggal_lahir": p.tanggal_lahir.strftime("%d-%m-%Y") if p.tanggal_lahir else "",
            "jenis_kelamin": p.get_jenis_kelamin_display(),
            "alamat": p.alamat,
            "kode_pos": p.kode_pos,
            "telepon_rumah": p.telepon_rumah,
            "nomor_hp": p.nomor_hp,
            "email": p.email,
            "pendidikan_terakhir": p.get_pendidikan_display(),
        },
        "data_pekerjaan": {
            "institusi": p.pekerjaan_institusi,
            "jabatan": p.pekerjaan_jabatan,
            "alamat_kantor": p.pekerjaan_alamat,
            "kode_pos": p.pekerjaan_kode_pos,
            "telepon": p.pekerjaan_telepon,
            "email": p.pekerjaan_email,
        },
        "bagian_2_data_sertifikasi": {
            "skema": f"{p.skema.kode} {p.skema.judul}",
            "mode": p.get_mode_display(),
            "tujuan_asesmen": p.get_tujuan_display() + (f": {p.tujuan_lainnya}" if p.tujuan_lainnya else ""),
            "unit": [f"{u.kode} {u.judul}" for u in p.skema.units.all()],
        },
        "bagian_3_bukti_kelengkapan": [
            {"persyaratan": b.persyaratan.teks, "berkas": b.nama_asli, "sha256": b.sha256} for b in bukti
        ],
        "persetujuan_privasi": {"versi": p.privasi_versi, "pada": p.privasi_disetujui_pada.isoformat()},
        "putaran": p.putaran,
        "pernyataan": (
            "Saya menyatakan bahwa data dan bukti yang saya sampaikan benar, dan saya bersedia mengikuti "
            "asesmen sesuai ketentuan LSP."
        ),
    }


def _give_consent(permohonan: Permohonan, *, actor: User, ttd: Tandatangan, versi: int | None) -> None:
    from akun import privasi
    from akun.models import KebijakanPrivasi

    # The version the applicant read (the page posts it); a newer one published meanwhile is
    # refused as stale by persetujuan_beri.
    kebijakan = privasi.kebijakan_terkini()
    if versi is not None and versi != kebijakan.versi:
        kebijakan = KebijakanPrivasi.objects.filter(versi=versi).first() or kebijakan
    persetujuan = privasi.persetujuan_beri(
        user=actor, kebijakan=kebijakan, ip=ttd.ip, user_agent=ttd.user_agent
    )
    permohonan.privasi_versi = kebijakan.versi
    permohonan.privasi_disetujui_pada = persetujuan.disetujui_pada


@transaction.atomic
def permohonan_submit(
    *,
    permohonan: Permohonan,
    actor: User,
    privasi_setuju: bool,
    ttd: Tandatangan,
    privasi_versi: int | None = None,
) -> Permohonan:
    """The applicant declares, agrees to the current privacy notice (UU PDP, X-10; the
    version shown, `privasi_versi`: an older one is refused as stale) and signs
    FR.APL.01 (version 1, or n+1 after a return) -> diajukan; the verifying staff are told.

    All or nothing: a missing item, a broken rule, a second open application of the same NIK
    for the scheme, no consent or a wrong password raise (JourneyError/RecordError) and
    nothing changes. Not idempotent: a submitted application is not submitted again.
    """
    permohonan = Permohonan.objects.select_for_update().select_related("skema").get(pk=permohonan.pk)
    if permohonan.asesi_id != actor.pk:
        raise JourneyError("Hanya pemohon yang dapat mengajukan permohonannya.")
    if permohonan.status not in Permohonan.EDITABLE:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()}; tidak dapat diajukan."
        )
    problems = submit_problems(permohonan)
    if problems:
        first = next(iter(problems.values()))
        more = f" (dan {len(problems) - 1} hal lain)" if len(problems) > 1 else ""
        raise JourneyError(f"Permohonan belum lengkap: {first}{more}", code="incomplete")
    if not privasi_setuju:
        raise JourneyError(
            "Setujui kebijakan privasi untuk mengajukan permohonan.", field="privasi", code="consent"
        )
    _give_consent(permohonan, actor=actor, ttd=ttd, versi=privasi_versi)
    permohonan.putaran += 1
    permohonan.diajukan_pada = timezone.now()
    permohonan.dikembalikan = []
    try:
        with transaction.atomic(), acting_as(actor, ttd.ip):
            permohonan.save(
                update_fields=[
                    "privasi_versi",
                    "privasi_disetujui_pada",
                    "putaran",
                    "diajukan_pada",
                    "dikembalikan",
                    "updated_at",
                ]
            )
            permohonan = transition(permohonan, S.DIAJUKAN, actor=actor, note=f"putaran {permohonan.putaran}")
    except IntegrityError:
        raise JourneyError(
            "NIK ini sudah memiliki permohonan yang masih berjalan untuk skema yang sama.",
            field="nik",
            code="duplicate_nik",
        ) from None
    judul = f"FR.APL.01 {permohonan.nama} – {permohonan.skema.kode}"
    data = apl01_data(permohonan)
    with acting_as(actor, ttd.ip):
        # Round 1 issues version 1; a resubmission after a return signs version n+1.
        dokumen = issue_signed(
            current=permohonan.apl01,
            kode="FR.APL.01",
            subject=permohonan,
            judul=judul,
            data=data,
            pihak="pemohon",
            signer=actor,
            ttd=ttd,
            alasan=f"Perbaikan putaran {permohonan.putaran} sesuai catatan verifikasi",
        )
        Permohonan.objects.filter(pk=permohonan.pk).update(apl01=dokumen)
    permohonan.apl01 = dokumen
    notify(
        users_with_right("verify_permohonan").exclude(pk=actor.pk),
        judul="Permohonan menunggu verifikasi",
        pesan=(
            f"{permohonan.nama} mengajukan permohonan sertifikasi skema {permohonan.skema.judul} "
            f"(putaran {permohonan.putaran}). Periksa data dan buktinya, lalu terima, kembalikan, atau tolak."
        ),
        url=reverse("sertifikasi:verifikasi", args=[permohonan.pk]),
        kunci=f"permohonan-{permohonan.pk}-diajukan-{permohonan.putaran}",
    )
    return permohonan


# --- verification by the Admin LSP -------------------------------------------------------------


def verification_items(permohonan: Permohonan) -> list[dict]:
    """What the Admin LSP checks, in order: the form's sections, then each requirement the
    applicant gave evidence for (and every mandatory one), with the evidence in force:
    [{"kunci", "label", "bukti": Bukti | None}]"""
    items = [{"kunci": k, "label": label, "bukti": None} for k, label in SECTIONS.items()]
    active = {
        b.persyaratan_id: b
        for b in Bukti.objects.filter(permohonan=permohonan, aktif=True, persyaratan__isnull=False)
    }
    for p in PersyaratanDasar.objects.filter(skema_id=permohonan.skema_id):
        # Alternatives and optional items the applicant gave no evidence for are not checked.
        if p.pk in active or persyaratan_wajib(p):
            items.append({"kunci": persyaratan_key(p.pk), "label": p.teks, "bukti": active.get(p.pk)})
    return items


@transaction.atomic
def permohonan_verify(
    *,
    permohonan: Permohonan,
    hasil: str,
    butir: dict[str, tuple[bool, str]],
    catatan: str,
    actor: User,
    ttd: Tandatangan,
) -> PutaranVerifikasi:
    """The Admin LSP's verification of a submitted application (FR.APL.01 rekomendasi):
    `butir` {item key: (memenuhi, catatan)} for every item of verification_items();
    `hasil` diterima (every item memenuhi) -> asesmen_mandiri; dikembalikan (at least one
    item not memenuhi, each with a note) -> dikembalikan, and the applicant may change only
    those items; ditolak (a reason in `catatan`) -> ditolak. The admin signs the round's
    record (FR.APL.01-REK); the applicant is told. Every round is kept.

    Raises JourneyError (nothing changes) when the application is not waiting for
    verification, the admin is the applicant, or the items and result disagree.
    """
    from ..permissions import can_verify_right

    # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (apl01).
    permohonan = (
        Permohonan.objects.select_for_update(of=("self",))
        .select_related("skema", "apl01")
        .get(pk=permohonan.pk)
    )
    if not can_verify_right(actor) or permohonan.asesi_id == actor.pk:
        raise JourneyError("Anda tidak dapat memverifikasi permohonan ini.")
    if permohonan.status != S.DIAJUKAN:
        raise JourneyError(
            f"Permohonan berstatus {permohonan.get_status_display().lower()}; tidak menunggu verifikasi.",
            code="state",
        )
    items = verification_items(permohonan)
    rows, failing = [], []
    for item in items:
        if item["kunci"] not in butir:
            raise JourneyError(f"Periksa butir: {item['label']}.", code="item_missing")
        memenuhi, note = butir[item["kunci"]]
        note = (note or "").strip()
        if not memenuhi:
            failing.append(item)
            if not note:
                raise JourneyError(
                    f"Tulis catatan untuk butir yang tidak memenuhi: {item['label']}.", code="note_missing"
                )
        rows.append(
            {"kunci": item["kunci"], "label": item["label"], "memenuhi": bool(memenuhi), "catatan": note}
        )
    catatan = (catatan or "").strip()
    H = PutaranVerifikasi.Hasil
    if hasil == H.DITERIMA and failing:
        raise JourneyError("Permohonan hanya dapat diterima bila semua butir memenuhi.", code="hasil")
    if hasil == H.DIKEMBALIKAN and not failing:
        raise JourneyError("Tandai butir yang perlu diperbaiki pemohon sebelum mengembalikan.", code="hasil")
    if hasil == H.DITOLAK and not catatan:
        raise JourneyError("Tulis alasan permohonan tidak diterima.", field="catatan", code="reason")
    if hasil not in H.values:
        raise JourneyError("Pilih hasil verifikasi.", field="hasil")
    nomor = permohonan.putaran
    apl01 = permohonan.apl01
    data = {
        "permohonan": f"#{permohonan.pk}",
        "pemohon": permohonan.nama,
        "skema": f"{permohonan.skema.kode} {permohonan.skema.judul}",
        "fr_apl_01": {"versi": apl01.versi, "sha256_data": apl01.data_hash} if apl01 else None,
        "putaran": nomor,
        "pemeriksaan": [
            {
                "butir": r["label"],
                "hasil": "Memenuhi" if r["memenuhi"] else "Tidak memenuhi",
                "catatan": r["catatan"],
            }
            for r in rows
        ],
        "rekomendasi": H(hasil).label,
        "catatan": catatan,
    }
    with acting_as(actor, ttd.ip):
        dokumen = issue_signed(
            kode="FR.APL.01-REK",
            subject=permohonan,
            judul=f"Rekomendasi FR.APL.01 putaran {nomor}: {permohonan.nama}",
            data=data,
            pihak="admin",
            signer=actor,
            ttd=ttd,
        )
        putaran = PutaranVerifikasi.objects.create(
            permohonan=permohonan,
            nomor=nomor,
            hasil=hasil,
            catatan=catatan,
            butir=rows,
            oleh=actor,
            dokumen=dokumen,
        )
        target = {H.DITERIMA: S.ASESMEN_MANDIRI, H.DIKEMBALIKAN: S.DIKEMBALIKAN, H.DITOLAK: S.DITOLAK}[hasil]
        permohonan = transition(permohonan, target, actor=actor, note=catatan or H(hasil).label)
        permohonan.dikembalikan = [item["kunci"] for item in failing] if hasil == H.DIKEMBALIKAN else []
        permohonan.alasan_penolakan = catatan if hasil == H.DITOLAK else ""
        permohonan.save(update_fields=["dikembalikan", "alasan_penolakan", "updated_at"])
    url = permohonan.get_absolute_url()
    if hasil == H.DITERIMA:
        judul, pesan = (
            "Permohonan diterima: isi asesmen mandiri",
            f"Permohonan sertifikasi skema {permohonan.skema.judul} diterima. Langkah berikutnya: isi dan "
            "tandatangani asesmen mandiri (FR.APL.02).",
        )
        url = reverse("sertifikasi:apl02", args=[permohonan.pk])
    elif hasil == H.DIKEMBALIKAN:
        judul, pesan = (
            "Permohonan dikembalikan: perbaiki lalu ajukan lagi",
            f"Admin LSP mengembalikan permohonan skema {permohonan.skema.judul}. Perbaiki "
            f"{len(failing)} butir "
            "yang diberi catatan, lalu ajukan kembali.",
        )
    else:
        judul, pesan = (
            "Permohonan tidak diterima",
            f"Permohonan sertifikasi skema {permohonan.skema.judul} tidak diterima. Alasan: {catatan}",
        )
    notify(
        [permohonan.asesi],
        judul=judul,
        pesan=pesan,
        url=url,
        kunci=f"permohonan-{permohonan.pk}-verifikasi-{nomor}",
    )
    return putaran


def duplicate_accounts(permohonan: Permohonan):
    """Other accounts with an application of the same NIK (or passport): likely duplicates,
    shown to staff (SE-A4.8a)."""
    number = permohonan.nik or permohonan.nomor_paspor
    if not number:
        return Permohonan.objects.none()
    field = "nik" if permohonan.nik else "nomor_paspor"
    return (
        Permohonan.objects.filter(**{field: number})
        .exclude(asesi_id=permohonan.asesi_id)
        .select_related("asesi", "skema")
        .order_by("-pk")
    )
