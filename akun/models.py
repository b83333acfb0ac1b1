"""Accounts, roles and the audit trail.

Roles (SE-A4.4) are Django groups with a Role row on top: the LSP edits which permissions
each role has on the role screen. Object scope comes from domain rows (an asesi owns a
permohonan); django-guardian only holds grants no row records.
"""

import hashlib
import json
from datetime import UTC

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

PHONE_VALIDATOR = RegexValidator(
    r"^(\+62|62|0)8[1-9][0-9]{6,11}$",
    "Nomor HP harus nomor seluler Indonesia, misalnya 081234567890 atau +6281234567890.",
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Alamat email wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person with an account. Logs in with e-mail; never deleted, only deactivated."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("alamat email", unique=True)
    nama_lengkap = models.CharField("nama lengkap", max_length=150)
    nomor_hp = models.CharField("nomor HP", max_length=16, blank=True, validators=[PHONE_VALIDATOR])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nama_lengkap"]

    objects = UserManager()

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
        ordering = ["nama_lengkap", "email"]

    def __str__(self):
        return self.nama_lengkap or self.email

    def get_full_name(self):
        return self.nama_lengkap

    def get_short_name(self):
        return (self.nama_lengkap or self.email).split(" ")[0]


class Role(models.Model):
    """A role the LSP defines (SE-A4.4). Its permissions and members live on `group`."""

    class Code(models.TextChoices):
        ASESI = "asesi", "Asesi"
        ASESOR = "asesor", "Asesor"
        ADMIN_LSP = "admin_lsp", "Admin LSP"
        MANAJER_SERTIFIKASI = "manajer_sertifikasi", "Manajer Sertifikasi"
        KOMITE_TEKNIS = "komite_teknis", "Komite Teknis"
        KETUA = "ketua", "Ketua/Direktur LSP"
        DEWAN_PENGARAH = "dewan_pengarah", "Dewan Pengarah"
        PENGELOLA_TUK = "pengelola_tuk", "Pengelola TUK"
        STAF_TI = "staf_ti", "Staf TI"
        AUDITOR_INTERNAL = "auditor_internal", "Auditor Internal"

    code = models.SlugField("kode", max_length=40, unique=True)
    name = models.CharField("nama peran", max_length=80, unique=True)
    description = models.TextField("uraian", blank=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="role")
    is_builtin = models.BooleanField("bawaan sistem", default=False)
    # Staff roles handle other people's data: they must use MFA in production.
    is_staff_role = models.BooleanField("peran staf (wajib MFA)", default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "peran"
        verbose_name_plural = "peran"

    def __str__(self):
        return self.name


class AccessRight(models.Model):
    """Holds the module-level permissions the role screen offers (no table of its own).

    Model-level permissions (add/change/view of each domain model) join them as the apps
    that own those models arrive.
    """

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "hak akses modul"
        permissions = [
            ("manage_roles", "Mengelola peran, hak akses, dan anggota peran"),
            ("view_audit", "Melihat jejak audit"),
            ("view_system_status", "Melihat status sistem"),
            ("use_sdm", "Membuka aplikasi SDM"),
            ("use_tuk", "Membuka aplikasi TUK"),
            ("use_administrasi", "Membuka aplikasi administrasi (surat dan arsip)"),
            ("use_muk", "Membuka aplikasi skema dan MUK"),
            ("use_sertifikasi_staff", "Mengelola proses sertifikasi (sisi LSP)"),
            ("use_verifikasi_tuk", "Membuka aplikasi verifikasi TUK"),
            ("use_banding_staff", "Mengelola banding dan pengaduan (sisi LSP)"),
            ("use_eksekutif", "Membuka dasbor eksekutif dan laporan"),
            ("manage_portal", "Mengelola isi portal publik (profil, lisensi, berita, halaman)"),
            ("manage_skema", "Mengelola skema sertifikasi, unit, elemen, dan KUK"),
            ("manage_sdm", "Mengelola SDM: personel, asesor, dokumen, dan masa berlakunya"),
            ("manage_tuk", "Mengelola daftar tempat uji kompetensi (TUK)"),
            ("validate_muk", "Memvalidasi MUK (FR.VA) sebelum dipakai asesmen"),
            ("issue_letters", "Menerbitkan surat dan SK dari register administrasi"),
            ("verify_permohonan", "Memverifikasi permohonan sertifikasi (FR.APL.01)"),
            ("manage_jadwal", "Menyusun jadwal asesmen, peserta, dan penugasan asesor"),
            ("assign_verifikator_tuk", "Menugaskan verifikator TUK dan menjadwalkan sesi verifikasi"),
            ("issue_sk_tuk", "Menerbitkan SK penetapan TUK"),
            ("organize_pleno", "Membentuk rapat pleno dan menerbitkan SK keputusan sertifikasi"),
            ("manage_sertifikat", "Mengelola register sertifikat: nomor registrasi, impor, blanko BNSP"),
            ("revoke_sertifikat", "Membekukan, mencabut, dan memulihkan sertifikat"),
            ("manage_sop", "Menyusun SOP dan mengajukannya untuk disahkan Ketua"),
        ]

    def __str__(self):
        return self._meta.verbose_name


def _as_stored_json(value):
    """A JSONField value as it reads back: tuples become lists, non-JSON values strings."""
    return json.loads(json.dumps(value, default=str)) if value is not None else None


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("Entri jejak audit tidak dapat diubah.")

    def delete(self):
        raise ValueError("Entri jejak audit tidak dapat dihapus.")


class AuditEntry(AbstractLogEntry):
    """One audit-trail entry (X-4), written by django-auditlog.

    Append-only: the model and its queryset refuse update and delete, and each entry
    carries the SHA-256 of its content chained to the previous entry's hash, so
    `manage.py verify_audit` finds an entry edited or deleted behind the application's
    back (raw SQL, a database console).
    """

    # Evidence never disappears with the person or type it points to.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="jenis objek",
    )
    actor = models.ForeignKey(
        "akun.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pelaku",
    )
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False, unique=True)
    # Which fields the hash covers (see `canonical`). Entries written before version 2 keep
    # version 1 and verify as they were hashed; nothing is re-chained.
    hash_version = models.PositiveSmallIntegerField("versi hash", default=2, editable=False)

    objects = LogEntryManager.from_queryset(AppendOnlyQuerySet)()

    class Meta(AbstractLogEntry.Meta):
        ordering = ["-timestamp", "-pk"]
        verbose_name = "entri jejak audit"
        verbose_name_plural = "jejak audit"
        indexes = [models.Index(fields=["content_type", "object_pk"])]

    GENESIS = "0" * 64
    HASH_VERSION = 2  # what new entries are written with
    HASH_VERSIONS = (1, 2)

    def canonical(self):
        """The exact content that is hashed, each field in the form the database gives back
        (so a re-read entry hashes the same).

        Version 2 covers every stored field but the hash itself: the entry's own id (its
        place in the chain), the object id, the serialized data, the remote port and the
        version. Version 1 (entries written before it) left those out; its content is kept
        byte for byte, so those entries still verify.
        """
        content = {
            "content_type": self.content_type_id,
            "object_pk": str(self.object_pk),
            "object_repr": self.object_repr,
            "action": int(self.action),
            "changes": _as_stored_json(self.changes),
            "changes_text": self.changes_text or "",
            "actor": self.actor_id,
            "actor_email": self.actor_email or None,
            "remote_addr": str(self.remote_addr) if self.remote_addr else None,
            "timestamp": self.timestamp.astimezone(UTC).isoformat(),
            "cid": self.cid or None,
            "additional_data": _as_stored_json(self.additional_data),
            "prev": self.prev_hash,
        }
        if self.hash_version >= 2:
            content.update(
                {
                    "id": self.pk,
                    "object_id": self.object_id,
                    "serialized_data": _as_stored_json(self.serialized_data),
                    "remote_port": self.remote_port,
                    "hash_version": self.hash_version,
                }
            )
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)

    def compute_hash(self):
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def save(self, *args, **kwargs):
        # The ledger's own invariant, so it lives on the model: inserts only, chained. The id
        # is given under the chain's lock before the insert (it is hashed), so "adding" and
        # not "has a pk" tells a new entry from an edited one.
        if not self._state.adding:
            raise ValueError("Entri jejak audit tidak dapat diubah.")
        from .audit import chain_append

        kwargs["force_insert"] = True
        chain_append(self, lambda: super(AuditEntry, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise ValueError("Entri jejak audit tidak dapat dihapus.")


class AuditChainHead(models.Model):
    """A single row holding the newest entry's hash: the lock that serialises appends and
    the anchor that reveals a deleted last entry."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_entry_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64, default=AuditEntry.GENESIS)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_chain_single_head")]

    def __str__(self):
        return f"kepala rantai audit: {self.count} entri"


# --- privacy notice and consent (UU PDP 27/2022, X-10) ---------------------------------------


class KebijakanPrivasi(models.Model):
    """One version of the privacy notice. Never edited once published: a change is a new
    version (n+1), which every applicant is asked to accept again (`akun.privasi`)."""

    versi = models.PositiveIntegerField("versi", unique=True)
    judul = models.CharField("judul", max_length=200)
    teks = models.TextField("teks", help_text="Teks biasa; paragraf dipisahkan baris kosong.")
    berlaku_sejak = models.DateTimeField("berlaku sejak", default=timezone.now)
    diterbitkan_oleh = models.ForeignKey(
        "akun.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diterbitkan oleh",
    )

    class Meta:
        ordering = ["-versi"]
        verbose_name = "kebijakan privasi"
        verbose_name_plural = "kebijakan privasi"
        constraints = [
            models.CheckConstraint(condition=Q(versi__gte=1), name="kebijakan_privasi_versi_min_1")
        ]

    def __str__(self):
        return f"{self.judul} (versi {self.versi})"

    def get_absolute_url(self):
        return reverse("privasi:versi", args=[self.versi])


class PersetujuanPrivasi(models.Model):
    """A person's consent to one version of the privacy notice, with the evidence of when and
    from where it was given. One per person and version."""

    user = models.ForeignKey(
        "akun.User", on_delete=models.PROTECT, related_name="persetujuan_privasi", verbose_name="pengguna"
    )
    kebijakan = models.ForeignKey(
        KebijakanPrivasi, on_delete=models.PROTECT, related_name="persetujuan", verbose_name="kebijakan"
    )
    disetujui_pada = models.DateTimeField("disetujui pada", default=timezone.now)
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    user_agent = models.CharField("perangkat", max_length=400, blank=True)

    class Meta:
        ordering = ["-disetujui_pada", "-pk"]
        verbose_name = "persetujuan kebijakan privasi"
        verbose_name_plural = "persetujuan kebijakan privasi"
        constraints = [
            models.UniqueConstraint(fields=["user", "kebijakan"], name="persetujuan_privasi_sekali_per_versi")
        ]

    def __str__(self):
        return f"{self.user} menyetujui versi {self.kebijakan.versi}"
