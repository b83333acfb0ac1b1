"""Placeholder module: its owner replaces every view here."""

from django.http import Http404


def impor_view(request, *args, **kwargs):
    raise Http404


def impor_templat_view(request, *args, **kwargs):
    raise Http404

