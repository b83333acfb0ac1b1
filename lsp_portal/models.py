"""Base models shared by every app, and the status history the workflow helper writes."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """One row per status move of any workflow object: who, when, from, to and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField("dari status", max_length=40)
    to_status = models.CharField("ke status", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="pelaku",
    )
    note = models.TextField("catatan", blank=True)
    created_at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = "riwayat status"
        verbose_name_plural = "riwayat status"

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Notifikasi(models.Model):
    """A message to one person about something they must do, with the page where they do it
    (lsp_portal.notifications.notify). Shown under the header's bell; delivered outside the
    portal through the channels, one PengirimanNotifikasi per channel."""

    # A message, not a record: it goes with its person (people are deactivated, not deleted).
    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifikasi",
        verbose_name="penerima",
    )
    judul = models.CharField("judul", max_length=150)
    pesan = models.TextField("pesan")
    url = models.CharField("tautan", max_length=500)  # a path on this site, where to act
    # Same key, same person: notified once (notify() skips, the constraint refuses a race).
    kunci = models.CharField("kunci", max_length=200, blank=True, default="")
    dibuat_pada = models.DateTimeField("dibuat pada", auto_now_add=True)
    dibaca_pada = models.DateTimeField("dibaca pada", null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["penerima", "kunci"],
                condition=~models.Q(kunci=""),
                name="notifikasi_kunci_sekali_per_penerima",
            )
        ]
        indexes = [
            models.Index(fields=["penerima", "-dibuat_pada"], name="notifikasi_terbaru"),
            models.Index(fields=["penerima", "dibaca_pada"], name="notifikasi_belum_dibaca"),
        ]
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"

    def __str__(self):
        return self.judul


class PengirimanNotifikasi(models.Model):
    """One notification's delivery through one external channel (e-mail, WhatsApp...): at
    most one row per channel, so a repeated task skips what was delivered, and the attempts
    and last error stay readable. `status` is a delivery outcome, not a workflow: it is
    claimed and settled with conditional updates (STYLE.md §6), never by transition()."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu"
        MENGIRIM = "mengirim", "Sedang dikirim"
        TERKIRIM = "terkirim", "Terkirim"
        GAGAL = "gagal", "Gagal"
        DILEWATI = "dilewati", "Dilewati"  # the person has no address on this channel

    notifikasi = models.ForeignKey(
        Notifikasi, on_delete=models.CASCADE, related_name="pengiriman", verbose_name="notifikasi"
    )
    kanal = models.CharField("kanal", max_length=40)
    status = models.CharField("status", max_length=20, choices=Status, default=Status.MENUNGGU)
    percobaan = models.PositiveSmallIntegerField("percobaan", default=0)
    diklaim_pada = models.DateTimeField("mulai dikirim", null=True, blank=True)
    terkirim_pada = models.DateTimeField("terkirim pada", null=True, blank=True)
    galat = models.TextField("galat terakhir", blank=True)

    class Meta:
        ordering = ["notifikasi_id", "kanal"]
        constraints = [
            models.UniqueConstraint(fields=["notifikasi", "kanal"], name="pengiriman_sekali_per_kanal")
        ]
        verbose_name = "pengiriman notifikasi"
        verbose_name_plural = "pengiriman notifikasi"

    def __str__(self):
        return f"{self.notifikasi_id} via {self.kanal}: {self.status}"


class Penghitung(models.Model):
    """The last number taken per counter and year (record numbers per kind, complaint
    numbers...): lsp_portal.counters.take locks the row, so numbers are gap-free and never
    shared."""

    kunci = models.CharField("kunci", max_length=80)
    tahun = models.PositiveSmallIntegerField("tahun")
    terakhir = models.PositiveIntegerField("nomor terakhir", default=0)

    class Meta:
        verbose_name = "penghitung nomor"
        verbose_name_plural = "penghitung nomor"
        constraints = [models.UniqueConstraint(fields=["kunci", "tahun"], name="penghitung_per_kunci_tahun")]

    def __str__(self):
        return f"{self.kunci} {self.tahun}: {self.terakhir}"
