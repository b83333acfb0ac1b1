"""Public portal content (SE-A4.1): the LSP's profile, its BNSP licence, news and the keyed
pages (certification flow, appeal and complaint SOP). Staff edit them through services."""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel
from lsp_portal.validity import Validity, validity_on

JAKARTA = ZoneInfo("Asia/Jakarta")
SINGLE_ROW = 1  # pk of the one profile and the one licence


def today_in_jakarta() -> datetime.date:
    return timezone.localdate(timezone=JAKARTA)


def _file_version(name: str) -> str:
    """A short token that changes with the stored file, for cache-busting query strings."""
    return hashlib.sha256(name.encode()).hexdigest()[:10] if name else ""


class ProfilLSP(TimeStampedModel):
    """The LSP's public profile: a single row (pk 1)."""

    nama = models.CharField("nama LSP", max_length=200)
    singkatan = models.CharField("singkatan", max_length=50, blank=True)
    alamat = models.TextField("alamat")
    kota = models.CharField("kota/kabupaten", max_length=100)
    telepon = models.CharField("telepon", max_length=50)
    email = models.EmailField("email")
    situs = models.URLField("situs web", blank=True)
    visi = models.TextField("visi")
    misi = models.TextField("misi")
    struktur_organisasi = models.ImageField("bagan struktur organisasi", upload_to="portal/", blank=True)
    # Set by the service from the checked image, so the page reserves the image's space.
    struktur_lebar = models.PositiveIntegerField(null=True, blank=True, editable=False)
    struktur_tinggi = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "profil LSP"
        verbose_name_plural = "profil LSP"
        constraints = [models.CheckConstraint(condition=Q(pk=SINGLE_ROW), name="portal_profil_single_row")]

    def __str__(self):
        return self.nama

    def get_absolute_url(self):
        return reverse("portal:profil")

    @property
    def struktur_versi(self) -> str:
        return _file_version(self.struktur_organisasi.name)


class Lisensi(TimeStampedModel):
    """The LSP's BNSP licence (SK lisensi): a single row (pk 1); a renewal edits it and the
    audit trail keeps the previous values."""

    # Computed from the dates, never stored: see `status` (X-3: flagged 90 days before).
    Status = Validity

    nomor_sk = models.CharField("nomor SK lisensi BNSP", max_length=120)
    tanggal_terbit = models.DateField("tanggal terbit")
    tanggal_kedaluwarsa = models.DateField("berlaku sampai")
    berkas_sk = models.FileField("berkas SK (PDF)", upload_to="portal/", blank=True)

    class Meta:
        verbose_name = "lisensi BNSP"
        verbose_name_plural = "lisensi BNSP"
        constraints = [
            models.CheckConstraint(condition=Q(pk=SINGLE_ROW), name="portal_lisensi_single_row"),
            models.CheckConstraint(
                condition=Q(tanggal_kedaluwarsa__gt=F("tanggal_terbit")),
                name="portal_lisensi_expiry_after_issue",
                violation_error_message="Tanggal berlaku sampai harus setelah tanggal terbit.",
            ),
        ]

    def __str__(self):
        return self.nomor_sk

    def get_absolute_url(self):
        return reverse("portal:lisensi")

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.tanggal_terbit
            and self.tanggal_kedaluwarsa
            and self.tanggal_kedaluwarsa <= self.tanggal_terbit
        ):
            raise ValidationError(
                {"tanggal_kedaluwarsa": "Tanggal berlaku sampai harus setelah tanggal terbit."}
            )

    def status_on(self, day: datetime.date) -> "Lisensi.Status":
        """Valid through its expiry date; 'akan berakhir' in its last 90 days (validity_on)."""
        return validity_on(self.tanggal_kedaluwarsa, day)

    @property
    def status(self) -> "Lisensi.Status":
        return self.status_on(today_in_jakarta())

    @property
    def sisa_hari(self) -> int:
        return (self.tanggal_kedaluwarsa - today_in_jakarta()).days

    @property
    def berkas_versi(self) -> str:
        return _file_version(self.berkas_sk.name)


class Berita(TimeStampedModel):
    """News and announcements. Only published ones are public."""

    judul = models.CharField("judul", max_length=200)
    slug = models.SlugField(
        "alamat (slug)",
        max_length=120,
        unique=True,
        error_messages={"unique": "Alamat (slug) ini sudah dipakai berita lain."},
    )
    ringkasan = models.CharField("ringkasan", max_length=300)
    isi = models.TextField("isi")
    terbit = models.BooleanField("diterbitkan", default=False)
    diterbitkan_pada = models.DateTimeField("diterbitkan pada", null=True, blank=True)

    class Meta:
        ordering = [F("diterbitkan_pada").desc(nulls_first=True), "-created_at", "-pk"]
        indexes = [models.Index(fields=["terbit", "-diterbitkan_pada"], name="portal_berita_terbit_idx")]
        verbose_name = "berita"
        verbose_name_plural = "berita"

    def __str__(self):
        return self.judul

    def get_absolute_url(self):
        return reverse("portal:berita-detail", args=[self.slug])


class HalamanPublik(models.Model):
    """A public page the LSP writes itself, found by its key."""

    class Kunci(models.TextChoices):
        ALUR_SERTIFIKASI = "alur-sertifikasi", "Alur sertifikasi"
        SOP_BANDING_PENGADUAN = "sop-banding-pengaduan", "SOP banding dan pengaduan"

    kunci = models.CharField("kunci", max_length=40, choices=Kunci, unique=True)
    judul = models.CharField("judul", max_length=200)
    isi = models.TextField("isi")
    meta_deskripsi = models.CharField("deskripsi untuk mesin pencari", max_length=160)
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        ordering = ["kunci"]
        verbose_name = "halaman publik"
        verbose_name_plural = "halaman publik"

    def __str__(self):
        return self.judul

    def get_absolute_url(self):
        return reverse(f"portal:{self.kunci}")
