"""Remote TUK verification (SE-A4.9, FLOW.md §4.1): a request to verify a TUK for the schemes
it will host, the verifier the Manajer assigns with the SPT verifikasi TUK, the video
session's checklist per scheme with its evidence, the berita acara with the recommendation,
the follow-up of conditions, and the SK penetapan TUK (or an SK issued outside the system,
recorded with its PDF).

Schemes are kept as ids (values through lsp_portal.schemes): this app does not import muk
(.importlinter). Status moves go through lsp_portal.workflow.transition().
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from lsp_portal.models import TimeStampedModel
from lsp_portal.status import ERR, OK, WARN, Badge


class Permintaan(TimeStampedModel):
    """A request to verify one TUK (new, renewal, or after a change)."""

    class Jenis(models.TextChoices):
        BARU = "baru", "Verifikasi baru"
        PERPANJANGAN = "perpanjangan", "Perpanjangan (verifikasi ulang)"
        PERUBAHAN = "perubahan", "Setelah perubahan TUK"

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", "Diajukan"
        DITUGASKAN = "ditugaskan", "Verifikator ditugaskan"
        TINDAK_LANJUT = "tindak_lanjut", "Menunggu tindak lanjut syarat"
        SESUAI = "sesuai", "Sesuai, menunggu SK penetapan"
        TIDAK_SESUAI = "tidak_sesuai", "Tidak sesuai"
        DITETAPKAN = "ditetapkan", "Ditetapkan (SK terbit)"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    class Rekomendasi(models.TextChoices):
        LAYAK = "layak", "Layak (sesuai persyaratan)"
        BERSYARAT = "bersyarat", "Layak dengan syarat"
        TIDAK_LAYAK = "tidak_layak", "Tidak layak (tidak sesuai)"

    TRANSITIONS = {
        Status.DIAJUKAN: {Status.DITUGASKAN, Status.DIBATALKAN},
        Status.DITUGASKAN: {Status.SESUAI, Status.TINDAK_LANJUT, Status.TIDAK_SESUAI, Status.DIBATALKAN},
        Status.TINDAK_LANJUT: {Status.SESUAI, Status.TIDAK_SESUAI, Status.DIBATALKAN},
        Status.SESUAI: {Status.DITETAPKAN, Status.DIBATALKAN},
    }
    # Still open: a second request for the TUK waits until these end.
    OPEN = (Status.DIAJUKAN, Status.DITUGASKAN, Status.TINDAK_LANJUT, Status.SESUAI)
    STATUS_TONES = {
        Status.DITETAPKAN: OK,
        Status.SESUAI: OK,
        Status.DIAJUKAN: WARN,
        Status.DITUGASKAN: WARN,
        Status.TINDAK_LANJUT: WARN,
        Status.TIDAK_SESUAI: ERR,
        Status.DIBATALKAN: ERR,
    }

    tuk = models.ForeignKey("tuk.Tuk", on_delete=models.PROTECT, related_name="permintaan_verifikasi")
    jenis = models.CharField("jenis permintaan", max_length=14, choices=Jenis, default=Jenis.BARU)
    # The schemes the TUK will host, as ids of muk.Skema (read as values: lsp_portal.schemes).
    skema_ids = models.JSONField("skema yang akan diujikan", default=list)
    alasan = models.TextField("keterangan", blank=True)
    status = models.CharField("status", max_length=14, choices=Status, default=Status.DIAJUKAN, db_index=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diajukan oleh"
    )
    verifikator = models.ForeignKey(
        "sdm.Personel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verifikator",
    )
    tanggal_verifikasi = models.DateTimeField("jadwal sesi verifikasi", null=True, blank=True)
    tautan_video = models.URLField("tautan konferensi video", max_length=500, blank=True)
    spt = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SPT verifikasi TUK",
    )

    # The session's outcome (the berita acara), set when the verifier submits the checklist.
    rekomendasi = models.CharField("rekomendasi", max_length=12, choices=Rekomendasi, blank=True)
    temuan = models.TextField("temuan dan catatan verifikator", blank=True)
    rekaman_tautan = models.URLField("tautan rekaman sesi", max_length=500, blank=True)
    rekaman_sha256 = models.CharField("SHA-256 rekaman", max_length=64, blank=True)
    dinilai_pada = models.DateTimeField("ceklis dikirim", null=True, blank=True)
    berita_acara = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="berita acara verifikasi TUK",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "permintaan verifikasi TUK"
        verbose_name_plural = "permintaan verifikasi TUK"

    def __str__(self):
        return f"Verifikasi {self.tuk} ({self.get_jenis_display().lower()})"

    def get_absolute_url(self):
        return reverse("verifikasi_tuk:permintaan-detail", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ItemCeklis(models.Model):
    """One line of the verification checklist, per scheme the TUK will host (FORMS.md §6):
    made when the verifier is assigned, from the general items and the scheme's technical
    requirements (lsp_portal.schemes.tuk_requirements); answered by the verifier."""

    class Kategori(models.TextChoices):
        RUANG = "ruang", "Ruang dan pencahayaan"
        PERALATAN = "peralatan", "Peralatan sesuai MUK skema"
        INTERNET = "internet", "Koneksi internet"
        KAMERA_AUDIO = "kamera_audio", "Kamera dan audio"
        IDENTITAS = "identitas", "Identitas penanggung jawab"
        KESELAMATAN = "keselamatan", "Keselamatan dan kesehatan kerja"

    class Hasil(models.TextChoices):
        SESUAI = "sesuai", "Sesuai"
        TIDAK_SESUAI = "tidak_sesuai", "Tidak sesuai"

    permintaan = models.ForeignKey(Permintaan, on_delete=models.PROTECT, related_name="ceklis")
    skema_id = models.PositiveIntegerField("skema")  # an id of muk.Skema (lsp_portal.schemes)
    urutan = models.PositiveSmallIntegerField("urutan")
    kategori = models.CharField("kategori", max_length=14, choices=Kategori)
    aspek = models.CharField("aspek yang diverifikasi", max_length=300)
    syarat = models.CharField("persyaratan", max_length=500, blank=True)
    # Equipment: the least quantity the scheme needs; the internet line: the LSP's minimum Mbps.
    minimal = models.DecimalField("minimal", max_digits=9, decimal_places=1, null=True, blank=True)
    hasil = models.CharField("hasil", max_length=12, choices=Hasil, blank=True)
    # What the verifier measured or counted (Mbps, units), where the line has a minimum.
    nilai = models.DecimalField("terukur/terhitung", max_digits=9, decimal_places=1, null=True, blank=True)
    catatan = models.TextField("catatan", blank=True)

    class Meta:
        ordering = ["permintaan", "skema_id", "urutan"]
        verbose_name = "item ceklis verifikasi TUK"
        verbose_name_plural = "item ceklis verifikasi TUK"
        constraints = [
            models.UniqueConstraint(
                fields=["permintaan", "skema_id", "urutan"], name="verifikasi_tuk_item_once"
            )
        ]

    def __str__(self):
        return self.aspek

    @property
    def needs_nilai(self) -> bool:
        return self.minimal is not None


class Syarat(TimeStampedModel):
    """A condition of a "layak dengan syarat" recommendation: the TUK uploads its proof, the
    verifier accepts it or asks again. The recommendation becomes final (Sesuai) when every
    condition is accepted."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", "Menunggu bukti dari TUK"
        DIAJUKAN = "diajukan", "Bukti diajukan, menunggu verifikator"
        DITERIMA = "diterima", "Diterima"

    TRANSITIONS = {
        Status.TERBUKA: {Status.DIAJUKAN},
        Status.DIAJUKAN: {Status.DITERIMA, Status.TERBUKA},
    }
    STATUS_TONES = {Status.DITERIMA: OK, Status.TERBUKA: WARN, Status.DIAJUKAN: WARN}

    permintaan = models.ForeignKey(Permintaan, on_delete=models.PROTECT, related_name="syarat")
    urutan = models.PositiveSmallIntegerField("urutan")
    uraian = models.TextField("syarat yang harus dipenuhi")
    status = models.CharField("status", max_length=10, choices=Status, default=Status.TERBUKA)
    tanggapan = models.TextField("tanggapan TUK", blank=True)
    catatan_verifikator = models.TextField("catatan verifikator", blank=True)

    class Meta:
        ordering = ["permintaan", "urutan"]
        verbose_name = "syarat tindak lanjut"
        verbose_name_plural = "syarat tindak lanjut"
        constraints = [
            models.UniqueConstraint(fields=["permintaan", "urutan"], name="verifikasi_tuk_syarat_once")
        ]

    def __str__(self):
        return self.uraian

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)


class BuktiVerifikasi(TimeStampedModel):
    """An evidence file of the verification (a photo, the speed-test image, a document, or a
    condition's proof): checked by content (lsp_portal.uploads), images re-encoded without
    metadata, kept under a generated name with its SHA-256. Never replaced or deleted."""

    class Jenis(models.TextChoices):
        FOTO = "foto", "Foto"
        UJI_KECEPATAN = "uji_kecepatan", "Tangkapan layar uji kecepatan internet"
        DOKUMEN = "dokumen", "Dokumen"
        TINDAK_LANJUT = "tindak_lanjut", "Bukti tindak lanjut syarat"

    permintaan = models.ForeignKey(Permintaan, on_delete=models.PROTECT, related_name="bukti")
    item = models.ForeignKey(
        ItemCeklis, on_delete=models.PROTECT, null=True, blank=True, related_name="bukti"
    )
    syarat = models.ForeignKey(Syarat, on_delete=models.PROTECT, null=True, blank=True, related_name="bukti")
    jenis = models.CharField("jenis bukti", max_length=14, choices=Jenis)
    judul = models.CharField("keterangan", max_length=200)
    berkas = models.FileField("berkas", upload_to="verifikasi_tuk/bukti/", max_length=255)
    nama_asli = models.CharField("nama berkas asal", max_length=120, blank=True)
    jenis_berkas = models.CharField("jenis berkas", max_length=4)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diunggah oleh"
    )

    class Meta:
        ordering = ["permintaan", "pk"]
        verbose_name = "bukti verifikasi TUK"
        verbose_name_plural = "bukti verifikasi TUK"

    def __str__(self):
        return self.judul


class Penetapan(TimeStampedModel):
    """An SK penetapan TUK: issued in the system by the Ketua for a request whose result is
    Sesuai (`dokumen`, signed through the records engine), or an SK issued outside the
    system that staff record with its PDF (`berkas`, kept like every record until
    `retained_until`). Applying it makes the TUK verified for its schemes until
    `berlaku_sampai` (tuk.services.penetapan_apply)."""

    tuk = models.ForeignKey("tuk.Tuk", on_delete=models.PROTECT, related_name="+", verbose_name="TUK")
    permintaan = models.OneToOneField(
        Permintaan, on_delete=models.PROTECT, null=True, blank=True, related_name="penetapan"
    )
    skema_ids = models.JSONField("skema yang ditetapkan", default=list)
    berlaku_sampai = models.DateField("berlaku sampai")
    dokumen = models.ForeignKey(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SK penetapan TUK",
    )
    nomor = models.CharField("nomor SK", max_length=120)
    tanggal = models.DateField("tanggal SK")
    berkas = models.FileField("berkas SK (PDF)", upload_to="verifikasi_tuk/sk/", max_length=255, blank=True)
    sha256 = models.CharField("SHA-256 berkas", max_length=64, blank=True)
    retained_until = models.DateField("disimpan sampai")
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dicatat oleh"
    )

    class Meta:
        ordering = ["-tanggal", "-pk"]
        verbose_name = "SK penetapan TUK"
        verbose_name_plural = "SK penetapan TUK"
        constraints = [
            # Issued in the system (a record) or outside it (its PDF), never both or neither.
            models.CheckConstraint(
                condition=(Q(dokumen__isnull=False) & Q(berkas=""))
                | (Q(dokumen__isnull=True) & ~Q(berkas="")),
                name="verifikasi_tuk_penetapan_one_source",
            )
        ]

    def __str__(self):
        return f"SK {self.nomor}"

    @property
    def di_luar_sistem(self) -> bool:
        return self.dokumen_id is None


class KonflikTuk(TimeStampedModel):
    """X-6: a person who declared a conflict of interest with a TUK (works there, owns it,
    a relative runs it...) is not assigned to verify it."""

    personel = models.ForeignKey("sdm.Personel", on_delete=models.PROTECT, related_name="+")
    tuk = models.ForeignKey("tuk.Tuk", on_delete=models.PROTECT, related_name="+")
    alasan = models.TextField("hubungan/alasan")

    class Meta:
        verbose_name = "benturan kepentingan dengan TUK"
        verbose_name_plural = "benturan kepentingan dengan TUK"
        constraints = [
            models.UniqueConstraint(fields=["personel", "tuk"], name="verifikasi_tuk_konflik_once")
        ]

    def __str__(self):
        return f"{self.personel} – {self.tuk}"
