"""Permission-matrix rows of the staff pages of the journey (views_staff; SE-A4.4, SE-A4.8a).

The list: staff with use_sertifikasi_staff (admin_lsp, manajer, komite, ketua); others 403.
The verification: holders of verify_permohonan (admin_lsp, manajer, ketua); the komite sees
the application but may not verify (403), as the applicant may not verify their own (403);
everyone else does not see it (404)."""

from django.urls import reverse

from tests.matrix import Row, only

STAFF = {"admin_lsp", "manajer", "komite", "ketua"}
VERIFIERS = {"admin_lsp", "manajer", "ketua"}


def _submitted(c):
    """An application of the `asesi` persona for the sample scheme (seeded by the Manajer
    persona), submitted through the services."""
    from muk.demo import seed_sample_scheme
    from sertifikasi import services
    from sertifikasi.models import Permohonan
    from tests.conftest import PASSWORD

    from .conftest import fill_apl01, ttd

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.DIAJUKAN).first()
    if found:
        return found
    skema = seed_sample_scheme(actor=c["manajer"])
    asesi = c["asesi"]
    p = services.permohonan_create(asesi=asesi, skema=skema, actor=asesi)
    fill_apl01(p, asesi)
    return services.permohonan_submit(permohonan=p, actor=asesi, privasi_setuju=True, ttd=ttd(PASSWORD))


VERIFY = {**only(VERIFIERS, denied=404), "komite": 403, "asesi": 403}

ROWS = {
    "sertifikasi:permohonan-list": Row(only(STAFF)),
    "sertifikasi:verifikasi": Row(
        VERIFY, url=lambda c: reverse("sertifikasi:verifikasi", args=[_submitted(c).pk])
    ),
}
