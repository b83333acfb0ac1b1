"""Remote TUK verification (SE-A4.9, FLOW.md §4.1): a request to verify a TUK for the schemes
it will host, the verifier the Manajer assigns with the SPT verifikasi TUK, and (later steps
of issue 12) the session's checklist, the follow-up of conditions and the SK penetapan TUK.

Schemes are kept as ids (values through lsp_portal.schemes): this app does not import muk
(.importlinter). Status moves go through lsp_portal.workflow.transition().
"""

from django.conf import settings
from django.db import models

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
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    TRANSITIONS = {
        Status.DIAJUKAN: {Status.DITUGASKAN, Status.DIBATALKAN},
        Status.DITUGASKAN: {Status.DIBATALKAN},
    }
    STATUS_TONES = {Status.DITUGASKAN: OK, Status.DIAJUKAN: WARN, Status.DIBATALKAN: ERR}

    tuk = models.ForeignKey("tuk.Tuk", on_delete=models.PROTECT, related_name="permintaan_verifikasi")
    jenis = models.CharField("jenis permintaan", max_length=14, choices=Jenis, default=Jenis.BARU)
    # The schemes the TUK will host, as ids of muk.Skema (read as values: lsp_portal.schemes).
    skema_ids = models.JSONField("skema yang akan diujikan", default=list)
    alasan = models.TextField("keterangan", blank=True)
    status = models.CharField("status", max_length=12, choices=Status, default=Status.DIAJUKAN, db_index=True)
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

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "permintaan verifikasi TUK"
        verbose_name_plural = "permintaan verifikasi TUK"

    def __str__(self):
        return f"Verifikasi {self.tuk} ({self.get_jenis_display().lower()})"

    @property
    def status_badge(self) -> Badge:
        return Badge.of(self.status, self.get_status_display(), self.STATUS_TONES)


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
