"""FR.MAPA.01 and FR.MAPA.02 per unit of a draft MUK version, edited on pages (SE-A4.6)."""

import pytest

from muk import services
from muk.models import Mapa01, Mapa01Metode, Mapa02

from .conftest import MAPA01
from .test_muk_items import field_errors, top_errors

pytestmark = pytest.mark.embedded


def mapa01_post(**overrides):
    data = {k: v for k, v in MAPA01.items()}
    data.update({"metode_observasi": "L", "metode_pertanyaan_tertulis": "T"})
    data.update(overrides)
    return data


@pytest.fixture
def unit(draft):
    return draft.skema.units.order_by("urutan").first()


def test_mapa01_is_saved_with_its_methods_and_evidence(client, manajer, draft, unit):
    """SE-A4.6: approach, context, candidate and method × kind of evidence per unit."""
    client.force_login(manajer)
    url = f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/mapa01/"
    assert client.get(url).status_code == 200
    response = client.post(url, mapa01_post())
    assert response.status_code == 302
    mapa = Mapa01.objects.get(versi=draft, unit=unit)
    assert (mapa.pendekatan, mapa.potensi_asesi, mapa.kandidat) == ("individu", 2, MAPA01["kandidat"])
    assert sorted(mapa.metode.values_list("metode", "jenis_bukti")) == [
        ("observasi", "L"),
        ("pertanyaan_tertulis", "T"),
    ]
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Observasi langsung (CL) (L)" in html and "Pertanyaan tertulis (DPT) (T)" in html


def test_mapa01_edit_keeps_unchanged_method_rows(client, manajer, draft, unit):
    """SE-A4.6: saving again changes only what changed (the audit shows the real change)."""
    client.force_login(manajer)
    url = f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/mapa01/"
    client.post(url, mapa01_post())
    kept = Mapa01Metode.objects.get(metode="observasi").pk
    assert 'value="individu" selected' in client.get(url).content.decode()
    client.post(url, mapa01_post(metode_pertanyaan_tertulis="", metode_wawancara="T", pendekatan="kelompok"))
    assert sorted(Mapa01Metode.objects.values_list("metode", flat=True)) == ["observasi", "wawancara"]
    assert Mapa01Metode.objects.get(metode="observasi").pk == kept
    assert Mapa01.objects.get().pendekatan == "kelompok" and Mapa01.objects.count() == 1


def test_mapa01_without_method_or_context_is_refused(client, manajer, draft, unit):
    """SE-A4.6 edge: every field gets its Indonesian message; nothing is saved."""
    client.force_login(manajer)
    url = f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/mapa01/"
    html = client.post(
        url, mapa01_post(metode_observasi="", metode_pertanyaan_tertulis="", konteks=" ")
    ).content.decode()
    assert top_errors(html) == ["Pilih sekurang-kurangnya satu metode asesmen beserta jenis buktinya."]
    assert field_errors(html, "konteks") == ["Konteks asesmen wajib diisi."]
    assert not Mapa01.objects.exists()


def test_mapa02_maps_instruments_to_candidate_potential(client, manajer, draft, unit):
    """SE-A4.6: which FR.IA kinds are used for which potensi asesi, one tidy row each."""
    client.force_login(manajer)
    url = f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/mapa02/"
    assert client.get(url).status_code == 200
    client.post(url, {"IA.02": ["2"], "IA.05": ["2", "3"]})
    assert sorted(Mapa02.objects.values_list("jenis", "potensi")) == [
        ("IA.02", 2),
        ("IA.05", 2),
        ("IA.05", 3),
    ]
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "FR.IA.05 Pertanyaan Tertulis Pilihan Ganda (DPT) (potensi 2, 3)" in html
    client.post(url, {"IA.05": ["3"]})
    assert list(Mapa02.objects.values_list("jenis", "potensi")) == [("IA.05", 3)]


def test_mapa02_needs_at_least_one_instrument(client, manajer, draft, unit):
    client.force_login(manajer)
    html = client.post(f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/mapa02/", {}).content.decode()
    assert top_errors(html) == ["Pilih sekurang-kurangnya satu instrumen untuk satu potensi asesi."]
    assert not Mapa02.objects.exists()


def test_a_unit_of_another_scheme_answers_404(client, manajer, draft, skema_with_units):
    client.force_login(manajer)
    other = skema_with_units.units.first()
    assert client.get(f"/muk/skema/{draft.skema_id}/muk/1/unit/{other.pk}/mapa01/").status_code == 404
    with pytest.raises(Exception, match="bukan bagian dari skema"):
        services.mapa02_save(versi=draft, unit=other, cells={("IA.01", 1)}, actor=manajer)
