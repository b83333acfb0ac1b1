"""Placeholder module: its owner replaces every view here."""

from django.http import Http404


def rencana_view(request, *args, **kwargs):
    raise Http404


def ak07_view(request, *args, **kwargs):
    raise Http404


def ak01_usul_view(request, *args, **kwargs):
    raise Http404


def ak01_tandatangan_view(request, *args, **kwargs):
    raise Http404


def konflik_view(request, *args, **kwargs):
    raise Http404

