"""SE-A1.1–A1.4, SE-A1.K, SE-A4.13: the SOP repository's pages and the public SOP page, through
HTTP. The admin writes and submits a version, the Ketua approves it on the records engine's
signing page, and only then does the public page show it (number, version, date, approver,
reference, text) with its signed PDF; a draft or a version waiting for approval never shows.
Every refusal is an Indonesian message on the form with what was typed kept."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from administrasi import sop as svc
from administrasi.models import Dokumen, Sop

from ..conftest import PASSWORD
from .conftest import sign_record

pytestmark = pytest.mark.embedded

J = Sop.Jenis
PUBLIC_PAGE = "/sop-banding-pengaduan/"
PUBLIC_PDF = "/sop-banding-pengaduan/unduh/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _form(sop, **over):
    data = {
        "nomor": sop.nomor,
        "judul": sop.judul,
        "acuan": sop.acuan,
        "isi": sop.isi,
        "catatan_perubahan": sop.catatan_perubahan,
    }
    return {**data, **over}


def test_se_a1_4_written_submitted_approved_then_public(
    client, admin_lsp, ketua, django_capture_on_commit_callbacks
):
    """The whole path by HTTP: start, edit, submit (the Ketua told), sign; the public page
    and its PDF show the approved version only after the signature."""
    client.force_login(admin_lsp)
    response = client.post(reverse("administrasi:sop-start", args=[J.BANDING]))
    draft = Sop.objects.get(jenis=J.BANDING)
    assert response.status_code == 302 and response["Location"] == reverse(
        "administrasi:sop-edit", args=[draft.pk]
    )
    isi = draft.isi + "\n\n## 8. Lampiran\n\nFormulir FR.AK.04."
    response = client.post(reverse("administrasi:sop-edit", args=[draft.pk]), _form(draft, isi=isi))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.isi.endswith("Formulir FR.AK.04.")
    # Not yet public: the page says so, and there is no PDF.
    client.logout()
    assert "belum disahkan" in text_of(client.get(PUBLIC_PAGE))
    assert client.get(PUBLIC_PDF).status_code == 404
    client.force_login(admin_lsp)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("administrasi:sop-submit", args=[draft.pk]),
        {"berlaku_mulai": today, "penandatangan": ketua.pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Sop.Status.DIAJUKAN
    client.logout()
    assert client.get(PUBLIC_PDF).status_code == 404  # waiting for approval: still not public
    assert draft.nomor not in text_of(client.get(PUBLIC_PAGE))
    # The Ketua sees "Sahkan" on the version's page, leading to the record's signing page.
    client.force_login(ketua)
    page = client.get(draft.get_absolute_url()).content.decode()
    sign_url = reverse("administrasi:dokumen-sign", args=[draft.dokumen_id])
    assert sign_url in page and "Formulir FR.AK.04." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sign_url, {"secret": PASSWORD, "consent": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Sop.Status.BERLAKU
    client.logout()
    page = text_of(client.get(PUBLIC_PAGE))
    for expected in ("Dokumen SOP yang berlaku", draft.nomor, "SKKNI Nomor 333 Tahun 2020", "Lampiran"):
        assert expected in page, expected
    assert ketua.nama_lengkap in page
    pdf = client.get(PUBLIC_PDF)
    assert (
        pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and body(pdf).startswith(b"%PDF")
    )
    versi = client.get(reverse("portal:sop-versi-pdf", args=[draft.pk]))
    assert versi.status_code == 200 and body(versi) == body(client.get(PUBLIC_PDF))


def test_se_a1_4_drafts_and_waiting_versions_are_never_public(client, admin_lsp, ketua):
    """SE-A1.4 edge: a draft and a submitted version answer 404 at their PDF address."""
    draft = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    assert client.get(reverse("portal:sop-versi-pdf", args=[draft.pk])).status_code == 404
    svc.sop_submit(sop=draft, berlaku_mulai=timezone.localdate(), penandatangan=ketua, actor=admin_lsp)
    assert client.get(reverse("portal:sop-versi-pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:sop-versi-pdf", args=[9999])).status_code == 404


def test_bad_input_is_refused_on_the_form_and_nothing_typed_is_lost(client, admin_lsp, ketua):
    """An empty number, a past effective date, an approver who is not a Ketua: Indonesian
    messages on the form, the typed text shown again, the draft unchanged."""
    client.force_login(admin_lsp)
    draft = svc.sop_draft_start(jenis=J.ASESMEN_JJ, actor=admin_lsp)
    typed = "## 1. Tujuan\n\nTeks yang baru saja diketik."
    response = client.post(
        reverse("administrasi:sop-edit", args=[draft.pk]), _form(draft, nomor="", isi=typed)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nomor dokumen wajib diisi." in page and "Teks yang baru saja diketik." in page
    assert Sop.objects.get(pk=draft.pk).isi == draft.isi
    response = client.post(
        reverse("administrasi:sop-submit", args=[draft.pk]),
        {"berlaku_mulai": "2020-01-01", "penandatangan": ketua.pk},
    )
    assert "Tanggal berlaku tidak boleh sebelum hari ini." in response.content.decode()
    response = client.post(
        reverse("administrasi:sop-submit", args=[draft.pk]),
        {"berlaku_mulai": timezone.localdate().isoformat(), "penandatangan": admin_lsp.pk},
    )
    assert "Pengesah harus pemegang peran Ketua LSP." in response.content.decode()
    assert Sop.objects.get(pk=draft.pk).status == Sop.Status.DRAFT and not Dokumen.objects.exists()


def test_se_a1_k_submit_page_says_why_a_draft_without_reference_cannot_go(client, admin_lsp, ketua):
    """SE-A1.K edge: the submit page names the missing reference before anything is sent;
    sending anyway is refused with the same words."""
    client.force_login(admin_lsp)
    draft = svc.sop_draft_start(jenis=J.ASESMEN_JJ, actor=admin_lsp)
    client.post(reverse("administrasi:sop-edit", args=[draft.pk]), _form(draft, acuan=""))
    url = reverse("administrasi:sop-submit", args=[draft.pk])
    assert "Acuan SOP wajib diisi" in client.get(url).content.decode()
    response = client.post(
        url, {"berlaku_mulai": timezone.localdate().isoformat(), "penandatangan": ketua.pk}
    )
    assert "Acuan SOP wajib diisi" in response.content.decode()
    assert Sop.objects.get(pk=draft.pk).status == Sop.Status.DRAFT


def test_the_ketua_returns_a_version_with_a_reason(client, admin_lsp, ketua):
    """The named Ketua may return a submitted version: it is a draft again, the reason in its
    history; the record that waited for him is void."""
    draft = svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    sop = svc.sop_submit(sop=draft, berlaku_mulai=timezone.localdate(), penandatangan=ketua, actor=admin_lsp)
    client.force_login(ketua)
    url = reverse("administrasi:sop-withdraw", args=[sop.pk])
    assert "Tulis alasan SOP dikembalikan." in client.post(url, {"alasan": ""}).content.decode()
    response = client.post(url, {"alasan": "Langkah 4 belum jelas."})
    assert response.status_code == 302
    page = client.get(sop.get_absolute_url()).content.decode()
    assert "Langkah 4 belum jelas." in page
    assert Dokumen.objects.get(pk=sop.dokumen_id).status == Dokumen.Status.VOID


def test_start_while_a_version_is_open_is_refused_with_a_message(client, admin_lsp):
    client.force_login(admin_lsp)
    svc.sop_draft_start(jenis=J.BANDING, actor=admin_lsp)
    response = client.post(reverse("administrasi:sop-start", args=[J.BANDING]), follow=True)
    assert "masih draf" in response.content.decode()
    assert Sop.objects.filter(jenis=J.BANDING).count() == 1


def test_unknown_kind_is_404(client, admin_lsp):
    client.force_login(admin_lsp)
    assert client.get(reverse("administrasi:sop-jenis", args=["tidak-ada"])).status_code == 404
    assert client.post(reverse("administrasi:sop-start", args=["tidak-ada"])).status_code == 404


def _approved(admin_lsp, ketua, jenis, n):
    """`n` approved versions of `jenis`, the last in force."""
    for _ in range(n):
        draft = svc.sop_draft_start(jenis=jenis, actor=admin_lsp)
        if draft.versi > 1:
            draft.catatan_perubahan = f"Revisi ke-{draft.versi}."
            draft.save()
        sop = svc.sop_submit(
            sop=draft, berlaku_mulai=timezone.localdate(), penandatangan=ketua, actor=admin_lsp
        )
        sign_record(sop.dokumen, ketua)


def test_query_counts_stay_constant_as_versions_grow(client, admin_lsp, ketua):
    """The repository's list, a kind's versions and the public page read a fixed number of rows
    whatever the number of versions."""
    client.force_login(admin_lsp)
    urls = [
        reverse("administrasi:sop-list"),
        reverse("administrasi:sop-jenis", args=[J.BANDING]),
        PUBLIC_PAGE,
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    _approved(admin_lsp, ketua, J.BANDING, 1)
    few = counts()
    _approved(admin_lsp, ketua, J.BANDING, 3)
    assert Sop.objects.filter(jenis=J.BANDING).count() == 4
    assert counts() == few


def test_the_auditor_reads_the_sops_and_their_records_but_writes_nothing(client, admin_lsp, ketua, auditor):
    """The internal auditor (view_audit) opens the repository, a version and its signed PDF,
    and is offered no action."""
    _approved(admin_lsp, ketua, J.BANDING, 1)
    sop = Sop.objects.get(jenis=J.BANDING)
    client.force_login(auditor)
    page = client.get(sop.get_absolute_url()).content.decode()
    assert sop.nomor in page and "Ubah draf" not in page and "Kembalikan" not in page
    assert client.get(reverse("administrasi:dokumen-detail", args=[sop.dokumen_id])).status_code == 200
    assert client.post(reverse("administrasi:sop-start", args=[J.ASESMEN_JJ])).status_code == 403
