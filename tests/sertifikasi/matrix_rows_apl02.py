"""Permission-matrix rows for the FR.APL.02 pages (SE-A4.4, SE-A4.8b).

Objects, built through the services on the demo scheme: the `asesi` persona's application in
asesmen mandiri (the self-assessment pages), and for the review the same applicant's
application in a batch whose one assessor is the `asesor` persona (profile, scheme, this
year's declaration), APL.02 signed. Who sees an application: the applicant, the batch's
assessor and the sertifikasi staff (use_sertifikasi_staff); another applicant or assessor
gets 404; people with no journey role 403 (sertifikasi's module gate). Only the applicant
fills and signs (staff read the answers, 403 on the rest); only the candidate's assessor
reviews (the applicant and staff: 403).
"""

import datetime as dt

from django.urls import reverse

from tests.matrix import Row

from .world import demo_scheme, journey_statuses, persona_asesor, persona_batch, persona_verified, sign_apl02

# A woman born 21-07-1992 in Kota Bandung (21 + 40 = 61): a NIK no other row uses.
IDENTITAS = {
    "nama": "Lestari Ayuningtyas",
    "kewarganegaraan": "wni",
    "nik": "3273016107920004",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1992, 7, 21),
    "jenis_kelamin": "P",
    "alamat": "Jl. Braga No. 7, Bandung",
    "kode_pos": "40111",
    "nomor_hp": "081299990002",
    "email": "asesi@matriks.lsp.id",
    "pendidikan": "d3",
    "pekerjaan_institusi": "",
    "pekerjaan_jabatan": "",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


def _mandiri(c):
    """The `asesi` persona's application, verified: in asesmen mandiri."""
    from sertifikasi.models import Permohonan

    found = Permohonan.objects.filter(asesi=c["asesi"]).first()
    if found:
        return found
    return persona_verified(c, demo_scheme(c), IDENTITAS)


def _dijadwalkan(c):
    """The same application with APL.02 signed, in a batch of the `asesor` persona: waiting
    for the review; once per context."""
    from .conftest import join_batch

    if "dijadwalkan" not in c:
        p = sign_apl02(_mandiri(c))
        asesor = persona_asesor(c, p.skema, met="MET.000.777777.2024")
        c["dijadwalkan"] = join_batch(c, p, persona_batch(c, p.skema, asesor, nama="Batch Matriks APL.02"))
    return c["dijadwalkan"]


def _row(expect, name, build, **kwargs):
    """A row opening `build`'s application, built once for the run of rows naming it (Row.world)."""
    return Row(
        expect, url=lambda c: reverse(f"sertifikasi:{name}", args=[build(c).pk]), world=build, **kwargs
    )


ROWS = {
    # The applicant fills it; staff read the answers.
    "sertifikasi:apl02": _row(journey_statuses(asesi=200, staff=200), "apl02", _mandiri),
    # A portfolio upload (an empty one: refused with a message, back to the page).
    "sertifikasi:apl02-bukti": _row(
        journey_statuses(asesi=302, staff=403), "apl02-bukti", _mandiri, method="post"
    ),
    "sertifikasi:apl02-ajukan": _row(journey_statuses(asesi=200, staff=403), "apl02-ajukan", _mandiri),
    # Only the candidate's assessor reviews.
    "sertifikasi:apl02-reviu": _row(
        journey_statuses(asesi=403, staff=403, asesor=200), "apl02-reviu", _dijadwalkan
    ),
}
