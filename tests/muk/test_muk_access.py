"""Who sees which MUK version (SE-A4.4, SE-A4.6): asesor (use_muk) sees validated versions
only (drafts 404), edit pages need manage_skema (403), anonymous users go to login."""

import pytest

from muk.models import Instrumen

pytestmark = pytest.mark.embedded


def test_asesor_sees_a_validated_version_and_its_instruments(client, asesor, validated):
    client.force_login(asesor)
    assert client.get(f"/muk/skema/{validated.skema_id}/muk/").status_code == 200
    html = client.get(validated.get_absolute_url()).content.decode()
    assert "Ajukan untuk validasi" not in html and "Buat versi baru" not in html
    instrumen = Instrumen.objects.filter(versi=validated).first()
    html = client.get(instrumen.get_absolute_url()).content.decode()
    assert "Aktivitas 1" in html and "Tambah butir" not in html


def test_asesor_and_admin_get_404_for_a_draft(client, asesor, admin_lsp, draft, complete):
    """SE-A4.6: drafts stay with drafters and validators; existence is not leaked."""
    instrumen = Instrumen.objects.filter(versi=draft).first()
    for user in (asesor, admin_lsp):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(instrumen.get_absolute_url()).status_code == 404
        html = client.get(f"/muk/skema/{draft.skema_id}/muk/").content.decode()
        assert "Versi 1</a>" not in html


def test_asesor_cannot_edit(client, asesor, draft):
    unit = draft.skema.units.first()
    client.force_login(asesor)
    for url in (
        f"/muk/skema/{draft.skema_id}/muk/baru/",
        f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/mapa01/",
        f"/muk/skema/{draft.skema_id}/muk/1/ajukan/",
        f"/muk/skema/{draft.skema_id}/muk/1/validasi/",
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/akun/login/")


def test_unknown_version_or_an_instrument_of_another_version_answers_404(client, manajer, komite, validated):
    from muk import services

    v2 = services.muk_versi_create(skema=validated.skema, actor=manajer)
    old = Instrumen.objects.filter(versi=validated).first()
    client.force_login(manajer)
    assert client.get(f"/muk/skema/{validated.skema_id}/muk/9/").status_code == 404
    assert (
        client.get(f"/muk/skema/{validated.skema_id}/muk/{v2.nomor}/instrumen/{old.pk}/").status_code == 404
    )
    # the copy of v1's instrument in v2 is editable; v1's own is not reachable through v2
    assert client.get(f"/muk/skema/{validated.skema_id}/muk/2/instrumen/{old.pk}/ubah/").status_code == 404
