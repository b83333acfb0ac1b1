"""The LSP's register of assessment venues (TUK) with their remote readiness (SE-A4.3).

A TUK is verified for a period (`berlaku_sampai`); once that date has passed it *is* expired
(`status_efektif`), read from the date on every page and filter, so no nightly job has to
flip a flag. Status moves go through lsp_portal.workflow and keep their history.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel
from lsp_portal.status import OK, WARN, Badge

SK_PENETAPAN_KIND = "SK-PENETAPAN-TUK"
# SE.007 A.III.5 asks the LSP itself for at least 10 Mbps; the same bar is a fair reading
# of "ready for a remote assessment" at a venue.
MIN_BANDWIDTH_MBPS = Decimal("10")

LATITUDE_MESSAGE = "Lintang (latitude) harus di antara -90 dan 90."
LONGITUDE_MESSAGE = "Bujur (longitude) harus di antara -180 dan 180."
COORDINATES_PAIR_MESSAGE = "Isi lintang dan bujur sekaligus, atau kosongkan keduanya."
BANDWIDTH_MESSAGE = "Kecepatan internet tidak boleh kurang dari nol."
JUMLAH_MESSAGE = "Jumlah paling sedikit 1."
VERIFIED_NEEDS_DATE = "TUK terverifikasi harus memiliki tanggal berlaku sampai."
DATE_REQUIRED_MESSAGE = "Tanggal berlaku sampai wajib diisi untuk TUK terverifikasi."
DATE_FUTURE_MESSAGE = "Tanggal berlaku sampai harus setelah hari ini untuk TUK terverifikasi."
FASILITAS_DUPLICATE_MESSAGE = "Fasilitas dengan nama ini sudah tercatat di TUK ini; ubah jumlahnya saja."
KODE_TAKEN_MESSAGE = "Kode TUK ini sudah dipakai TUK lain."

telepon_validator = RegexValidator(
    r"^(\+62|62|0)[1-9][0-9]{6,12}$",
    "Nomor telepon harus nomor Indonesia, misalnya 081234567890 atau 0215551234.",
)


class TukQuerySet(models.QuerySet):
    def with_status_efektif(self, status: str, today: dt.date | None = None):
        """TUK whose status as of `today` is `status`: a verified TUK whose date has
        passed counts as expired (the same rule as Tuk.status_efektif)."""
        today = today or timezone.localdate()
        S = Tuk.Status
        if status == S.TERVERIFIKASI:
            return self.filter(status=S.TERVERIFIKASI, berlaku_sampai__gte=today)
        if status == S.KEDALUWARSA:
            return self.filter(Q(status=S.KEDALUWARSA) | Q(status=S.TERVERIFIKASI, berlaku_sampai__lt=today))
        return self.filter(status=status)


class Tuk(TimeStampedModel):
    """A Tempat Uji Kompetensi: where candidates are assessed, on site or remotely."""

    # What staff edit on the TUK form, in its order; the readiness part a Pengelola TUK may
    # also change on their own TUK.
    KESIAPAN_FIELDS = ("bandwidth_mbps", "kamera_tersedia", "ruang_sesuai", "catatan_kesiapan")
    EDITABLE_FIELDS = (
        "kode",
        "nama",
        "jenis",
        "alamat",
        "kota",
        "provinsi",
        "kode_pos",
        "latitude",
        "longitude",
        "penanggung_jawab",
        "penanggung_jawab_telepon",
        "penanggung_jawab_email",
        "pengelola",
        *KESIAPAN_FIELDS,
    )

    class Jenis(models.TextChoices):
        SEWAKTU = "sewaktu", "TUK Sewaktu"
        TEMPAT_KERJA = "tempat_kerja", "TUK Tempat Kerja"
        MANDIRI = "mandiri", "TUK Mandiri"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        TERVERIFIKASI = "terverifikasi", "Terverifikasi"
        KEDALUWARSA = "kedaluwarsa", "Kedaluwarsa"

    # Pedoman BNSP 206: a venue is verified again before each use (Sewaktu, Tempat Kerja)
    # or periodically (Mandiri), so a verified TUK may be verified again with a new date.
    TRANSITIONS = {
        Status.DRAFT: {Status.TERVERIFIKASI},
        Status.TERVERIFIKASI: {Status.TERVERIFIKASI, Status.KEDALUWARSA, Status.DRAFT},
        Status.KEDALUWARSA: {Status.TERVERIFIKASI, Status.DRAFT},
    }
    # The badge of the effective status (lsp_portal.status): verified green, expired amber.
    STATUS_TONES = {Status.TERVERIFIKASI: OK, Status.KEDALUWARSA: WARN}

    kode = models.CharField(
        "kode TUK",
        max_length=40,
        unique=True,
        error_messages={"unique": KODE_TAKEN_MESSAGE},
        help_text="Misalnya TUK-SWK-001 atau kode TUK dari SK penetapan.",
    )
    nama = models.CharField("nama TUK", max_length=200)
    jenis = models.CharField("jenis TUK", max_length=20, choices=Jenis)
    alamat = models.TextField("alamat", help_text="Jalan, nomor, kelurahan, dan kecamatan.")
    kota = models.CharField("kabupaten/kota", max_length=100)
    provinsi = models.CharField("provinsi", max_length=100)
    kode_pos = models.CharField(
        "kode pos",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[1-9][0-9]{4}$", "Kode pos terdiri atas 5 angka.")],
    )
    latitude = models.DecimalField(
        "lintang (latitude)",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90, LATITUDE_MESSAGE), MaxValueValidator(90, LATITUDE_MESSAGE)],
        help_text="Derajat desimal, misalnya -6.236200.",
    )
    longitude = models.DecimalField(
        "bujur (longitude)",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180, LONGITUDE_MESSAGE), MaxValueValidator(180, LONGITUDE_MESSAGE)],
        help_text="Derajat desimal, misalnya 106.823300.",
    )
    penanggung_jawab = models.CharField("nama penanggung jawab", max_length=150)
    penanggung_jawab_telepon = models.CharField(
        "telepon penanggung jawab", max_length=16, validators=[telepon_validator]
    )
    penanggung_jawab_email = models.EmailField("email penanggung jawab", blank=True)
    pengelola = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tuk_dikelola",
        verbose_name="akun Pengelola TUK",
        help_text="Akun berperan Pengelola TUK yang boleh memperbarui kesiapan dan fasilitas TUK ini.",
    )
    # Remote readiness (SE.007: TUK used for remote certification).
    bandwidth_mbps = models.DecimalField(
        "kecepatan internet (Mbps)",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, BANDWIDTH_MESSAGE)],
    )
    kamera_tersedia = models.BooleanField("kamera tersedia", default=False)
    ruang_sesuai = models.BooleanField("ruangan sesuai dan tenang", default=False)
    catatan_kesiapan = models.TextField("catatan kesiapan jarak jauh", blank=True)
    status = models.CharField("status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    berlaku_sampai = models.DateField("berlaku sampai", null=True, blank=True, db_index=True)
    sk_penetapan = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"jenis__kode": SK_PENETAPAN_KIND},
        verbose_name="SK penetapan TUK",
    )

    objects = TukQuerySet.as_manager()

    class Meta:
        ordering = ["nama", "kode"]
        verbose_name = "TUK"
        verbose_name_plural = "TUK"
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="tuk_latitude_range",
                violation_error_message=LATITUDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="tuk_longitude_range",
                violation_error_message=LONGITUDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="tuk_coordinates_pair",
                violation_error_message=COORDINATES_PAIR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(bandwidth_mbps__isnull=True) | Q(bandwidth_mbps__gte=0),
                name="tuk_bandwidth_not_negative",
                violation_error_message=BANDWIDTH_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(status="terverifikasi") | Q(berlaku_sampai__isnull=False),
                name="tuk_verified_has_date",
                violation_error_message=VERIFIED_NEEDS_DATE,
            ),
        ]

    def __str__(self):
        return f"{self.kode} {self.nama}"

    def get_absolute_url(self):
        return reverse("tuk:tuk-detail", args=[self.pk])

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError({missing: COORDINATES_PAIR_MESSAGE})

    # --- status as of today ------------------------------------------------------------

    def status_on(self, today: dt.date) -> str:
        """The status as of `today`: verified with a past date means expired."""
        if self.status == self.Status.TERVERIFIKASI and self.berlaku_sampai and self.berlaku_sampai < today:
            return self.Status.KEDALUWARSA
        return self.status

    @property
    def status_efektif(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_efektif_display(self) -> str:
        return self.Status(self.status_efektif).label

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status_efektif, self.get_status_efektif_display(), self.STATUS_TONES)

    @property
    def sisa_hari(self) -> int | None:
        """Days left of a current verification (0 on its last day), else None."""
        if self.status_efektif != self.Status.TERVERIFIKASI:
            return None
        return (self.berlaku_sampai - timezone.localdate()).days

    def is_verified_on(self, day: dt.date, skema_id: int | None = None) -> bool:
        """Verified on `day` (SE-A4.3 edge: an unverified TUK cannot be scheduled); with
        `skema_id`, verified for that scheme too (Pedoman 206: a TUK hosts only the schemes
        its SK penetapan lists). One query for the scheme, none without it."""
        if not (
            self.status == self.Status.TERVERIFIKASI
            and self.berlaku_sampai is not None
            and day <= self.berlaku_sampai
        ):
            return False
        return (
            skema_id is None
            or self.skema_ditetapkan.filter(skema_id=skema_id, berlaku_sampai__gte=day).exists()
        )

    # --- location and readiness -----------------------------------------------------------

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def koordinat(self) -> str:
        return f"{self.latitude}, {self.longitude}" if self.has_coordinates else ""

    @property
    def osm_url(self) -> str:
        """A plain link to the point on openstreetmap.org (no embedded map or script)."""
        if not self.has_coordinates:
            return ""
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    def kesiapan_kurang(self) -> list[str]:
        """What keeps the venue from a remote assessment, in words (empty: ready)."""
        missing = []
        if self.bandwidth_mbps is None:
            missing.append("kecepatan internet belum diisi")
        elif self.bandwidth_mbps < MIN_BANDWIDTH_MBPS:
            missing.append(f"kecepatan internet di bawah {MIN_BANDWIDTH_MBPS} Mbps")
        if not self.kamera_tersedia:
            missing.append("kamera belum tersedia")
        if not self.ruang_sesuai:
            missing.append("ruangan belum sesuai atau belum tenang")
        return missing

    @property
    def siap_jarak_jauh(self) -> bool:
        return not self.kesiapan_kurang()


class Fasilitas(TimeStampedModel):
    """One line of a TUK's facilities and equipment (sarana dan peralatan)."""

    class Kondisi(models.TextChoices):
        BAIK = "baik", "Baik"
        PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan"
        RUSAK = "rusak", "Rusak"

    tuk = models.ForeignKey(Tuk, on_delete=models.CASCADE, related_name="fasilitas", verbose_name="TUK")
    nama = models.CharField("nama fasilitas/peralatan", max_length=200)
    jumlah = models.PositiveIntegerField("jumlah", validators=[MinValueValidator(1, JUMLAH_MESSAGE)])
    kondisi = models.CharField("kondisi", max_length=20, choices=Kondisi, default=Kondisi.BAIK)
    keterangan = models.CharField("keterangan", max_length=255, blank=True)

    class Meta:
        ordering = ["tuk", "nama", "pk"]
        verbose_name = "fasilitas TUK"
        verbose_name_plural = "fasilitas TUK"
        constraints = [
            models.UniqueConstraint(
                fields=["tuk", "nama"],
                name="tuk_fasilitas_nama_unique_per_tuk",
                violation_error_message=FASILITAS_DUPLICATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(jumlah__gte=1),
                name="tuk_fasilitas_jumlah_positive",
                violation_error_message=JUMLAH_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.nama} ({self.jumlah})"


class TukSkema(TimeStampedModel):
    """A scheme a TUK may host, until a date, by an SK penetapan TUK (FLOW.md §4.1): written
    only by tuk.services.penetapan_apply, which the TUK verification calls. A later SK for the
    same scheme replaces the row's date and SK; the audit trail keeps the earlier ones."""

    tuk = models.ForeignKey(
        Tuk, on_delete=models.PROTECT, related_name="skema_ditetapkan", verbose_name="TUK"
    )
    # A relation by string holds only the id: tuk does not import muk (STYLE.md §12).
    skema = models.ForeignKey("muk.Skema", on_delete=models.PROTECT, related_name="+", verbose_name="skema")
    berlaku_sampai = models.DateField("berlaku sampai", db_index=True)
    sk = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SK penetapan (di sistem)",
    )
    sk_nomor = models.CharField("nomor SK penetapan", max_length=120)

    class Meta:
        ordering = ["tuk", "skema__kode"]
        verbose_name = "skema TUK yang ditetapkan"
        verbose_name_plural = "skema TUK yang ditetapkan"
        constraints = [models.UniqueConstraint(fields=["tuk", "skema"], name="tuk_skema_once")]

    def __str__(self):
        return f"{self.tuk.kode} – skema {self.skema_id} s.d. {self.berlaku_sampai:%d-%m-%Y}"

    def is_valid_on(self, day: dt.date) -> bool:
        return day <= self.berlaku_sampai
