"""Documents with validity (SE-A4.2, SE-A2.1): certificates and maintenance contracts, with
their files checked by content. Bad input gets a message on its field and nothing is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sdm import selectors, services
from sdm.models import KontrakPemeliharaan, SertifikatKompetensi

from .conftest import PDF, cert_data, make_asesor, make_personel, pdf_upload, png_bytes, png_upload
from .test_personel_pages import field_errors

pytestmark = pytest.mark.embedded


def cert_form(**overrides):
    data = {k: str(v) for k, v in cert_data().items()}
    data.update(overrides)
    return data


def kontrak_form(**overrides):
    data = {
        "nama_vendor": "PT Awan Data",
        "nomor_kontrak": "KTR/01",
        "tanggal_mulai": "2025-01-01",
        "tanggal_selesai": "2026-12-31",
        "memuat_klausul_pemeliharaan": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("upload", [pdf_upload, png_upload], ids=["pdf", "png"])
def test_certificate_with_pdf_or_image_is_saved_and_downloadable(client, admin_lsp, upload):
    """SE-A4.2: number, field, dates and the file; the file is served to staff only."""
    personel = make_personel(admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{personel.pk}/sertifikat/baru/",
        {**cert_form(), "berkas": upload(name="apa-saja.bin")},
    )
    assert response.status_code == 302 and response.url == personel.get_absolute_url()
    sertifikat = SertifikatKompetensi.objects.get()
    assert sertifikat.berkas.name.endswith(".pdf" if upload is pdf_upload else ".png")
    download = client.get(f"/sdm/sertifikat/{sertifikat.pk}/berkas/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) in (PDF, png_bytes())


@pytest.mark.parametrize(
    "content", [b"bukan gambar, hanya teks", b"\x89PNG\r\n\x1a\n rusak"], ids=["text", "broken-png"]
)
def test_non_pdf_non_image_upload_is_refused(client, admin_lsp, content):
    """SE-A4.2: a file that is neither PDF nor a readable image is refused whatever its name;
    nothing is saved, no file is stored."""
    personel = make_personel(admin_lsp)
    client.force_login(admin_lsp)
    upload = SimpleUploadedFile("sertifikat.png", content, content_type="image/png")
    response = client.post(f"/sdm/personel/{personel.pk}/sertifikat/baru/", {**cert_form(), "berkas": upload})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "berkas") == [
        "Berkas sertifikat harus berupa PDF atau gambar (PNG, JPEG, WebP) yang dapat dibaca."
    ]
    assert not SertifikatKompetensi.objects.exists()


def test_service_refuses_a_non_image_even_without_the_form(admin_lsp, settings):
    """SE-A4.2: an SVG named .pdf is checked by content in the service too; nothing stored."""
    personel = make_personel(admin_lsp)
    upload = SimpleUploadedFile("x.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    with pytest.raises(ValidationError) as caught:
        services.sertifikat_create(personel=personel, actor=admin_lsp, berkas=upload, **cert_data())
    assert "harus berupa PDF atau gambar" in caught.value.messages[0]
    assert not SertifikatKompetensi.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_certificate_expiry_before_issue_is_refused_on_the_field(client, admin_lsp):
    """X-3 / SE-A4.2: expiry before (or on) the issue date is refused per field."""
    personel = make_personel(admin_lsp)
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{personel.pk}/sertifikat/baru/",
        cert_form(tanggal_terbit="2025-05-01", berlaku_sampai="2025-04-30"),
    )
    assert field_errors(response.content.decode(), "berlaku_sampai") == [
        "Tanggal berlaku sampai harus setelah tanggal terbit."
    ]
    assert not SertifikatKompetensi.objects.exists()


def test_service_refuses_expiry_before_issue_per_field(admin_lsp):
    personel = make_personel(admin_lsp)
    with pytest.raises(ValidationError) as caught:
        services.sertifikat_create(
            personel=personel,
            actor=admin_lsp,
            **cert_data(tanggal_terbit=dt.date(2025, 5, 1), berlaku_sampai=dt.date(2025, 5, 1)),
        )
    assert caught.value.message_dict == {
        "berlaku_sampai": ["Tanggal berlaku sampai harus setelah tanggal terbit."]
    }


def test_same_certificate_number_twice_for_one_person_is_refused(client, admin_lsp):
    personel = make_personel(admin_lsp)
    services.sertifikat_create(personel=personel, actor=admin_lsp, **cert_data(nomor="CERT-1"))
    client.force_login(admin_lsp)
    response = client.post(f"/sdm/personel/{personel.pk}/sertifikat/baru/", cert_form(nomor="cert-1"))
    assert field_errors(response.content.decode(), "nomor") == [
        "Nomor sertifikat ini sudah tercatat untuk personel ini."
    ]
    assert SertifikatKompetensi.objects.count() == 1


def test_editing_a_certificate_replaces_its_file_and_keeps_data_on_error(
    client, admin_lsp, django_capture_on_commit_callbacks
):
    """A refused edit changes nothing; a good one replaces the file and the old file goes
    once the change commits."""
    personel = make_personel(admin_lsp)
    sertifikat = services.sertifikat_create(
        personel=personel, actor=admin_lsp, berkas=pdf_upload(), **cert_data()
    )
    old_name = sertifikat.berkas.name
    client.force_login(admin_lsp)
    bad = client.post(f"/sdm/sertifikat/{sertifikat.pk}/ubah/", cert_form(berlaku_sampai="2000-01-01"))
    assert bad.status_code == 200
    sertifikat.refresh_from_db()
    assert sertifikat.berkas.name == old_name and sertifikat.berlaku_sampai == dt.date(2027, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            f"/sdm/sertifikat/{sertifikat.pk}/ubah/",
            {**cert_form(berlaku_sampai="2028-01-01"), "berkas": png_upload()},
        )
    assert ok.status_code == 302
    sertifikat.refresh_from_db()
    assert sertifikat.berkas.name.endswith(".png") and sertifikat.berlaku_sampai == dt.date(2028, 1, 1)
    assert not sertifikat.berkas.storage.exists(old_name)


def test_third_party_contract_for_a_maintainer(client, admin_lsp):
    """SE-A2.1: a vendor maintaining the system: contract number, period, file, clause."""
    vendor = make_personel(admin_lsp, fungsi="pemelihara_si", nama="Kontak Vendor")
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{vendor.pk}/kontrak/baru/", {**kontrak_form(), "berkas": pdf_upload("kontrak.pdf")}
    )
    assert response.status_code == 302
    kontrak = KontrakPemeliharaan.objects.get()
    assert kontrak.memuat_klausul_pemeliharaan and kontrak.berkas.name.endswith(".pdf")
    assert client.get(f"/sdm/kontrak/{kontrak.pk}/berkas/").status_code == 200


def test_contract_end_before_start_is_refused_on_the_field(client, admin_lsp):
    vendor = make_personel(admin_lsp, fungsi="pemelihara_si")
    client.force_login(admin_lsp)
    response = client.post(
        f"/sdm/personel/{vendor.pk}/kontrak/baru/",
        kontrak_form(tanggal_mulai="2025-01-01", tanggal_selesai="2024-12-31"),
    )
    assert field_errors(response.content.decode(), "tanggal_selesai") == [
        "Tanggal selesai harus setelah tanggal mulai."
    ]
    assert not KontrakPemeliharaan.objects.exists()


def test_contract_only_for_maintainers(client, admin_lsp):
    admin = make_personel(admin_lsp, fungsi="admin")
    client.force_login(admin_lsp)
    assert client.get(f"/sdm/personel/{admin.pk}/kontrak/baru/").status_code == 404
    with pytest.raises(ValidationError):
        services.kontrak_create(
            personel=admin,
            actor=admin_lsp,
            nama_vendor="V",
            nomor_kontrak="K",
            tanggal_mulai=dt.date(2025, 1, 1),
            tanggal_selesai=dt.date(2026, 1, 1),
            memuat_klausul_pemeliharaan=True,
        )


def test_it_section_requires_an_operator_and_a_qualified_maintainer(client, manajer, admin_lsp):
    """SE-A2.1: ✓ only with an active operator and a maintainer holding a valid web-developer
    certificate or a valid contract with the maintenance clause; a maintainer without either
    is shown as not qualified."""
    client.force_login(manajer)
    maintainer = make_personel(admin_lsp, fungsi="pemelihara_si", nama="Pemelihara Internal")
    make_personel(admin_lsp, fungsi="operator_si", nama="Operator")
    assert not selectors.it_status().ok
    assert "Belum memenuhi" in client.get("/sdm/sistem-informasi/").content.decode()
    services.sertifikat_create(
        personel=maintainer,
        actor=admin_lsp,
        **cert_data(
            jenis="web_developer", tanggal_terbit=dt.date(2024, 1, 1), berlaku_sampai=dt.date(2099, 1, 1)
        ),
    )
    assert selectors.it_status().ok
    html = client.get("/sdm/sistem-informasi/").content.decode()
    assert "Internal: sertifikat web developer CERT-001 berlaku." in html


def test_contract_without_clause_does_not_qualify(admin_lsp):
    vendor = make_personel(admin_lsp, fungsi="pemelihara_si")
    make_personel(admin_lsp, fungsi="operator_si", nama="Operator")
    services.kontrak_create(
        personel=vendor,
        actor=admin_lsp,
        nama_vendor="V",
        nomor_kontrak="K",
        tanggal_mulai=dt.date(2020, 1, 1),
        tanggal_selesai=dt.date(2099, 1, 1),
        memuat_klausul_pemeliharaan=False,
    )
    assert not selectors.it_status().ok


def test_expired_met_is_not_assignable(admin_lsp):
    """SE-A4.2 edge: an asesor whose MET registration has ended is not assignable."""
    asesor = make_asesor(admin_lsp, met_terbit=dt.date(2020, 1, 1), met_berlaku_sampai=dt.date(2023, 1, 1))
    assert not asesor.is_assignable_on(dt.date(2023, 1, 2))
    assert asesor.is_assignable_on(dt.date(2023, 1, 1))
    assert list(selectors.assignable_asesor(day=dt.date(2023, 1, 2))) == []
