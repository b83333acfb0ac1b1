"""The public register of certificate holders (SE-A4.12, X-1): search, each certificate's
page (the QR code's target), verification by number. No login; rate-limited; NIK never shown."""

from django.http import Http404


def cari_view(request, **kwargs):
    raise Http404  # placeholder: being built


def periksa_view(request, **kwargs):
    raise Http404  # placeholder: being built


def detail_view(request, **kwargs):
    raise Http404  # placeholder: being built
