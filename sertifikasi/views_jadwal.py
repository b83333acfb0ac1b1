"""Placeholder module: its owner replaces every view here."""

from django.http import Http404


def jadwal_list_view(request, *args, **kwargs):
    raise Http404


def jadwal_baru_view(request, *args, **kwargs):
    raise Http404


def jadwal_detail_view(request, *args, **kwargs):
    raise Http404


def jadwal_ubah_view(request, *args, **kwargs):
    raise Http404


def jadwal_asesor_view(request, *args, **kwargs):
    raise Http404


def jadwal_peserta_view(request, *args, **kwargs):
    raise Http404


def jadwal_keluarkan_view(request, *args, **kwargs):
    raise Http404


def spt_konfirmasi_view(request, *args, **kwargs):
    raise Http404

