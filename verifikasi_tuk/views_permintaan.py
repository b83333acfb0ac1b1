"""The request pages: create, detail (the whole story of one verification), assignment,
cancellation and evidence downloads. PLACEHOLDER: built by a helper."""

from django.http import Http404


def permintaan_create_view(request):
    raise Http404


def permintaan_detail_view(request, pk):
    raise Http404


def assign_view(request, pk):
    raise Http404


def cancel_view(request, pk):
    raise Http404


def bukti_file_view(request, pk, bid):
    raise Http404
