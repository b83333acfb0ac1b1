"""Dossier export (records engine, item 9): a subject's final PDFs in one ZIP with a
manifest and a sealed index, built by Celery, kept as a DOSIER record."""

import io
import json
import re
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from administrasi import services, tasks
from administrasi.dossier import dossier_build, dossier_request, zip_name
from administrasi.models import Dokumen, EksporDosier
from administrasi.storage import record_storage
from lsp_portal.seal import verify_seal

pytestmark = pytest.mark.embedded


@pytest.fixture(scope="module")
def _archive(django_db_setup, django_db_blocker):
    """The asesi's archive, made once for the module in a transaction rolled back after its
    last test (each test runs in a savepoint of it): an SPT corrected once (v1 superseded, v2
    final), a final FR.AK.03, a draft FR.AK.01 and a voided SPT; plus another asesi's final
    SPT. Its people are the module's `ketua`, `asesi`, `asesor` and `asesi_lain`. Made per
    test, it cost ~2 s a test."""
    from django.db import transaction

    from lsp_portal.celery import app
    from tests.conftest import ROLE_PERSONAS, make_user, roll_back

    from .conftest import issue_record
    from .conftest import sign_record as sign

    def issue(kode="SPT-ASESOR", *, subject, signers=None):
        return issue_record(people["ketua"], kode, subject=subject, signers=signers)

    eager, app.conf.task_always_eager = app.conf.task_always_eager, True  # the PDFs render here
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            people = {
                name: make_user(f"{name.replace('_', '.')}@uji.lsp.id", ROLE_PERSONAS[name])
                for name in ("ketua", "asesi", "asesor", "asesi_lain")
            }
            ketua, asesi = people["ketua"], people["asesi"]
            spt = issue(subject=asesi)
            sign(spt, ketua)
            spt2 = services.dokumen_correct(
                dokumen=spt, data={"tugas": "koreksi"}, alasan="salah ketik", actor=ketua
            )
            sign(spt2, ketua)
            ak03 = issue("FR.AK.03", subject=asesi, signers={"asesi": asesi})
            sign(ak03, asesi)
            issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": people["asesor"]})  # draft
            void = issue(subject=asesi)
            sign(void, ketua)
            sign(
                services.dokumen_void(dokumen=void, alasan="salah orang", actor=ketua), ketua
            )  # request, signed
            sign(issue(subject=people["asesi_lain"]), ketua)
            app.conf.task_always_eager = eager
            yield {"people": {name: user.pk for name, user in people.items()}, "final": [spt2.pk, ak03.pk]}
        finally:
            app.conf.task_always_eager = eager
            roll_back(atomic)


def _person(name):
    @pytest.fixture(name=name)
    def fixture(_archive, db):
        from akun.models import User

        return User.objects.get(pk=_archive["people"][name])

    return fixture


ketua, asesi, asesor, asesi_lain = (_person(name) for name in ("ketua", "asesi", "asesor", "asesi_lain"))


@pytest.fixture
def records(_archive, db):
    """The module's archive (`_archive`), read afresh: {"final": [SPT v2, FR.AK.03]}."""
    return {"final": [Dokumen.objects.get(pk=pk) for pk in _archive["final"]]}


@pytest.fixture
def export(records, asesi, admin_lsp, django_capture_on_commit_callbacks):
    """A dossier of the asesi, requested by the admin and built (tasks run eagerly)."""
    with django_capture_on_commit_callbacks(execute=True):
        ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    ekspor.refresh_from_db()
    return ekspor


def _zip(ekspor):
    with record_storage().open(ekspor.dokumen.pdf.name) as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


def _stored(dokumen):
    with record_storage().open(dokumen.pdf.name) as fh:
        return fh.read()


# --- the ZIP -----------------------------------------------------------------------------


def test_zip_holds_exactly_the_final_pdfs_byte_for_byte_plus_manifest_and_index(export, records):
    archive = _zip(export)
    manifest = json.loads(archive.read("manifest.json"))
    by_name = {e["berkas"]: e for e in manifest["dokumen"]}
    assert sorted(archive.namelist()) == sorted([*by_name, "manifest.json", "indeks.pdf"])
    assert len(by_name) == 2  # not the superseded, draft, voided or other asesi's records
    for dokumen in records["final"]:
        [name] = [n for n, e in by_name.items() if e["jenis"] == dokumen.jenis.kode]
        assert archive.read(name) == _stored(dokumen)


def test_pdfs_are_named_by_kind_number_and_version(export, records):
    spt, ak03 = records["final"]
    names = set(_zip(export).namelist())
    assert f"SPT-ASESOR_{spt.nomor.replace('/', '-')}_v2.pdf" in names
    assert f"FR.AK.03_arsip-{ak03.pk}_v1.pdf" in names


def test_manifest_gives_kind_number_version_status_date_hash_and_retention(export, records):
    manifest = json.loads(_zip(export).read("manifest.json"))
    spt = records["final"][0]
    [entry] = [e for e in manifest["dokumen"] if e["jenis"] == "SPT-ASESOR"]
    assert entry | {"berkas": None, "verifikasi": None} == {
        "berkas": None,
        "jenis": "SPT-ASESOR",
        "nama": spt.jenis.nama,
        "judul": spt.judul,
        "nomor": spt.nomor,
        "versi": 2,
        "status": "final",
        "tanggal_terbit": timezone.localdate(spt.diterbitkan_pada).isoformat(),
        "sha256": spt.pdf_sha256,
        "retained_until": spt.retained_until.isoformat(),
        "verifikasi": None,
        "kode_verifikasi": spt.kode_verifikasi,
    }
    assert entry["verifikasi"].endswith(spt.get_verification_url())
    assert manifest["jumlah_dokumen"] == 2


def test_manifest_hashes_match_the_pdfs_in_the_zip(export):
    archive = _zip(export)
    manifest = json.loads(archive.read("manifest.json"))
    for entry in manifest["dokumen"]:
        assert services.sha256_hex(archive.read(entry["berkas"])) == entry["sha256"]


def test_index_pdf_is_sealed_by_the_lsp_and_lists_the_records(export, records):
    index = _zip(export).read("indeks.pdf")
    assert verify_seal(index).ok
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=index, capture_output=True, check=True
    ).stdout.decode()
    assert "Indeks Dosier" in text
    assert records["final"][0].nomor in text and "FR.AK.03" in text


# --- the dossier is a record ---------------------------------------------------------------


def test_dossier_is_a_numbered_dosier_record_holding_the_zip(export):
    dokumen = Dokumen.objects.select_related("jenis").get(pk=export.dokumen_id)
    content = _stored(dokumen)
    assert dokumen.jenis.kode == "DOSIER" and dokumen.status == Dokumen.Status.FINAL
    assert re.fullmatch(r"0001/DOS/LSP/\d{4}", dokumen.nomor)
    assert dokumen.retained_until > dokumen.diterbitkan_pada.date()
    assert dokumen.pdf.name.endswith(".zip") and zipfile.is_zipfile(io.BytesIO(content))
    assert dokumen.pdf_sha256 == services.sha256_hex(content)
    assert dokumen.data == json.loads(_zip(export).read("manifest.json"))


def test_dossier_record_belongs_to_the_subject_and_is_not_rendered_as_pdf(export, asesi):
    dokumen = Dokumen.objects.get(pk=export.dokumen_id)
    assert dokumen.subject == asesi
    assert tasks.render_dokumen_pdf.delay(dokumen.pk).get() is False
    assert Dokumen.objects.get(pk=dokumen.pk).pdf.name == dokumen.pdf.name


def test_a_later_dossier_does_not_nest_the_earlier_one(
    export, asesi, admin_lsp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        second = dossier_request(subject=asesi, actor=admin_lsp)
    second.refresh_from_db()
    assert second.dokumen_id != export.dokumen_id
    assert not any(e["jenis"] == "DOSIER" for e in second.dokumen.data["dokumen"])


# --- the task ------------------------------------------------------------------------------


def test_progress_reaches_100_and_the_export_is_done(export):
    assert (export.status, export.progress) == (EksporDosier.Status.DONE, 100)
    assert export.finished_at is not None
    assert export.message.startswith("Selesai: 2 dokumen")


def test_running_the_task_twice_makes_one_dossier(records, asesi, admin_lsp):
    ekspor = dossier_request(subject=asesi, actor=admin_lsp)  # on-commit task not run
    assert tasks.build_dossier.delay(ekspor.pk).get() is True
    assert tasks.build_dossier.delay(ekspor.pk).get() is False
    assert Dokumen.objects.filter(jenis__kode="DOSIER").count() == 1
    _, files = record_storage().listdir(f"arsip/{ekspor.created_at:%Y}/dosier")
    assert [f for f in files if f.startswith(f"ekspor-{ekspor.pk}-")] == [zip_name(ekspor).rsplit("/", 1)[1]]


def test_a_file_left_by_a_crashed_run_is_replaced(records, asesi, admin_lsp):
    """The worker died after storing the ZIP, before committing: no record holds the file,
    so the retry replaces it and the record's hash is of what is stored."""
    from django.core.files.base import ContentFile

    from administrasi.storage import retain_until

    ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    with retain_until(records["final"][0].retained_until):
        record_storage().save(zip_name(ekspor), ContentFile(b"setengah"))
    assert dossier_build(ekspor_id=ekspor.pk) is True
    ekspor.refresh_from_db()
    assert _stored(ekspor.dokumen) != b"setengah"
    assert services.sha256_hex(_stored(ekspor.dokumen)) == ekspor.dokumen.pdf_sha256


def test_a_repeat_request_while_one_is_queued_returns_it(records, asesi, admin_lsp, manajer):
    first = dossier_request(subject=asesi, actor=admin_lsp)
    assert dossier_request(subject=asesi, actor=manajer) == first
    assert EksporDosier.objects.count() == 1


def test_subject_without_final_records_is_refused_in_indonesian(issue, asesor, admin_lsp):
    issue(subject=asesor)  # a draft only
    with pytest.raises(services.RecordError, match="Belum ada dokumen final .* dosier tidak dapat dibuat"):
        dossier_request(subject=asesor, actor=admin_lsp)
    assert not EksporDosier.objects.exists()


def test_records_voided_before_the_build_fail_the_export_with_the_reason(
    records, asesi, admin_lsp, ketua, sign
):
    ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    for dokumen in records["final"]:
        result = services.dokumen_void(dokumen=dokumen, alasan="uji", actor=ketua)
        if result.pk != dokumen.pk:  # an SPT: voided when the Ketua signs the request
            sign(result, ketua)
    assert dossier_build(ekspor_id=ekspor.pk) is False
    ekspor.refresh_from_db()
    assert ekspor.status == EksporDosier.Status.FAILED and "Belum ada dokumen final" in ekspor.message
    assert not Dokumen.objects.filter(jenis__kode="DOSIER").exists()


def test_a_pdf_that_no_longer_matches_its_hash_fails_the_export(records, asesi, admin_lsp):
    ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    Dokumen.objects.filter(pk=records["final"][0].pk).update(pdf_sha256="0" * 64)
    assert dossier_build(ekspor_id=ekspor.pk) is False
    ekspor.refresh_from_db()
    assert ekspor.status == EksporDosier.Status.FAILED
    assert "tidak cocok dengan SHA-256" in ekspor.message


# --- pages -------------------------------------------------------------------------------


def test_staff_request_from_a_record_goes_to_the_progress_page(
    records, admin_lsp, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(admin_lsp).post(
            reverse("administrasi:dosier-request", args=[records["final"][0].pk])
        )
    ekspor = EksporDosier.objects.get()
    assert response.status_code == 302 and response.url == ekspor.get_absolute_url()
    assert ekspor.requested_by == admin_lsp


def test_request_for_a_subject_without_final_records_shows_the_message(issue, admin_lsp, asesor, login):
    draft = issue(subject=asesor)  # the module's asesor is the subject of no final record
    response = login(admin_lsp).post(reverse("administrasi:dosier-request", args=[draft.pk]), follow=True)
    assert "Belum ada dokumen final" in response.content.decode()
    assert not EksporDosier.objects.exists()


def test_record_page_offers_the_export_to_staff_only(records, admin_lsp, asesi, login, client):
    url = reverse("administrasi:dokumen-detail", args=[records["final"][1].pk])
    button = reverse("administrasi:dosier-request", args=[records["final"][1].pk])
    assert button in login(admin_lsp).get(url).content.decode()
    client.logout()
    assert button not in login(asesi).get(url).content.decode()


def test_non_staff_cannot_request_an_export(records, asesi, asesi_lain, login, client):
    url = reverse("administrasi:dosier-request", args=[records["final"][1].pk])
    assert login(asesi).post(url).status_code == 403  # sees the record, may not export
    client.logout()
    assert login(asesi_lain).post(url).status_code == 404  # does not see it
    assert not EksporDosier.objects.exists()


def test_progress_page_refreshes_itself_until_done(records, asesi, admin_lsp, login):
    ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    page = login(admin_lsp).get(ekspor.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "Dalam antrean" in page
    dossier_build(ekspor_id=ekspor.pk)
    page = login(admin_lsp).get(ekspor.get_absolute_url()).content.decode()
    assert "http-equiv" not in page
    ekspor.refresh_from_db()
    assert reverse("administrasi:dosier-download", args=[ekspor.pk]) in page
    assert ekspor.dokumen.get_absolute_url() in page


def test_requester_and_staff_see_the_progress_page_others_get_404(
    export, admin_lsp, manajer, asesi_lain, asesor, login, client
):
    url = export.get_absolute_url()
    for user, status in [(admin_lsp, 200), (manajer, 200), (asesi_lain, 404), (asesor, 404)]:
        client.logout()
        assert login(user).get(url).status_code == status, user


def test_download_is_the_zip(export, admin_lsp, asesi_lain, login, client, settings):
    url = reverse("administrasi:dosier-download", args=[export.pk])
    response = login(admin_lsp).get(url)
    if settings.STORAGES["records"]["BACKEND"].endswith("S3Storage"):
        assert response.status_code == 302 and "response-content-type=application%2Fzip" in response.url
    else:
        assert response["Content-Type"] == "application/zip"
        assert b"".join(response.streaming_content) == _stored(export.dokumen)
    client.logout()
    assert login(asesi_lain).get(url).status_code == 404


def test_storage_down_ends_in_a_failed_export_not_one_running_for_ever(
    records, asesi, admin_lsp, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("penyimpanan tidak dapat dihubungi")

    monkeypatch.setattr(record_storage(), "open", down)
    with django_capture_on_commit_callbacks(execute=True):
        ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    ekspor.refresh_from_db()
    assert ekspor.status == EksporDosier.Status.FAILED and ekspor.message
    assert not Dokumen.objects.filter(jenis__kode="DOSIER").exists()
    monkeypatch.undo()
    assert dossier_request(subject=asesi, actor=admin_lsp) != ekspor  # asking again starts afresh


def test_a_failure_in_the_worker_marks_the_export_failed(records, asesi, admin_lsp, settings, tmp_path):
    settings.LSP_SEAL_KEY = str(tmp_path / "tidak-ada.pem")  # the LSP's seal is missing
    ekspor = dossier_request(subject=asesi, actor=admin_lsp)
    result = tasks.build_dossier.apply(args=[ekspor.pk], throw=False)  # as a worker runs it
    assert result.failed()
    ekspor.refresh_from_db()
    assert ekspor.status == EksporDosier.Status.FAILED and "gangguan sistem" in ekspor.message
    assert not Dokumen.objects.filter(jenis__kode="DOSIER").exists()


def test_an_export_stuck_for_long_does_not_block_a_new_request(records, asesi, admin_lsp):
    import datetime as dt

    first = dossier_request(subject=asesi, actor=admin_lsp)
    EksporDosier.objects.filter(pk=first.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    assert dossier_request(subject=asesi, actor=admin_lsp) != first
