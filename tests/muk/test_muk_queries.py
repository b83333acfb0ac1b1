"""MUK pages read with a constant number of queries (STYLE.md §5): the version page, an
instrument page and the validator's review page cost the same at 10 and at 100 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muk import services
from muk.models import KUK

from .conftest import MAPA01, skema_data, unit_rows, upload

# Not `embedded`: who may open what and how many queries a page costs are decided by the
# views and the ORM, not by the database or the storage; run once per make test, on PostgreSQL.


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def version_with_items(actor, kode, total):
    """A submitted MUK version of a two-unit scheme with `total` items: per unit an IA.01
    test (two options each) and an IA.01 checklist (on KUK), MAPA.01/02 filled."""
    skema = services.skema_create(actor=actor, **skema_data(kode=kode))
    rows = unit_rows("J.620100.004.02") + unit_rows("J.620100.011.01", judul="Instalasi")
    services.skema_import_structure(skema=skema, upload=upload(rows), actor=actor)
    versi = services.muk_versi_create(skema=skema, actor=actor)
    units = list(skema.units.order_by("urutan"))
    instruments, kuk = [], {}
    for unit in units:
        services.mapa01_save(
            versi=versi,
            unit=unit,
            data=MAPA01,
            metode={"observasi": "L", "pertanyaan_tertulis": "T"},
            actor=actor,
        )
        services.mapa02_save(versi=versi, unit=unit, cells={("IA.01", 2), ("IA.05", 2)}, actor=actor)
        kuk[unit.pk] = list(KUK.objects.filter(elemen__unit=unit))
        for jenis in ("IA.05", "IA.01"):
            instruments.append(
                services.instrumen_create(versi=versi, unit=unit, jenis=jenis, judul=jenis, actor=actor)
            )
    for n in range(total):  # round robin: every instrument gets items
        instrumen = instruments[n % len(instruments)]
        choices = kuk[instrumen.unit_id]
        extra = {"opsi": [("a", "Ya", True), ("b", "Tidak", False)]} if instrumen.jenis == "IA.05" else {}
        services.butir_create(
            instrumen=instrumen, teks=f"Butir {n}", kuk=choices[n % len(choices)], actor=actor, **extra
        )
    return versi, instruments[0]


@pytest.fixture
def two_sizes(ketua):
    """(small, large): (version, an IA.05 instrument) with 10 and 100 items."""
    small = version_with_items(ketua, "SKM/UJI/Q10", 10)
    large = version_with_items(ketua, "SKM/UJI/Q100", 100)
    return small, large


def test_version_and_instrument_pages_do_not_grow_with_items(client, manajer, two_sizes):
    """SE-A4.6: 10 and 100 items cost the same number of queries."""
    client.force_login(manajer)
    (small, small_instrumen), (large, large_instrumen) = two_sizes
    assert queries(client, small.get_absolute_url()) == queries(client, large.get_absolute_url())
    assert queries(client, small_instrumen.get_absolute_url()) == queries(
        client, large_instrumen.get_absolute_url()
    )
    assert queries(client, f"/muk/skema/{small.skema_id}/muk/") == queries(
        client, f"/muk/skema/{large.skema_id}/muk/"
    )


def test_review_page_does_not_grow_with_items(client, ketua, komite, two_sizes):
    """SE-A4.6: the validator's page shows every item (with options) at a constant cost."""
    (small, _), (large, _) = two_sizes
    for versi in (small, large):
        services.muk_versi_submit(versi=versi, actor=ketua)
    client.force_login(komite)
    few = queries(client, f"/muk/skema/{small.skema_id}/muk/1/validasi/")
    many = queries(client, f"/muk/skema/{large.skema_id}/muk/1/validasi/")
    assert few == many
    assert "Butir 96" in client.get(f"/muk/skema/{large.skema_id}/muk/1/validasi/").content.decode()
