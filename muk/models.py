"""Certification schemes and their structure: units, elements, KUK, basic requirements.

A Skema packages Unit Kompetensi (each with numbered Elemen and their KUK) with the
candidate's prerequisites, its fees per mode and BNSP's approval to certify it remotely
(SE-A4.1, SE-A4.6). MUK versions, MAPA and the instrument bank build on these rows.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel
from lsp_portal.status import OK, WARN, Badge

# J.620100.004.02 (KBLI letter, field, serial, version), the newer M.74SPS03.088.2 and the
# older TIK.PR02.001.01 style all share: letters, a dot, a field code, a 3-digit serial, a version.
UNIT_CODE_RE = re.compile(r"^[A-Z]{1,4}\.[0-9A-Z]{4,8}\.[0-9]{3}\.[0-9]{1,2}$")
UNIT_CODE_HINT = "gunakan format seperti J.620100.004.02 atau M.74SPS03.088.2."
UNIT_CODE_MESSAGE = f"Kode unit tidak valid; {UNIT_CODE_HINT}"
KUK_NUMBER_RE = re.compile(r"^([1-9][0-9]*)\.([1-9][0-9]*)$")
FEE_MESSAGE = "Biaya tidak boleh kurang dari nol."
KODE_TAKEN_MESSAGE = "Kode skema ini sudah dipakai skema lain."

unit_code_validator = RegexValidator(UNIT_CODE_RE, UNIT_CODE_MESSAGE)


class Skema(TimeStampedModel):
    """A certification scheme (Skema Sertifikasi)."""

    # What staff edit on the scheme form, in the form's order (services accept these only).
    EDITABLE_FIELDS = (
        "kode",
        "judul",
        "jenis",
        "acuan",
        "masa_berlaku_tahun",
        "biaya_tatap_muka",
        "biaya_jarak_jauh",
        "jarak_jauh_disetujui",
        "nomor_surat_bnsp",
        "tanggal_surat_bnsp",
        "nirkertas_disetujui",
        "aktif",
        "metode_default",
    )

    class Jenis(models.TextChoices):
        KKNI = "kkni", "KKNI"
        OKUPASI = "okupasi", "Okupasi"
        KLASTER = "klaster", "Klaster"

    kode = models.CharField(
        "kode/nomor skema",
        max_length=60,
        unique=True,
        error_messages={"unique": KODE_TAKEN_MESSAGE},
        help_text="Misalnya SKM/BNSP/00010/1/2020/37A atau kode skema LSP.",
    )
    judul = models.CharField("judul skema", max_length=200)
    jenis = models.CharField("jenis skema", max_length=10, choices=Jenis)
    # 500: the full title of a Kepmenaker decree setting an SKKNI runs past 300 characters.
    acuan = models.CharField(
        "acuan standar",
        max_length=500,
        help_text="Misalnya SKKNI No. 282 Tahun 2016, atau judul lengkap Keputusan Menteri "
        "Ketenagakerjaan yang menetapkannya.",
    )
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
    """A competency unit as packaged in one scheme (the same SKKNI unit may be in many).

    A unit may be held before its elements and KUK are known (some published schemes list
    units whose detail is in no public source yet): it is then not `lengkap` and no
    assessment, MAPA or instrument may use it until it is completed.
    """

    skema = models.ForeignKey(Skema, on_delete=models.CASCADE, related_name="units", verbose_name="skema")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    kode = models.CharField("kode unit", max_length=40, validators=[unit_code_validator])
    judul = models.CharField("judul unit", max_length=255)
    kelompok = models.CharField("kelompok pekerjaan", max_length=120, blank=True)
    # Stored, not computed, so that every page listing units (the public one included) reads
    # it without loading KUK. Only muk.services.struktur writes units, elements and KUK, and
    # it recomputes this after each change (unit_refresh_lengkap); False until then.
    lengkap = models.BooleanField(
        "lengkap",
        default=False,
        editable=False,
        help_text="Unit memiliki sekurang-kurangnya satu elemen dan setiap elemennya memiliki KUK.",
    )

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


TUK_REQ_NAMA_MESSAGE = "Nama peralatan atau bahan wajib diisi."
TUK_REQ_JUMLAH_MESSAGE = "Jumlah minimal paling sedikit 1; kosongkan bila tidak ditentukan."
TUK_REQ_DUPLICATE_MESSAGE = "Peralatan dengan nama ini sudah tercantum di skema ini; ubah baris yang ada."


class PersyaratanTeknisTuk(TimeStampedModel):
    """One line of a scheme's technical requirements for a TUK (persyaratan teknis TUK): the
    equipment or material its MUK needs, the least quantity and its specification. The TUK
    verification checklist lists them line by line (FORMS.md §6), read through
    lsp_portal.schemes.tuk_requirements (selectors.tuk_requirement_values)."""

    skema = models.ForeignKey(
        Skema, on_delete=models.CASCADE, related_name="persyaratan_tuk", verbose_name="skema"
    )
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    nama = models.CharField("peralatan/bahan", max_length=200, error_messages={"blank": TUK_REQ_NAMA_MESSAGE})
    jumlah = models.PositiveIntegerField(
        "jumlah minimal",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, TUK_REQ_JUMLAH_MESSAGE)],
        help_text="Kosongkan bila jumlahnya tidak ditentukan.",
    )
    spesifikasi = models.TextField("spesifikasi", blank=True)

    class Meta:
        ordering = ["skema", "urutan", "pk"]
        verbose_name = "persyaratan teknis TUK"
        verbose_name_plural = "persyaratan teknis TUK"
        constraints = [
            # One line per name in a scheme, in any case ("Laptop" and "laptop" are one item).
            models.UniqueConstraint(
                models.F("skema"),
                Lower("nama"),
                name="muk_persyaratan_tuk_nama_unique_per_skema",
                violation_error_message=TUK_REQ_DUPLICATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(nama=""),
                name="muk_persyaratan_tuk_nama_not_empty",
                violation_error_message=TUK_REQ_NAMA_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(jumlah__isnull=True) | Q(jumlah__gte=1),
                name="muk_persyaratan_tuk_jumlah_positive",
                violation_error_message=TUK_REQ_JUMLAH_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.nama if self.jumlah is None else f"{self.nama} ({self.jumlah})"


# --- MUK (Materi Uji Kompetensi): versions, plan (MAPA) and instrument bank -------------------


class MukVersi(TimeStampedModel):
    """One version of a scheme's MUK: its plan (FR.MAPA.01/02) and its instruments (FR.IA.01–11).

    SE-A4.6: a validator signs FR.VA and thereby locks the version; only a validated version
    is used in an assessment. A change to a validated version is a new version (n+1), which
    replaces version n once it is validated in turn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIAJUKAN = "diajukan", "Diajukan (dalam reviu)"
        TERVALIDASI = "tervalidasi", "Tervalidasi"
        DIGANTI = "diganti", "Diganti versi baru"

    TRANSITIONS = {
        Status.DRAFT: {Status.DIAJUKAN},
        Status.DIAJUKAN: {Status.DRAFT, Status.TERVALIDASI},
        Status.TERVALIDASI: {Status.DIGANTI},
    }
    OPEN = (Status.DRAFT, Status.DIAJUKAN)
    # The status badge (lsp_portal.status): validated green, under review amber.
    STATUS_TONES = {Status.TERVALIDASI: OK, Status.DIAJUKAN: WARN}

    skema = models.ForeignKey(Skema, on_delete=models.PROTECT, related_name="muk_versi", verbose_name="skema")
    nomor = models.PositiveSmallIntegerField("versi", validators=[MinValueValidator(1)])
    status = models.CharField("status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    sebelumnya = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="disalin dari versi",
    )
    disusun_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="penyusun"
    )
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diajukan oleh",
    )
    divalidasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validator",
    )
    divalidasi_pada = models.DateTimeField("divalidasi pada", null=True, blank=True)
    dokumen_va = models.OneToOneField(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rekaman FR.VA",
    )
    catatan_reviu = models.TextField("catatan reviu terakhir", blank=True)

    class Meta:
        ordering = ["skema", "-nomor"]
        verbose_name = "versi MUK"
        verbose_name_plural = "versi MUK"
        constraints = [
            models.UniqueConstraint(
                fields=["skema", "nomor"],
                name="muk_versi_nomor_unique_per_skema",
                violation_error_message="Nomor versi MUK ini sudah ada di skema ini.",
            ),
            # One version in the making (draft or under review) per scheme at a time.
            models.UniqueConstraint(
                fields=["skema"],
                condition=Q(status__in=["draft", "diajukan"]),
                name="muk_versi_one_open_per_skema",
                violation_error_message="Skema ini sudah memiliki MUK versi draf.",
            ),
            # Validating n+1 supersedes n: one version in force per scheme.
            models.UniqueConstraint(
                fields=["skema"],
                condition=Q(status="tervalidasi"),
                name="muk_versi_one_validated_per_skema",
                violation_error_message="Skema ini sudah memiliki MUK versi tervalidasi.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "diajukan"]) | Q(dokumen_va__isnull=False),
                name="muk_versi_validated_has_fr_va",
                violation_error_message="MUK tervalidasi memerlukan rekaman FR.VA.",
            ),
        ]

    def __str__(self):
        return f"MUK {self.skema.kode} versi {self.nomor}"

    def get_absolute_url(self):
        return reverse("muk:versi-detail", args=[self.skema_id, self.nomor])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_validated(self):
        return self.status == self.Status.TERVALIDASI

    def edit_refusal(self) -> str:
        """Why this version cannot be edited now ("" when it can): only drafts change."""
        if self.status == self.Status.DRAFT:
            return ""
        if self.status == self.Status.DIAJUKAN:
            return (
                f"MUK versi {self.nomor} sedang direviu validator dan tidak dapat diubah. "
                "Tunggu hasil reviu atau minta validator mengembalikannya ke draf."
            )
        if self.status == self.Status.TERVALIDASI:
            return (
                f"MUK versi {self.nomor} sudah tervalidasi dan tidak dapat diubah. "
                "Gunakan “Buat versi baru” untuk melakukan perubahan."
            )
        return f"MUK versi {self.nomor} sudah diganti versi yang lebih baru dan tidak dapat diubah."

    def unusable_reason(self) -> str:
        """Why an assessment may not use this version ("" when it may): SE-A4.6, only a
        validated version is used."""
        if self.status == self.Status.TERVALIDASI:
            return ""
        name = f"MUK {self.skema.kode} versi {self.nomor}"
        if self.status == self.Status.DIGANTI:
            return f"{name} sudah diganti versi yang lebih baru; pilih MUK tervalidasi yang berlaku."
        return (
            f"{name} belum divalidasi (status: {self.get_status_display().lower()}); "
            "hanya MUK tervalidasi yang dapat dipakai dalam asesmen."
        )

    def record_retention_years(self) -> int:
        """FR.VA about this version is kept as long as records about its scheme (SE-A3.Kb)."""
        return self.skema.record_retention_years()

    def record_skema(self) -> Skema:
        """FR.VA about this version is filed under its scheme (the archive's scheme filter)."""
        return self.skema


class Metode(models.TextChoices):
    """Assessment methods of FR.MAPA.01 with the tool codes the form uses."""

    OBSERVASI = "observasi", "Observasi langsung (CL)"
    KEGIATAN_TERSTRUKTUR = "kegiatan_terstruktur", "Kegiatan terstruktur (DIT)"
    TANYA_JAWAB = "tanya_jawab", "Tanya jawab / pertanyaan lisan (DPL)"
    PERTANYAAN_TERTULIS = "pertanyaan_tertulis", "Pertanyaan tertulis (DPT)"
    VERIFIKASI_PORTOFOLIO = "verifikasi_portofolio", "Verifikasi portofolio (CVP)"
    REVIU_PRODUK = "reviu_produk", "Reviu produk (CRP)"
    WAWANCARA = "wawancara", "Wawancara (PW)"
    PIHAK_KETIGA = "pihak_ketiga", "Verifikasi pihak ketiga (VPK)"


class JenisBukti(models.TextChoices):
    L = "L", "Langsung (L)"
    TL = "TL", "Tidak langsung (TL)"
    T = "T", "Tambahan (T)"


# The kind of evidence each method usually yields (the MAPA.01 page's starting values).
METODE_BUKTI = {
    Metode.OBSERVASI: JenisBukti.L,
    Metode.KEGIATAN_TERSTRUKTUR: JenisBukti.L,
    Metode.TANYA_JAWAB: JenisBukti.T,
    Metode.PERTANYAAN_TERTULIS: JenisBukti.T,
    Metode.VERIFIKASI_PORTOFOLIO: JenisBukti.TL,
    Metode.REVIU_PRODUK: JenisBukti.TL,
    Metode.WAWANCARA: JenisBukti.T,
    Metode.PIHAK_KETIGA: JenisBukti.TL,
}


class PotensiAsesi(models.IntegerChoices):
    """Candidate background categories of FR.MAPA.01/02 (GLOSSARY: potensi asesi)."""

    P1 = 1, "1 · Hasil pelatihan/pendidikan, kurikulum mampu telusur ke standar kompetensi"
    P2 = 2, "2 · Hasil pelatihan/pendidikan, kurikulum belum berbasis kompetensi"
    P3 = 3, "3 · Pekerja berpengalaman, mampu telusur ke standar kompetensi"
    P4 = 4, "4 · Pekerja berpengalaman, belum mampu telusur ke standar kompetensi"
    P5 = 5, "5 · Pelatihan atau belajar mandiri"


class JenisIA(models.TextChoices):
    """The FR.IA instruments (FORMS.md §4); IA.11 carries both its 2023 and 2020 names."""

    IA01 = "IA.01", "FR.IA.01 Ceklis Observasi Aktivitas (CL)"
    IA02 = "IA.02", "FR.IA.02 Tugas Praktik Demonstrasi (TPD)"
    IA03 = "IA.03", "FR.IA.03 Pertanyaan untuk Mendukung Observasi (PMO)"
    IA04 = "IA.04", "FR.IA.04 Proyek Singkat / Kegiatan Terstruktur (DIT)"
    IA05 = "IA.05", "FR.IA.05 Pertanyaan Tertulis Pilihan Ganda (DPT)"
    IA06 = "IA.06", "FR.IA.06 Pertanyaan Tertulis Esai (DPT)"
    IA07 = "IA.07", "FR.IA.07 Pertanyaan Lisan (DPL)"
    IA08 = "IA.08", "FR.IA.08 Ceklis Verifikasi Portofolio (CVP)"
    IA09 = "IA.09", "FR.IA.09 Pertanyaan Wawancara (PW)"
    IA10 = "IA.10", "FR.IA.10 Klarifikasi Bukti Pihak Ketiga (VPK)"
    IA11 = "IA.11", "FR.IA.11 Ceklis Reviu Produk / Meninjau Instrumen (CRP)"


class Mapa01(TimeStampedModel):
    """FR.MAPA.01 for one unit of one MUK version: approach, purpose, context, candidate.
    The methods and the kind of evidence each yields are rows of Mapa01Metode."""

    class Pendekatan(models.TextChoices):
        KELOMPOK = "kelompok", "Asesmen kelompok"
        INDIVIDU = "individu", "Asesmen individu"

    class Tujuan(models.TextChoices):
        SERTIFIKASI = "sertifikasi", "Sertifikasi"
        PKT = "pkt", "Pengakuan kompetensi terkini (PKT)"
        RPL = "rpl", "Rekognisi pembelajaran lampau (RPL)"
        LAINNYA = "lainnya", "Lainnya"

    class Lingkungan(models.TextChoices):
        NYATA = "nyata", "Tempat kerja nyata"
        SIMULASI = "simulasi", "Tempat kerja simulasi"

    versi = models.ForeignKey(
        MukVersi, on_delete=models.CASCADE, related_name="mapa01", verbose_name="versi MUK"
    )
    unit = models.ForeignKey(
        UnitKompetensi, on_delete=models.PROTECT, related_name="+", verbose_name="unit kompetensi"
    )
    pendekatan = models.CharField("pendekatan asesmen", max_length=10, choices=Pendekatan)
    tujuan = models.CharField("tujuan asesmen", max_length=12, choices=Tujuan, default=Tujuan.SERTIFIKASI)
    lingkungan = models.CharField("lingkungan asesmen", max_length=10, choices=Lingkungan)
    konteks = models.TextField(
        "konteks asesmen",
        help_text="Peluang mengumpulkan bukti, hubungan standar dengan aktivitas kerja, siapa yang mengases.",
    )
    potensi_asesi = models.PositiveSmallIntegerField("potensi asesi", choices=PotensiAsesi)
    kandidat = models.TextField(
        "karakteristik kandidat", help_text="Siapa asesinya: latar belakang, kebutuhan khusus bila ada."
    )
    bukti = models.TextField(
        "bukti yang dikumpulkan", help_text="Misalnya hasil demonstrasi, sertifikat pelatihan."
    )
    tolok_ukur = models.CharField("tolok ukur", max_length=255, blank=True)

    class Meta:
        ordering = ["versi", "unit__urutan"]
        verbose_name = "FR.MAPA.01 per unit"
        verbose_name_plural = "FR.MAPA.01 per unit"
        constraints = [
            models.UniqueConstraint(fields=["versi", "unit"], name="muk_mapa01_one_per_unit"),
        ]

    def __str__(self):
        return f"FR.MAPA.01 {self.unit.kode}"


class Mapa01Metode(models.Model):
    """One assessment method chosen for a unit in FR.MAPA.01, with its kind of evidence."""

    mapa01 = models.ForeignKey(Mapa01, on_delete=models.CASCADE, related_name="metode")
    metode = models.CharField("metode", max_length=30, choices=Metode)
    jenis_bukti = models.CharField("jenis bukti", max_length=2, choices=JenisBukti)

    class Meta:
        ordering = ["mapa01", "pk"]
        verbose_name = "metode FR.MAPA.01"
        verbose_name_plural = "metode FR.MAPA.01"
        constraints = [models.UniqueConstraint(fields=["mapa01", "metode"], name="muk_mapa01_metode_once")]

    def __str__(self):
        return f"{self.get_metode_display()}: {self.jenis_bukti}"


class Mapa02(models.Model):
    """FR.MAPA.02, one tidy row: in this version, for this unit, instrument `jenis` is used
    for candidates of potential `potensi`."""

    versi = models.ForeignKey(
        MukVersi, on_delete=models.CASCADE, related_name="mapa02", verbose_name="versi MUK"
    )
    unit = models.ForeignKey(
        UnitKompetensi, on_delete=models.PROTECT, related_name="+", verbose_name="unit kompetensi"
    )
    jenis = models.CharField("instrumen", max_length=5, choices=JenisIA)
    potensi = models.PositiveSmallIntegerField("potensi asesi", choices=PotensiAsesi)

    class Meta:
        ordering = ["versi", "unit__urutan", "jenis", "potensi"]
        verbose_name = "FR.MAPA.02 baris"
        verbose_name_plural = "FR.MAPA.02 baris"
        constraints = [
            models.UniqueConstraint(
                fields=["versi", "unit", "jenis", "potensi"], name="muk_mapa02_cell_once"
            ),
        ]

    def __str__(self):
        return f"FR.MAPA.02 {self.unit.kode} {self.jenis} potensi {self.potensi}"


class Instrumen(TimeStampedModel):
    """An assessment instrument (FR.IA.01–11) for one unit of one MUK version."""

    versi = models.ForeignKey(
        MukVersi, on_delete=models.CASCADE, related_name="instrumen", verbose_name="versi MUK"
    )
    unit = models.ForeignKey(
        UnitKompetensi, on_delete=models.PROTECT, related_name="+", verbose_name="unit kompetensi"
    )
    jenis = models.CharField("jenis instrumen", max_length=5, choices=JenisIA)
    judul = models.CharField("judul", max_length=200)
    petunjuk = models.TextField("petunjuk", blank=True, help_text="Petunjuk bagi asesor dan/atau asesi.")
    urutan = models.PositiveIntegerField("urutan", default=1)
    # The time a written test takes (FR.IA.05, IA.06); the server keeps the clock.
    waktu_menit = models.PositiveSmallIntegerField(
        "waktu pengerjaan (menit)",
        null=True,
        blank=True,
        help_text="Untuk pertanyaan tertulis (FR.IA.05/06): lama pengerjaan; tambahan waktu FR.AK.07 "
        "ditambahkan.",
    )

    class Meta:
        ordering = ["versi", "unit__urutan", "jenis", "urutan", "pk"]
        verbose_name = "instrumen asesmen"
        verbose_name_plural = "instrumen asesmen"

    def __str__(self):
        return f"{self.jenis} {self.judul}"

    def get_absolute_url(self):
        return reverse("muk:instrumen-detail", args=[self.versi.skema_id, self.versi.nomor, self.pk])

    @property
    def spec(self) -> "ButirSpec":
        return BUTIR_SPEC[self.jenis]


class ButirInstrumen(TimeStampedModel):
    """One item of an instrument: a checklist line, a task, a question... What each field
    means and which are required depends on the instrument's kind (BUTIR_SPEC)."""

    instrumen = models.ForeignKey(
        Instrumen, on_delete=models.CASCADE, related_name="butir", verbose_name="instrumen"
    )
    urutan = models.PositiveIntegerField("nomor", default=1)
    teks = models.TextField("teks")
    kuk = models.ForeignKey(
        KUK, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="KUK"
    )
    jawaban = models.TextField("jawaban/hasil yang diharapkan", blank=True)
    waktu_menit = models.PositiveSmallIntegerField("waktu (menit)", null=True, blank=True)

    class Meta:
        ordering = ["instrumen", "urutan", "pk"]
        verbose_name = "butir instrumen"
        verbose_name_plural = "butir instrumen"

    def __str__(self):
        return f"{self.urutan}. {self.teks[:60]}"


class OpsiJawaban(models.Model):
    """A multiple-choice option (FR.IA.05); exactly one option of an item is its key."""

    butir = models.ForeignKey(ButirInstrumen, on_delete=models.CASCADE, related_name="opsi")
    huruf = models.CharField("huruf", max_length=1)
    teks = models.CharField("opsi", max_length=500)
    benar = models.BooleanField("kunci jawaban", default=False)

    class Meta:
        ordering = ["butir", "huruf"]
        verbose_name = "opsi jawaban"
        verbose_name_plural = "opsi jawaban"
        constraints = [
            models.UniqueConstraint(fields=["butir", "huruf"], name="muk_opsi_huruf_once"),
            models.UniqueConstraint(fields=["butir"], condition=Q(benar=True), name="muk_opsi_one_key"),
        ]

    def __str__(self):
        return f"{self.huruf}. {self.teks}"


# --- what an item of each instrument kind holds -----------------------------------------------

OPSI_HURUF = ["a", "b", "c", "d", "e"]
REQUIRED, OPTIONAL = "wajib", "opsional"


@dataclass(frozen=True)
class ButirSpec:
    """Labels and rules of an item of one instrument kind."""

    noun: str  # "butir ceklis", "tugas", "pertanyaan"
    teks: str
    jawaban: str = ""  # label; "" = the kind has no answer field
    jawaban_wajib: bool = False
    waktu: bool = False  # time in minutes, required when present
    kuk: str = OPTIONAL  # REQUIRED / OPTIONAL
    opsi: bool = False  # multiple choice: options a–e, exactly one key


BUTIR_SPEC = {
    JenisIA.IA01: ButirSpec(
        "butir ceklis", "Aktivitas yang diamati", "Acuan pembanding (SOP/standar industri)", kuk=REQUIRED
    ),
    JenisIA.IA02: ButirSpec("tugas", "Tugas praktik", "Hasil yang diharapkan", True, waktu=True),
    JenisIA.IA03: ButirSpec("pertanyaan", "Pertanyaan", "Jawaban yang diharapkan", True),
    JenisIA.IA04: ButirSpec(
        "kegiatan", "Instruksi proyek/kegiatan", "Hasil yang diharapkan", True, waktu=True
    ),
    JenisIA.IA05: ButirSpec("soal", "Pertanyaan", opsi=True),
    JenisIA.IA06: ButirSpec("soal", "Pertanyaan esai", "Kunci/panduan jawaban", True),
    JenisIA.IA07: ButirSpec("pertanyaan", "Pertanyaan lisan", "Jawaban yang diharapkan", True),
    JenisIA.IA08: ButirSpec("bukti portofolio", "Bukti portofolio yang diperiksa", "Keterangan"),
    JenisIA.IA09: ButirSpec("pertanyaan", "Pertanyaan wawancara", "Jawaban yang diharapkan"),
    JenisIA.IA10: ButirSpec("pertanyaan", "Pertanyaan untuk pihak ketiga"),
    JenisIA.IA11: ButirSpec("butir ceklis", "Butir ceklis reviu produk", "Spesifikasi/standar produk"),
}

MAX_WAKTU_MENIT = 600

# FR.VA: the principles of assessment a validator judges a MUK version against.
PRINSIP = [
    ("valid", "Valid"),
    ("reliabel", "Reliabel"),
    ("fleksibel", "Fleksibel"),
    ("adil", "Adil"),
]


def validate_butir(*, jenis: str, unit, teks: str, kuk, jawaban: str, waktu_menit, opsi) -> dict:
    """Check an item of kind `jenis` for `unit`. `opsi`: [(huruf, teks, benar)] (IA.05 only).

    Returns the cleaned values (fields a kind does not use emptied); raises ValidationError
    keyed by field ("teks", "kuk", "jawaban", "waktu_menit", "opsi", "kunci") in Indonesian.
    """
    spec = BUTIR_SPEC[jenis]
    errors: dict[str, str] = {}
    teks = (teks or "").strip()
    jawaban = (jawaban or "").strip() if spec.jawaban else ""
    if not teks:
        errors["teks"] = f"{spec.teks} wajib diisi."
    if spec.kuk == REQUIRED and kuk is None:
        errors["kuk"] = f"Pilih KUK yang diamati; setiap {spec.noun} {jenis} terkait satu KUK."
    if kuk is not None and kuk.elemen.unit_id != unit.pk:
        errors["kuk"] = f"KUK {kuk.nomor} bukan bagian dari unit {unit.kode}."
    if spec.jawaban_wajib and not jawaban:
        errors["jawaban"] = f"{spec.jawaban} wajib diisi."
    if spec.waktu:
        if waktu_menit in (None, ""):
            errors["waktu_menit"] = "Waktu pengerjaan (menit) wajib diisi."
        elif not 1 <= int(waktu_menit) <= MAX_WAKTU_MENIT:
            errors["waktu_menit"] = f"Waktu pengerjaan antara 1 dan {MAX_WAKTU_MENIT} menit."
    else:
        waktu_menit = None
    cleaned_opsi = []
    if spec.opsi:
        seen = set()
        for huruf, opsi_teks, benar in opsi or []:
            opsi_teks = (opsi_teks or "").strip()
            if huruf not in OPSI_HURUF or huruf in seen:
                errors["opsi"] = f"Huruf opsi {huruf} tidak dikenal atau ganda."
                continue
            seen.add(huruf)
            if not opsi_teks:
                if benar:
                    errors["kunci"] = f"Opsi {huruf} dipilih sebagai kunci tetapi teksnya kosong."
                continue
            cleaned_opsi.append((huruf, opsi_teks, bool(benar)))
        keys = [h for h, _, benar in cleaned_opsi if benar]
        if len(cleaned_opsi) < 2:
            errors["opsi"] = "Soal pilihan ganda memerlukan sekurang-kurangnya dua opsi jawaban."
        if "kunci" not in errors:
            if not keys:
                errors["kunci"] = "Pilih satu opsi sebagai kunci jawaban."
            elif len(keys) > 1:
                errors["kunci"] = (
                    f"Kunci jawaban harus tepat satu opsi; terpilih {len(keys)} ({', '.join(keys)})."
                )
    if errors:
        raise ValidationError(errors)
    return {
        "teks": teks,
        "kuk": kuk,
        "jawaban": jawaban,
        "waktu_menit": int(waktu_menit) if waktu_menit not in (None, "") else None,
        "opsi": cleaned_opsi,
    }
