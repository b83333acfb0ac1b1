"""Reads for the public pages: each is one query, whatever the amount of content."""

from .models import SINGLE_ROW, Berita, HalamanPublik, Lisensi, ProfilLSP


def profil_get() -> ProfilLSP | None:
    return ProfilLSP.objects.filter(pk=SINGLE_ROW).first()


def lisensi_get() -> Lisensi | None:
    return Lisensi.objects.filter(pk=SINGLE_ROW).first()


def berita_published():
    """Published news, newest first, without the body (list pages show the summary)."""
    return Berita.objects.filter(terbit=True).defer("isi").order_by("-diterbitkan_pada", "-pk")


def berita_latest(limit: int = 3) -> list[Berita]:
    return list(berita_published()[:limit])


def halaman_summaries() -> dict[str, HalamanPublik]:
    """{kunci: page} with titles and descriptions only, for links on the home page."""
    return HalamanPublik.objects.only("kunci", "judul", "meta_deskripsi").in_bulk(field_name="kunci")
