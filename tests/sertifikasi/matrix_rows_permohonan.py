"""Permission-matrix rows for the applicant's FR.APL.01 pages (SE-A4.4, SE-A4.8a, X-10).

The object: the `asesi` persona's draft application for the sample scheme (seeded alone,
without the demo accounts), with one evidence file, made through the services. Who sees it:
the applicant and the sertifikasi staff (use_sertifikasi_staff); another applicant, and
assessors not in its batch (it has none), get 404; people with no journey role 403
(sertifikasi's module gate). Only the applicant edits, uploads and submits (staff: 403).
"""

from django.urls import reverse

from tests.hostile_files import valid_pdf
from tests.matrix import SIGNED_IN, Row

from .world import STAFF, journey_statuses

JOURNEY = {"asesi", "asesi_lain", "asesor", "asesor_lain"} | STAFF


def _expect(*, applicant: int, staff: int):
    """The applicant `applicant`, staff `staff`; assessors (none in its batch) 404."""
    return journey_statuses(asesi=applicant, staff=staff)


def _permohonan(c):
    """The `asesi` persona's draft, with a PDF for the scheme's first requirement."""
    if "permohonan_draf" not in c:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from muk.demo import seed_sample_scheme
        from muk.models import PersyaratanDasar
        from sertifikasi import services

        skema = seed_sample_scheme(actor=c["ketua"])
        p = services.permohonan_create(asesi=c["asesi"], skema=skema, actor=c["asesi"])
        persyaratan = PersyaratanDasar.objects.filter(skema=skema).order_by("urutan", "pk").first()
        bukti = services.bukti_upload(
            permohonan=p,
            persyaratan=persyaratan,
            upload=SimpleUploadedFile("ktp.pdf", valid_pdf(), content_type="application/pdf"),
            actor=c["asesi"],
        )
        c["permohonan_draf"] = (p, persyaratan, bukti)
    return c["permohonan_draf"]


def _url(name):
    def build(c):
        p, persyaratan, bukti = _permohonan(c)
        args = {
            "sertifikasi:bukti-unggah": [p.pk, persyaratan.pk],
            "sertifikasi:bukti-unduh": [p.pk, bukti.pk],
        }.get(name, [p.pk])
        return reverse(name, args=args)

    return build


ROWS = {
    # Choosing a scheme: everyone the journey serves (a staff member may apply too).
    "sertifikasi:permohonan-baru": Row({"anon": 302, **{p: 200 if p in JOURNEY else 403 for p in SIGNED_IN}}),
    "sertifikasi:permohonan": Row(_expect(applicant=200, staff=200), url=_url("sertifikasi:permohonan")),
    "sertifikasi:permohonan-ubah": Row(
        _expect(applicant=200, staff=403), url=_url("sertifikasi:permohonan-ubah")
    ),
    # POST without a file: the applicant is sent back to the form with a message.
    "sertifikasi:bukti-unggah": Row(
        _expect(applicant=302, staff=403), method="post", url=_url("sertifikasi:bukti-unggah")
    ),
    "sertifikasi:bukti-unduh": Row(_expect(applicant=200, staff=200), url=_url("sertifikasi:bukti-unduh")),
    "sertifikasi:permohonan-ajukan": Row(
        _expect(applicant=200, staff=403), url=_url("sertifikasi:permohonan-ajukan")
    ),
}
