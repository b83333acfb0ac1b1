"""The LSP's people by function and their documents with validity (SE-A4.2, SE-A2.1), the
reminders sent before those documents expire (X-3) and the asesor's yearly impartiality
declaration (X-6), which is a signed record of the records engine.

Dates that bound a validity are checked twice: in `clean()` (an Indonesian message on the
field) and by a CheckConstraint (nothing bypasses it).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel
from lsp_portal.validity import Validity, validity_on

EXPIRY_AFTER_ISSUE = "Tanggal berlaku sampai harus setelah tanggal terbit."
END_AFTER_START = "Tanggal selesai harus setelah tanggal mulai."
ACTIVE_TO_AFTER_FROM = "Tanggal akhir aktif tidak boleh sebelum tanggal mulai aktif."
MET_TAKEN = "Nomor registrasi MET ini sudah dipakai asesor lain."
NIK_TAKEN = "NIK/nomor identitas ini sudah dipakai personel lain."
USER_TAKEN = "Akun ini sudah terhubung dengan personel lain."


def today() -> dt.date:
    return timezone.localdate()


class PersonelQuerySet(models.QuerySet):
    def active_on(self, day: dt.date | None = None):
        day = day or today()
        return self.filter(Q(aktif_dari__lte=day), Q(aktif_sampai__isnull=True) | Q(aktif_sampai__gte=day))


class Personel(TimeStampedModel):
    """A person of the LSP in one function (SE-A4.2): steering board, executives, admin,
    information-system staff (SE-A2.1) or asesor. Optionally the person's account."""

    class Fungsi(models.TextChoices):
        DEWAN_PENGARAH = "dewan_pengarah", "Dewan Pengarah"
        KETUA = "ketua", "Ketua/Direktur LSP"
        MANAJER_SERTIFIKASI = "manajer_sertifikasi", "Manajer Sertifikasi"
        KOMITE_TEKNIS = "komite_teknis", "Komite Teknis"
        ADMIN = "admin", "Admin LSP"
        OPERATOR_SI = "operator_si", "Operator sistem informasi"
        PEMELIHARA_SI = "pemelihara_si", "Pemelihara sistem informasi"
        ASESOR = "asesor", "Asesor kompetensi"

    # How the SDM home groups the functions (SE.007 A.IV.2: pengarah, pelaksana, SI, asesor).
    GROUPS = [
        ("dewan", "Dewan Pengarah", [Fungsi.DEWAN_PENGARAH]),
        (
            "pelaksana",
            "Pelaksana",
            [Fungsi.KETUA, Fungsi.MANAJER_SERTIFIKASI, Fungsi.KOMITE_TEKNIS, Fungsi.ADMIN],
        ),
        ("si", "Sistem informasi", [Fungsi.OPERATOR_SI, Fungsi.PEMELIHARA_SI]),
        ("asesor", "Asesor", [Fungsi.ASESOR]),
    ]
    IT_FUNCTIONS = (Fungsi.OPERATOR_SI, Fungsi.PEMELIHARA_SI)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personel",
        verbose_name="akun",
        error_messages={"unique": USER_TAKEN},
    )
    nama = models.CharField("nama lengkap", max_length=150)
    fungsi = models.CharField("fungsi", max_length=30, choices=Fungsi, db_index=True)
    jabatan = models.CharField("jabatan", max_length=150, help_text="Misalnya Ketua Dewan Pengarah, Staf TI.")
    nik = models.CharField("NIK/nomor identitas", max_length=30, blank=True)
    telepon = models.CharField("telepon", max_length=30, blank=True)
    email = models.EmailField("email", blank=True)
    aktif_dari = models.DateField("aktif sejak")
    aktif_sampai = models.DateField(
        "aktif sampai", null=True, blank=True, help_text="Kosongkan bila masih menjabat."
    )

    objects = PersonelQuerySet.as_manager()

    class Meta:
        ordering = ["nama", "pk"]
        verbose_name = "personel"
        verbose_name_plural = "personel"
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                condition=~Q(nik=""),
                name="sdm_personel_nik_unique",
                violation_error_message=NIK_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(aktif_sampai__isnull=True) | Q(aktif_sampai__gte=F("aktif_dari")),
                name="sdm_personel_active_range",
                violation_error_message=ACTIVE_TO_AFTER_FROM,
            ),
        ]

    def __str__(self):
        return self.nama

    def get_absolute_url(self):
        return reverse("sdm:personel-detail", args=[self.pk])

    def clean(self):
        self.nik = (self.nik or "").strip()
        if self.aktif_dari and self.aktif_sampai and self.aktif_sampai < self.aktif_dari:
            raise ValidationError({"aktif_sampai": ACTIVE_TO_AFTER_FROM})

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or today()
        return self.aktif_dari <= day and (self.aktif_sampai is None or self.aktif_sampai >= day)

    @property
    def aktif(self) -> bool:
        return self.is_active_on()

    @property
    def is_it(self) -> bool:
        return self.fungsi in self.IT_FUNCTIONS

    @property
    def nik_tersamar(self) -> str:
        """X-10: lists show the NIK masked (first 4 and last 4 characters)."""
        if len(self.nik) <= 8:
            return "•" * len(self.nik)
        return self.nik[:4] + "•" * (len(self.nik) - 8) + self.nik[-4:]

    def contact_emails(self) -> tuple[str, ...]:
        """Where this person's reminders go: their own address, else their account's."""
        email = self.email or (self.user.email if self.user_id else "")
        return (email,) if email else ()


class Asesor(TimeStampedModel):
    """The assessor profile of a Personel in the function Asesor: MET registration, its
    validity, and the schemes the asesor may assess (SE-A4.2)."""

    personel = models.OneToOneField(
        Personel, on_delete=models.PROTECT, related_name="asesor", verbose_name="personel"
    )
    nomor_met = models.CharField(
        "nomor registrasi MET",
        max_length=60,
        unique=True,
        error_messages={"unique": MET_TAKEN},
        help_text="Seperti tertulis pada sertifikat asesor, misalnya MET.000.004321.2024.",
    )
    met_terbit = models.DateField("tanggal terbit registrasi MET")
    met_berlaku_sampai = models.DateField("registrasi MET berlaku sampai")
    nomor_sk_penetapan = models.CharField(
        "nomor SK penetapan asesor", max_length=120, blank=True, help_text="SK LSP yang menetapkan asesor."
    )
    # Scheme ids by a relation named in a string: sdm does not import muk (STYLE.md §12,
    # .importlinter); code that needs a scheme's code or title reads lsp_portal.schemes.
    skema = models.ManyToManyField(
        "muk.Skema", blank=True, related_name="+", verbose_name="skema yang boleh diases"
    )

    class Meta:
        ordering = ["personel__nama", "pk"]
        verbose_name = "asesor"
        verbose_name_plural = "asesor"
        constraints = [
            models.CheckConstraint(
                condition=Q(met_berlaku_sampai__gt=F("met_terbit")),
                name="sdm_asesor_met_expiry_after_issue",
                violation_error_message=EXPIRY_AFTER_ISSUE,
            ),
        ]

    def __str__(self):
        return f"{self.personel.nama} ({self.nomor_met})"

    def get_absolute_url(self):
        return self.personel.get_absolute_url()

    def clean(self):
        self.nomor_met = (self.nomor_met or "").strip().upper()
        if self.met_terbit and self.met_berlaku_sampai and self.met_berlaku_sampai <= self.met_terbit:
            raise ValidationError({"met_berlaku_sampai": EXPIRY_AFTER_ISSUE})

    def met_validity(self, day: dt.date | None = None) -> Validity:
        return validity_on(self.met_berlaku_sampai, day)

    def is_assignable_on(self, day: dt.date, skema_id: int | None = None) -> bool:
        """SE-A4.2: an asesor whose MET registration has expired, who is not active on the
        day, or (when asked) who may not assess the scheme, is not assignable. Reads the
        prefetched `skema` when present."""
        if day > self.met_berlaku_sampai or not self.personel.is_active_on(day):
            return False
        return skema_id is None or any(s.pk == skema_id for s in self.skema.all())


class SertifikatKompetensi(TimeStampedModel):
    """A competency certificate of a person: the asesor's (methodology and technical
    field) and the in-house maintainer's web-developer certificate (SE-A2.1)."""

    class Jenis(models.TextChoices):
        METODOLOGI = "metodologi", "Sertifikat asesor kompetensi (metodologi)"
        BIDANG = "bidang", "Sertifikat kompetensi bidang"
        WEB_DEVELOPER = "web_developer", "Sertifikat kompetensi web developer"
        LAINNYA = "lainnya", "Lainnya"

    personel = models.ForeignKey(
        Personel, on_delete=models.PROTECT, related_name="sertifikat", verbose_name="personel"
    )
    jenis = models.CharField("jenis sertifikat", max_length=20, choices=Jenis)
    nomor = models.CharField("nomor sertifikat", max_length=120)
    bidang = models.CharField(
        "skema/bidang", max_length=200, help_text="Misalnya Junior Web Developer, atau Metodologi Asesmen."
    )
    penerbit = models.CharField(
        "penerbit", max_length=150, blank=True, help_text="Misalnya BNSP, LSP Informatika."
    )
    tanggal_terbit = models.DateField("tanggal terbit")
    berlaku_sampai = models.DateField("berlaku sampai")
    berkas = models.FileField("berkas sertifikat", upload_to="sdm/sertifikat/", blank=True, max_length=255)

    class Meta:
        ordering = ["-berlaku_sampai", "-pk"]
        verbose_name = "sertifikat kompetensi"
        verbose_name_plural = "sertifikat kompetensi"
        constraints = [
            models.UniqueConstraint(
                fields=["personel", "nomor"],
                name="sdm_sertifikat_nomor_unique_per_personel",
                violation_error_message="Nomor sertifikat ini sudah tercatat untuk personel ini.",
            ),
            models.CheckConstraint(
                condition=Q(berlaku_sampai__gt=F("tanggal_terbit")),
                name="sdm_sertifikat_expiry_after_issue",
                violation_error_message=EXPIRY_AFTER_ISSUE,
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.nomor}"

    def get_absolute_url(self):
        return self.personel.get_absolute_url()

    def clean(self):
        self.nomor = (self.nomor or "").strip()
        if self.tanggal_terbit and self.berlaku_sampai and self.berlaku_sampai <= self.tanggal_terbit:
            raise ValidationError({"berlaku_sampai": EXPIRY_AFTER_ISSUE})

    def validity(self, day: dt.date | None = None) -> Validity:
        return validity_on(self.berlaku_sampai, day)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.tanggal_terbit <= day <= self.berlaku_sampai


class KontrakPemeliharaan(TimeStampedModel):
    """A third party maintaining the remote system (SE-A2.1): the vendor's contract, its
    period and whether it states the maintenance terms. Attached to the Personel who is the
    vendor's contact in the function Pemelihara SI."""

    personel = models.ForeignKey(
        Personel, on_delete=models.PROTECT, related_name="kontrak", verbose_name="personel (kontak vendor)"
    )
    nama_vendor = models.CharField("nama vendor", max_length=200)
    nomor_kontrak = models.CharField("nomor kontrak", max_length=120)
    tanggal_mulai = models.DateField("tanggal mulai")
    tanggal_selesai = models.DateField("tanggal selesai")
    memuat_klausul_pemeliharaan = models.BooleanField(
        "kontrak memuat ketentuan pemeliharaan sistem", default=False
    )
    berkas = models.FileField("berkas kontrak", upload_to="sdm/kontrak/", blank=True, max_length=255)

    class Meta:
        ordering = ["-tanggal_selesai", "-pk"]
        verbose_name = "kontrak pemeliharaan"
        verbose_name_plural = "kontrak pemeliharaan"
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gt=F("tanggal_mulai")),
                name="sdm_kontrak_end_after_start",
                violation_error_message=END_AFTER_START,
            ),
        ]

    def __str__(self):
        return f"{self.nama_vendor} {self.nomor_kontrak}"

    def get_absolute_url(self):
        return self.personel.get_absolute_url()

    def clean(self):
        self.nomor_kontrak = (self.nomor_kontrak or "").strip()
        if self.tanggal_mulai and self.tanggal_selesai and self.tanggal_selesai <= self.tanggal_mulai:
            raise ValidationError({"tanggal_selesai": END_AFTER_START})

    def validity(self, day: dt.date | None = None) -> Validity:
        return validity_on(self.tanggal_selesai, day)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.tanggal_mulai <= day <= self.tanggal_selesai and self.memuat_klausul_pemeliharaan


class Pengingat(models.Model):
    """One expiry reminder (X-3): a document (`kunci`, from a registered source), its expiry
    date and a threshold in days. Unique, so each threshold fires once per expiry date; a
    renewal (a new date) starts the thresholds again. `dikirim_pada` is set when the e-mail
    went out: a row whose sending failed is retried on the next run."""

    kunci = models.CharField("kunci dokumen", max_length=120)
    tanggal_kedaluwarsa = models.DateField("tanggal berakhir")
    ambang_hari = models.PositiveSmallIntegerField("ambang (hari sebelum berakhir)")
    judul = models.CharField("dokumen", max_length=300)
    url = models.CharField("tautan", max_length=300, blank=True)
    penerima = models.TextField("penerima", blank=True)
    dibuat_pada = models.DateTimeField("dibuat", auto_now_add=True)
    dikirim_pada = models.DateTimeField("email terkirim", null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-pk"]
        verbose_name = "pengingat masa berlaku"
        verbose_name_plural = "pengingat masa berlaku"
        constraints = [
            models.UniqueConstraint(
                fields=["kunci", "tanggal_kedaluwarsa", "ambang_hari"],
                name="sdm_pengingat_once_per_threshold",
            )
        ]

    def __str__(self):
        return f"{self.judul} ({self.ambang_hari} hari)"


class DeklarasiQuerySet(models.QuerySet):
    def in_force(self):
        """Declarations whose record was not voided (a voided one asks for a new signature)."""
        return self.exclude(dokumen__status="void")


class Deklarasi(TimeStampedModel):
    """An asesor's yearly impartiality and conflict-of-interest declaration (X-6). The
    signed text lives in the record (`dokumen`, kind DEKLARASI-ASESOR); this row makes it one
    per asesor per year and keeps what was declared for the staff overview. When staff void
    the record, the asesor signs again and this row points at the new record; the voided
    one stays in the archive (subject: the asesor)."""

    asesor = models.ForeignKey(
        Asesor, on_delete=models.PROTECT, related_name="deklarasi", verbose_name="asesor"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    potensi_konflik = models.TextField("potensi benturan kepentingan yang dinyatakan", blank=True)
    dokumen = models.OneToOneField(
        "administrasi.Dokumen", on_delete=models.PROTECT, related_name="+", verbose_name="dokumen"
    )

    objects = DeklarasiQuerySet.as_manager()

    class Meta:
        ordering = ["-tahun", "-pk"]
        verbose_name = "deklarasi asesor"
        verbose_name_plural = "deklarasi asesor"
        constraints = [
            models.UniqueConstraint(fields=["asesor", "tahun"], name="sdm_deklarasi_once_per_year")
        ]

    def __str__(self):
        return f"Deklarasi {self.tahun} {self.asesor.personel.nama}"

    def get_absolute_url(self):
        return self.dokumen.get_absolute_url()
