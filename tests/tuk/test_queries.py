"""TUK pages read with a constant number of queries (STYLE.md §5)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuk import services

from .conftest import future, tuk_data

# Not `embedded`: who may open what and how many queries a page costs are decided by the
# views and the ORM, not by the database or the storage; run once per make test, on PostgreSQL.


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def make_tuks(actor, start, end):
    for i in range(start, end):
        tuk = services.tuk_create(actor=actor, **tuk_data(kode=f"TUK-{i:04d}", nama=f"TUK {i:04d}"))
        if i % 3 == 0:
            services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=2, kondisi="baik", actor=actor)
        if i % 2 == 0:
            services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=future(), actor=actor)


@pytest.mark.parametrize("query", ["", "?status=terverifikasi&jenis=sewaktu&q=TUK"])
def test_tuk_list_queries_do_not_grow_from_10_to_60_tuk(client, admin_lsp, query):
    """SE-A4.3: the register costs the same number of queries at 10 TUK (part of a page) and
    at 60 (a full page of 50, and a second one)."""
    client.force_login(admin_lsp)
    make_tuks(admin_lsp, 0, 10)
    few = queries(client, f"/tuk/{query}")
    make_tuks(admin_lsp, 10, 60)
    many = queries(client, f"/tuk/{query}")
    assert few == many


def test_tuk_detail_queries_do_not_grow_with_facilities_or_history(client, admin_lsp, make_tuk):
    client.force_login(admin_lsp)
    counts = []
    for kode, n in (("TUK-A", 2), ("TUK-B", 40)):
        tuk = make_tuk(kode=kode)
        for i in range(n):
            services.fasilitas_add(tuk=tuk, nama=f"Alat {i}", jumlah=1, kondisi="baik", actor=admin_lsp)
        for _ in range(n // 2):
            services.tuk_set_status(tuk=tuk, status="terverifikasi", berlaku_sampai=future(), actor=admin_lsp)
        counts.append(queries(client, f"/tuk/{tuk.pk}/"))
    assert counts[0] == counts[1]
