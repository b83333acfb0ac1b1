"""Placeholder module: its owner replaces every view here."""

from django.http import Http404


def permohonan_baru_view(request, *args, **kwargs):
    raise Http404


def permohonan_detail_view(request, *args, **kwargs):
    raise Http404


def permohonan_ubah_view(request, *args, **kwargs):
    raise Http404


def bukti_unggah_view(request, *args, **kwargs):
    raise Http404


def bukti_unduh_view(request, *args, **kwargs):
    raise Http404


def permohonan_ajukan_view(request, *args, **kwargs):
    raise Http404

