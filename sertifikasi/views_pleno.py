"""The decision (FLOW.md states 11–13): the pleno of a batch, each member's K/BK with
reasons, the SK keputusan with the certificates, the Ketua's one signing act."""

from django.http import Http404


def pleno_list_view(request, **kwargs):
    raise Http404  # placeholder: being built


def pleno_baru_view(request, **kwargs):
    raise Http404  # placeholder: being built


def pleno_view(request, **kwargs):
    raise Http404  # placeholder: being built


def keputusan_view(request, **kwargs):
    raise Http404  # placeholder: being built


def pleno_sk_view(request, **kwargs):
    raise Http404  # placeholder: being built


def pleno_tandatangan_view(request, **kwargs):
    raise Http404  # placeholder: being built


def konflik_pleno_view(request, **kwargs):
    raise Http404  # placeholder: being built
