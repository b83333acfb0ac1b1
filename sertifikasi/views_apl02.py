"""Placeholder module: its owner replaces every view here."""

from django.http import Http404


def apl02_view(request, *args, **kwargs):
    raise Http404


def apl02_bukti_view(request, *args, **kwargs):
    raise Http404


def apl02_ajukan_view(request, *args, **kwargs):
    raise Http404


def apl02_reviu_view(request, *args, **kwargs):
    raise Http404

