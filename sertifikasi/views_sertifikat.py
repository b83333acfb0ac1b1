"""Certificates (SE-A4.12, X-1): the holder's own, the staff register with its export,
suspension and revocation, BNSP registration numbers, the import of the older register."""

from django.http import Http404


def sertifikat_saya_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_list_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_ekspor_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_unduh_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_status_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_registrasi_view(request, **kwargs):
    raise Http404  # placeholder: being built


def registrasi_impor_view(request, **kwargs):
    raise Http404  # placeholder: being built


def registrasi_templat_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_impor_view(request, **kwargs):
    raise Http404  # placeholder: being built


def sertifikat_impor_templat_view(request, **kwargs):
    raise Http404  # placeholder: being built
