"""The BNSP blanko list of a batch (X-2) with its configurable columns, and the start of
a re-certification from a certificate (FLOW.md state 18)."""

from django.http import Http404


def blanko_view(request, **kwargs):
    raise Http404  # placeholder: being built


def blanko_kolom_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikasi_ulang_view(request, **kwargs):
    raise Http404  # placeholder: being built
