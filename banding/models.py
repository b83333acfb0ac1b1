"""Appeals (banding, SE-A4.8j, SE-A4.13, X-6; FLOW.md §3): a candidate appeals a decision of
the pleno (sertifikasi.Keputusan) on FR.AK.04 within the LSP's window; the appeal is numbered
by its FR.AK.04 record, registered by the Admin LSP, reviewed by a panel of people who had no
part in the assessment or the decision, and decided with reasons in an SK keputusan banding
signed by the Ketua. Status moves go through lsp_portal.workflow.transition() (history kept);
the original records of the assessment and the decision are never edited.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lsp_portal.models import TimeStampedModel
from lsp_portal.status import ERR, OK, WARN, Badge


class Banding(TimeStampedModel):
    """FR.AK.04: one appeal against one decision (Keputusan) by the candidate it is about.

    `nomor` is the FR.AK.04 record's number (the kind's pattern, a sequence per year). The
    grounds are the form's questions. `batas_keputusan` is the date the panel must decide by
    (BANDING_BATAS_KEPUTUSAN_HARI after filing). A decided appeal carries its result and
    reasons (a database rule); an upheld one may point at its follow-up (a re-assessment
    application or the changed decision's application)."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", "Diajukan"
        DIREGISTRASI = "diregistrasi", "Diregistrasi"
        DIKAJI = "dikaji", "Dikaji tim banding"
        DIPUTUSKAN = "diputuskan", "Diputuskan, menunggu tanda tangan Ketua"
        DISAMPAIKAN = "disampaikan", "Keputusan disampaikan"

    TRANSITIONS = {
        Status.DIAJUKAN: {Status.DIREGISTRASI},
        Status.DIREGISTRASI: {Status.DIKAJI},
        Status.DIKAJI: {Status.DIPUTUSKAN},
        Status.DIPUTUSKAN: {Status.DISAMPAIKAN},
    }
    STATUS_TONES = {Status.DIPUTUSKAN: WARN, Status.DISAMPAIKAN: OK}
    # An open appeal blocks a second one on the same decision (banding_once_open).
    CLOSED = (Status.DISAMPAIKAN,)
    DECIDED = (Status.DIPUTUSKAN, Status.DISAMPAIKAN)

    class Hasil(models.TextChoices):
        DITOLAK = "ditolak", "Ditolak (keputusan semula tetap)"
        DITERIMA = "diterima", "Diterima"

    HASIL_TONES = {Hasil.DITOLAK: ERR, Hasil.DITERIMA: OK}

    # Set from the FR.AK.04 record in the filing transaction (the record's subject is this row).
    nomor = models.CharField("nomor banding", max_length=120, unique=True, null=True, blank=True)
    keputusan = models.ForeignKey(
        "sertifikasi.Keputusan", on_delete=models.PROTECT, related_name="banding", verbose_name="keputusan"
    )
    asesi = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="banding", verbose_name="asesi"
    )
    status = models.CharField("status", max_length=16, choices=Status, default=Status.DIAJUKAN, db_index=True)
    # FR.AK.04's questions (Ya/Tidak) and the reason.
    dijelaskan = models.BooleanField("Proses banding telah dijelaskan kepada saya")
    didiskusikan = models.BooleanField("Saya telah mendiskusikan banding dengan asesor")
    didampingi = models.BooleanField("Saya ingin melibatkan orang lain membantu dalam proses banding")
    alasan_banding = models.TextField("alasan banding")
    ak04 = models.OneToOneField(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FR.AK.04",
    )
    # The appeal SOP in force when it was filed (SE-A1.4: linked from each appeal); none when
    # the LSP had none in force then.
    sop = models.ForeignKey(
        "administrasi.Sop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SOP banding yang berlaku",
    )
    diajukan_pada = models.DateTimeField("diajukan pada")
    batas_keputusan = models.DateField("batas waktu keputusan")
    diregistrasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diregistrasi oleh",
    )
    # The panel and the Ketua who signs its decision letter.
    penandatangan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="penandatangan SK (Ketua LSP)",
    )
    hasil = models.CharField("hasil banding", max_length=10, choices=Hasil, blank=True)
    alasan_keputusan = models.TextField("alasan keputusan banding", blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diputuskan oleh",
    )
    diputuskan_pada = models.DateTimeField("diputuskan pada", null=True, blank=True)
    sk = models.OneToOneField(
        "administrasi.Dokumen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SK keputusan banding",
    )
    # Upheld: the re-assessment application, or the application whose decision changed.
    tindak_lanjut = models.ForeignKey(
        "sertifikasi.Permohonan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tindak lanjut",
    )

    class Meta:
        ordering = ["-diajukan_pada", "-pk"]
        verbose_name = "banding"
        verbose_name_plural = "banding"
        constraints = [
            # SE-A4.8j: one open appeal per decision.
            models.UniqueConstraint(
                fields=["keputusan"],
                condition=~Q(status="disampaikan"),
                name="banding_once_open",
            ),
            models.CheckConstraint(condition=~Q(alasan_banding=""), name="banding_grounds"),
            # SE-A4.8j: a decided appeal has its result and non-empty reasons.
            models.CheckConstraint(
                condition=~Q(status__in=["diputuskan", "disampaikan"])
                | (Q(hasil__in=["ditolak", "diterima"]) & ~Q(alasan_keputusan="")),
                name="banding_decided_with_reasons",
            ),
            # Only an upheld appeal has a follow-up.
            models.CheckConstraint(
                condition=Q(tindak_lanjut__isnull=True) | Q(hasil="diterima"),
                name="banding_followup_if_upheld",
            ),
        ]

    def __str__(self):
        return f"Banding {self.nomor}"

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    @property
    def terlambat(self) -> bool:
        """Past `batas_keputusan` with no decision yet (the list marks it)."""
        from django.utils import timezone

        return self.status not in self.DECIDED and self.batas_keputusan < timezone.localdate()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("banding:detail", args=[self.pk])

    def record_skema(self):
        return self.keputusan.permohonan.skema

    def record_retention_years(self) -> int:
        return self.keputusan.permohonan.skema.masa_berlaku_tahun


class BuktiBanding(TimeStampedModel):
    """An evidence file of the appeal (FR.AK.04), checked by content as the journey's evidence
    is (lsp_portal.uploads); never replaced in place."""

    banding = models.ForeignKey(Banding, on_delete=models.PROTECT, related_name="bukti")
    judul = models.CharField("keterangan bukti", max_length=200)
    berkas = models.FileField("berkas", upload_to="banding/bukti/", max_length=255)
    nama_asli = models.CharField("nama berkas asal", max_length=120, blank=True)
    jenis = models.CharField("jenis berkas", max_length=4)
    ukuran = models.PositiveIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diunggah oleh"
    )

    class Meta:
        ordering = ["banding", "pk"]
        verbose_name = "bukti banding"
        verbose_name_plural = "bukti banding"

    def __str__(self):
        return self.judul


class AnggotaPanel(models.Model):
    """A member of an appeal's panel (tim banding); exactly one chairs it. Nobody involved in
    the assessment or the decision appealed (X-6, banding.services.panel_form)."""

    banding = models.ForeignKey(Banding, on_delete=models.PROTECT, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ketua = models.BooleanField("ketua tim", default=False)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ditetapkan oleh"
    )
    ditetapkan_pada = models.DateTimeField("ditetapkan pada", auto_now_add=True)

    class Meta:
        ordering = ["banding", "-ketua", "pk"]
        verbose_name = "anggota tim banding"
        verbose_name_plural = "anggota tim banding"
        constraints = [
            models.UniqueConstraint(fields=["banding", "user"], name="banding_panel_member_once"),
            models.UniqueConstraint(
                fields=["banding"], condition=Q(ketua=True), name="banding_panel_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({'ketua' if self.ketua else 'anggota'})"


class SidangBanding(TimeStampedModel):
    """A remote hearing of the panel: link, time, notes, and optionally its recording as a
    link with the file's SHA-256 (as the journey keeps session recordings, X-9)."""

    banding = models.ForeignKey(Banding, on_delete=models.PROTECT, related_name="sidang")
    waktu = models.DateTimeField("waktu sidang")
    tautan = models.URLField("tautan sidang daring", max_length=500)
    catatan = models.TextField("catatan sidang", blank=True)
    rekaman_tautan = models.URLField("tautan rekaman", max_length=500, blank=True)
    rekaman_sha256 = models.CharField("SHA-256 rekaman", max_length=64, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dicatat oleh"
    )

    class Meta:
        ordering = ["banding", "waktu", "pk"]
        verbose_name = "sidang banding"
        verbose_name_plural = "sidang banding"
        constraints = [
            # A recording link comes with its hash, and a hash with a link.
            models.CheckConstraint(
                condition=(Q(rekaman_tautan="") & Q(rekaman_sha256=""))
                | (~Q(rekaman_tautan="") & Q(rekaman_sha256__regex=r"^[0-9a-f]{64}$")),
                name="banding_sidang_recording_hashed",
            ),
        ]

    def __str__(self):
        return f"Sidang {self.banding} {self.waktu:%Y-%m-%d}"


class Pengaduan(TimeStampedModel):
    """A complaint (pengaduan, X-5) about the LSP, an assessor, a TUK or a certificate, filed
    by anyone without an account. It reaches the staff only once its e-mail address is
    verified (a link with a random token, stored as its SHA-256, expiring); it is numbered
    then. Staff acknowledge (diterima), investigate (ditindaklanjuti), respond in writing
    (dijawab, the response is e-mailed) and close it. Response time = dijawab_pada −
    diterima_pada. Status moves go through lsp_portal.workflow.transition() (history kept)."""

    class Status(models.TextChoices):
        MENUNGGU_VERIFIKASI_EMAIL = "menunggu_verifikasi_email", "Menunggu verifikasi email"
        DITERIMA = "diterima", "Diterima"
        DIKONFIRMASI = "dikonfirmasi", "Penerimaan dikonfirmasi"
        DITINDAKLANJUTI = "ditindaklanjuti", "Ditindaklanjuti"
        DIJAWAB = "dijawab", "Dijawab"
        DITUTUP = "ditutup", "Ditutup"

    TRANSITIONS = {
        Status.MENUNGGU_VERIFIKASI_EMAIL: {Status.DITERIMA},
        Status.DITERIMA: {Status.DIKONFIRMASI},
        Status.DIKONFIRMASI: {Status.DITINDAKLANJUTI, Status.DIJAWAB},
        Status.DITINDAKLANJUTI: {Status.DIJAWAB},
        Status.DIJAWAB: {Status.DITUTUP},
    }
    STATUS_TONES = {
        Status.MENUNGGU_VERIFIKASI_EMAIL: WARN,
        Status.DITERIMA: WARN,
        Status.DIJAWAB: OK,
        Status.DITUTUP: OK,
    }
    # Waiting on the LSP: counted against the response-time promise.
    OPEN = (Status.DITERIMA, Status.DIKONFIRMASI, Status.DITINDAKLANJUTI)
    ANSWERED = (Status.DIJAWAB, Status.DITUTUP)

    class Subjek(models.TextChoices):
        LSP = "lsp", "Layanan LSP"
        ASESOR = "asesor", "Asesor"
        TUK = "tuk", "Tempat Uji Kompetensi (TUK)"
        SERTIFIKAT = "sertifikat", "Sertifikat"

    # Given when the e-mail is verified: PGD/<year>/<seq>, a sequence per year.
    nomor = models.CharField("nomor pengaduan", max_length=40, unique=True, null=True, blank=True)
    tahun = models.PositiveSmallIntegerField("tahun nomor", null=True, blank=True)
    urutan = models.PositiveIntegerField("nomor urut", null=True, blank=True)
    status = models.CharField(
        "status", max_length=32, choices=Status, default=Status.MENUNGGU_VERIFIKASI_EMAIL, db_index=True
    )
    nama_pelapor = models.CharField("nama pelapor", max_length=150)
    email = models.EmailField("email pelapor", max_length=254)
    telepon = models.CharField("nomor telepon", max_length=30, blank=True)
    subjek = models.CharField("yang diadukan", max_length=12, choices=Subjek)
    rujukan = models.CharField("rujukan", max_length=200, blank=True)
    uraian = models.TextField("uraian pengaduan")
    lampiran = models.FileField("lampiran", upload_to="banding/pengaduan/", max_length=255, blank=True)
    lampiran_nama = models.CharField("nama berkas lampiran", max_length=120, blank=True)
    lampiran_sha256 = models.CharField("SHA-256 lampiran", max_length=64, blank=True)
    # The verification link's token, only as its SHA-256; cleared once used.
    token_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    token_kedaluwarsa = models.DateTimeField("tautan verifikasi berlaku sampai", null=True, blank=True)
    diajukan_pada = models.DateTimeField("diajukan pada")
    diterima_pada = models.DateTimeField("diterima pada (email terverifikasi)", null=True, blank=True)
    batas_jawab = models.DateField("batas waktu jawaban", null=True, blank=True)
    dikonfirmasi_pada = models.DateTimeField("penerimaan dikonfirmasi pada", null=True, blank=True)
    ditindaklanjuti_pada = models.DateTimeField("ditindaklanjuti pada", null=True, blank=True)
    catatan_tindak_lanjut = models.TextField("catatan tindak lanjut", blank=True)
    dijawab_pada = models.DateTimeField("dijawab pada", null=True, blank=True)
    jawaban = models.TextField("jawaban", blank=True)
    ditutup_pada = models.DateTimeField("ditutup pada", null=True, blank=True)
    ditangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ditangani oleh",
    )
    # the person the complaint is about, named by the staff. They never see or handle it
    # (banding.permissions.visible_pengaduan and the can_*_pengaduan), nor are told of it.
    terkait = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="orang yang diadukan",
    )

    class Meta:
        ordering = ["-diajukan_pada", "-pk"]
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"
        constraints = [
            models.CheckConstraint(condition=~Q(uraian=""), name="pengaduan_has_description"),
            models.UniqueConstraint(fields=["tahun", "urutan"], name="pengaduan_number_once_per_year"),
            # a received complaint is numbered and has its due date.
            models.CheckConstraint(
                condition=Q(status="menunggu_verifikasi_email")
                | (Q(nomor__isnull=False) & Q(diterima_pada__isnull=False) & Q(batas_jawab__isnull=False)),
                name="pengaduan_received_numbered",
            ),
            # a responded or closed complaint carries its written response and its time.
            models.CheckConstraint(
                condition=~Q(status__in=["dijawab", "ditutup"])
                | (~Q(jawaban="") & Q(dijawab_pada__isnull=False)),
                name="pengaduan_responded_with_text",
            ),
            models.CheckConstraint(
                condition=~Q(status="ditutup") | Q(ditutup_pada__isnull=False),
                name="pengaduan_closed_with_time",
            ),
        ]

    def __str__(self):
        return f"Pengaduan {self.nomor or '(belum terverifikasi)'}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("banding:pengaduan-detail", args=[self.pk])

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)

    def is_overdue(self, today) -> bool:
        """Still waiting on the LSP after its due date (PENGADUAN_BATAS_JAWAB_HARI)."""
        return self.status in self.OPEN and self.batas_jawab is not None and today > self.batas_jawab

    @property
    def waktu_jawab(self):
        """Response time (dijawab − diterima), or None while unanswered."""
        if self.dijawab_pada and self.diterima_pada:
            return self.dijawab_pada - self.diterima_pada
        return None
