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


# --- scope of certification (the LSP's schemes, read from muk) ----------------------------

# What the scope pages leave out of a scheme as staff edit it: the internal method note.
SKEMA_INTERNAL_FIELDS = {"metode_default"}


def skema_public():
    """Active schemes for the public scope page, the columns it shows only (one query).
    Inactive schemes cannot be applied for, so the public never sees them."""
    from muk.models import Skema

    fields = [f for f in Skema.EDITABLE_FIELDS if f not in SKEMA_INTERNAL_FIELDS]
    return Skema.objects.filter(aktif=True).only(*fields).order_by("kode")


def skema_public_with_structure():
    """Active schemes with units, their elements and the basic requirements prefetched
    (four queries for one scheme, whatever its size). KUK stay off the public page."""
    from django.db.models import Prefetch

    from muk.models import Elemen, PersyaratanDasar, Skema, UnitKompetensi

    return Skema.objects.filter(aktif=True).prefetch_related(
        Prefetch(
            "units",
            queryset=UnitKompetensi.objects.order_by("urutan", "kode").prefetch_related(
                Prefetch("elemen", queryset=Elemen.objects.order_by("nomor"))
            ),
        ),
        Prefetch("persyaratan", queryset=PersyaratanDasar.objects.order_by("urutan", "pk")),
    )
