"""Facilities and equipment of a TUK: a child list of name, quantity, condition (SE-A4.3)."""

import pytest
from django.core.exceptions import ValidationError

from tuk import services

pytestmark = pytest.mark.embedded


@pytest.fixture
def tuk(make_tuk):
    return make_tuk()


@pytest.mark.parametrize("jumlah", ["-3", "0"])
def test_a_quantity_below_one_is_refused_per_field(client, admin_lsp, tuk, jumlah):
    """SE-A4.3 edge: a negative (or zero) quantity is refused; nothing is saved."""
    client.force_login(admin_lsp)
    response = client.post(
        f"/tuk/{tuk.pk}/fasilitas/tambah/", {"nama": "Laptop", "jumlah": jumlah, "kondisi": "baik"}
    )
    assert response.status_code == 200
    assert "Jumlah paling sedikit 1." in response.content.decode()
    assert not tuk.fasilitas.exists()


def test_the_service_refuses_a_negative_quantity_too(admin_lsp, tuk):
    with pytest.raises(ValidationError) as error:
        services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=-1, kondisi="baik", actor=admin_lsp)
    assert "jumlah" in error.value.message_dict
    assert not tuk.fasilitas.exists()


def test_a_facility_listed_twice_is_refused(client, admin_lsp, tuk):
    services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=2, kondisi="baik", actor=admin_lsp)
    client.force_login(admin_lsp)
    html = client.post(
        f"/tuk/{tuk.pk}/fasilitas/tambah/", {"nama": "  laptop ", "jumlah": "1", "kondisi": "baik"}
    ).content.decode()
    assert "Fasilitas dengan nama ini sudah tercatat di TUK ini; ubah jumlahnya saja." in html
    assert tuk.fasilitas.count() == 1


def test_a_bad_facility_edit_keeps_the_saved_line(client, admin_lsp, tuk):
    laptop = services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=2, kondisi="baik", actor=admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(
        f"/tuk/{tuk.pk}/fasilitas/{laptop.pk}/ubah/", {"nama": "Laptop", "jumlah": "-2", "kondisi": "rusak"}
    )
    assert response.status_code == 200
    laptop.refresh_from_db()
    assert (laptop.jumlah, laptop.kondisi) == (2, "baik")


def test_removing_a_facility_is_audited(admin_lsp, tuk):
    from akun.models import AuditEntry

    laptop = services.fasilitas_add(tuk=tuk, nama="Laptop", jumlah=2, kondisi="baik", actor=admin_lsp)
    services.fasilitas_remove(fasilitas=laptop, actor=admin_lsp)
    services.fasilitas_remove(fasilitas=laptop, actor=admin_lsp)  # already gone: no error
    entry = AuditEntry.objects.filter(content_type__model="fasilitas", object_pk=str(laptop.pk)).latest("pk")
    assert entry.action == AuditEntry.Action.DELETE and entry.actor == admin_lsp
    assert not tuk.fasilitas.exists()
