"""What TUK verification puts on a person's dashboard (lsp_portal.worklist): the requests
waiting on them (assign a verifier, fill the checklist, answer or review conditions, issue
the SK), asked of permissions.py. The home page's "Perlu tindakan Anda" lists the same."""

from collections import defaultdict

from django.db.models import Prefetch

from lsp_portal.worklist import WorkItem

from . import permissions
from .models import Permintaan, Syarat

ASSIGN = "Tugaskan verifikator"
CEKLIS = "Isi ceklis verifikasi"
ANSWER = "Unggah bukti pemenuhan syarat"
REVIEW = "Periksa bukti pemenuhan syarat"
SK = "Terbitkan SK penetapan TUK"
STEPS = (ASSIGN, CEKLIS, ANSWER, REVIEW, SK)


def next_steps(user, p: Permintaan) -> list[str]:
    """What `user` can do now on `p`, in words. `p` comes with_relations (no query here)."""
    steps = []
    if permissions.can_assign(user, p):
        steps.append(ASSIGN)
    if permissions.can_fill_ceklis(user, p):
        steps.append(CEKLIS)
    syarat = list(p.syarat.all())
    if any(permissions.can_answer_syarat(user, s) for s in syarat):
        steps.append(ANSWER)
    if any(permissions.can_review_syarat(user, s) for s in syarat):
        steps.append(REVIEW)
    if permissions.can_issue_sk(user, p):
        steps.append(SK)
    return steps


def with_relations(qs):
    """What lists and next_steps read, joined or prefetched: a constant query count."""
    return qs.select_related("tuk", "verifikator", "spt").prefetch_related(
        Prefetch("syarat", queryset=Syarat.objects.order_by("urutan"))
    )


def actionable(user) -> list[tuple[Permintaan, list[str]]]:
    """(request, steps) for every open request visible to `user` with a step for them; two
    queries whatever the number of requests."""
    if not permissions.can_open(user):
        return []
    open_ones = with_relations(permissions.visible_permintaan(user).filter(status__in=Permintaan.OPEN))
    rows = ((p, next_steps(user, p)) for p in open_ones)
    return [(p, steps) for p, steps in rows if steps]


def verification_steps(user):
    """One item per kind of step: a single request links to it, several to the app's home."""
    from django.urls import reverse

    urls = defaultdict(list)
    for p, steps in actionable(user):
        for step in steps:
            urls[step].append(p.get_absolute_url())
    home = reverse("verifikasi_tuk:home")
    return [
        WorkItem.of(f"Verifikasi TUK: {step.lower()}", urls[step], list_url=home)
        for step in STEPS
        if urls[step]
    ]
