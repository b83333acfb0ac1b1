"""Permission-matrix rows of the verifier's session pages (views_ceklis; SE-A4.4, SE-A4.9).

The persona request with its SPT signed (the session open). Only its verifier (the asesor
persona) fills the checklist, uploads evidence and sends it; others who see the request
(staff, the TUK's pengelola) 403 with the reason; asesor_lain 404; personas without the
module 403."""

from django.urls import reverse

from tests.matrix import Row, in_world

from .world import AT, persona_request, visible_statuses


def _url(name):
    return lambda c: reverse(f"verifikasi_tuk:{name}", args=[persona_request(c, upto="spt_signed").pk])


ONLY_VERIFIER = visible_statuses(staff=403, pengelola=403, asesor=200)

ROWS = in_world(
    AT["spt_signed"],
    {
        "verifikasi_tuk:ceklis": Row(ONLY_VERIFIER, url=_url("ceklis")),
        # POST with no file: the verifier is sent back to the checklist with a message (302).
        "verifikasi_tuk:ceklis-bukti": Row(
            visible_statuses(staff=403, pengelola=403, asesor=302), url=_url("ceklis-bukti"), method="post"
        ),
        "verifikasi_tuk:ceklis-submit": Row(ONLY_VERIFIER, url=_url("ceklis-submit")),
    },
)
