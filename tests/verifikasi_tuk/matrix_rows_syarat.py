"""Permission-matrix rows of the conditions pages (views_syarat; SE-A4.4, SE-A4.9).

Everyone who sees the persona request (staff, its TUK's pengelola, its verifier) opens a
condition's page; asesor_lain 404; personas without the module 403. Only the verifier
reviews sent proof (others who see it 403) and concludes that the conditions failed."""

from django.urls import reverse

from tests.matrix import Row, in_world

from .world import AT, persona_request, visible_statuses


def _syarat(c, *, sent=False):
    """The persona request "layak dengan syarat" with its one condition; with `sent`, the
    pengelola_tuk persona uploaded a proof and sent it to the verifier."""
    from verifikasi_tuk import services

    from .world import png_upload

    p = persona_request(c, upto="tindak_lanjut")
    syarat = p.syarat.get()
    if sent and syarat.status == syarat.Status.TERBUKA:
        services.syarat_bukti_add(
            syarat=syarat, upload=png_upload("apar.png"), judul="APAR", actor=c["pengelola_tuk"]
        )
        syarat = services.syarat_submit(syarat=syarat, tanggapan="APAR terpasang.", actor=c["pengelola_tuk"])
    return p, syarat


def _answer_url(c):
    p, syarat = _syarat(c)
    return reverse("verifikasi_tuk:syarat-answer", args=[p.pk, syarat.pk])


def _review_url(c):
    p, syarat = _syarat(c, sent=True)
    return reverse("verifikasi_tuk:syarat-review", args=[p.pk, syarat.pk])


def _gagal_url(c):
    p, _ = _syarat(c)
    return reverse("verifikasi_tuk:tindak-lanjut-gagal", args=[p.pk])


ONLY_VERIFIER = visible_statuses(staff=403, pengelola=403, asesor=200)

# Every row opens the request "layak dengan syarat": made once for the run of them.
ROWS = in_world(
    AT["tindak_lanjut"],
    {
        "verifikasi_tuk:syarat-answer": Row(visible_statuses(), url=_answer_url),
        # POST: the verifier accepts (302 to the request; the request is then Sesuai); anyone
        # else who sees it 403 before and after.
        "verifikasi_tuk:syarat-review": Row(
            visible_statuses(staff=403, pengelola=403, asesor=302),
            method="post",
            data={"keputusan": "terima"},
            url=_review_url,
        ),
        "verifikasi_tuk:tindak-lanjut-gagal": Row(ONLY_VERIFIER, url=_gagal_url),
    },
)
