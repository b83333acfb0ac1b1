"""The certificate pages over HTTP (issue 13 item 6; SE-A4.12, X-1): the holder's list and
download, the detail page for the holder and staff, the status form (suspend, lift, revoke
with a reason) and the registration number form. Others' certificates 404.

The world: decision.sk_signed once per module (the demo candidate asesi holds a final
certificate; its sealed PDF rendered as the Celery task would), in the module's demo
transaction; each test runs in a savepoint of it.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from administrasi import services as records
from administrasi.models import Dokumen
from lsp_portal.seal import verify_seal
from sertifikasi import services
from sertifikasi.models import Sertifikat

from .decision import certificate_of, sk_signed

pytestmark = [pytest.mark.django_db]

St = Sertifikat.Status
REG = "62010 2433 0001 2026"


@pytest.fixture(scope="module")
def _signed(_demo_seeded, django_db_blocker):
    """decision.sk_signed once per module: asesi's certificate is final."""
    from .conftest import _demo_objects

    with django_db_blocker.unblock():
        _, p_k, _ = sk_signed(_demo_objects())
    return certificate_of(p_k).pk


@pytest.fixture
def cert(demo, _signed):
    s = Sertifikat.objects.select_related("dokumen").get(pk=_signed)
    assert s.terbit and s.dokumen.status == Dokumen.Status.FINAL
    return s


@pytest.fixture
def pdf(cert):
    """The certificate's sealed PDF, made as the Celery task makes it (after the signature's
    commit, which a test's transaction never reaches), in this test's media directory."""
    assert records.dokumen_render_pdf(dokumen_id=cert.dokumen_id)
    cert.dokumen.refresh_from_db()
    return cert.dokumen


def imported(demo, nomor, pemegang=None, **over) -> Sertifikat:
    skema = demo["skema"]
    return Sertifikat.objects.create(
        pemegang=pemegang,
        nama="Sari Wulandari",
        nik="3273015505950001",
        skema=skema,
        skema_kode=skema.kode,
        skema_judul=skema.judul,
        nomor=nomor,
        tanggal_terbit=dt.date(2023, 3, 1),
        berlaku_sampai=dt.date(2026, 3, 1) + dt.timedelta(days=3650),
        terbit=True,
        sumber=Sertifikat.Sumber.IMPOR,
        **over,
    )


def url(name, s=None):
    return reverse(f"sertifikasi:{name}", args=[s.pk] if s else [])


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone()))


# --- the holder ------------------------------------------------------------------------------


def test_the_holder_lists_their_certificate_with_status_download_and_public_page(demo, cert, pdf, client):
    """X-1: a holder sees their certificates: status badge, download, link to the public page."""
    client.force_login(demo["asesi"])
    html = client.get(url("sertifikat-saya")).content.decode()
    assert cert.nomor in html and cert.skema_judul in html
    assert "Masih berlaku" in html
    assert url("sertifikat-unduh", cert) in html
    assert cert.get_public_url() in html
    assert reverse("sertifikasi:sertifikasi-ulang", args=[cert.pk]) not in html  # ends in years


def test_the_applicant_home_links_their_certificates(demo, client):
    client.force_login(demo["asesi"])
    assert url("sertifikat-saya") in client.get(reverse("sertifikasi:home")).content.decode()


def test_recertification_is_offered_within_six_months_of_the_end(demo, cert, client):
    """FLOW state 18: a certificate ending within six months links the re-certification."""
    ulang = reverse("sertifikasi:sertifikasi-ulang", args=[cert.pk])
    with at(cert.berlaku_sampai - dt.timedelta(days=60)):
        client.force_login(demo["asesi"])  # years later: a session of that day
        assert ulang in client.get(url("sertifikat-saya")).content.decode()
        assert ulang in client.get(url("sertifikat", cert)).content.decode()


def test_an_expired_certificate_is_listed_as_expired(demo, cert, client):
    """SE-A4.12 edge: expired never shown as valid (by date, no job)."""
    with at(cert.berlaku_sampai + dt.timedelta(days=1)):
        client.force_login(demo["asesi"])
        html = client.get(url("sertifikat-saya")).content.decode()
    assert "Kedaluwarsa" in html and "Masih berlaku" not in html


def test_the_holder_list_costs_the_same_queries_for_one_or_five_certificates(demo, cert, pdf, client):
    """The list's queries do not grow with the holder's certificates."""
    client.force_login(demo["asesi"])
    client.get(url("sertifikat-saya"))  # warm the session and the user's rights

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("sertifikat-saya"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    one, html = count()
    assert html.count(url("sertifikat-unduh", cert)) == 1
    extra = [imported(demo, f"LAMA/{i:04d}/2023", pemegang=demo["asesi"]) for i in range(4)]
    five, html = count()
    assert all(s.nomor in html for s in extra)
    assert five == one


def test_the_holder_downloads_their_sealed_pdf(demo, cert, pdf, client, settings):
    """X-1: the holder downloads the sealed PDF of the final record: streamed from local disk,
    or (S3) through a five-minute presigned URL, never a public one."""
    import urllib.request
    from urllib.parse import parse_qs, urlparse

    client.force_login(demo["asesi"])
    response = client.get(url("sertifikat-unduh", cert))
    filename = f'filename="Sertifikat {cert.nomor.replace("/", "-")} v1.pdf"'
    if settings.S3_ENDPOINT_URL:
        assert response.status_code == 302
        query = parse_qs(urlparse(response["Location"]).query)
        assert query["X-Amz-Expires"] == ["300"] and filename in query["response-content-disposition"][0]
        with urllib.request.urlopen(response["Location"], timeout=10) as fetched:
            content = fetched.read()
    else:
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert filename in response["Content-Disposition"]
        content = b"".join(response.streaming_content)
    assert verify_seal(content).ok
    assert content == pdf.pdf.read()


def test_another_holder_gets_404_for_the_certificate_and_its_pdf(demo, cert, client):
    """Others' certificates answer 404 (no leak), the list shows only one's own."""
    client.force_login(demo["asesi2"])
    assert client.get(url("sertifikat", cert)).status_code == 404
    assert client.get(url("sertifikat-unduh", cert)).status_code == 404
    assert client.get(url("sertifikat-status", cert)).status_code == 404
    assert cert.nomor not in client.get(url("sertifikat-saya")).content.decode()


def test_an_imported_certificate_has_no_pdf_to_download(demo, client):
    s = imported(demo, "LAMA/0100/2020", pemegang=demo["asesi"])
    client.force_login(demo["asesi"])
    assert client.get(url("sertifikat-unduh", s)).status_code == 404
    assert "PDF tidak tersedia" in client.get(url("sertifikat-saya")).content.decode()


def test_the_detail_page_shows_every_field_the_record_and_the_qr_target(demo, cert, client, settings):
    client.force_login(demo["asesi"])
    html = client.get(url("sertifikat", cert)).content.decode()
    for text in (cert.nama, cert.nomor, cert.skema_kode, cert.nik, "Masih berlaku", "Diterbitkan sistem"):
        assert text in html
    assert cert.tanggal_terbit.strftime("%Y") in html
    assert settings.SITE_URL + cert.get_public_url() in html
    assert reverse("administrasi:dokumen-detail", args=[cert.dokumen_id]) in html
    # The holder has no staff action.
    assert url("sertifikat-status", cert) not in html and url("sertifikat-registrasi", cert) not in html


@pytest.mark.parametrize(
    "persona, status_link, registrasi_link",
    [("ketua", True, True), ("admin", False, True), ("manajer", False, True), ("komite", False, False)],
)
def test_staff_see_the_actions_their_rights_allow(demo, cert, client, persona, status_link, registrasi_link):
    client.force_login(demo[persona])
    html = client.get(url("sertifikat", cert)).content.decode()
    assert (url("sertifikat-status", cert) in html) is status_link
    assert (url("sertifikat-registrasi", cert) in html) is registrasi_link


def test_the_auditor_reads_a_certificate_with_the_nik_masked(demo, cert, client):
    client.force_login(demo["auditor"])
    html = client.get(url("sertifikat", cert)).content.decode()
    assert cert.nomor in html and cert.nik not in html


# --- the status form (X-1) --------------------------------------------------------------------


def test_a_revocation_without_reason_is_refused_on_the_page(demo, cert, client):
    """X-1 bad input: refused with a clear Indonesian message; nothing changes."""
    client.force_login(demo["ketua"])
    response = client.post(url("sertifikat-status", cert), {"status": "dicabut", "alasan": "  "})
    assert response.status_code == 200
    assert "Alasan pencabutan wajib diisi" in response.content.decode()
    cert.refresh_from_db()
    assert cert.status == St.AKTIF


def test_the_ketua_suspends_and_lifts_through_the_page(demo, cert, client):
    client.force_login(demo["ketua"])
    page = client.get(url("sertifikat-status", cert)).content.decode()
    assert 'value="dibekukan"' in page and 'value="dicabut"' in page and 'value="aktif"' not in page
    response = client.post(
        url("sertifikat-status", cert), {"status": "dibekukan", "alasan": "Pengaduan sedang diperiksa."}
    )
    assert response.status_code == 302 and response["Location"] == url("sertifikat", cert)
    html = client.get(url("sertifikat", cert)).content.decode()
    assert "Dibekukan" in html and "Pengaduan sedang diperiksa." in html
    assert 'value="aktif"' in client.get(url("sertifikat-status", cert)).content.decode()
    response = client.post(url("sertifikat-status", cert), {"status": "aktif", "alasan": "Tidak terbukti."})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.status == St.AKTIF and cert.alasan_status == "Tidak terbukti."


def test_a_revoked_certificate_page_says_final_and_a_lift_is_refused(demo, cert, client):
    services.sertifikat_status_set(
        sertifikat=cert, status=St.DICABUT, alasan="Pemalsuan bukti terbukti.", actor=demo["ketua"]
    )
    client.force_login(demo["ketua"])
    page = client.get(url("sertifikat-status", cert)).content.decode()
    assert "Pencabutan bersifat final" in page and 'name="alasan"' not in page
    response = client.post(url("sertifikat-status", cert), {"status": "aktif", "alasan": "Mohon dipulihkan."})
    assert response.status_code == 200
    assert "Pencabutan bersifat final" in response.content.decode()
    cert.refresh_from_db()
    assert cert.status == St.DICABUT


@pytest.mark.parametrize("persona", ["admin", "manajer", "asesi"])
def test_the_status_page_is_forbidden_without_the_revoke_right(demo, cert, client, persona):
    client.force_login(demo[persona])
    assert client.get(url("sertifikat-status", cert)).status_code == 403
    assert (
        client.post(url("sertifikat-status", cert), {"status": "dicabut", "alasan": "x"}).status_code == 403
    )
    cert.refresh_from_db()
    assert cert.status == St.AKTIF


# --- the registration number form -------------------------------------------------------------


def test_the_registration_number_is_recorded_and_shown_at_once(demo, cert, client):
    """SE-A4.12: the number is in the register at once; the corrected record waits for the Ketua."""
    client.force_login(demo["admin"])
    response = client.post(url("sertifikat-registrasi", cert), {"nomor_registrasi": REG})
    assert response.status_code == 302
    html = client.get(url("sertifikat", cert)).content.decode()
    assert REG in html and "Versi koreksi menunggu tanda tangan" in html
    client.force_login(demo["asesi"])
    assert REG in client.get(url("sertifikat-saya")).content.decode()


@pytest.mark.parametrize(
    "value, message",
    [("abc", "sekurang-kurangnya 8 angka"), ("", "wajib diisi"), ("6201#2433 0001 2026", "hanya boleh")],
)
def test_a_malformed_registration_number_is_refused_on_the_page(demo, cert, client, value, message):
    client.force_login(demo["admin"])
    response = client.post(url("sertifikat-registrasi", cert), {"nomor_registrasi": value})
    assert response.status_code == 200 and message in response.content.decode()
    cert.refresh_from_db()
    assert cert.nomor_registrasi == ""


def test_a_duplicate_registration_number_is_refused_on_the_page(demo, cert, client):
    other = imported(demo, "LAMA/0200/2020", nomor_registrasi=REG)
    client.force_login(demo["admin"])
    response = client.post(url("sertifikat-registrasi", cert), {"nomor_registrasi": REG})
    assert response.status_code == 200
    assert f"sudah tercatat pada sertifikat {other.nomor}" in response.content.decode()


@pytest.mark.parametrize("persona", ["komite", "asesi"])
def test_the_registration_page_is_forbidden_without_the_manage_right(demo, cert, client, persona):
    client.force_login(demo[persona])
    assert client.get(url("sertifikat-registrasi", cert)).status_code == 403
