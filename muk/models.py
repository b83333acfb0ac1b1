"""Certification schemes and their structure: units, elements, KUK, basic requirements.

A Skema packages Unit Kompetensi (each with numbered Elemen and their KUK) with the
candidate's prerequisites, its fees per mode and BNSP's approval to certify it remotely
(SE-A4.1, SE-A4.6). MUK versions, MAPA and the instrument bank build on these rows.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel

# J.620100.004.02 (KBLI letter, field, serial, version), the newer M.74SPS03.088.2 and the
# older TIK.PR02.001.01 style all share: letters, a dot, a field code, a 3-digit serial, a version.
UNIT_CODE_RE = re.compile(r"^[A-Z]{1,4}\.[0-9A-Z]{4,8}\.[0-9]{3}\.[0-9]{1,2}$")
UNIT_CODE_HINT = "gunakan format seperti J.620100.004.02 atau M.74SPS03.088.2."
UNIT_CODE_MESSAGE = f"Kode unit tidak valid; {UNIT_CODE_HINT}"
KUK_NUMBER_RE = re.compile(r"^([1-9][0-9]*)\.([1-9][0-9]*)$")
FEE_MESSAGE = "Biaya tidak boleh kurang dari nol."

unit_code_validator = RegexValidator(UNIT_CODE_RE, UNIT_CODE_MESSAGE)


class Skema(TimeStampedModel):
    """A certification scheme (Skema Sertifikasi)."""

    class Jenis(models.TextChoices):
        KKNI = "kkni", "KKNI"
        OKUPASI = "okupasi", "Okupasi"
        KLASTER = "klaster", "Klaster"

    kode = models.CharField(
        "kode/nomor skema",
        max_length=60,
        unique=True,
        error_messages={"unique": "Kode skema ini sudah dipakai skema lain."},
        help_text="Misalnya SKM/BNSP/00010/1/2020/37A atau kode skema LSP.",
    )
    judul = models.CharField("judul skema", max_length=200)
    jenis = models.CharField("jenis skema", max_length=10, choices=Jenis)
    acuan = models.CharField("acuan standar", max_length=200, help_text="Misalnya SKKNI No. 282 Tahun 2016.")
    masa_berlaku_tahun = models.PositiveSmallIntegerField(
        "masa berlaku sertifikat (tahun)",
        validators=[
            MinValueValidator(1, "Masa berlaku sertifikat paling singkat 1 tahun."),
            MaxValueValidator(10, "Masa berlaku sertifikat paling lama 10 tahun."),
        ],
        help_text="Rekaman asesmen disimpan sekurang-kurangnya selama masa ini. Memperpendeknya "
        "tidak memperpendek masa simpan rekaman yang sudah terbit.",
    )
    biaya_tatap_muka = models.DecimalField(
        "biaya uji tatap muka (Rp)",
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(0, FEE_MESSAGE)],
    )
    biaya_jarak_jauh = models.DecimalField(
        "biaya uji jarak jauh (Rp)",
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(0, FEE_MESSAGE)],
        help_text="Isi sama dengan biaya tatap muka bila tidak berbeda.",
    )
    jarak_jauh_disetujui = models.BooleanField("disetujui BNSP untuk sertifikasi jarak jauh", default=False)
    nomor_surat_bnsp = models.CharField(
        "nomor surat persetujuan BNSP",
        max_length=100,
        blank=True,
        help_text="Wajib bila skema disetujui untuk sertifikasi jarak jauh.",
    )
    tanggal_surat_bnsp = models.DateField("tanggal surat persetujuan BNSP", null=True, blank=True)
    nirkertas_disetujui = models.BooleanField("disetujui untuk sertifikasi nirkertas", default=False)
    aktif = models.BooleanField("aktif", default=True, help_text="Skema nonaktif tidak dapat dimohon.")
    metode_default = models.TextField(
        "metode asesmen (bawaan)",
        blank=True,
        help_text="Misalnya observasi demonstrasi (FR.IA.01 + FR.IA.02), tes tertulis (FR.IA.05).",
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = "skema sertifikasi"
        verbose_name_plural = "skema sertifikasi"
        constraints = [
            models.CheckConstraint(
                condition=Q(biaya_tatap_muka__gte=0) & Q(biaya_jarak_jauh__gte=0),
                name="muk_skema_biaya_not_negative",
                violation_error_message=FEE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(masa_berlaku_tahun__gte=1) & Q(masa_berlaku_tahun__lte=10),
                name="muk_skema_masa_berlaku_1_10",
                violation_error_message="Masa berlaku sertifikat harus antara 1 dan 10 tahun.",
            ),
            # SE-B3: a remote approval is a BNSP letter; without its number and date it is none.
            models.CheckConstraint(
                condition=Q(jarak_jauh_disetujui=False)
                | (~Q(nomor_surat_bnsp="") & Q(tanggal_surat_bnsp__isnull=False)),
                name="muk_skema_approval_has_letter",
                violation_error_message="Persetujuan jarak jauh memerlukan nomor dan tanggal surat BNSP.",
            ),
        ]

    def __str__(self):
        return f"{self.kode} {self.judul}"

    def get_absolute_url(self):
        return reverse("muk:skema-detail", args=[self.pk])

    def clean(self):
        errors = {}
        self.nomor_surat_bnsp = (self.nomor_surat_bnsp or "").strip()
        if self.jarak_jauh_disetujui:
            when = "bila skema disetujui untuk sertifikasi jarak jauh."
            if not self.nomor_surat_bnsp:
                errors["nomor_surat_bnsp"] = f"Nomor surat persetujuan BNSP wajib diisi {when}"
            if not self.tanggal_surat_bnsp:
                errors["tanggal_surat_bnsp"] = f"Tanggal surat persetujuan BNSP wajib diisi {when}"
        if self.tanggal_surat_bnsp and self.tanggal_surat_bnsp > timezone.localdate():
            errors["tanggal_surat_bnsp"] = "Tanggal surat BNSP tidak boleh di masa depan."
        if errors:
            raise ValidationError(errors)

    def record_retention_years(self) -> int:
        """Records about this scheme are kept at least one certificate validity (SE-A3.Kb).
        administrasi stores `retained_until` at issue, so shortening it later never
        shortens a record already issued."""
        return self.masa_berlaku_tahun


class UnitKompetensi(TimeStampedModel):
    """A competency unit as packaged in one scheme (the same SKKNI unit may be in many)."""

    skema = models.ForeignKey(Skema, on_delete=models.CASCADE, related_name="units", verbose_name="skema")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    kode = models.CharField("kode unit", max_length=40, validators=[unit_code_validator])
    judul = models.CharField("judul unit", max_length=255)
    kelompok = models.CharField("kelompok pekerjaan", max_length=120, blank=True)

    class Meta:
        ordering = ["skema", "urutan", "kode"]
        verbose_name = "unit kompetensi"
        verbose_name_plural = "unit kompetensi"
        constraints = [
            models.UniqueConstraint(
                fields=["skema", "kode"],
                name="muk_unit_kode_unique_per_skema",
                violation_error_message="Kode unit ini sudah ada di skema ini.",
            )
        ]

    def __str__(self):
        return f"{self.kode} {self.judul}"


class Elemen(TimeStampedModel):
    """An element of a unit, numbered 1, 2, 3…"""

    unit = models.ForeignKey(
        UnitKompetensi, on_delete=models.CASCADE, related_name="elemen", verbose_name="unit kompetensi"
    )
    nomor = models.PositiveSmallIntegerField(
        "nomor elemen", validators=[MinValueValidator(1, "Nomor elemen dimulai dari 1.")]
    )
    judul = models.CharField("judul elemen", max_length=500)

    class Meta:
        ordering = ["unit", "nomor"]
        verbose_name = "elemen kompetensi"
        verbose_name_plural = "elemen kompetensi"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "nomor"],
                name="muk_elemen_nomor_unique_per_unit",
                violation_error_message="Nomor elemen ini sudah ada di unit ini.",
            ),
            models.CheckConstraint(condition=Q(nomor__gte=1), name="muk_elemen_nomor_positive"),
        ]

    def __str__(self):
        return f"{self.nomor}. {self.judul}"


class KUK(TimeStampedModel):
    """A performance criterion (Kriteria Unjuk Kerja) under an element, numbered 1.1, 1.2…"""

    elemen = models.ForeignKey(Elemen, on_delete=models.CASCADE, related_name="kuk", verbose_name="elemen")
    nomor = models.CharField("nomor KUK", max_length=10)
    # The part after the dot, so that 1.10 sorts after 1.9.
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    teks = models.TextField("kriteria unjuk kerja")

    class Meta:
        ordering = ["elemen", "urutan", "nomor"]
        verbose_name = "KUK"
        verbose_name_plural = "KUK"
        constraints = [
            models.UniqueConstraint(
                fields=["elemen", "nomor"],
                name="muk_kuk_nomor_unique_per_elemen",
                violation_error_message="Nomor KUK ini sudah ada di elemen ini.",
            )
        ]

    def __str__(self):
        return f"{self.nomor} {self.teks}"

    def clean(self):
        match = KUK_NUMBER_RE.match(self.nomor or "")
        if not match:
            raise ValidationError(
                {"nomor": "Nomor KUK harus berbentuk <nomor elemen>.<urutan>, misalnya 1.2."}
            )
        if self.elemen_id and int(match.group(1)) != self.elemen.nomor:
            raise ValidationError(
                {"nomor": f"Nomor KUK {self.nomor} tidak sesuai elemen {self.elemen.nomor}."}
            )
        self.urutan = int(match.group(2))


class PersyaratanDasar(TimeStampedModel):
    """An eligibility prerequisite (persyaratan dasar) of a scheme."""

    class Jenis(models.TextChoices):
        PENDIDIKAN = "pendidikan", "Pendidikan"
        PELATIHAN = "pelatihan", "Pelatihan"
        PENGALAMAN = "pengalaman", "Pengalaman kerja"
        ADMINISTRATIF = "administratif", "Administratif"

    skema = models.ForeignKey(
        Skema, on_delete=models.CASCADE, related_name="persyaratan", verbose_name="skema"
    )
    jenis = models.CharField("jenis persyaratan", max_length=20, choices=Jenis)
    teks = models.TextField("persyaratan")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)

    class Meta:
        ordering = ["skema", "urutan", "pk"]
        verbose_name = "persyaratan dasar"
        verbose_name_plural = "persyaratan dasar"

    def __str__(self):
        return self.teks
