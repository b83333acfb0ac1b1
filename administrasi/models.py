"""The LSP's archive of records (SE-A4.5, SE-A3.Kb, X-11).

A record (Dokumen) is one version of a form or letter: numbered where its kind is numbered,
rendered from a frozen data snapshot into a PDF, e-signed by its parties in order, sealed,
hashed, and kept at least until `retained_until`. A correction is a new version of the same
series; nothing is re-rendered in place.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel
from lsp_portal.status import ERR, OK, Badge

from .storage import RetentionError, record_storage


class JenisDokumen(models.Model):
    """A kind of record: a form (FR.*) or a letter (SPT, SK, BA...), with its numbering
    pattern and the parties who sign it, in order."""

    kode = models.CharField("kode", max_length=40, unique=True)
    nama = models.CharField("nama", max_length=200)
    template = models.CharField("templat PDF", max_length=200, default="administrasi/pdf/dokumen.html")
    bernomor = models.BooleanField("bernomor", default=False)
    pola_nomor = models.CharField(
        "pola nomor",
        max_length=120,
        blank=True,
        help_text="Contoh: {seq:03d}/SPT/LSP/{bulan_romawi}/{tahun}. "
        "Kolom: seq, tahun, bulan, bulan_romawi, kode.",
    )
    # [{"pihak": "asesi", "label": "Asesi"}, {"pihak": "asesor", "label": "Asesor"}] in signing order.
    penandatangan = models.JSONField("urutan penandatangan", default=list, blank=True)
    masa_simpan_tahun = models.PositiveSmallIntegerField(
        "masa simpan (tahun)",
        null=True,
        blank=True,
        help_text="Kosongkan untuk memakai masa berlaku sertifikat skema (bawaan 3 tahun).",
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = "jenis dokumen"
        verbose_name_plural = "jenis dokumen"

    def __str__(self):
        return f"{self.kode} {self.nama}"


def _token():
    return secrets.token_urlsafe(24)


class DokumenQuerySet(models.QuerySet):
    def delete(self):
        raise RetentionError("Dokumen arsip tidak dapat dihapus secara massal.")

    def final(self):
        return self.filter(status=Dokumen.Status.FINAL)


class Dokumen(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draf (menunggu tanda tangan)"
        FINAL = "final", "Final"
        SUPERSEDED = "superseded", "Digantikan versi baru"
        VOID = "void", "Dibatalkan"

    TRANSITIONS = {
        Status.DRAFT: {Status.FINAL, Status.VOID},
        Status.FINAL: {Status.SUPERSEDED, Status.VOID},
    }
    # The status badge (lsp_portal.status): final green, no longer in force red.
    STATUS_TONES = {Status.FINAL: OK, Status.SUPERSEDED: ERR, Status.VOID: ERR}

    jenis = models.ForeignKey(JenisDokumen, on_delete=models.PROTECT, related_name="dokumen")
    judul = models.CharField("judul", max_length=255)
    # The object the record belongs to (a permohonan, a jadwal, a person, a TUK...).
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    # The scheme the record is about, when it is about one (an applicant's forms, an MUK's
    # validation), as values: the records engine imports no domain app (STYLE.md §12) and
    # reads schemes through lsp_portal.schemes. The id files the record (archive filter) and
    # finds the certificate validity that sets retention; code and title are as at issue.
    skema_ref = models.PositiveIntegerField("skema (id)", null=True, blank=True, db_index=True)
    skema_kode = models.CharField("kode skema", max_length=100, blank=True)
    skema_judul = models.CharField("judul skema", max_length=200, blank=True)
    seri = models.UUIDField("seri versi", default=uuid.uuid4, editable=False, db_index=True)
    versi = models.PositiveSmallIntegerField("versi", default=1)
    sebelumnya = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengganti",
        verbose_name="versi sebelumnya",
    )
    alasan_perubahan = models.TextField("alasan perubahan", blank=True)
    nomor = models.CharField("nomor", max_length=120, blank=True, db_index=True)
    tahun_nomor = models.PositiveSmallIntegerField(null=True, blank=True)
    urut = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField("status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    data = models.JSONField("data yang dirender", default=dict)
    data_hash = models.CharField("SHA-256 data", max_length=64)
    pdf = models.FileField(
        "PDF", storage=record_storage, upload_to="arsip/%Y/%m/", blank=True, max_length=255
    )
    pdf_sha256 = models.CharField("SHA-256 PDF", max_length=64, blank=True, db_index=True)
    pdf_generated_at = models.DateTimeField("PDF dibuat", null=True, blank=True)
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diterbitkan oleh"
    )
    diterbitkan_pada = models.DateTimeField("diterbitkan", default=timezone.now)
    difinalkan_pada = models.DateTimeField("final", null=True, blank=True)
    retained_until = models.DateField("disimpan sampai", db_index=True)
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)

    objects = DokumenQuerySet.as_manager()

    class Meta:
        ordering = ["-diterbitkan_pada", "-pk"]
        verbose_name = "dokumen"
        verbose_name_plural = "dokumen"
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.UniqueConstraint(fields=["seri", "versi"], name="dokumen_versi_unik"),
            models.UniqueConstraint(
                fields=["jenis", "tahun_nomor", "urut", "versi"],
                name="dokumen_nomor_unik",
                condition=models.Q(urut__isnull=False),
            ),
        ]

    def __str__(self):
        label = self.nomor or f"#{self.pk}"
        return f"{self.jenis.kode} {label} v{self.versi}"

    def get_absolute_url(self):
        return reverse("administrasi:dokumen-detail", args=[self.pk])

    def get_verification_url(self):
        return reverse("verifikasi:dokumen", args=[self.token])

    @property
    def kode_verifikasi(self) -> str:
        """The code printed beside the QR code, for people who type it (80 bits of the token)."""
        from .verification_code import code_for

        return code_for(self.token)

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_final(self):
        return self.status == self.Status.FINAL

    @property
    def pdf_ready(self):
        return bool(self.pdf)

    def is_retained(self, today=None):
        return (today or timezone.localdate()) <= self.retained_until

    def delete(self, *args, **kwargs):
        from .services import dokumen_refuse_delete

        dokumen_refuse_delete(dokumen=self, via="model")


class TandaTangan(models.Model):
    """One required signature on one record: who must sign, in which order, and, once
    signed, the evidence UU ITE art. 11 asks for (who, role, when, where from, what)."""

    class Metode(models.TextChoices):
        PASSWORD = "password", "Kata sandi"
        TOTP = "totp", "Kode autentikator (TOTP)"

    dokumen = models.ForeignKey(Dokumen, on_delete=models.PROTECT, related_name="tanda_tangan")
    urutan = models.PositiveSmallIntegerField("urutan")
    pihak = models.CharField("pihak", max_length=40)
    label = models.CharField("sebagai", max_length=80)
    penandatangan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tanda_tangan",
        verbose_name="penandatangan",
    )
    ditandatangani_pada = models.DateTimeField("waktu tanda tangan", null=True, blank=True)
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    user_agent = models.CharField("perangkat", max_length=400, blank=True)
    hash_ditandatangani = models.CharField("SHA-256 yang ditandatangani", max_length=64, blank=True)
    metode = models.CharField("metode", max_length=20, choices=Metode, blank=True)
    persetujuan = models.TextField("pernyataan persetujuan", blank=True)
    gambar = models.TextField("gambar tanda tangan (PNG data URI)", blank=True)

    class Meta:
        ordering = ["dokumen", "urutan"]
        verbose_name = "tanda tangan"
        verbose_name_plural = "tanda tangan"
        constraints = [models.UniqueConstraint(fields=["dokumen", "urutan"], name="tanda_tangan_urutan_unik")]

    def __str__(self):
        return f"{self.label}: {self.penandatangan}"

    @property
    def sudah(self):
        return self.ditandatangani_pada is not None


class UpayaHapus(models.Model):
    """An attempt to delete or overwrite a retained record, refused and kept (SE-A3.Kb)."""

    dokumen = models.ForeignKey(Dokumen, on_delete=models.PROTECT, null=True, related_name="+")
    nama_berkas = models.CharField(max_length=255, blank=True)
    melalui = models.CharField("melalui", max_length=40)
    pelaku = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    waktu = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-waktu"]
        verbose_name = "upaya penghapusan yang ditolak"
        verbose_name_plural = "upaya penghapusan yang ditolak"

    def __str__(self):
        return f"{self.melalui}: {self.dokumen or self.nama_berkas}"


class EksporDosier(TimeStampedModel):
    """One request to export a subject's dossier: a ZIP of its final records' PDFs with a
    manifest (manifest.json + a sealed indeks.pdf), built by Celery and kept as a DOSIER
    record. The subject is generic: any object that records are issued about."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Dalam antrean"
        RUNNING = "running", "Sedang dibuat"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.DONE, Status.FAILED},
    }
    STATUS_TONES = {Status.DONE: OK, Status.FAILED: ERR}

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diminta oleh"
    )
    status = models.CharField("status", max_length=20, choices=Status, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField("kemajuan (%)", default=0)
    message = models.CharField("keterangan", max_length=255, blank=True)
    # One export makes at most one dossier record (the unique key makes a second one fail).
    dokumen = models.OneToOneField(
        Dokumen,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ekspor_dosier",
        verbose_name="dokumen dosier",
    )
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "ekspor dosier"
        verbose_name_plural = "ekspor dosier"
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="ekspor_dosier_progress_max_100"
            )
        ]

    def __str__(self):
        return f"Ekspor dosier #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("administrasi:dosier-detail", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class TandaTanganMassal(TimeStampedModel):
    """One signing act over a chosen set of records (batch signing): one re-authentication
    and consent, whose evidence every signature row of the batch keeps, and the batch's
    progress. Each record is signed in its own transaction by Celery; a record that cannot
    be signed is skipped with its reason (per record, not all-or-nothing)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Dalam antrean"
        RUNNING = "running", "Sedang ditandatangani"
        DONE = "done", "Selesai"

    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.DONE},
        Status.RUNNING: {Status.DONE},
    }

    penandatangan = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="penandatangan"
    )
    status = models.CharField("status", max_length=20, choices=Status, default=Status.QUEUED, db_index=True)
    # The evidence of the re-authentication, copied into each signature row.
    ditandatangani_pada = models.DateTimeField("waktu tanda tangan")
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    user_agent = models.CharField("perangkat", max_length=400, blank=True)
    metode = models.CharField("metode", max_length=20, choices=TandaTangan.Metode)
    persetujuan = models.TextField("pernyataan persetujuan")
    gambar = models.TextField("gambar tanda tangan (PNG data URI)", blank=True)
    # Chosen records the signer may not see: not listed (their existence is not revealed).
    tidak_ditemukan = models.PositiveIntegerField("tidak ditemukan", default=0)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "tanda tangan massal"
        verbose_name_plural = "tanda tangan massal"

    def __str__(self):
        return f"Tanda tangan massal #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("administrasi:tanda-tangan-batch", args=[self.pk])


class TandaTanganMassalItem(models.Model):
    """One chosen record of a batch and what became of it: signed (its signature row), or
    skipped with the reason the single-signing rules gave."""

    class Hasil(models.TextChoices):
        PENDING = "pending", "Menunggu"
        SIGNED = "signed", "Ditandatangani"
        SKIPPED = "skipped", "Dilewati"

    batch = models.ForeignKey(TandaTanganMassal, on_delete=models.PROTECT, related_name="items")
    dokumen = models.ForeignKey(Dokumen, on_delete=models.PROTECT, related_name="+")
    urutan = models.PositiveIntegerField("urutan")
    hasil = models.CharField("hasil", max_length=20, choices=Hasil, default=Hasil.PENDING, db_index=True)
    alasan = models.CharField("alasan dilewati", max_length=255, blank=True)
    tanda_tangan = models.OneToOneField(
        TandaTangan, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["batch", "urutan"]
        verbose_name = "dokumen tanda tangan massal"
        verbose_name_plural = "dokumen tanda tangan massal"
        constraints = [
            models.UniqueConstraint(fields=["batch", "dokumen"], name="tanda_tangan_massal_dokumen_unik")
        ]

    def __str__(self):
        return f"{self.batch_id}/{self.urutan}: {self.get_hasil_display()}"


ACUAN_SKKNI = "SKKNI Nomor 333 Tahun 2020 tentang Standardisasi, Pelatihan Kerja, dan Sertifikasi Profesi"


class Sop(TimeStampedModel):
    """One version of one of the LSP's standard operating procedures (SE-A1.1–A1.4, SE-D1.1):
    its number, version, text, reference (SE-A1.K), the Ketua who approves it and the PDF
    record he signs. Staff write a draft, submit it (the text is frozen into an SOP record
    for the Ketua's signature), and the signature approves it: it takes effect on its
    effective date and the version in force before it is superseded, never deleted. A draft
    or a version waiting for approval is never public (SE-A1.4 edge)."""

    class Jenis(models.TextChoices):
        MELAYANI_SJJ = "melayani-sjj", "SOP pelayanan sertifikasi jarak jauh"
        ASESMEN_JJ = "asesmen-jj", "SOP asesmen jarak jauh"
        VERIFIKASI_TUK_JJ = "verifikasi-tuk-jj", "SOP verifikasi TUK jarak jauh"
        BANDING = "banding", "SOP banding dan pengaduan"
        MELAYANI_NIRKERTAS = "melayani-nirkertas", "SOP pelayanan sertifikasi nirkertas"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIAJUKAN = "diajukan", "Menunggu pengesahan Ketua"
        DISAHKAN = "disahkan", "Disahkan, menunggu tanggal berlaku"
        BERLAKU = "berlaku", "Berlaku"
        DIGANTIKAN = "digantikan", "Digantikan versi baru"

    TRANSITIONS = {
        Status.DRAFT: {Status.DIAJUKAN},
        Status.DIAJUKAN: {Status.DRAFT, Status.DISAHKAN, Status.BERLAKU},
        Status.DISAHKAN: {Status.BERLAKU},
        Status.BERLAKU: {Status.DIGANTIKAN},
    }
    STATUS_TONES = {Status.BERLAKU: OK, Status.DIGANTIKAN: ERR}
    # A version being written, waiting for the Ketua, or approved but not yet in force:
    # at most one per kind (sop_satu_revisi_per_jenis).
    OPEN = (Status.DRAFT, Status.DIAJUKAN, Status.DISAHKAN)
    # Shown to the public: the version in force, and those that were (an appeal names one).
    PUBLIC = (Status.BERLAKU, Status.DIGANTIKAN)

    jenis = models.CharField("jenis SOP", max_length=24, choices=Jenis)
    versi = models.PositiveSmallIntegerField("versi")
    status = models.CharField("status", max_length=12, choices=Status, default=Status.DRAFT, db_index=True)
    nomor = models.CharField("nomor dokumen SOP", max_length=60)
    judul = models.CharField("judul", max_length=200)
    isi = models.TextField("isi SOP")
    acuan = models.CharField("acuan", max_length=300, default=ACUAN_SKKNI, blank=True)
    catatan_perubahan = models.TextField("catatan perubahan", blank=True)
    berlaku_mulai = models.DateField("tanggal berlaku", null=True, blank=True)
    berlaku_sejak = models.DateTimeField("mulai berlaku pada", null=True, blank=True)
    penandatangan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="disahkan oleh",
    )
    disahkan_pada = models.DateTimeField("disahkan pada", null=True, blank=True)
    dokumen = models.OneToOneField(
        Dokumen,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sop",
        verbose_name="dokumen SOP (PDF)",
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="disusun oleh"
    )

    class Meta:
        ordering = ["jenis", "-versi"]
        verbose_name = "SOP"
        verbose_name_plural = "SOP"
        constraints = [
            models.UniqueConstraint(fields=["jenis", "versi"], name="sop_versi_unik"),
            models.UniqueConstraint(
                fields=["jenis"], condition=models.Q(status="berlaku"), name="sop_satu_berlaku_per_jenis"
            ),
            models.UniqueConstraint(
                fields=["jenis"],
                condition=models.Q(status__in=["draft", "diajukan", "disahkan"]),
                name="sop_satu_revisi_per_jenis",
            ),
            models.CheckConstraint(condition=models.Q(versi__gte=1), name="sop_versi_positif"),
            # Submitted or later: frozen in a record, with its approver, date and reference.
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(dokumen__isnull=False)
                    & models.Q(penandatangan__isnull=False)
                    & models.Q(berlaku_mulai__isnull=False)
                    & ~models.Q(acuan="")
                ),
                name="sop_diajukan_lengkap",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["disahkan", "berlaku", "digantikan"])
                | models.Q(disahkan_pada__isnull=False),
                name="sop_disahkan_bertanggal",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["berlaku", "digantikan"])
                | models.Q(berlaku_sejak__isnull=False),
                name="sop_berlaku_bertanggal",
            ),
        ]

    def __str__(self):
        return f"{self.nomor} {self.judul} (versi {self.versi})"

    def get_absolute_url(self):
        return reverse("administrasi:sop-detail", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC

    def record_retention_years(self) -> int:
        """How long its record is kept (services.retention_years): SOP_RETENTION_YEARS, so the
        version outlives its years in force and the certificates issued under it."""
        return settings.SOP_RETENTION_YEARS
