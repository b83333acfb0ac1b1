"""Permission-matrix rows for the pra-asesmen pages (SE-A4.4, SE-A4.8c, X-6).

The object: the `asesi` persona's application in pra-asesmen, in a batch whose one assessor
is the `asesor` persona (profile, scheme, this year's declaration), built through the
services on the demo LSP. Who may see it: the applicant, the batch's assessor and the
sertifikasi staff (use_sertifikasi_staff); another applicant or assessor gets 404; people
with no journey role 403 (sertifikasi's module gate). Only the assigned assessor plans,
proposes and declares a conflict (others who see the candidate: 403 there, read-only on the
plan, FR.AK.07 and FR.AK.01 pages).
"""

import datetime as dt

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.matrix import Row, in_world

from .world import demo_scheme, journey_statuses, persona_asesor, persona_batch, persona_verified, sign_apl02

# A man born 12-03-1988 in Kota Bandung: a NIK no demo application uses.
IDENTITAS = {
    "nama": "Rudi Hartono",
    "kewarganegaraan": "wni",
    "nik": "3273011203880003",
    "tempat_lahir": "Bandung",
    "tanggal_lahir": dt.date(1988, 3, 12),
    "jenis_kelamin": "L",
    "alamat": "Jl. Asia Afrika No. 5, Bandung",
    "kode_pos": "40111",
    "nomor_hp": "081299990001",
    "email": "asesi@matriks.lsp.id",
    "pendidikan": "s1",
    "pekerjaan_institusi": "",
    "pekerjaan_jabatan": "",
    "mode": "tatap_muka",
    "tujuan": "sertifikasi",
}


def _expect(*, viewer: int):
    """`viewer`: the status for those who see the candidate but are not its assessor (the
    applicant, staff); the assessor 200."""
    return journey_statuses(asesi=viewer, staff=viewer, asesor=200)


def _kandidat(c):
    """The `asesi` persona's application in pra-asesmen with the `asesor` persona, once."""
    from sertifikasi import services
    from sertifikasi.models import Permohonan

    from .conftest import join_batch, ttd

    found = Permohonan.objects.filter(asesi=c["asesi"], status=Permohonan.Status.PRA_ASESMEN).first()
    if found:
        return found
    skema = demo_scheme(c)
    asesor = persona_asesor(c, skema, met="MET.000.888888.2024")
    p = sign_apl02(persona_verified(c, skema, IDENTITAS))
    p = join_batch(c, p, persona_batch(c, skema, asesor))
    return services.apl02_review(
        permohonan=p, rekomendasi="dapat", catatan="", actor=c["asesor"], ttd=ttd(PASSWORD)
    )


def _url(name):
    return lambda c: reverse(f"sertifikasi:{name}", args=[_kandidat(c).pk])


# Every row opens the same candidate: built once for the run of them (Row.world).
ROWS = in_world(
    _kandidat,
    {
        # Read-only for the applicant and staff; the form for the assessor.
        "sertifikasi:rencana": Row(_expect(viewer=200), url=_url("rencana")),
        "sertifikasi:ak07": Row(_expect(viewer=200), url=_url("ak07")),
        # The proposal is the assessor's alone.
        "sertifikasi:ak01-usul": Row(_expect(viewer=403), url=_url("ak01-usul")),
        # The agreement: everyone who sees the candidate reads it (and signs in turn).
        "sertifikasi:ak01-tandatangan": Row(_expect(viewer=200), url=_url("ak01-tandatangan")),
        # only the candidate's assessor declares a conflict.
        "sertifikasi:konflik": Row(_expect(viewer=403), url=_url("konflik")),
    },
)
