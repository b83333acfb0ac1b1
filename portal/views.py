"""Public pages of the portal (SE-A4.1): no login. Each page reads a fixed number of rows,
whatever the amount of news. Files have no public URL: the two files the public may see (the
organisation chart and the licence SK) are streamed by views here."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from administrasi.models import Sop
from administrasi.sop import in_force as sop_in_force
from lsp_portal.files import stream_file
from lsp_portal.pagination import paginate

from . import selectors
from .models import HalamanPublik
from .permissions import can_manage_portal, visible_berita

NEWS_PAGE_SIZE = 10
FILE_MAX_AGE = 24 * 3600  # the URLs carry a version (?v=...) that changes with the file
PUBLIC_CACHE = f"public, max-age={FILE_MAX_AGE}"
SOP_CACHE = "public, max-age=300"  # one address for whichever version is in force


@require_safe
def home_view(request):
    """Home: profile summary, licence and its status, the latest news, and links to every
    public page (SE-A4.1: all reachable from home)."""
    return render(
        request,
        "portal/home.html",
        {
            "profil": selectors.profil_get(),
            "lisensi": selectors.lisensi_get(),
            "berita_terbaru": selectors.berita_latest(3),
            "halaman": selectors.halaman_summaries(),
        },
    )


@require_safe
def profil_view(request):
    return render(request, "portal/profil.html", {"profil": selectors.profil_get()})


@require_safe
def lisensi_view(request):
    return render(request, "portal/lisensi.html", {"lisensi": selectors.lisensi_get()})


@require_safe
def struktur_organisasi_view(request):
    """The organisation chart image, streamed from storage (local disk or S3)."""
    profil = selectors.profil_get()
    if profil is None or not profil.struktur_organisasi:
        raise Http404("Bagan struktur organisasi belum diunggah.")
    return stream_file(profil.struktur_organisasi, stem="struktur-organisasi", cache_control=PUBLIC_CACHE)


@require_safe
def lisensi_berkas_view(request):
    """The licence SK as PDF, streamed from storage."""
    lisensi = selectors.lisensi_get()
    if lisensi is None or not lisensi.berkas_sk:
        raise Http404("Berkas SK lisensi belum diunggah.")
    return stream_file(lisensi.berkas_sk, stem="sk-lisensi-bnsp", cache_control=PUBLIC_CACHE)


@require_safe
def berita_list_view(request):
    page = paginate(request, selectors.berita_published(), per_page=NEWS_PAGE_SIZE)
    return render(request, "portal/berita_list.html", {"page": page})


@require_safe
def berita_detail_view(request, slug):
    """A published news item; a draft is 404 to the public (staff see a preview)."""
    berita = get_object_or_404(visible_berita(request.user), slug=slug)
    return render(
        request,
        "portal/berita_detail.html",
        {"berita": berita, "can_manage": can_manage_portal(request.user)},
    )


@require_safe
def halaman_view(request, kunci, sop_jenis=None):
    """A keyed page the LSP edits. `sop_jenis`: the page also shows the SOP of that kind in
    force (administrasi.sop, SE-A1.4): its number, version, date, approver, reference, text
    and PDF; a draft or a version waiting for approval never shows."""
    halaman = get_object_or_404(HalamanPublik, kunci=kunci)
    return render(
        request,
        "portal/halaman.html",
        {
            "halaman": halaman,
            "profil": selectors.profil_get(),
            "can_manage": can_manage_portal(request.user),
            "sop_jenis": sop_jenis,
            "sop": sop_in_force(sop_jenis) if sop_jenis else None,
        },
    )


@require_safe
def sop_pdf_view(request, sop_jenis):
    """The PDF record of the SOP of kind `sop_jenis` in force, as the Ketua signed it, streamed
    from the record storage. Public, like the page; 404 while none is in force."""
    return _sop_pdf(sop_in_force(sop_jenis))


@require_safe
def sop_versi_pdf_view(request, pk):
    """The PDF of one approved SOP version that is or was in force (an appeal names the version
    in force when it was filed). A draft, or a version not yet in force, is 404."""
    return _sop_pdf(Sop.objects.filter(pk=pk, status__in=Sop.PUBLIC).select_related("dokumen").first())


def _sop_pdf(sop):
    if sop is None or sop.dokumen is None or not sop.dokumen.pdf:
        raise Http404("Belum ada dokumen SOP yang berlaku.")
    return stream_file(sop.dokumen.pdf, stem=f"{sop.nomor}-versi-{sop.versi}", cache_control=SOP_CACHE)


@require_safe
def ruang_lingkup_view(request):
    """Scope of certification (SE-A4.1): every active scheme with its kind, reference, fee
    per mode and BNSP's remote approval. One query, whatever the number of schemes."""
    schemes = list(selectors.skema_public())
    return render(
        request,
        "portal/ruang_lingkup.html",
        {
            "schemes": schemes,
            "jumlah_jarak_jauh": sum(1 for s in schemes if s.jarak_jauh_disetujui),
        },
    )


@require_safe
def skema_detail_view(request, pk):
    """One active scheme for the public (SE-A4.1): units, basic requirements, fees, remote
    approval with the BNSP letter. An inactive or unknown scheme is 404."""
    from muk.selectors import persyaratan_by_jenis

    skema = get_object_or_404(selectors.skema_public_with_structure(), pk=pk)
    return render(
        request,
        "portal/skema_detail.html",
        {"skema": skema, "persyaratan": persyaratan_by_jenis(skema)},
    )
