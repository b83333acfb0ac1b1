"""Placeholder module: its owner replaces every view here."""

from django.http import Http404


def permohonan_list_view(request, *args, **kwargs):
    raise Http404


def verifikasi_view(request, *args, **kwargs):
    raise Http404

