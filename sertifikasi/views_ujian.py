"""The timed FR.IA.05 (SE-A4.8d). PLACEHOLDER: built by a helper."""

from django.http import Http404


def ujian_view(request, pk, lembar_pk):
    raise Http404


def ujian_jawab_view(request, pk, lembar_pk):
    raise Http404


def ujian_selesai_view(request, pk, lembar_pk):
    raise Http404
