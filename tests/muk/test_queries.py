"""Scheme pages read with a constant number of queries (STYLE.md §5)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muk import services

from .conftest import skema_data, unit_rows, upload

pytestmark = pytest.mark.embedded


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def make_schemes(actor, start, end):
    for i in range(start, end):
        skema = services.skema_create(actor=actor, **skema_data(kode=f"SKM/UJI/{i:03d}"))
        services.persyaratan_replace(skema=skema, items=[("administratif", "KTP")], actor=actor)


def test_scheme_list_queries_do_not_grow_with_schemes(client, komite, ketua):
    """SE-A4.6: 3 and 20 schemes cost the same number of queries."""
    client.force_login(komite)
    make_schemes(ketua, 0, 3)
    few = queries(client, "/muk/skema/")
    make_schemes(ketua, 3, 20)
    many = queries(client, "/muk/skema/")
    assert few == many


def test_scheme_detail_queries_do_not_grow_with_units(client, komite, ketua, make_skema):
    """SE-A4.6: a scheme of 6 units and one of 30 cost the same number of queries."""
    client.force_login(komite)
    counts = []
    for n, kode in ((6, "SKM/UJI/006"), (30, "SKM/UJI/030")):
        skema = make_skema(kode=kode)
        rows = [r for u in range(1, n + 1) for r in unit_rows(f"J.620100.{u:03d}.02", judul=f"Unit {u}")]
        services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
        services.persyaratan_replace(
            skema=skema, items=[("pendidikan", "SMK"), ("administratif", "KTP")], actor=ketua
        )
        assert skema.units.count() == n
        counts.append(queries(client, f"/muk/skema/{skema.pk}/"))
    assert counts[0] == counts[1]
