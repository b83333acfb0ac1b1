"""The candidate's instrument sheets FR.IA.01–10 except IA.05 (SE-A4.8d). PLACEHOLDER: built by a helper."""

from django.http import Http404


def asesmen_view(request, pk):
    raise Http404


def lembar_view(request, pk, lembar_pk):
    raise Http404


def lembar_kirim_view(request, pk, lembar_pk):
    raise Http404


def lembar_berkas_view(request, pk, lembar_pk):
    raise Http404


def lembar_berkas_file_view(request, pk, lembar_pk, berkas_pk):
    raise Http404


def pihak_ketiga_view(request, pk, lembar_pk):
    raise Http404


def pihak_ketiga_jawab_view(request, token):
    raise Http404
