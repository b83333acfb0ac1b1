"""Conditions: the TUK's proof, the verifier's review. PLACEHOLDER: built by a helper."""

from django.http import Http404


def syarat_answer_view(request, pk, sid):
    raise Http404


def syarat_review_view(request, pk, sid):
    raise Http404


def fail_view(request, pk):
    raise Http404
