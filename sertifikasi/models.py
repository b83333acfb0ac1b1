"""The certification journey, part I (SE-A4.7, SE-A4.8a–c, SE-D1.2a–c, SE-E3, X-6, X-7, X-10):
an application (FR.APL.01), its verification rounds, the self-assessment (FR.APL.02), the
batch it is scheduled in (jadwal asesmen, with its SPT), the candidate's plan (FR.MAPA.01/02),
reasonable adjustment (FR.AK.07) and agreement (FR.AK.01).

Every signed form is a record of the records engine (administrasi.Dokumen); the rows here
keep what the journey needs to decide the next step and point at the current record of
each form. Status moves go through lsp_portal.workflow.transition() and keep their history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lsp_portal.models import TimeStampedModel
from lsp_portal.status import ERR, OK, WARN, Badge


class Mode(models.TextChoices):
    TATAP_MUKA = "tatap_muka", "Tatap muka"
    JARAK_JAUH = "jarak_jauh", "Jarak jauh"


class Permohonan(TimeStampedModel):
    """One application of one applicant for one scheme (FLOW.md §1, states 0–6)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIAJUKAN = "diajukan", "Menunggu verifikasi"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan untuk diperbaiki"
        DITOLAK = "ditolak", "Tidak diterima"
        ASESMEN_MANDIRI = "asesmen_mandiri", "Asesmen mandiri"
        MENUNGGU_JADWAL = "menunggu_jadwal", "Menunggu jadwal"
        DIJADWALKAN = "dijadwalkan", "Terjadwal"
        PRA_ASESMEN = "pra_asesmen", "Pra-asesmen"
        SIAP_ASESMEN = "siap_asesmen", "Siap asesmen"
        ASESMEN = "asesmen", "Asesmen berlangsung"
        MENUNGGU_KEPUTUSAN = "menunggu_keputusan", "Menunggu keputusan"
        KOMPETEN = "kompeten", "Kompeten"
        BELUM_KOMPETEN = "belum_kompeten", "Belum kompeten"
        DIHENTIKAN = "dihentikan", "Asesmen tidak dapat dilanjutkan"

    TRANSITIONS = {
        Status.DRAFT: {Status.DIAJUKAN},
        Status.DIAJUKAN: {Status.ASESMEN_MANDIRI, Status.DIKEMBALIKAN, Status.DITOLAK},
        Status.DIKEMBALIKAN: {Status.DIAJUKAN},
        Status.ASESMEN_MANDIRI: {Status.MENUNGGU_JADWAL},
        Status.MENUNGGU_JADWAL: {Status.DIJADWALKAN},
        # Taken out of a batch: back to waiting. APL.02 reviewed: on to the plan, or stopped.
        Status.DIJADWALKAN: {Status.PRA_ASESMEN, Status.DIHENTIKAN, Status.MENUNGGU_JADWAL},
        Status.PRA_ASESMEN: {Status.SIAP_ASESMEN, Status.MENUNGGU_JADWAL},
        # A reschedule after AK.01 asks for a new AK.01 version (SE-A4.8c edge). The identity
        # check at the start of the session begins the assessment.
        Status.SIAP_ASESMEN: {Status.PRA_ASESMEN, Status.MENUNGGU_JADWAL, Status.ASESMEN},
        # FR.AK.02 signed by assessor and candidate: to the pleno. A failed identity check or
        # an incident that ends it: stopped (with the reason).
        Status.ASESMEN: {Status.MENUNGGU_KEPUTUSAN, Status.DIHENTIKAN},
        # The Ketua's SK keputusan final (signed): the pleno's decision takes effect.
        Status.MENUNGGU_KEPUTUSAN: {Status.KOMPETEN, Status.BELUM_KOMPETEN},
    }
    # Closed: the application is over (a new one may be made). Every other status is open.
    CLOSED = (Status.DITOLAK, Status.DIHENTIKAN, Status.KOMPETEN, Status.BELUM_KOMPETEN)
    # Statuses in which the applicant still edits the form (the whole of it, or what was returned).
    EDITABLE = (Status.DRAFT, Status.DIKEMBALIKAN)
    # Verified by the Admin LSP (a candidate may be scheduled from MENUNGGU_JADWAL on).
    VERIFIED = (
        Status.ASESMEN_MANDIRI,
        Status.MENUNGGU_JADWAL,
        Status.DIJADWALKAN,
        Status.PRA_ASESMEN,
        Status.SIAP_ASESMEN,
        Status.ASESMEN,
        Status.MENUNGGU_KEPUTUSAN,
    )
    STATUS_TONES = {
        Status.SIAP_ASESMEN: OK,
        Status.ASESMEN: OK,
        Status.MENUNGGU_KEPUTUSAN: OK,
        Status.KOMPETEN: OK,
        Status.BELUM_KOMPETEN: WARN,
        Status.DIKEMBALIKAN: WARN,
        Status.DIAJUKAN: WARN,
        Status.DITOLAK: ERR,
        Status.DIHENTIKAN: ERR,
    }

    class Tujuan(models.TextChoices):
        SERTIFIKASI = "sertifikasi", "Sertifikasi"
        SERTIFIKASI_ULANG = "sertifikasi_ulang", "Sertifikasi ulang"
        PKT = "pkt", "Pengakuan kompetensi terkini (PKT)"
        RPL = "rpl", "Rekognisi pembelajaran lampau (RPL)"
        LAINNYA = "lainnya", "Lainnya"

    class Kewarganegaraan(models.TextChoices):
        WNI = "wni", "Warga Negara Indonesia"
        WNA = "wna", "Warga Negara Asing"

    class JenisKelamin(models.TextChoices):
        L = "L", "Laki-laki"
        P = "P", "Perempuan"

    class Pendidikan(models.TextChoices):
        SD = "sd", "SD/sederajat"
        SMP = "smp", "SMP/sederajat"
        SMA = "sma", "SMA/SMK/sederajat"
        D1 = "d1", "Diploma 1"
        D2 = "d2", "Diploma 2"
        D3 = "d3", "Diploma 3"
        D4 = "d4", "Diploma 4/Sarjana Terapan"
        S1 = "s1", "Sarjana (S1)"
        S2 = "s2", "Magister (S2)"
        S3 = "s3", "Doktor (S3)"

    class Rekomendasi(models.TextChoices):
        DAPAT = "dapat", "Asesmen dapat dilanjutkan"
        TIDAK_DAPAT = "tidak_dapat", "Asesmen tidak dapat dilanjutkan"

    asesi = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="permohonan", verbose_name="pemohon"
    )
    skema = models.ForeignKey(
        "muk.Skema", on_delete=models.PROTECT, related_name="permohonan", verbose_name="skema"
    )
    mode = models.CharField("mode asesmen", max_length=12, choices=Mode, default=Mode.TATAP_MUKA)
    tujuan = models.CharField("tujuan asesmen", max_length=20, choices=Tujuan, default=Tujuan.SERTIFIKASI)
    tujuan_lainnya = models.CharField("tujuan lainnya", max_length=200, blank=True)
    status = models.CharField("status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True)

    # Bagian 1: data pribadi (as on the KTP/passport; a frozen copy per application)
    nama = models.CharField("nama lengkap (sesuai KTP/paspor)", max_length=150, blank=True)
    kewarganegaraan = models.CharField(
        "kewarganegaraan", max_length=3, choices=Kewarganegaraan, default=Kewarganegaraan.WNI
    )
    nik = models.CharField("NIK", max_length=16, blank=True, db_index=True)
    nomor_paspor = models.CharField("nomor paspor", max_length=20, blank=True)
    negara = models.CharField("negara asal", max_length=80, blank=True)
    tempat_lahir = models.CharField("tempat lahir", max_length=100, blank=True)
    tanggal_lahir = models.DateField("tanggal lahir", null=True, blank=True)
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JenisKelamin, blank=True)
    alamat = models.TextField("alamat rumah", blank=True)
    kode_pos = models.CharField("kode pos", max_length=5, blank=True)
    telepon_rumah = models.CharField("telepon rumah", max_length=20, blank=True)
    nomor_hp = models.CharField("nomor HP", max_length=20, blank=True)
    email = models.EmailField("email", blank=True)
    pendidikan = models.CharField("pendidikan terakhir", max_length=4, choices=Pendidikan, blank=True)
    # Data pekerjaan (optional: a job seeker has none)
    pekerjaan_institusi = models.CharField("nama institusi/perusahaan", max_length=200, blank=True)
    pekerjaan_jabatan = models.CharField("jabatan", max_length=150, blank=True)
    pekerjaan_alamat = models.TextField("alamat kantor", blank=True)
    pekerjaan_kode_pos = models.CharField("kode pos kantor", max_length=5, blank=True)
    pekerjaan_telepon = models.CharField("telepon kantor", max_length=20, blank=True)
    pekerjaan_email = models.EmailField("email kantor", blank=True)

    # UU PDP 27/2022: which privacy notice version the applicant agreed to, and when.
    privasi_versi = models.PositiveIntegerField(
        "versi kebijakan privasi yang disetujui", null=True, blank=True
    )
    privasi_disetujui_pada = models.DateTimeField("persetujuan privasi pada", null=True, blank=True)

    putaran = models.PositiveSmallIntegerField("putaran pengajuan", default=0)
    diajukan_pada = models.DateTimeField("diajukan pada", null=True, blank=True)
    # Items the Admin LSP returned in the last round: only these may be changed (keys: SECTIONS
    # and "persyaratan:<id>").
    dikembalikan = models.JSONField("bagian yang dikembalikan", default=list, blank=True)
    alasan_penolakan = models.TextField("alasan tidak diterima", blank=True)

    apl01 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.APL.01 terakhir",
    )
    apl02 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.APL.02",
    )
    apl02_rekomendasi = models.CharField(
        "rekomendasi asesor atas APL.02", max_length=12, choices=Rekomendasi, blank=True
    )
    apl02_catatan = models.TextField("catatan asesor atas APL.02", blank=True)
    apl02_reviu = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rekomendasi asesor atas FR.APL.02",
    )

    jadwal = models.ForeignKey(
        "Jadwal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="peserta",
        verbose_name="jadwal asesmen",
    )
    asesor = models.ForeignKey(
        "sdm.Asesor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="asesor",
    )
    rencana = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rencana asesmen (FR.MAPA.01/02)",
    )
    ak07 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.07",
    )
    ak01 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.01",
    )
    ak02 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.02",
    )
    ak03 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.03",
    )
    # FLOW.md state 18: a sertifikasi ulang names the certificate it renews.
    sertifikat_lama = models.ForeignKey(
        "Sertifikat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sertifikasi_ulang",
        verbose_name="sertifikat yang diperpanjang",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "permohonan sertifikasi"
        verbose_name_plural = "permohonan sertifikasi"
        constraints = [
            # SE-A4.8a edge: one open application per person and scheme, by account and by NIK
            # (a second account with the same NIK cannot open a second one either).
            models.UniqueConstraint(
                fields=["asesi", "skema"],
                condition=~Q(status__in=["ditolak", "dihentikan", "kompeten", "belum_kompeten"]),
                name="sertifikasi_one_open_per_account_skema",
            ),
            models.UniqueConstraint(
                fields=["nik", "skema"],
                condition=~Q(status__in=["draft", "ditolak", "dihentikan", "kompeten", "belum_kompeten"])
                & ~Q(nik=""),
                name="sertifikasi_one_open_per_nik_skema",
            ),
            models.CheckConstraint(
                condition=Q(kewarganegaraan="wni", nomor_paspor="") | Q(kewarganegaraan="wna", nik=""),
                name="sertifikasi_nik_or_passport",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="sertifikasi_perm_status_idx")]

    def __str__(self):
        return f"Permohonan #{self.pk} {self.nama or self.asesi} ({self.skema})"

    def get_absolute_url(self):
        return reverse("sertifikasi:permohonan", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    @property
    def nomor_identitas(self) -> str:
        return self.nik if self.kewarganegaraan == self.Kewarganegaraan.WNI else self.nomor_paspor

    def record_skema(self):
        return self.skema

    def record_retention_years(self) -> int:
        return self.skema.masa_berlaku_tahun


class Bukti(TimeStampedModel):
    """An uploaded evidence file of one application: a basic requirement of the scheme
    (`persyaratan`) or a portfolio item for FR.APL.02. Checked by content, images re-encoded
    (metadata such as Exif GPS dropped); stored under a generated name. Once the application
    is submitted a file is evidence: a replacement is a new row and the old one stays
    (`aktif` False)."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.PROTECT, related_name="bukti")
    persyaratan = models.ForeignKey(
        "muk.PersyaratanDasar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persyaratan dasar",
    )
    judul = models.CharField("keterangan bukti", max_length=200)
    berkas = models.FileField("berkas", upload_to="sertifikasi/bukti/", max_length=255)
    nama_asli = models.CharField("nama berkas asal", max_length=120, blank=True)
    jenis = models.CharField("jenis berkas", max_length=4)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    aktif = models.BooleanField("berlaku", default=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diunggah oleh"
    )

    class Meta:
        ordering = ["permohonan", "persyaratan__urutan", "pk"]
        verbose_name = "bukti"
        verbose_name_plural = "bukti"
        constraints = [
            models.UniqueConstraint(
                fields=["permohonan", "persyaratan"],
                condition=Q(aktif=True, persyaratan__isnull=False),
                name="sertifikasi_bukti_one_active_per_persyaratan",
            ),
        ]

    def __str__(self):
        return self.judul


class PutaranVerifikasi(models.Model):
    """One verification round of an application by the Admin LSP (FR.APL.01 rekomendasi):
    per item memenuhi/tidak with a note, and the result. Every round is kept."""

    class Hasil(models.TextChoices):
        DITERIMA = "diterima", "Diterima"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan untuk diperbaiki"
        DITOLAK = "ditolak", "Tidak diterima"

    permohonan = models.ForeignKey(Permohonan, on_delete=models.PROTECT, related_name="putaran_verifikasi")
    nomor = models.PositiveSmallIntegerField("putaran")
    hasil = models.CharField("hasil", max_length=12, choices=Hasil)
    catatan = models.TextField("catatan", blank=True)
    # [{"kunci": "data_pribadi", "label": "...", "memenuhi": true, "catatan": ""}, ...]
    butir = models.JSONField("pemeriksaan per butir", default=list)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diperiksa oleh"
    )
    pada = models.DateTimeField("diperiksa pada", auto_now_add=True)
    dokumen = models.OneToOneField(
        "administrasi.Dokumen", on_delete=models.PROTECT, related_name="+", verbose_name="rekaman"
    )

    class Meta:
        ordering = ["permohonan", "nomor"]
        verbose_name = "putaran verifikasi"
        verbose_name_plural = "putaran verifikasi"
        constraints = [
            models.UniqueConstraint(fields=["permohonan", "nomor"], name="sertifikasi_verifikasi_round_once")
        ]

    def __str__(self):
        return f"Verifikasi {self.nomor}: {self.get_hasil_display()}"


class JawabanKuk(models.Model):
    """FR.APL.02: the applicant's K/BK against one KUK."""

    class Jawaban(models.TextChoices):
        K = "K", "Kompeten"
        BK = "BK", "Belum kompeten"

    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="jawaban_kuk")
    kuk = models.ForeignKey("muk.KUK", on_delete=models.PROTECT, related_name="+")
    jawaban = models.CharField("jawaban", max_length=2, choices=Jawaban)

    class Meta:
        ordering = ["permohonan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["permohonan", "kuk"], name="sertifikasi_jawaban_kuk_once")
        ]

    def __str__(self):
        return f"{self.kuk_id}: {self.jawaban}"


class BuktiElemen(models.Model):
    """FR.APL.02: the evidence the applicant names for one element (text and linked files)."""

    permohonan = models.ForeignKey(Permohonan, on_delete=models.CASCADE, related_name="bukti_elemen")
    elemen = models.ForeignKey("muk.Elemen", on_delete=models.PROTECT, related_name="+")
    keterangan = models.TextField("bukti yang relevan", blank=True)
    bukti = models.ManyToManyField(Bukti, blank=True, related_name="+")

    class Meta:
        ordering = ["permohonan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["permohonan", "elemen"], name="sertifikasi_bukti_elemen_once")
        ]

    def __str__(self):
        return f"Bukti elemen {self.elemen_id}"


class Jadwal(TimeStampedModel):
    """A batch (jadwal asesmen) by the Manajer Sertifikasi: scheme, mode, TUK, time, assessors,
    candidates up to the quota, the video link of a remote batch, the trial (uji coba) flag
    (SE-E3). Assigning assessors issues the SPT asesor; a change after it was signed issues a
    new SPT version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DITETAPKAN = "ditetapkan", "Ditetapkan"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    TRANSITIONS = {
        Status.DRAFT: {Status.DITETAPKAN, Status.DIBATALKAN},
        Status.DITETAPKAN: {Status.DIBATALKAN},
    }
    STATUS_TONES = {Status.DITETAPKAN: OK, Status.DIBATALKAN: ERR}

    nama = models.CharField("nama jadwal", max_length=150)
    skema = models.ForeignKey(
        "muk.Skema", on_delete=models.PROTECT, related_name="jadwal", verbose_name="skema"
    )
    mode = models.CharField("mode asesmen", max_length=12, choices=Mode)
    tuk = models.ForeignKey("tuk.Tuk", on_delete=models.PROTECT, related_name="+", verbose_name="TUK")
    mulai = models.DateTimeField("mulai")
    selesai = models.DateTimeField("selesai")
    kuota = models.PositiveSmallIntegerField("kuota peserta")
    tautan_video = models.URLField("tautan konferensi video", max_length=500, blank=True)
    uji_coba = models.BooleanField(
        "uji coba", default=False, help_text="Asesmen uji coba (SE-E3): tidak menerbitkan sertifikat."
    )
    status = models.CharField("status", max_length=12, choices=Status, default=Status.DRAFT, db_index=True)
    asesor = models.ManyToManyField(
        "sdm.Asesor", through="JadwalAsesor", related_name="+", verbose_name="asesor"
    )
    penandatangan_spt = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="penandatangan SPT",
    )
    spt = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SPT asesor",
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dibuat oleh"
    )
    # Journey II: the lead assessor's review of the instruments before the batch (FR.IA.11,
    # MUK 2020 label; SE-A4.8e), the batch's report (FR.AK.05) and process review (FR.AK.06).
    reviu_instrumen = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ceklis meninjau instrumen (FR.IA.11)",
    )
    ak05 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.05",
    )
    ak06 = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.06",
    )

    class Meta:
        ordering = ["-mulai", "-pk"]
        verbose_name = "jadwal asesmen"
        verbose_name_plural = "jadwal asesmen"
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gt=models.F("mulai")), name="sertifikasi_jadwal_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(kuota__gte=1), name="sertifikasi_jadwal_quota_positive"),
            models.CheckConstraint(
                condition=~Q(mode="jarak_jauh") | ~Q(tautan_video=""),
                name="sertifikasi_jadwal_remote_has_link",
            ),
        ]

    def __str__(self):
        return self.nama

    def get_absolute_url(self):
        return reverse("sertifikasi:jadwal", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    def record_skema(self):
        return self.skema


class JadwalAsesor(models.Model):
    """An assessor of a batch, and when they confirmed their SPT."""

    jadwal = models.ForeignKey(Jadwal, on_delete=models.CASCADE, related_name="penugasan")
    asesor = models.ForeignKey("sdm.Asesor", on_delete=models.PROTECT, related_name="penugasan_jadwal")
    dikonfirmasi_pada = models.DateTimeField("SPT dikonfirmasi pada", null=True, blank=True)

    class Meta:
        ordering = ["jadwal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["jadwal", "asesor"], name="sertifikasi_jadwal_asesor_once")
        ]

    def __str__(self):
        return f"{self.jadwal} – asesor {self.asesor_id}"


class Konflik(TimeStampedModel):
    """X-6: a conflict of interest an assessor declared with a candidate (own trainee in the
    last two years, relative, superior or subordinate...). The assessor is then not assigned
    to a batch with that candidate."""

    asesor = models.ForeignKey(
        "sdm.Asesor", on_delete=models.PROTECT, related_name="+", verbose_name="asesor"
    )
    asesi = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="asesi"
    )
    alasan = models.TextField("hubungan/alasan")
    dinyatakan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dinyatakan oleh"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "benturan kepentingan"
        verbose_name_plural = "benturan kepentingan"
        constraints = [models.UniqueConstraint(fields=["asesor", "asesi"], name="sertifikasi_konflik_once")]

    def __str__(self):
        return f"{self.asesor} – {self.asesi}"


class Rencana(TimeStampedModel):
    """The candidate's assessment plan, taken from the scheme's validated MUK version
    (FR.MAPA.01/02): per unit the methods and instruments, chosen within the MUK by the
    assessor for the candidate's potential, with the reason when anything was left out; and
    the extra time a reasonable adjustment (FR.AK.07) gives (X-7)."""

    permohonan = models.OneToOneField(Permohonan, on_delete=models.CASCADE, related_name="rencana_asesmen")
    muk_versi = models.ForeignKey(
        "muk.MukVersi", on_delete=models.PROTECT, related_name="+", verbose_name="versi MUK"
    )
    potensi = models.PositiveSmallIntegerField("potensi asesi")
    # {"<unit id>": {"metode": [...], "instrumen": ["IA.01", ...]}}
    pilihan = models.JSONField("metode dan instrumen per unit", default=dict)
    alasan = models.TextField("alasan penyesuaian rencana", blank=True)
    tambahan_waktu_menit = models.PositiveSmallIntegerField("tambahan waktu (menit)", default=0)

    class Meta:
        verbose_name = "rencana asesmen asesi"
        verbose_name_plural = "rencana asesmen asesi"

    def __str__(self):
        return f"Rencana {self.permohonan}"


# --- Journey II (issue 13): the session, the instruments, the assessment records -------------


class Sesi(TimeStampedModel):
    """The assessment session of a batch (SE-A4.10): open from SESI_BUKA_MENIT before the
    batch's start until its end, or until a later time staff set (`diperpanjang_sampai`, with
    who and why in the log). Its berita acara (BA-ASESMEN) is signed by the lead assessor."""

    jadwal = models.OneToOneField(Jadwal, on_delete=models.PROTECT, related_name="sesi")
    diperpanjang_sampai = models.DateTimeField("diperpanjang sampai", null=True, blank=True)
    ditutup_pada = models.DateTimeField("ditutup pada", null=True, blank=True)
    berita_acara = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="berita acara asesmen",
    )

    class Meta:
        verbose_name = "sesi asesmen"
        verbose_name_plural = "sesi asesmen"

    def __str__(self):
        return f"Sesi {self.jadwal}"


class Kehadiran(models.Model):
    """Electronic attendance (daftar hadir): the first time a person joined the session, with
    time, IP and device. Later joins are lines of the session log."""

    class Peran(models.TextChoices):
        ASESI = "asesi", "Asesi"
        ASESOR = "asesor", "Asesor"

    sesi = models.ForeignKey(Sesi, on_delete=models.PROTECT, related_name="kehadiran")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    permohonan = models.ForeignKey(
        Permohonan, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    peran = models.CharField("peran", max_length=8, choices=Peran)
    hadir_pada = models.DateTimeField("hadir pada")
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    user_agent = models.CharField("perangkat", max_length=400, blank=True)

    class Meta:
        ordering = ["sesi", "hadir_pada", "pk"]
        verbose_name = "daftar hadir"
        verbose_name_plural = "daftar hadir"
        constraints = [models.UniqueConstraint(fields=["sesi", "user"], name="sertifikasi_hadir_once")]

    def __str__(self):
        return f"{self.user} {self.hadir_pada:%d-%m-%Y %H:%M}"


class LogSesi(models.Model):
    """One line of the session log: joins, notes, incidents, identity checks, extensions,
    recordings. Never edited."""

    class Jenis(models.TextChoices):
        MASUK = "masuk", "Masuk sesi"
        CATATAN = "catatan", "Catatan"
        INSIDEN = "insiden", "Insiden"
        IDENTITAS = "identitas", "Pemeriksaan identitas"
        PERPANJANGAN = "perpanjangan", "Perpanjangan waktu"
        REKAMAN = "rekaman", "Rekaman"
        INSTRUMEN = "instrumen", "Instrumen"

    sesi = models.ForeignKey(Sesi, on_delete=models.PROTECT, related_name="log")
    permohonan = models.ForeignKey(
        Permohonan, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jenis = models.CharField("jenis", max_length=12, choices=Jenis)
    teks = models.TextField("uraian")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField("waktu", default=timezone.now)
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)

    class Meta:
        ordering = ["sesi", "waktu", "pk"]
        verbose_name = "log sesi"
        verbose_name_plural = "log sesi"

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.teks[:60]}"


class CekIdentitas(models.Model):
    """X-8: the assessor compared the candidate's face on camera with the ID and the photo on
    file, at the start of the session, before any instrument opens; with an optional
    snapshot (re-encoded, no metadata). A failed check stops the candidate's assessment."""

    class Hasil(models.TextChoices):
        SESUAI = "sesuai", "Sesuai"
        TIDAK_SESUAI = "tidak_sesuai", "Tidak sesuai"

    sesi = models.ForeignKey(Sesi, on_delete=models.PROTECT, related_name="cek_identitas")
    permohonan = models.ForeignKey(Permohonan, on_delete=models.PROTECT, related_name="cek_identitas")
    hasil = models.CharField("hasil", max_length=12, choices=Hasil)
    catatan = models.TextField("catatan", blank=True)
    foto = models.FileField("cuplikan", upload_to="sertifikasi/identitas/", max_length=255, blank=True)
    foto_sha256 = models.CharField("SHA-256 cuplikan", max_length=64, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField("waktu", default=timezone.now)

    class Meta:
        ordering = ["permohonan", "waktu", "pk"]
        verbose_name = "pemeriksaan identitas"
        verbose_name_plural = "pemeriksaan identitas"

    def __str__(self):
        return f"Identitas {self.permohonan_id}: {self.get_hasil_display()}"


class Rekaman(TimeStampedModel):
    """X-9: a recording of the session (or of one candidate's part) as evidence: a video
    file stored (presigned multipart upload on S3, a plain upload on the embedded setup),
    or a link to where the LSP keeps its videos with the file's SHA-256."""

    sesi = models.ForeignKey(Sesi, on_delete=models.PROTECT, related_name="rekaman")
    permohonan = models.ForeignKey(
        Permohonan, on_delete=models.PROTECT, null=True, blank=True, related_name="rekaman"
    )
    judul = models.CharField("keterangan", max_length=200)
    berkas = models.FileField("berkas video", upload_to="sertifikasi/rekaman/", max_length=255, blank=True)
    tautan = models.URLField("tautan video", max_length=500, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    ukuran = models.BigIntegerField("ukuran (bita)", null=True, blank=True)
    jenis_berkas = models.CharField("jenis berkas", max_length=8, blank=True)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sesi", "pk"]
        verbose_name = "rekaman sesi"
        verbose_name_plural = "rekaman sesi"
        constraints = [
            models.CheckConstraint(
                condition=(~Q(berkas="") & Q(tautan="")) | (Q(berkas="") & ~Q(tautan="")),
                name="sertifikasi_rekaman_file_or_link",
            )
        ]

    def __str__(self):
        return self.judul


class Lembar(TimeStampedModel):
    """One instrument of the candidate's plan as the candidate and assessor fill it (SE-A4.8d):
    FR.IA.01–10 for one unit. Final once its record (FR.IA.xx) is issued and signed by the
    parties of its kind. A timed FR.IA.05 keeps its server-side clock here: started, deadline
    (the instrument's time plus FR.AK.07 extra time), finished (by the candidate or at the
    deadline), the order of items and options shown to this candidate, and the score."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Sedang diisi"
        DIKIRIM = "dikirim", "Dikirim, menunggu tanda tangan"
        FINAL = "final", "Final"

    TRANSITIONS = {
        Status.DRAFT: {Status.DIKIRIM, Status.FINAL},
        Status.DIKIRIM: {Status.FINAL, Status.DRAFT},
    }

    permohonan = models.ForeignKey(Permohonan, on_delete=models.PROTECT, related_name="lembar")
    instrumen = models.ForeignKey("muk.Instrumen", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("status", max_length=8, choices=Status, default=Status.DRAFT)
    mulai_pada = models.DateTimeField("mulai", null=True, blank=True)
    batas_pada = models.DateTimeField("batas waktu", null=True, blank=True)
    selesai_pada = models.DateTimeField("selesai", null=True, blank=True)
    otomatis = models.BooleanField("dikirim otomatis saat waktu habis", default=False)
    # FR.IA.05: {"butir": [ids in the order shown], "opsi": {"<butir id>": [option ids]}}
    urutan = models.JSONField("urutan soal dan opsi", default=dict, blank=True)
    benar = models.PositiveSmallIntegerField("jawaban benar", null=True, blank=True)
    jumlah = models.PositiveSmallIntegerField("jumlah soal", null=True, blank=True)
    # The assessor's conclusion on the sheet (IA.01: kompeten / belum kompeten, IA.08: memadai...).
    rekomendasi = models.CharField("rekomendasi", max_length=20, blank=True)
    catatan = models.TextField("umpan balik/catatan asesor", blank=True)
    dokumen = models.ForeignKey(
        "administrasi.Dokumen", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["permohonan", "pk"]
        verbose_name = "lembar instrumen"
        verbose_name_plural = "lembar instrumen"
        constraints = [
            models.UniqueConstraint(fields=["permohonan", "instrumen"], name="sertifikasi_lembar_once")
        ]

    def __str__(self):
        return f"Lembar {self.instrumen_id} – permohonan {self.permohonan_id}"


class Isian(models.Model):
    """One item of a sheet: the candidate's answer (the option chosen in IA.05, the written
    answer in IA.06, the project text in IA.04...) and the assessor's judgement and note
    (IA.01 K/BK per KUK, IA.03/07/09 notes, IA.08 V/A/T/M...). Saved as typed, never lost."""

    lembar = models.ForeignKey(Lembar, on_delete=models.PROTECT, related_name="isian")
    butir = models.ForeignKey("muk.ButirInstrumen", on_delete=models.PROTECT, related_name="+")
    opsi = models.ForeignKey(
        "muk.OpsiJawaban", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jawaban = models.TextField("jawaban asesi", blank=True)
    penilaian = models.CharField("penilaian asesor", max_length=20, blank=True)
    catatan = models.TextField("catatan asesor", blank=True)
    diubah_pada = models.DateTimeField("terakhir diubah", default=timezone.now)

    class Meta:
        ordering = ["lembar", "pk"]
        verbose_name = "isian butir"
        verbose_name_plural = "isian butir"
        constraints = [models.UniqueConstraint(fields=["lembar", "butir"], name="sertifikasi_isian_once")]

    def __str__(self):
        return f"Isian {self.butir_id}"


class BerkasLembar(TimeStampedModel):
    """A file of a sheet: the product of a practical task (IA.02), a project's output (IA.04),
    a third party's attachment (IA.10). Checked by content; kept with its SHA-256."""

    lembar = models.ForeignKey(Lembar, on_delete=models.PROTECT, related_name="berkas")
    butir = models.ForeignKey(
        "muk.ButirInstrumen", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judul = models.CharField("keterangan", max_length=200)
    berkas = models.FileField("berkas", upload_to="sertifikasi/lembar/", max_length=255)
    nama_asli = models.CharField("nama berkas asal", max_length=120, blank=True)
    jenis_berkas = models.CharField("jenis berkas", max_length=8)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["lembar", "pk"]
        verbose_name = "berkas lembar instrumen"
        verbose_name_plural = "berkas lembar instrumen"

    def __str__(self):
        return self.judul


class TautanPihakKetiga(TimeStampedModel):
    """FR.IA.10: a link for a third party (a supervisor, a client) to confirm the candidate's
    evidence without an account. Only the token's SHA-256 is stored; the link expires and
    answers once."""

    lembar = models.ForeignKey(Lembar, on_delete=models.PROTECT, related_name="tautan")
    nama = models.CharField("nama pihak ketiga", max_length=150)
    email = models.EmailField("email")
    hubungan = models.CharField("hubungan dengan asesi", max_length=150)
    token_sha256 = models.CharField(max_length=64, unique=True)
    kedaluwarsa_pada = models.DateTimeField("berlaku sampai")
    dijawab_pada = models.DateTimeField("dijawab pada", null=True, blank=True)
    jawaban = models.JSONField("jawaban", default=dict, blank=True)
    ip = models.GenericIPAddressField("alamat IP penjawab", null=True, blank=True)

    class Meta:
        ordering = ["lembar", "pk"]
        verbose_name = "tautan pihak ketiga (FR.IA.10)"
        verbose_name_plural = "tautan pihak ketiga (FR.IA.10)"

    def __str__(self):
        return f"{self.nama} ({self.email})"


class HasilUnit(models.Model):
    """FR.AK.02 per unit: the assessor's K/BK with the evidence used and the follow-up."""

    class Rekomendasi(models.TextChoices):
        K = "K", "Kompeten"
        BK = "BK", "Belum kompeten"

    permohonan = models.ForeignKey(Permohonan, on_delete=models.PROTECT, related_name="hasil_unit")
    unit = models.ForeignKey("muk.UnitKompetensi", on_delete=models.PROTECT, related_name="+")
    rekomendasi = models.CharField("rekomendasi", max_length=2, choices=Rekomendasi, blank=True)
    # The evidence used: [{"jenis": "lembar"|"rekaman"|"bukti", "id": ...}, ...]
    bukti = models.JSONField("bukti yang digunakan", default=list, blank=True)
    tindak_lanjut = models.TextField("tindak lanjut", blank=True)

    class Meta:
        ordering = ["permohonan", "pk"]
        verbose_name = "hasil per unit (FR.AK.02)"
        verbose_name_plural = "hasil per unit (FR.AK.02)"
        constraints = [
            models.UniqueConstraint(fields=["permohonan", "unit"], name="sertifikasi_hasil_unit_once")
        ]

    def __str__(self):
        return f"{self.unit_id}: {self.rekomendasi or '-'}"


# --- Journey II (issue 13): decision, certificate, register -----------------------------------


class Pleno(TimeStampedModel):
    """The Komite Teknis meeting (rapat pleno) that decides one batch (FLOW.md states 11–12).

    Formed by the Manajer Sertifikasi once every candidate of the batch waits for a decision:
    the members (Komite Teknis role holders, one chairing, none who assessed, trained or
    declared a conflict with a candidate they decide on), the time and the meeting link. The
    members decide K/BK per candidate with reasons (Keputusan); then the SK keputusan and the
    certificates of the K candidates are issued together for the Ketua's one batch signature.
    When the SK is final the decisions take effect (Permohonan kompeten / belum kompeten).
    """

    class Status(models.TextChoices):
        DIBENTUK = "dibentuk", "Menunggu keputusan komite"
        SK_DITERBITKAN = "sk_diterbitkan", "Menunggu tanda tangan Ketua"
        DITETAPKAN = "ditetapkan", "SK keputusan ditetapkan"

    TRANSITIONS = {
        Status.DIBENTUK: {Status.SK_DITERBITKAN},
        Status.SK_DITERBITKAN: {Status.DITETAPKAN},
    }
    STATUS_TONES = {Status.SK_DITERBITKAN: WARN, Status.DITETAPKAN: OK}

    jadwal = models.OneToOneField(Jadwal, on_delete=models.PROTECT, related_name="pleno")
    waktu = models.DateTimeField("waktu rapat")
    tautan = models.URLField("tautan rapat daring", max_length=500, blank=True)
    status = models.CharField("status", max_length=16, choices=Status, default=Status.DIBENTUK, db_index=True)
    anggota = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="AnggotaPleno", related_name="+", verbose_name="anggota"
    )
    penandatangan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="penandatangan SK (Ketua LSP)",
    )
    sk = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SK keputusan sertifikasi",
    )
    dibentuk_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dibentuk oleh"
    )
    ditetapkan_pada = models.DateTimeField("ditetapkan pada", null=True, blank=True)

    class Meta:
        ordering = ["-waktu", "-pk"]
        verbose_name = "rapat pleno"
        verbose_name_plural = "rapat pleno"

    def __str__(self):
        return f"Pleno {self.jadwal}"

    def get_absolute_url(self):
        return reverse("sertifikasi:pleno", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    def record_skema(self):
        return self.jadwal.skema


class AnggotaPleno(models.Model):
    """A member of a pleno; exactly one chairs it."""

    pleno = models.ForeignKey(Pleno, on_delete=models.CASCADE, related_name="keanggotaan")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ketua = models.BooleanField("ketua rapat", default=False)

    class Meta:
        ordering = ["pleno", "-ketua", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pleno", "user"], name="sertifikasi_pleno_anggota_once"),
            models.UniqueConstraint(
                fields=["pleno"], condition=Q(ketua=True), name="sertifikasi_pleno_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.pleno} – {self.user_id}"


class KonflikPleno(TimeStampedModel):
    """X-6: a Komite Teknis member's declared conflict with a candidate (own trainee, relative,
    superior or subordinate...): the member does not decide on that candidate."""

    class Jenis(models.TextChoices):
        PELATIH = "pelatih", "Pernah melatih asesi"
        KERABAT = "kerabat", "Kerabat"
        ATASAN_BAWAHAN = "atasan_bawahan", "Atasan atau bawahan"
        LAINNYA = "lainnya", "Lainnya"

    anggota = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="anggota komite"
    )
    asesi = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="asesi"
    )
    jenis = models.CharField("jenis hubungan", max_length=16, choices=Jenis)
    alasan = models.TextField("keterangan")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "benturan kepentingan komite"
        verbose_name_plural = "benturan kepentingan komite"
        constraints = [
            models.UniqueConstraint(fields=["anggota", "asesi"], name="sertifikasi_konflik_pleno_once"),
            models.CheckConstraint(condition=~Q(alasan=""), name="sertifikasi_konflik_pleno_reason"),
        ]

    def __str__(self):
        return f"{self.anggota_id} – {self.asesi_id}"


class Keputusan(TimeStampedModel):
    """The pleno's decision on one candidate: K or BK with the reasons, by a member who had
    no part in the assessment. Takes effect when the batch's SK keputusan is final."""

    class Hasil(models.TextChoices):
        K = "K", "Kompeten"
        BK = "BK", "Belum kompeten"

    permohonan = models.OneToOneField(Permohonan, on_delete=models.PROTECT, related_name="keputusan")
    pleno = models.ForeignKey(Pleno, on_delete=models.PROTECT, related_name="keputusan")
    hasil = models.CharField("keputusan", max_length=2, choices=Hasil)
    alasan = models.TextField("alasan keputusan")
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diputuskan oleh"
    )

    class Meta:
        ordering = ["pleno", "pk"]
        verbose_name = "keputusan sertifikasi"
        verbose_name_plural = "keputusan sertifikasi"
        constraints = [
            models.CheckConstraint(condition=~Q(alasan=""), name="sertifikasi_keputusan_reason"),
            models.CheckConstraint(condition=Q(hasil__in=["K", "BK"]), name="sertifikasi_keputusan_k_bk"),
        ]

    def __str__(self):
        return f"{self.permohonan_id}: {self.hasil}"


def _token():
    import secrets

    return secrets.token_urlsafe(12)


class SertifikatQuerySet(models.QuerySet):
    def berlaku(self, day=None):
        """Valid on `day` (today): issued, not suspended or revoked, not past its end."""
        day = day or timezone.localdate()
        return self.filter(status=Sertifikat.Status.AKTIF, terbit=True, berlaku_sampai__gte=day)


class Sertifikat(TimeStampedModel):
    """A certificate of competence in the register of holders (SE-A4.12, X-1).

    Issued by the system (`dokumen`: the SERTIFIKAT record, numbered by the kind's pattern,
    signed by the Ketua with the batch's SK keputusan, sealed, QR to `get_public_url`) or
    imported from the LSP's older register (no record). Expired is a matter of date, never a
    stored status: `status_efektif` reads `berlaku_sampai`. Suspension can be lifted;
    revocation cannot. Holder name and scheme are kept as printed; the NIK is for staff only.
    """

    class Status(models.TextChoices):
        AKTIF = "aktif", "Masih berlaku"
        DIBEKUKAN = "dibekukan", "Dibekukan"
        DICABUT = "dicabut", "Dicabut"

    # Status shown to the public and staff; KEDALUWARSA is derived from the date.
    KEDALUWARSA = "kedaluwarsa"
    LABELS = {
        Status.AKTIF: "Masih berlaku",
        KEDALUWARSA: "Kedaluwarsa",
        Status.DIBEKUKAN: "Dibekukan",
        Status.DICABUT: "Dicabut",
        "belum_terbit": "Belum terbit",
    }
    TONES = {Status.AKTIF: OK, KEDALUWARSA: WARN, Status.DIBEKUKAN: WARN, Status.DICABUT: ERR}

    class Sumber(models.TextChoices):
        SISTEM = "sistem", "Diterbitkan sistem"
        IMPOR = "impor", "Impor register lama"

    token = models.CharField(max_length=24, unique=True, default=_token, editable=False)
    permohonan = models.OneToOneField(
        Permohonan, on_delete=models.PROTECT, null=True, blank=True, related_name="sertifikat"
    )
    jadwal = models.ForeignKey(
        Jadwal, on_delete=models.PROTECT, null=True, blank=True, related_name="sertifikat"
    )
    dokumen = models.OneToOneField(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dokumen sertifikat",
    )
    pemegang = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sertifikat",
        verbose_name="akun pemegang",
    )
    nama = models.CharField("nama pemegang", max_length=150)
    nik = models.CharField("NIK/nomor paspor", max_length=20, blank=True)
    skema = models.ForeignKey("muk.Skema", on_delete=models.PROTECT, related_name="+", verbose_name="skema")
    skema_kode = models.CharField("kode skema", max_length=100)
    skema_judul = models.CharField("judul skema", max_length=200)
    nomor = models.CharField("nomor sertifikat", max_length=120, unique=True)
    nomor_registrasi = models.CharField("nomor registrasi BNSP", max_length=120, blank=True)
    tanggal_terbit = models.DateField("tanggal terbit")
    berlaku_sampai = models.DateField("berlaku sampai", db_index=True)
    # Issued: the record is final (signed), or the row was imported. Drafts are not public.
    terbit = models.BooleanField("terbit", default=False)
    status = models.CharField("status", max_length=12, choices=Status, default=Status.AKTIF)
    alasan_status = models.TextField("alasan perubahan status", blank=True)
    status_diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_diubah_pada = models.DateTimeField(null=True, blank=True)
    sumber = models.CharField("sumber", max_length=8, choices=Sumber, default=Sumber.SISTEM)

    objects = SertifikatQuerySet.as_manager()

    TRANSITIONS = {
        Status.AKTIF: {Status.DIBEKUKAN, Status.DICABUT},
        Status.DIBEKUKAN: {Status.AKTIF, Status.DICABUT},
    }

    class Meta:
        ordering = ["-tanggal_terbit", "-pk"]
        verbose_name = "sertifikat kompetensi"
        verbose_name_plural = "sertifikat kompetensi"
        constraints = [
            models.CheckConstraint(
                condition=Q(berlaku_sampai__gt=models.F("tanggal_terbit")),
                name="sertifikasi_sertifikat_valid_after_issue",
            ),
            # Suspension and revocation are never silent.
            models.CheckConstraint(
                condition=Q(status="aktif") | ~Q(alasan_status=""),
                name="sertifikasi_sertifikat_status_reason",
            ),
            # A system certificate has its record; an imported one has none.
            models.CheckConstraint(
                condition=Q(sumber="impor", dokumen__isnull=True) | Q(sumber="sistem", dokumen__isnull=False),
                name="sertifikasi_sertifikat_source",
            ),
            # One BNSP registration number names one certificate (blank until BNSP returns it).
            models.UniqueConstraint(
                fields=["nomor_registrasi"],
                condition=~Q(nomor_registrasi=""),
                name="sertifikasi_sertifikat_reg_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["skema", "berlaku_sampai"], name="sertifikasi_sert_skema_idx"),
            models.Index(fields=["nomor_registrasi"], name="sertifikasi_sert_reg_idx"),
        ]
        # PostgreSQL also gets trigram indexes on name, number and registration number
        # (migration 0003, RunSQL): the public search by fragment (SE-A4.12, X-1).

    def __str__(self):
        return f"{self.nomor} {self.nama}"

    def get_absolute_url(self):
        return reverse("sertifikasi:sertifikat", args=[self.pk])

    def get_public_url(self):
        return reverse("sertifikat_publik:detail", args=[self.token])

    def status_efektif(self, day=None) -> str:
        """aktif | kedaluwarsa | dibekukan | dicabut | belum_terbit, as of `day` (today)."""
        if not self.terbit:
            return "belum_terbit"
        if self.status != self.Status.AKTIF:
            return self.status
        day = day or timezone.localdate()
        return self.Status.AKTIF if self.berlaku_sampai >= day else self.KEDALUWARSA

    @property
    def status_badge(self) -> Badge:
        code = self.status_efektif()
        return Badge.of(code, self.LABELS[code], self.TONES)

    def record_skema(self):
        return self.skema

    def record_retention_years(self) -> int:
        return self.skema.masa_berlaku_tahun


class KolomBlanko(models.Model):
    """One column of the BNSP blanko list (X-2), in order: the heading BNSP asks for and the
    field that fills it (services.blanko.SUMBER). The LSP edits them when BNSP's form changes."""

    urutan = models.PositiveSmallIntegerField("urutan")
    judul = models.CharField("judul kolom", max_length=100)
    sumber = models.CharField("isi dari", max_length=40)

    class Meta:
        ordering = ["urutan", "pk"]
        verbose_name = "kolom blanko BNSP"
        verbose_name_plural = "kolom blanko BNSP"
        constraints = [models.UniqueConstraint(fields=["urutan"], name="sertifikasi_kolom_blanko_order")]

    def __str__(self):
        return f"{self.urutan}. {self.judul}"
