"""SK penetapan TUK pages. PLACEHOLDER: built by a helper."""

from django.http import Http404


def sk_issue_view(request, pk):
    raise Http404


def penetapan_list_view(request):
    raise Http404


def penetapan_external_view(request):
    raise Http404


def penetapan_file_view(request, pk):
    raise Http404
