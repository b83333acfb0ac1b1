"""Who sees which record, and the archive's pages, through HTTP (SE-A4.5, X-11).

Records of others answer 404; staff see all; an auditor sees one record once granted.
"""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from administrasi import services
from administrasi.models import Dokumen, TandaTangan
from akun.models import AuditEntry
from lsp_portal.models import StatusChange

from ..conftest import PASSWORD, need

# Not `embedded`: who may open what and how many queries a page costs are decided by the
# views and the ORM, not by the database or the storage; run once per make test, on PostgreSQL.


def url(name, dokumen):
    return reverse(f"administrasi:{name}", args=[dokumen.pk])


LIST = "/administrasi/arsip/"


@pytest.fixture
def fr_ak_01(issue, asesi, asesor):
    """fr_ak_01(subject=asesi) → a draft FR.AK.01 about an asesi, to be signed by that
    asesi, then the asesor."""

    def make(subject=None):
        subject = subject or asesi
        return issue("FR.AK.01", subject=subject, signers={"asesi": subject, "asesor": asesor})

    return make


@pytest.fixture
def asesi_record(fr_ak_01, sign, asesi, asesor):
    """The asesi's FR.AK.01, signed by both, final, with its sealed PDF."""
    dokumen = fr_ak_01()
    sign(dokumen, asesi)
    sign(dokumen, asesor)
    return Dokumen.objects.get(pk=dokumen.pk)


def listed(response):
    return {d.pk for d in response.context["page"].object_list}


# --- visibility -----------------------------------------------------------------------


def test_archive_list_shows_the_asesi_their_own_record(login, asesi, asesi_record):
    """SE-A4.5: the archive lists the records the user may see."""
    response = login(asesi).get(LIST)
    assert listed(response) == {asesi_record.pk}
    assert url("dokumen-detail", asesi_record) in response.content.decode()


def test_archive_list_shows_another_asesi_none_of_it(login, asesi_lain, asesi_record):
    """SE-A4.5: another asesi's archive shows none of it."""
    response = login(asesi_lain).get(LIST)
    html = response.content.decode()
    assert listed(response) == set()
    assert "0 dokumen." in html and "Tidak ada dokumen yang cocok." in html
    assert url("dokumen-detail", asesi_record) not in html


@pytest.mark.parametrize("view", ["dokumen-detail", "dokumen-download", "dokumen-sign"])
def test_another_asesi_gets_404_for_the_record(login, asesi_lain, asesi_record, view):
    """SE-A4.5, X-11: others' records answer 404, never 403 (no hint that they exist)."""
    assert login(asesi_lain).get(url(view, asesi_record)).status_code == 404


def test_the_subject_sees_a_record_they_do_not_sign(login, issue, sign, asesor, ketua):
    """SE-A4.5: An SPT about the asesor, signed by the Ketua only: the asesor is its subject."""
    spt = issue(subject=asesor)
    sign(spt, ketua)
    response = login(asesor).get(url("dokumen-detail", spt))
    assert response.status_code == 200
    assert spt.nomor in response.content.decode()


def test_a_signer_sees_a_record_about_someone_else(login, asesor, asesi_record):
    """X-11: a party who signs a record sees it."""
    response = login(asesor).get(url("dokumen-detail", asesi_record))
    assert response.status_code == 200


def test_staff_see_every_record_in_the_archive(login, admin_lsp, asesi_record, fr_ak_01, asesi_lain, issue):
    """SE-A4.5: the LSP's administration sees the whole archive."""
    other = fr_ak_01(subject=asesi_lain)
    spt = issue()
    response = login(admin_lsp).get(LIST)
    assert listed(response) == {asesi_record.pk, other.pk, spt.pk}
    assert login(admin_lsp).get(url("dokumen-detail", other)).status_code == 200


def test_auditor_gets_404_before_a_grant(login, auditor, asesi_record):
    """SE-A4.5: an auditor sees nothing until granted."""
    client = login(auditor)
    assert client.get(url("dokumen-detail", asesi_record)).status_code == 404
    assert listed(client.get(LIST)) == set()


def test_auditor_sees_the_record_after_admin_grants_it(client, admin_lsp, auditor, asesi_record, fr_ak_01):
    """SE-A4.5: admin_lsp grants one record through the form; the auditor sees that one only."""
    other = fr_ak_01()
    client.force_login(admin_lsp)
    response = client.post(url("dokumen-grant", asesi_record), {"email": auditor.email.upper()})
    assert response.status_code == 302 and response["Location"] == url("dokumen-detail", asesi_record)
    assert f"{auditor} kini dapat melihat dokumen ini." in client.get(response["Location"]).content.decode()
    client.force_login(auditor)
    assert client.get(url("dokumen-detail", asesi_record)).status_code == 200
    assert client.get(url("dokumen-detail", other)).status_code == 404  # that record only
    assert listed(client.get(LIST)) == {asesi_record.pk}


def test_the_grant_is_in_the_audit_trail(client, admin_lsp, auditor, asesi_record):
    """SE-A4.5: the grant (guardian's UserObjectPermission) is in the audit trail with its actor."""
    from guardian.models import UserObjectPermission

    client.force_login(admin_lsp)
    client.post(url("dokumen-grant", asesi_record), {"email": auditor.email})
    grant = UserObjectPermission.objects.get(user=auditor, object_pk=str(asesi_record.pk))
    entry = AuditEntry.objects.get(
        content_type__app_label="guardian",
        content_type__model="userobjectpermission",
        object_pk=str(grant.pk),
    )
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == admin_lsp
    assert entry.changes["user"][1] == auditor.pk
    assert str(entry.changes["object_pk"][1]) == str(asesi_record.pk)
    assert entry.changes["permission"][1] == grant.permission_id
    assert grant.permission.codename == "view_dokumen"


def test_granting_to_an_unknown_email_is_refused_in_indonesian(client, admin_lsp, asesi_record):
    """SE-A4.5: no grant to an address without an active account."""
    from guardian.models import UserObjectPermission

    client.force_login(admin_lsp)
    response = client.post(url("dokumen-grant", asesi_record), {"email": "siapa@contoh.id"}, follow=True)
    assert "Tidak ada pengguna aktif dengan email ini." in response.content.decode()
    assert not UserObjectPermission.objects.exists()


# --- download -------------------------------------------------------------------------


@pytest.fixture
def local_records(settings):
    """Records on local disk (the embedded setup), whatever this run is configured with."""
    settings.STORAGES = {
        **settings.STORAGES,
        "records": {"BACKEND": "administrasi.storage.RecordFileSystemStorage"},
    }


def test_download_streams_the_stored_pdf_from_local_disk(local_records, login, asesi, asesi_record):
    """SE-A3.Kb: on local disk the view streams exactly the stored file."""
    from administrasi.storage import record_storage

    response = login(asesi).get(url("dokumen-download", asesi_record))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="FR.AK.01' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    with record_storage().open(asesi_record.pdf.name) as fh:
        assert body == fh.read()
    assert services.sha256_hex(body) == asesi_record.pdf_sha256


@pytest.mark.services
def test_download_on_s3_redirects_to_a_five_minute_presigned_url(login, asesi, asesi_record):
    """SE-A3.Kb: on S3 the view redirects to a presigned URL of five minutes, never a public one."""
    need("S3_ENDPOINT_URL")
    from django.conf import settings

    response = login(asesi).get(url("dokumen-download", asesi_record))
    assert response.status_code == 302
    target = urlparse(response["Location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}" == settings.S3_ENDPOINT_URL
    assert target.path.endswith("/" + asesi_record.pdf.name)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"][0]
    assert query["response-content-disposition"][0].startswith('inline; filename="FR.AK.01')


@pytest.mark.services
def test_the_presigned_url_serves_the_sealed_pdf(login, asesi, asesi_record):
    """SE-A3.Kb: the presigned URL serves the stored, sealed PDF."""
    need("S3_ENDPOINT_URL")
    import urllib.request

    location = login(asesi).get(url("dokumen-download", asesi_record))["Location"]
    with urllib.request.urlopen(location, timeout=10) as fetched:
        body = fetched.read()
    assert services.sha256_hex(body) == asesi_record.pdf_sha256


def test_download_before_the_pdf_exists_is_404(login, asesi, fr_ak_01):
    """X-11: no PDF before all parties signed."""
    assert login(asesi).get(url("dokumen-download", fr_ak_01())).status_code == 404


def test_detail_of_a_final_record_without_its_pdf_says_it_is_being_made(login, asesi, asesor, fr_ak_01):
    """X-11: a final record whose PDF is still queued says so and refreshes."""
    dokumen = fr_ak_01()
    for signer in (asesi, asesor):  # on-commit tasks never run here: no PDF yet
        services.dokumen_sign(dokumen=dokumen, signer=signer, secret=PASSWORD, consent=True)
    html = login(asesi).get(url("dokumen-detail", dokumen)).content.decode()
    assert "PDF sedang dibuat" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert url("dokumen-download", dokumen) not in html


# --- signing through the form -----------------------------------------------------------


def test_signing_with_a_wrong_password_shows_the_error_and_changes_nothing(login, asesi, fr_ak_01):
    """X-11: re-authentication fails: Indonesian error, nothing signed or moved."""
    dokumen = fr_ak_01()
    response = login(asesi).post(url("dokumen-sign", dokumen), {"secret": "bukan-sandi", "consent": "on"})
    assert response.status_code == 200
    assert (
        "Kata sandi atau kode autentikator salah. Dokumen belum ditandatangani." in response.content.decode()
    )
    assert not TandaTangan.objects.filter(dokumen=dokumen, ditandatangani_pada__isnull=False).exists()
    assert Dokumen.objects.get(pk=dokumen.pk).status == Dokumen.Status.DRAFT
    assert not StatusChange.objects.filter(object_id=str(dokumen.pk)).exists()


def test_signing_out_of_order_through_the_form_is_refused(login, asesor, fr_ak_01):
    """X-11: the kind's signing order holds through the form."""
    dokumen = fr_ak_01()
    response = login(asesor).post(url("dokumen-sign", dokumen), {"secret": PASSWORD, "consent": "on"})
    assert response.status_code == 200
    assert "Menunggu tanda tangan Asesi" in response.content.decode()
    assert not TandaTangan.objects.get(dokumen=dokumen, pihak="asesor").sudah


def test_signing_through_the_form_keeps_the_requests_address_and_device(login, asesi, fr_ak_01):
    """X-11 (UU ITE art. 11): the form records the request's IP and user agent."""
    dokumen = fr_ak_01()
    response = login(asesi).post(
        url("dokumen-sign", dokumen),
        {"secret": PASSWORD, "consent": "on"},
        HTTP_USER_AGENT="Mozilla/5.0 (Android 14) uji",
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302 and response["Location"] == url("dokumen-detail", dokumen)
    row = TandaTangan.objects.get(dokumen=dokumen, pihak="asesi")
    assert (row.ip, row.user_agent, row.metode) == (
        "198.51.100.7",
        "Mozilla/5.0 (Android 14) uji",
        "password",
    )


def test_the_last_signature_through_the_form_makes_the_sealed_pdf(
    login, asesi, asesor, fr_ak_01, sign, django_capture_on_commit_callbacks
):
    """X-11: the last signature through the form finalises and seals the PDF."""
    from lsp_portal.seal import verify_seal

    dokumen = fr_ak_01()
    sign(dokumen, asesi)
    client = login(asesor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("dokumen-sign", dokumen), {"secret": PASSWORD, "consent": "on"}, follow=True
        )
    assert "Semua pihak telah menandatangani; PDF sedang dibuat." in response.content.decode()
    dokumen.refresh_from_db()
    assert dokumen.status == Dokumen.Status.FINAL
    assert verify_seal(dokumen.pdf.read()).ok


# --- correcting and voiding through the forms ------------------------------------------


def test_correction_with_invalid_json_is_refused_in_indonesian(login, admin_lsp, asesi_record):
    """SE-A4.5: invalid JSON is an Indonesian form error and makes no version."""
    count = Dokumen.objects.count()
    response = login(admin_lsp).post(
        url("dokumen-correct", asesi_record), {"data": '{"nama": "Dewi",', "alasan": "gelar"}
    )
    assert response.status_code == 200
    assert "Data bukan JSON yang valid (baris 1, kolom 17)." in response.content.decode()
    assert Dokumen.objects.count() == count
    assert Dokumen.objects.get(pk=asesi_record.pk).status == Dokumen.Status.FINAL


def test_correction_with_a_json_list_is_refused(login, admin_lsp, asesi_record):
    """SE-A4.5: record data must be a JSON object."""
    response = login(admin_lsp).post(url("dokumen-correct", asesi_record), {"data": "[1, 2]", "alasan": "x"})
    assert "Data harus berupa objek JSON ({...})." in response.content.decode()


def test_correction_form_shows_the_current_data_as_json(login, admin_lsp, asesi_record):
    """SE-A4.5: the correction starts from the current data."""
    html = login(admin_lsp).get(url("dokumen-correct", asesi_record)).content.decode()
    assert "&quot;nama_asesor&quot;: &quot;Dewi Lestari&quot;" in html


def test_valid_correction_opens_the_new_versions_page(login, admin_lsp, asesi_record):
    """SE-A4.5: a correction through the form opens version 2 with the same number."""
    client = login(admin_lsp)
    response = client.post(
        url("dokumen-correct", asesi_record),
        {"data": '{"nama_asesor": "Dewi Lestari, S.Kom."}', "alasan": "gelar belum tercantum"},
    )
    new = Dokumen.objects.get(sebelumnya=asesi_record)
    assert response.status_code == 302 and response["Location"] == url("dokumen-detail", new)
    html = client.get(response["Location"]).content.decode()
    assert "Versi 2 dibuat dan menunggu tanda tangan Asesi" in html
    assert "Versi 1 tetap berlaku sampai versi 2 ditandatangani." in html
    assert "<strong>versi 2</strong>" in html and "Dewi Lestari, S.Kom." in html
    assert (new.versi, new.data, new.alasan_perubahan) == (
        2,
        {"nama_asesor": "Dewi Lestari, S.Kom."},
        "gelar belum tercantum",
    )


def test_void_through_the_form_marks_the_record_void(login, admin_lsp, asesi_record):
    """SE-A4.5: voiding keeps the record and its PDF."""
    client = login(admin_lsp)
    response = client.post(url("dokumen-void", asesi_record), {"alasan": "diterbitkan ganda"})
    assert response.status_code == 302 and response["Location"] == url("dokumen-detail", asesi_record)
    assert (
        "Dokumen dibatalkan. Dokumen tetap tersimpan di arsip."
        in client.get(response["Location"]).content.decode()
    )
    dokumen = Dokumen.objects.get(pk=asesi_record.pk)
    assert dokumen.status == Dokumen.Status.VOID and dokumen.pdf_sha256 == asesi_record.pdf_sha256


def test_void_without_a_reason_is_refused(login, admin_lsp, asesi_record):
    """SE-A4.5: voiding needs a reason."""
    response = login(admin_lsp).post(url("dokumen-void", asesi_record), {"alasan": ""})
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert Dokumen.objects.get(pk=asesi_record.pk).status == Dokumen.Status.FINAL


def test_voiding_a_superseded_version_is_refused_in_indonesian(
    login, admin_lsp, asesi_record, sign, asesi, asesor
):
    """SE-A4.5: only draft or final records can be voided."""
    new = services.dokumen_correct(dokumen=asesi_record, data={}, alasan="salah ketik", actor=admin_lsp)
    sign(new, asesi)
    sign(new, asesor)  # the correction in force supersedes version 1
    response = login(admin_lsp).post(url("dokumen-void", asesi_record), {"alasan": "salah"})
    assert response.status_code == 200
    assert "tidak dapat diubah menjadi Dibatalkan" in response.content.decode()
    assert Dokumen.objects.get(pk=asesi_record.pk).status == Dokumen.Status.SUPERSEDED


# --- the archive's search ---------------------------------------------------------------


@pytest.fixture
def archive(issue, fr_ak_01, asesi, asesi_lain):
    """Two SPTs (001, 002), an FR.AK.01 for each asesi; as admin_lsp sees them all."""
    return {
        "spt1": issue(),
        "spt2": issue(),
        "ak_asesi": fr_ak_01(subject=asesi),
        "ak_lain": fr_ak_01(subject=asesi_lain),
    }


def test_archive_filters_by_kind(login, admin_lsp, archive):
    """SE-A4.5: the archive is searchable by kind."""
    response = login(admin_lsp).get(LIST, {"jenis": "FR.AK.01"})
    assert listed(response) == {archive["ak_asesi"].pk, archive["ak_lain"].pk}


def test_archive_filters_by_number(login, admin_lsp, archive):
    """SE-A4.5: the archive is searchable by number."""
    response = login(admin_lsp).get(LIST, {"nomor": "002/SPT"})
    assert listed(response) == {archive["spt2"].pk}


def test_archive_filters_by_signer_name_or_email(login, admin_lsp, archive, asesi_lain):
    """SE-A4.5: the archive is searchable by person (name or e-mail)."""
    client = login(admin_lsp)
    assert listed(client.get(LIST, {"orang": asesi_lain.email})) == {archive["ak_lain"].pk}
    assert listed(client.get(LIST, {"orang": "asesi lain"})) == {archive["ak_lain"].pk}


def test_archive_filters_by_issue_date_range(login, admin_lsp, archive):
    """SE-A4.5: the archive is searchable by issue date range."""
    Dokumen.objects.filter(pk=archive["spt1"].pk).update(
        diterbitkan_pada=dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC)
    )
    Dokumen.objects.filter(pk=archive["spt2"].pk).update(
        diterbitkan_pada=dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC)
    )
    response = login(admin_lsp).get(LIST, {"dari": "2025-01-01", "sampai": "2025-01-31"})
    assert listed(response) == {archive["spt1"].pk}


def _skema(kode, tahun):
    from decimal import Decimal

    from muk.models import Skema

    return Skema.objects.create(
        kode=kode,
        judul=f"Skema {kode}",
        jenis="okupasi",
        acuan="SKKNI No. 282 Tahun 2016",
        masa_berlaku_tahun=tahun,
        biaya_tatap_muka=Decimal("1000000"),
        biaya_jarak_jauh=Decimal("1000000"),
    )


def test_archive_filters_by_scheme(login, admin_lsp, issue, ketua):
    """SE-A4.5: the archive is searchable by scheme: records issued for a scheme (given, or
    the subject's `record_skema`) and their corrections."""
    web, net = _skema("SKM/WEB/01", 3), _skema("SKM/NET/01", 3)
    for_web = services.dokumen_issue(
        kode="SPT-ASESOR",
        subject=ketua,
        judul="Untuk web",
        data={"a": 1},
        signers={"ketua": ketua},
        actor=ketua,
        skema=web,
    )
    ketua.record_skema = lambda: net  # a subject that knows its scheme
    for_net = services.dokumen_issue(
        kode="SPT-ASESOR",
        subject=ketua,
        judul="Untuk jaringan",
        data={"a": 2},
        signers={"ketua": ketua},
        actor=ketua,
    )
    del ketua.record_skema
    issue()  # about no scheme
    client = login(admin_lsp)
    assert listed(client.get(LIST, {"skema": web.pk})) == {for_web.pk}
    assert listed(client.get(LIST, {"skema": net.pk})) == {for_net.pk}
    assert "Skema SKM/NET/01" in client.get(LIST).content.decode()  # a choice in the filter


def test_retention_follows_the_scheme_certificate_validity(ketua):
    """SE-A3.Kb: a record about a scheme whose certificates last 5 years is kept 5 years."""
    skema = _skema("SKM/LAMA/01", 5)
    dokumen = services.dokumen_issue(
        kode="SPT-ASESOR",
        subject=ketua,
        judul="Lima tahun",
        data={},
        signers={"ketua": ketua},
        actor=ketua,
        skema=skema,
    )
    issued = timezone.localdate(dokumen.diterbitkan_pada)
    assert dokumen.retained_until == services.add_years(issued, 5)


def test_archive_refuses_a_backwards_date_range_in_indonesian(login, admin_lsp, archive):
    """SE-A4.5: a backwards date range is an Indonesian form error."""
    response = login(admin_lsp).get(LIST, {"dari": "2025-02-01", "sampai": "2025-01-01"})
    assert "Tanggal &#x27;dari&#x27; harus sebelum tanggal &#x27;sampai&#x27;." in response.content.decode()


def _list_queries(client):
    client.get(LIST)  # warm the per-process caches (content types of the subject rules)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), len(listed(response))


def test_archive_query_count_does_not_grow_with_records_for_staff(login, admin_lsp, issue):
    """SE-A4.5: the archive page costs the same queries at 5 and 40 records (staff)."""
    for _ in range(5):
        issue()
    client = login(admin_lsp)
    few = _list_queries(client)
    for _ in range(35):
        issue()
    many = _list_queries(client)
    assert (few[1], many[1]) == (5, 25)  # one page
    assert few[0] == many[0]


def test_archive_query_count_does_not_grow_with_records_for_a_signer(login, asesi, fr_ak_01):
    """SE-A4.5: the archive page costs the same queries at 5 and 40 records (a party)."""
    for _ in range(5):
        fr_ak_01()
    client = login(asesi)
    few = _list_queries(client)
    for _ in range(35):
        fr_ak_01()
    many = _list_queries(client)
    assert (few[1], many[1]) == (5, 25)
    assert few[0] == many[0]
