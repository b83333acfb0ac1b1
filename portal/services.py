"""Every write to the public portal (SE-A4.1). Each runs in one transaction, attributed in
the audit trail (X-4) to `actor`. Uploads are checked by content before anything is stored,
and a file written for a change that then fails is removed again, so nothing is half-saved.
A replaced or removed file is deleted only after the change commits."""

from collections.abc import Mapping

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from akun.audit import acting_as
from lsp_portal.service_helpers import assign_fields, clean_model, save_unique, save_with_file
from lsp_portal.uploads import MB, UploadRule

from .models import SINGLE_ROW, Berita, HalamanPublik, Lisensi, ProfilLSP

PROFIL_FIELDS = ("nama", "singkatan", "alamat", "kota", "telepon", "email", "situs", "visi", "misi")
LISENSI_FIELDS = ("nomor_sk", "tanggal_terbit", "tanggal_kedaluwarsa")
# Both files are public (portal/views.py streams them): checked and cleaned like every upload.
STRUKTUR_UPLOAD = UploadRule("Bagan struktur organisasi", kinds={"png", "jpg", "webp"}, max_bytes=2 * MB)
SK_UPLOAD = UploadRule("Berkas SK", kinds={"pdf"}, max_bytes=10 * MB)
SLUG_TAKEN = "Alamat (slug) ini sudah dipakai berita lain."


@transaction.atomic
def profil_update(
    *,
    data: Mapping,
    actor,
    struktur_organisasi: File | None = None,
    hapus_struktur_organisasi: bool = False,
) -> ProfilLSP:
    """Create or update the single profile row with `data` (fields of PROFIL_FIELDS), and
    replace or remove the organisation chart. Raises ValidationError (nothing stored) for
    invalid fields or an upload STRUKTUR_UPLOAD refuses; stores the chart without metadata."""
    checked = (
        STRUKTUR_UPLOAD.check(struktur_organisasi, field="struktur_organisasi")
        if struktur_organisasi
        else None
    )
    with acting_as(actor):
        profil = ProfilLSP.objects.select_for_update().filter(pk=SINGLE_ROW).first() or ProfilLSP(
            pk=SINGLE_ROW
        )
        assign_fields(profil, data, PROFIL_FIELDS)
        clean_model(profil, exclude=["struktur_organisasi"])
        if checked:
            profil.struktur_lebar, profil.struktur_tinggi = checked.width, checked.height
        elif hapus_struktur_organisasi:
            profil.struktur_lebar = profil.struktur_tinggi = None
        return save_with_file(
            profil,
            "struktur_organisasi",
            upload=checked,
            name="struktur-organisasi",
            remove=hapus_struktur_organisasi,
        )


@transaction.atomic
def lisensi_update(
    *,
    data: Mapping,
    actor,
    berkas_sk: File | None = None,
    hapus_berkas_sk: bool = False,
) -> Lisensi:
    """Create or update the licence with `data` (fields of LISENSI_FIELDS) and replace or
    remove the SK's PDF. Raises ValidationError (nothing stored) when the expiry date is not
    after the issue date, or the file is one SK_UPLOAD refuses (not a whole PDF of at most
    10 MB without scripts, launch actions or attachments)."""
    berkas_sk = SK_UPLOAD.check(berkas_sk, field="berkas_sk") if berkas_sk else None
    with acting_as(actor):
        lisensi = Lisensi.objects.select_for_update().filter(pk=SINGLE_ROW).first() or Lisensi(pk=SINGLE_ROW)
        assign_fields(lisensi, data, LISENSI_FIELDS)
        clean_model(lisensi, exclude=["berkas_sk"])
        return save_with_file(
            lisensi,
            "berkas_sk",
            upload=berkas_sk,
            name="sk-lisensi-bnsp",
            remove=hapus_berkas_sk,
        )


def _unique_slug(judul: str, *, exclude_pk=None) -> str:
    base = (slugify(judul) or "berita")[:100].strip("-") or "berita"
    taken = set(
        Berita.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save_berita(berita: Berita) -> Berita:
    clean_model(berita)
    # The same slug taken by a concurrent save: the field's message.
    return save_unique(berita, integrity_errors={"slug": ("slug", SLUG_TAKEN)})


@transaction.atomic
def berita_create(*, judul: str, ringkasan: str, isi: str, slug: str = "", actor) -> Berita:
    """A draft (not public until published). Without `slug` one is made from the title.
    Raises ValidationError for invalid fields or a slug already in use."""
    with acting_as(actor):
        berita = Berita(judul=judul, ringkasan=ringkasan, isi=isi, slug=slug or _unique_slug(judul))
        return _save_berita(berita)


@transaction.atomic
def berita_update(*, berita: Berita, judul: str, ringkasan: str, isi: str, slug: str = "", actor) -> Berita:
    """Edit a news item, published or not. An empty `slug` keeps the current one."""
    with acting_as(actor):
        berita = Berita.objects.select_for_update().get(pk=berita.pk)
        berita.judul, berita.ringkasan, berita.isi = judul, ringkasan, isi
        berita.slug = slug or berita.slug
        return _save_berita(berita)


@transaction.atomic
def berita_publish(*, berita: Berita, actor) -> Berita:
    """Make it public. The first publication sets `diterbitkan_pada`; publishing it again
    after a withdrawal keeps that date. Idempotent: already published → no change."""
    with acting_as(actor):
        berita = Berita.objects.select_for_update().get(pk=berita.pk)
        if not berita.terbit:
            berita.terbit = True
            berita.diterbitkan_pada = berita.diterbitkan_pada or timezone.now()
            berita.save(update_fields=["terbit", "diterbitkan_pada", "updated_at"])
        return berita


@transaction.atomic
def berita_unpublish(*, berita: Berita, actor) -> Berita:
    """Withdraw it from the public pages (it stays for staff). Idempotent."""
    with acting_as(actor):
        berita = Berita.objects.select_for_update().get(pk=berita.pk)
        if berita.terbit:
            berita.terbit = False
            berita.save(update_fields=["terbit", "updated_at"])
        return berita


@transaction.atomic
def berita_delete(*, berita: Berita, actor) -> None:
    """Delete a news item for good (news is not a record; the audit trail keeps its fields)."""
    with acting_as(actor):
        current = Berita.objects.select_for_update().filter(pk=berita.pk).first()
        if current is not None:  # already gone: nothing to do
            current.delete()


@transaction.atomic
def halaman_update(
    *, halaman: HalamanPublik, judul: str, isi: str, meta_deskripsi: str, actor
) -> HalamanPublik:
    """Replace a public page's title, text and search description. Raises ValidationError."""
    with acting_as(actor):
        halaman = HalamanPublik.objects.select_for_update().get(pk=halaman.pk)
        halaman.judul, halaman.isi, halaman.meta_deskripsi = judul, isi, meta_deskripsi
        clean_model(halaman)
        halaman.save()
        return halaman
