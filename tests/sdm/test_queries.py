"""SDM pages read with a constant number of queries (STYLE.md §5): the same at 10 and at 500
personnel."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sdm import services
from sdm.models import Personel

from .conftest import cert_data, make_asesor, make_personel

# Not `embedded`: who may open what and how many queries a page costs are decided by the
# views and the ORM, not by the database or the storage; run once per make test, on PostgreSQL.

FUNCTIONS = [f for f in Personel.Fungsi.values if f != Personel.Fungsi.ASESOR]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(actor, start, end):
    """People of every function; every fifth an asesor with MET and a certificate ending soon."""
    for i in range(start, end):
        if i % 5 == 0:
            asesor = make_asesor(actor, nama=f"Asesor {i:03d}", met=f"MET.000.{i:06d}.2024")
            services.sertifikat_create(
                personel=asesor.personel,
                actor=actor,
                **cert_data(
                    nomor=f"C-{i}",
                    tanggal_terbit=dt.date(2020, 1, 1),
                    berlaku_sampai=dt.date.today() + dt.timedelta(days=30 + i % 50),
                ),
            )
        else:
            make_personel(
                actor, nama=f"Personel {i:03d}", fungsi=FUNCTIONS[i % len(FUNCTIONS)], nik=f"NIK{i:05d}"
            )


URLS = [
    "/sdm/personel/",
    "/sdm/personel/?fungsi=asesor",
    "/sdm/personel/?q=Personel",
    "/sdm/",
    "/sdm/asesor/",
    "/sdm/sistem-informasi/",
    "/eksekutif/",
]


def test_sdm_pages_cost_the_same_queries_at_10_and_500_people(client, admin_lsp, ketua):
    """SE-A4.2, X-3: the personnel list (filtered and searched), the SDM home with its expiry
    panel, the asesor overview, the IT section and the executive dashboard's panel: the
    same number of queries at 10 and at 500 personnel."""
    client.force_login(ketua)
    grow(admin_lsp, 0, 10)
    small = {url: queries(client, url) for url in URLS}
    grow(admin_lsp, 10, 500)
    assert Personel.objects.count() == 500
    large = {url: queries(client, url) for url in URLS}
    assert small == large
