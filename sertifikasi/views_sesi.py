"""The batch's session pages (SE-A4.10, SE-A4.8e, X-8, X-9). PLACEHOLDER: built by a helper."""

from django.http import Http404


def reviu_instrumen_view(request, pk):
    raise Http404


def sesi_view(request, pk):
    raise Http404


def hadir_view(request, pk):
    raise Http404


def perpanjang_view(request, pk):
    raise Http404


def log_view(request, pk):
    raise Http404


def identitas_view(request, pk, permohonan_pk):
    raise Http404


def identitas_foto_view(request, pk, cek_pk):
    raise Http404


def berita_acara_view(request, pk):
    raise Http404
