"""SE-A4.4: an asesor sees their own profile and declaration page; another asesor's profile
and files answer 404 for them; people without the SDM right get 403; anonymous → login."""

import pytest

from sdm import services

from .conftest import cert_data, pdf_upload

pytestmark = pytest.mark.embedded


def test_asesor_sees_own_profile_with_certificates_and_declarations(client, asesor, own_asesor, admin_lsp):
    services.sertifikat_create(
        personel=own_asesor.personel, actor=admin_lsp, berkas=pdf_upload(), **cert_data(nomor="CERT-SAYA")
    )
    client.force_login(asesor)
    response = client.get("/sdm/saya/")
    assert response.status_code == 302 and response.url == f"/sdm/personel/{own_asesor.personel.pk}/"
    html = client.get(response.url).content.decode()
    assert "MET.000.000100.2024" in html and "CERT-SAYA" in html
    assert "Tandatangani sekarang" in html  # no declaration yet this year
    assert "Ubah data personel" not in html  # no editing for the asesor
    sertifikat = own_asesor.personel.sertifikat.get()
    assert client.get(f"/sdm/sertifikat/{sertifikat.pk}/berkas/").status_code == 200


def test_another_asesors_profile_and_file_answer_404(client, asesor, own_asesor, other_asesor, admin_lsp):
    sertifikat = services.sertifikat_create(
        personel=other_asesor.personel, actor=admin_lsp, berkas=pdf_upload(), **cert_data()
    )
    client.force_login(asesor)
    assert client.get(f"/sdm/personel/{other_asesor.personel.pk}/").status_code == 404
    assert client.get(f"/sdm/sertifikat/{sertifikat.pk}/berkas/").status_code == 404
    assert client.get("/sdm/personel/").status_code == 403
    assert client.get("/sdm/").status_code == 403


def test_people_without_the_right_get_403_and_anonymous_the_login(client, asesi, own_asesor):
    url = f"/sdm/personel/{own_asesor.personel.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/akun/login/")
    client.force_login(asesi)
    assert client.get(url).status_code == 403
    assert client.get("/sdm/deklarasi/").status_code == 403


def test_missing_file_answers_404(client, admin_lsp):
    from .conftest import make_personel

    sertifikat = services.sertifikat_create(personel=make_personel(admin_lsp), actor=admin_lsp, **cert_data())
    client.force_login(admin_lsp)
    assert client.get(f"/sdm/sertifikat/{sertifikat.pk}/berkas/").status_code == 404
