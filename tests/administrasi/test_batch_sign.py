"""Batch signing through HTTP (SE-A4.5, X-11; issue 10 item 16).

One re-authentication signs a chosen set of records on which the user is the next signer
(the Ketua signs a batch's SK keputusan and every certificate in it). Per record, not
all-or-nothing: each record keeps its own signature row with the act's evidence; one that
cannot be signed is skipped with its reason and the others are signed.
"""

import base64
from io import BytesIO

import pytest
from django.urls import reverse

from administrasi import services
from administrasi.models import Dokumen, TandaTangan, TandaTanganMassal, TandaTanganMassalItem
from lsp_portal.seal import verify_seal

from ..conftest import PASSWORD

pytestmark = pytest.mark.embedded

LIST = reverse("administrasi:tanda-tangan-list")
CONFIRM = reverse("administrasi:tanda-tangan-confirm")


@pytest.fixture
def graduation(issue, ketua, asesi):
    """A batch's SK keputusan and three certificates, each waiting for the Ketua alone."""
    sk = issue("SK-KEPUTUSAN", subject=ketua, signers={"ketua": ketua}, judul="SK keputusan batch 1")
    certificates = [
        issue("SERTIFIKAT", subject=asesi, signers={"ketua": ketua}, judul=f"Sertifikat peserta {n}")
        for n in range(1, 4)
    ]
    return [sk, *certificates]


def pks(records):
    return [d.pk for d in records]


def confirm(client, ids, *, secret=PASSWORD, consent=True, gambar="", **extra):
    data = {"pilihan": ",".join(str(pk) for pk in ids), "secret": secret, "gambar": gambar}
    if consent:
        data["consent"] = "on"
    return client.post(CONFIRM, data, **extra)


@pytest.fixture
def sign_batch(django_capture_on_commit_callbacks):
    """sign_batch(client, ids, ...) → the confirmation's response; the batch's task and the
    PDFs it queues run after commit, eagerly, as `make run` does."""

    def do(client, ids, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return confirm(client, ids, **kwargs)

    return do


def signed_rows(records):
    return TandaTangan.objects.filter(dokumen__in=pks(records), ditandatangani_pada__isnull=False)


# --- the list and the confirmation ----------------------------------------------------------


def test_the_list_shows_only_records_waiting_for_the_users_signature(login, ketua, asesi, graduation, issue):
    """X-11: the list holds the drafts on which the user is the next signer, nothing else."""
    not_yet = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": ketua})
    response = login(ketua).get(LIST)
    assert {d.pk for d in response.context["page"].object_list} == set(pks(graduation))
    assert f'value="{not_yet.pk}"' not in response.content.decode()


def test_the_list_filters_by_kind(login, ketua, graduation):
    """SE-A4.5: the list can be narrowed to one kind (the certificates)."""
    response = login(ketua).get(LIST, {"jenis": "SERTIFIKAT"})
    assert [d.pk for d in response.context["page"].object_list] == pks(graduation[1:])


def test_choosing_some_records_shows_them_for_confirmation(login, ketua, graduation):
    """X-11: the ticked records are listed before the one confirmation, with the consent."""
    response = login(ketua).post(CONFIRM, {"aksi": "pilihan", "dokumen": pks(graduation[:2])})
    html = response.content.decode()
    assert response.status_code == 200
    assert [d.pk for d in response.context["records"]] == pks(graduation[:2])
    assert "Tandatangani 2 dokumen" in html and services.CONSENT in html
    assert response.context["form"].initial["pilihan"] == ",".join(map(str, pks(graduation[:2])))


def test_all_of_a_kind_are_chosen_without_ticking_each(login, ketua, graduation):
    """X-11: "Tandatangani semua" takes every waiting record of the kind shown, no JavaScript."""
    response = login(ketua).post(CONFIRM, {"aksi": "semua", "jenis": "SERTIFIKAT"})
    assert [d.pk for d in response.context["records"]] == pks(graduation[1:])


def test_choosing_nothing_goes_back_to_the_list_with_a_message(login, ketua, graduation):
    """X-11: an empty choice is refused in Indonesian."""
    response = login(ketua).post(CONFIRM, {"aksi": "pilihan"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Pilih minimal satu dokumen untuk ditandatangani." in response.content.decode()


# --- signing ---------------------------------------------------------------------------------


def test_one_confirmation_signs_every_chosen_record(login, ketua, graduation, sign_batch):
    """X-11: one re-authentication signs the SK keputusan and every certificate; each is final."""
    response = sign_batch(login(ketua), pks(graduation))
    batch = TandaTanganMassal.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert signed_rows(graduation).count() == 4
    assert set(Dokumen.objects.filter(pk__in=pks(graduation)).values_list("status", flat=True)) == {"final"}


def test_a_batch_counts_one_attempt_on_the_signing_limit(login, ketua, issue, sign_batch, settings):
    """X-11: the limit counts re-authentications, not records: 12 records signed in one act
    leave 9 of the 10 attempts; the 11th attempt is refused."""
    # A cache of this process alone: the file cache in var/ is shared with any other pytest
    # run on the machine, whose per-test clearing would reset the counter mid-test.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    records = [issue(signers={"ketua": ketua}) for _ in range(12)]
    client = login(ketua)
    sign_batch(client, pks(records))
    assert signed_rows(records).count() == 12
    more = issue(signers={"ketua": ketua})
    for _ in range(services.signing.SIGN_ATTEMPTS - 1):
        wrong = confirm(client, [more.pk], secret="salah")
        assert "Kata sandi atau kode autentikator salah" in wrong.content.decode()
    html = confirm(client, [more.pk]).content.decode()
    assert "Terlalu banyak percobaan tanda tangan" in html
    assert not signed_rows([more]).exists()


def test_a_wrong_secret_signs_nothing(login, ketua, graduation, sign_batch):
    """X-11: a wrong password or code: Indonesian error, no batch, no signature."""
    response = sign_batch(login(ketua), pks(graduation), secret="bukan-sandi")
    assert response.status_code == 200
    assert (
        "Kata sandi atau kode autentikator salah. Dokumen belum ditandatangani." in response.content.decode()
    )
    assert not TandaTanganMassal.objects.exists()
    assert not signed_rows(graduation).exists()


def test_without_consent_nothing_is_signed(login, ketua, graduation, sign_batch):
    """X-11 (UU ITE art. 11): the consent is required for the whole act."""
    response = sign_batch(login(ketua), pks(graduation), consent=False)
    assert "Centang pernyataan persetujuan untuk menandatangani." in response.content.decode()
    assert not signed_rows(graduation).exists()


def test_a_record_voided_meanwhile_is_skipped_with_its_reason_and_the_others_signed(
    login, ketua, admin_lsp, graduation, sign_batch
):
    """X-11: per record, not all-or-nothing: the voided certificate is named with the reason."""
    voided = graduation[2]
    services.dokumen_void(dokumen=voided, alasan="salah nama", actor=admin_lsp)
    client = login(ketua)
    sign_batch(client, pks(graduation))
    item = TandaTanganMassalItem.objects.get(dokumen=voided)
    assert (item.hasil, item.alasan) == (
        "skipped",
        "Dokumen ini berstatus dibatalkan; tidak dapat ditandatangani.",
    )
    assert signed_rows(graduation).count() == 3
    html = client.get(item.batch.get_absolute_url()).content.decode()
    assert "Dilewati (1)" in html and "Dokumen ini berstatus dibatalkan" in html


def test_a_record_not_yet_the_signers_turn_is_skipped(login, asesi, asesor, issue, sign_batch):
    """X-11: the kind's order holds in a batch: FR.AK.01 waits for the asesi before the asesor."""
    ready = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    services.dokumen_sign(dokumen=ready, signer=asesi, secret=PASSWORD, consent=True)
    early = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    sign_batch(login(asesor), [ready.pk, early.pk])
    items = dict(TandaTanganMassalItem.objects.values_list("dokumen_id", "alasan"))
    assert items[ready.pk] == ""
    assert items[early.pk].startswith("Menunggu tanda tangan Asesi")
    assert TandaTangan.objects.get(dokumen=ready, pihak="asesor").sudah
    assert not TandaTangan.objects.get(dokumen=early, pihak="asesor").sudah


def test_a_record_someone_else_signs_is_skipped(login, ketua, asesi, asesor, issue, graduation, sign_batch):
    """X-11: staff see every record, but sign only their own: another party's record is
    skipped as not theirs."""
    theirs = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    sign_batch(login(ketua), [*pks(graduation), theirs.pk])
    item = TandaTanganMassalItem.objects.get(dokumen=theirs)
    assert (item.hasil, item.alasan) == ("skipped", "Anda bukan penandatangan dokumen ini.")
    assert signed_rows(graduation).count() == 4 and not signed_rows([theirs]).exists()


def test_records_the_signer_may_not_see_are_not_named(login, asesi, asesi_lain, asesor, issue, sign_batch):
    """SE-A4.4: an id of someone else's record is only counted, never listed or signed."""
    mine = issue("FR.AK.01", subject=asesi, signers={"asesi": asesi, "asesor": asesor})
    hidden = issue("FR.AK.01", subject=asesi_lain, signers={"asesi": asesi_lain, "asesor": asesor})
    client = login(asesi)
    sign_batch(client, [mine.pk, hidden.pk])
    batch = TandaTanganMassal.objects.get()
    assert batch.tidak_ditemukan == 1
    assert list(batch.items.values_list("dokumen_id", flat=True)) == [mine.pk]
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "1 dokumen yang dipilih tidak ditemukan" in html
    assert f"/administrasi/arsip/{hidden.pk}/" not in html
    assert not signed_rows([hidden]).exists()


def _png_data_uri():
    from PIL import Image

    out = BytesIO()
    Image.new("RGBA", (60, 20), (16, 42, 67, 255)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_every_signature_row_keeps_the_acts_evidence(login, ketua, graduation, sign_batch):
    """X-11 (UU ITE art. 11): each record's own row holds time, IP, device, method, consent,
    image and the hash of exactly that record's content."""
    sign_batch(
        login(ketua),
        pks(graduation),
        gambar=_png_data_uri(),
        HTTP_USER_AGENT="Mozilla/5.0 (Android 14) ketua",
        REMOTE_ADDR="198.51.100.9",
    )
    batch = TandaTanganMassal.objects.get()
    rows = list(signed_rows(graduation).select_related("dokumen__jenis"))
    assert len(rows) == 4
    for row in rows:
        assert (row.ditandatangani_pada, row.ip, row.user_agent, row.metode, row.persetujuan) == (
            batch.ditandatangani_pada,
            "198.51.100.9",
            "Mozilla/5.0 (Android 14) ketua",
            "password",
            services.CONSENT,
        )
        assert row.gambar.startswith("data:image/png;base64,") and row.gambar == batch.gambar
        assert row.hash_ditandatangani == services.signed_content_hash(row.dokumen)
    assert len({row.hash_ditandatangani for row in rows}) == 4


def test_each_record_that_became_final_gets_its_sealed_pdf(login, ketua, graduation, sign_batch):
    """X-11: every record finalised by the batch has its PDF made after commit, sealed."""
    sign_batch(login(ketua), pks(graduation))
    for dokumen in Dokumen.objects.filter(pk__in=pks(graduation)):
        assert dokumen.pdf_sha256 and verify_seal(dokumen.pdf.read()).ok


# --- the progress page -------------------------------------------------------------------------


def test_the_progress_page_counts_signatures_and_pdfs_and_stops_refreshing(
    login, ketua, graduation, sign_batch
):
    """X-11: the page says how many were signed and how many PDFs exist; done, it stops reloading."""
    client = login(ketua)
    sign_batch(client, pks(graduation))
    html = client.get(TandaTanganMassal.objects.get().get_absolute_url()).content.decode()
    assert "Ditandatangani: <strong>4</strong> dari 4 dokumen" in html
    assert "PDF dibuat: <strong>4</strong> dari 4 dokumen" in html
    assert 'http-equiv="refresh"' not in html


def test_the_progress_page_refreshes_itself_while_signing_waits(login, ketua, graduation):
    """X-11: before the worker ran, nothing is signed yet and the page reloads (no JavaScript)."""
    client = login(ketua)
    response = confirm(client, pks(graduation))  # on-commit tasks never run here
    html = client.get(response["Location"]).content.decode()
    assert "Ditandatangani: <strong>0</strong> dari 4 dokumen" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "<script" not in html


def test_another_user_gets_404_for_the_progress_page(login, ketua, admin_lsp, graduation):
    """SE-A4.4: a batch (with its signing evidence) is its signer's alone."""
    location = confirm(login(ketua), pks(graduation))["Location"]
    assert login(admin_lsp).get(location).status_code == 404


# --- the service's rules -------------------------------------------------------------------------


def test_running_a_batch_twice_signs_nothing_more(ketua, graduation, django_capture_on_commit_callbacks):
    """X-11: the task is safe to run twice (a redelivery): the second run signs nothing."""
    batch = services.dokumen_sign_batch(
        dokumen_ids=pks(graduation), signer=ketua, secret=PASSWORD, consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dokumen_sign_batch_run(batch_id=batch.pk) == 4
    assert services.dokumen_sign_batch_run(batch_id=batch.pk) == 0
    assert signed_rows(graduation).count() == 4


def test_more_than_the_batch_limit_is_refused_before_anything(ketua):
    """X-11: one act signs at most MAX_BATCH records; more is refused, nothing kept."""
    with pytest.raises(services.RecordError, match="Paling banyak 1.000 dokumen"):
        services.dokumen_sign_batch(
            dokumen_ids=range(1, services.MAX_BATCH + 2), signer=ketua, secret=PASSWORD, consent=True
        )
    assert not TandaTanganMassal.objects.exists()


def test_when_the_queue_is_down_the_batch_ends_with_its_records_named(
    login, ketua, graduation, sign_batch, monkeypatch
):
    """X-11: the broker refusing the batch's task loses nothing silently: the page shows the
    records skipped with the reason, and the Ketua can sign them again."""
    from kombu.exceptions import OperationalError

    from administrasi import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Redis tidak terjangkau")

    monkeypatch.setattr(tasks.sign_batch, "delay", broker_down)
    client = login(ketua)
    response = sign_batch(client, pks(graduation))
    html = client.get(response["Location"]).content.decode()
    assert "Dilewati (4)" in html and "Layanan antrean sedang terganggu" in html
    assert 'http-equiv="refresh"' not in html
    assert not signed_rows(graduation).exists()
    assert client.get(LIST).context["page"].paginator.count == 4  # still waiting
