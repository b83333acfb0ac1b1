"""FR.AK.02, FR.AK.03, FR.AK.05, FR.AK.06 (SE-A4.8f–i). PLACEHOLDER: built by a helper."""

from django.http import Http404


def ak02_view(request, pk):
    raise Http404


def ak02_tandatangan_view(request, pk):
    raise Http404


def ak03_view(request, pk):
    raise Http404


def ak05_view(request, pk):
    raise Http404


def ak06_view(request, pk):
    raise Http404
