"""Permission-matrix rows of the request pages (views.py, views_permintaan.py; SE-A4.4,
SE-A4.9, X-6).

The request is the persona TUK's (its pengelola is the pengelola_tuk persona; its verifier
the asesor persona once assigned; tests/verifikasi_tuk/world.py): staff who run TUK
verification see it, asesor_lain 404, personas without the module 403. assign_verifikator_tuk
(manajer, ketua) assigns; manage_tuk or assign_verifikator_tuk (admin_lsp, manajer, ketua)
cancels; the one with a personnel row (the asesor persona) declares conflicts."""

from django.urls import reverse

from tests.matrix import SIGNED_IN, Row

from .world import AT, persona_request, persona_tuk, persona_verifikator, visible_statuses


def _only(allowed, **overrides):
    statuses = {"anon": 302, **{p: 200 if p in allowed else 403 for p in SIGNED_IN}}
    statuses.update(overrides)
    return statuses


def _row(expect, name, upto):
    """A row opening the persona request at `upto`, made once for the rows at that step."""
    return Row(expect, url=lambda c: reverse(name, args=[persona_request(c, upto=upto).pk]), world=AT[upto])


def _konflik(c):
    persona_verifikator(c)  # the asesor persona's personnel row
    return reverse("verifikasi_tuk:konflik")


def _create(c):
    persona_tuk(c)
    return reverse("verifikasi_tuk:permintaan-create")


def _bukti(c):
    p = persona_request(c, upto="evidenced")
    return reverse("verifikasi_tuk:bukti-file", args=[p.pk, p.bukti.first().pk])


# verifikasi_tuk:home has its row in tests/test_permission_matrix.py (the module gate).
ROWS = {
    "verifikasi_tuk:konflik": Row(_only({"asesor"}), url=_konflik),
    # manage_tuk (admin_lsp, ketua) for any TUK, the pengelola_tuk persona for their own.
    "verifikasi_tuk:permintaan-create": Row(
        _only({"admin_lsp", "ketua", "pengelola_tuk", "superuser"}), url=_create
    ),
    "verifikasi_tuk:permintaan-detail": _row(
        visible_statuses(), "verifikasi_tuk:permintaan-detail", "evidenced"
    ),
    # Waiting for a verifier: the asesor persona is not its verifier yet (404).
    "verifikasi_tuk:permintaan-assign": _row(
        visible_statuses(staff=200, pengelola=403, asesor=404, admin_lsp=403),
        "verifikasi_tuk:permintaan-assign",
        "diajukan",
    ),
    "verifikasi_tuk:permintaan-cancel": _row(
        visible_statuses(staff=200, pengelola=403, asesor=403),
        "verifikasi_tuk:permintaan-cancel",
        "ditugaskan",
    ),
    "verifikasi_tuk:bukti-file": Row(visible_statuses(), url=_bukti, world=AT["evidenced"]),
}
