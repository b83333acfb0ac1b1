"""The verifier's session pages. PLACEHOLDER: built by a helper."""

from django.http import Http404


def ceklis_view(request, pk):
    raise Http404


def bukti_upload_view(request, pk):
    raise Http404


def submit_view(request, pk):
    raise Http404
