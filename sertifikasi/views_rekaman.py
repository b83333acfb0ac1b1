"""Session recordings (X-9): upload, presigned multipart on S3, link + SHA-256.
PLACEHOLDER: built by a helper."""

from django.http import Http404


def rekaman_view(request, pk):
    raise Http404


def rekaman_mulai_view(request, pk):
    raise Http404


def rekaman_selesai_view(request, pk):
    raise Http404


def rekaman_file_view(request, pk, rekaman_pk):
    raise Http404
