"""Records that nobody signs cannot be forged (SE-A4.5, X-11): correcting or voiding a record
of a kind without signers (a dossier), and voiding or superseding a certificate or an SK,
takes effect only with the Ketua's signature through the records engine. An Admin alone files
a request; nothing changes until the Ketua signs it, and then both people are on record."""

import pytest
from django.contrib.contenttypes.models import ContentType

from administrasi import services
from administrasi.models import Dokumen, TandaTangan
from lsp_portal.workflow import status_history

from ..conftest import PASSWORD, make_user

pytestmark = pytest.mark.embedded


def correct_url(dokumen):
    return f"/administrasi/arsip/{dokumen.pk}/koreksi/"


def void_url(dokumen):
    return f"/administrasi/arsip/{dokumen.pk}/batalkan/"


def sign_url(dokumen):
    return f"/administrasi/arsip/{dokumen.pk}/tandatangani/"


def sign_as(client, user, dokumen):
    client.force_login(user)
    return client.post(sign_url(dokumen), {"secret": PASSWORD, "consent": "on"})


def fresh(dokumen):
    return Dokumen.objects.get(pk=dokumen.pk)


@pytest.fixture
def dossier(admin_lsp, asesi):
    """A record of a kind nobody signs: final the moment it is issued."""
    dokumen = services.dokumen_issue(
        kode="DOSIER",
        subject=asesi,
        judul="Dosier uji",
        data={"jumlah_dokumen": 3},
        signers={},
        actor=admin_lsp,
    )
    dokumen = fresh(dokumen)
    assert dokumen.status == Dokumen.Status.FINAL
    return dokumen


@pytest.fixture
def final_of(ketua, asesi, sign):
    """final_of(kode): a final record of a kind the Ketua signs (a certificate, an SK)."""

    def make(kode):
        dokumen = services.dokumen_issue(
            kode=kode,
            subject=asesi,
            judul=f"Uji {kode}",
            data={"nama": "Asesi"},
            signers={"ketua": ketua},
            actor=ketua,
        )
        sign(dokumen, ketua)
        assert fresh(dokumen).status == Dokumen.Status.FINAL
        return fresh(dokumen)

    return make


def void_requests(target):
    return Dokumen.objects.filter(
        jenis__kode=services.VOID_REQUEST,
        subject_type=ContentType.objects.get_for_model(Dokumen),
        subject_id=str(target.pk),
    )


# --- a record nobody signs (a dossier) ----------------------------------------------------


def test_admin_alone_cannot_void_a_dossier_the_request_waits_for_the_ketua(client, admin_lsp, ketua, dossier):
    """SE-A4.5, X-11: the Admin's void files a request signed by the Ketua; the dossier stays final."""
    client.force_login(admin_lsp)
    response = client.post(void_url(dossier), {"alasan": "diekspor ganda"}, follow=True)
    (request,) = void_requests(dossier)
    assert response.redirect_chain[-1][0] == request.get_absolute_url()
    assert (
        "menunggu tanda tangan" in response.content.decode()
        and "Ketua/Direktur LSP" in response.content.decode()
    )
    assert fresh(dossier).status == Dokumen.Status.FINAL
    assert request.status == Dokumen.Status.DRAFT and request.diterbitkan_oleh == admin_lsp
    assert [(t.pihak, t.penandatangan) for t in request.tanda_tangan.all()] == [("ketua", ketua)]
    assert request.data["alasan"] == "diekspor ganda" and request.nomor


def test_the_ketuas_signature_voids_the_dossier_with_both_people_recorded(client, admin_lsp, ketua, dossier):
    """SE-A4.5, X-11"""
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "diekspor ganda"})
    (request,) = void_requests(dossier)
    response = sign_as(client, ketua, request)
    assert response.status_code == 302
    assert fresh(dossier).status == Dokumen.Status.VOID
    (move,) = [h for h in status_history(fresh(dossier)) if h.to_status == Dokumen.Status.VOID]
    assert move.actor == ketua
    assert str(admin_lsp) in move.note and request.nomor in move.note and "diekspor ganda" in move.note
    request = fresh(request)
    assert request.status == Dokumen.Status.FINAL and request.diterbitkan_oleh == admin_lsp
    assert request.tanda_tangan.get().sudah and request.tanda_tangan.get().penandatangan == ketua


def test_admin_cannot_sign_the_request_in_the_ketuas_place(client, admin_lsp, ketua, dossier):
    """X-11: only the named Ketua is a party to the request."""
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "diekspor ganda"})
    (request,) = void_requests(dossier)
    response = sign_as(client, admin_lsp, request)
    assert "Anda bukan penandatangan dokumen ini." in response.content.decode()
    assert fresh(dossier).status == Dokumen.Status.FINAL
    assert fresh(request).status == Dokumen.Status.DRAFT


def test_admin_alone_cannot_correct_a_dossier_the_new_version_waits_for_the_ketua(
    client, admin_lsp, ketua, dossier
):
    """SE-A4.5, X-11: the correction is a new version with the Ketua as its one signer; the
    dossier in force is unchanged until then."""
    client.force_login(admin_lsp)
    response = client.post(
        correct_url(dossier), {"data": '{"jumlah_dokumen": 4}', "alasan": "satu dokumen terlewat"}
    )
    new = Dokumen.objects.get(seri=dossier.seri, versi=2)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert fresh(dossier).status == Dokumen.Status.FINAL
    assert new.status == Dokumen.Status.DRAFT and new.diterbitkan_oleh == admin_lsp
    assert [(t.pihak, t.penandatangan) for t in new.tanda_tangan.all()] == [("ketua", ketua)]
    page = client.get(new.get_absolute_url()).content.decode()
    assert "menunggu tanda tangan Ketua/Direktur LSP (persetujuan koreksi)" in page
    assert "Versi 1 tetap berlaku sampai versi 2 ditandatangani." in page


def test_the_ketuas_signature_makes_the_correction_and_supersedes_the_dossier(
    client, admin_lsp, ketua, dossier
):
    """SE-A4.5, X-11"""
    client.force_login(admin_lsp)
    client.post(correct_url(dossier), {"data": '{"jumlah_dokumen": 4}', "alasan": "satu dokumen terlewat"})
    new = Dokumen.objects.get(seri=dossier.seri, versi=2)
    assert sign_as(client, ketua, new).status_code == 302
    assert (fresh(new).status, fresh(dossier).status) == (Dokumen.Status.FINAL, Dokumen.Status.SUPERSEDED)
    (move,) = [h for h in status_history(fresh(dossier)) if h.to_status == Dokumen.Status.SUPERSEDED]
    assert move.actor == ketua and str(admin_lsp) in move.note and "satu dokumen terlewat" in move.note
    assert fresh(new).data == {"jumlah_dokumen": 4} and fresh(new).diterbitkan_oleh == admin_lsp


def test_the_void_page_says_the_ketua_must_sign(client, admin_lsp, dossier):
    """SE-A4.5"""
    client.force_login(admin_lsp)
    page = client.get(void_url(dossier)).content.decode()
    assert "hanya dapat dibatalkan dengan tanda tangan <strong>Ketua/Direktur LSP</strong>" in page
    assert "Ajukan pembatalan ke Ketua" in page


# --- certificates and SKs (the Ketua signs them) ----------------------------------------


@pytest.mark.parametrize("kode", ["SERTIFIKAT", "SK-KEPUTUSAN"])
def test_admin_alone_cannot_void_a_certificate_or_an_sk(client, admin_lsp, ketua, final_of, kode):
    """SE-A4.5, X-11: refused as a void; a request waits for the Ketua; the record is valid."""
    record = final_of(kode)
    client.force_login(admin_lsp)
    client.post(void_url(record), {"alasan": "salah nama"})
    assert fresh(record).status == Dokumen.Status.FINAL
    (request,) = void_requests(record)
    assert request.status == Dokumen.Status.DRAFT
    public = client.get(record.get_verification_url()).content.decode()
    assert "Dibatalkan" not in public
    sign_as(client, ketua, request)
    assert fresh(record).status == Dokumen.Status.VOID


@pytest.mark.parametrize("kode", ["SERTIFIKAT", "SK-KEPUTUSAN"])
def test_admin_alone_cannot_supersede_a_certificate_or_an_sk(client, admin_lsp, ketua, final_of, kode):
    """SE-A4.5, X-11: a correction leaves the record in force until the Ketua signs the new
    version; then it is superseded, by the Ketua."""
    record = final_of(kode)
    client.force_login(admin_lsp)
    client.post(correct_url(record), {"data": '{"nama": "Asesi Benar"}', "alasan": "salah ketik nama"})
    new = Dokumen.objects.get(seri=record.seri, versi=2)
    assert fresh(record).status == Dokumen.Status.FINAL and new.status == Dokumen.Status.DRAFT
    assert [(t.pihak, t.penandatangan) for t in new.tanda_tangan.all()] == [("ketua", ketua)]
    sign_as(client, ketua, new)
    assert fresh(record).status == Dokumen.Status.SUPERSEDED
    (move,) = [h for h in status_history(fresh(record)) if h.to_status == Dokumen.Status.SUPERSEDED]
    assert move.actor == ketua and str(admin_lsp) in move.note


# --- one change at a time, and withdrawing ----------------------------------------------


def test_a_second_void_request_is_refused_while_one_waits(client, admin_lsp, ketua, dossier):
    """SE-A4.5"""
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "pertama"})
    response = client.post(void_url(dossier), {"alasan": "kedua"})
    assert "sudah diajukan" in response.content.decode()
    assert void_requests(dossier).count() == 1


def test_a_correction_is_refused_while_a_void_request_waits(client, admin_lsp, ketua, dossier):
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "pertama"})
    response = client.post(correct_url(dossier), {"data": "{}", "alasan": "koreksi"})
    assert "sudah diajukan" in response.content.decode()
    assert not Dokumen.objects.filter(seri=dossier.seri, versi=2).exists()


def test_a_second_correction_is_refused_while_the_first_waits(client, admin_lsp, final_of):
    record = final_of("SERTIFIKAT")
    client.force_login(admin_lsp)
    client.post(correct_url(record), {"data": "{}", "alasan": "pertama"})
    response = client.post(correct_url(record), {"data": "{}", "alasan": "kedua"})
    assert "Versi 2 dokumen ini masih menunggu tanda tangan" in response.content.decode()
    assert Dokumen.objects.filter(seri=record.seri).count() == 2


def test_admin_may_withdraw_a_request_and_the_record_stays_final(client, admin_lsp, ketua, dossier):
    """SE-A4.5: a request not yet signed is a draft; voiding it withdraws it."""
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "keliru"})
    (request,) = void_requests(dossier)
    client.post(void_url(request), {"alasan": "permintaan ditarik"})
    assert fresh(request).status == Dokumen.Status.VOID
    assert fresh(dossier).status == Dokumen.Status.FINAL
    client.post(void_url(dossier), {"alasan": "kali ini benar"})
    assert void_requests(dossier).filter(status=Dokumen.Status.DRAFT).count() == 1


def test_a_withdrawn_correction_leaves_room_for_the_next(client, admin_lsp, ketua, final_of):
    record = final_of("SERTIFIKAT")
    client.force_login(admin_lsp)
    client.post(correct_url(record), {"data": "{}", "alasan": "pertama"})
    withdrawn = Dokumen.objects.get(seri=record.seri, versi=2)
    client.post(void_url(withdrawn), {"alasan": "salah data"})
    client.post(correct_url(record), {"data": '{"nama": "Benar"}', "alasan": "kedua"})
    third = Dokumen.objects.get(seri=record.seri, versi=3)
    sign_as(client, ketua, third)
    statuses = dict(Dokumen.objects.filter(seri=record.seri).values_list("versi", "status"))
    assert statuses == {1: "superseded", 2: "void", 3: "final"}


def test_the_ketua_cannot_apply_a_request_whose_record_changed_meanwhile(
    client, admin_lsp, ketua, final_of, sign
):
    """SE-A4.5: a void request for a record that is no longer final is refused at signing,
    and the signature is not kept."""
    record = final_of("SERTIFIKAT")
    client.force_login(admin_lsp)
    client.post(void_url(record), {"alasan": "salah nama"})
    (request,) = void_requests(record)
    Dokumen.objects.filter(pk=record.pk).update(status=Dokumen.Status.SUPERSEDED)  # changed by another path
    response = sign_as(client, ketua, request)
    assert "pembatalan tidak dapat diterapkan" in response.content.decode()
    assert fresh(request).status == Dokumen.Status.DRAFT
    assert not TandaTangan.objects.get(dokumen=request).sudah


def test_a_request_needs_an_active_ketua(client, admin_lsp, dossier):
    client.force_login(admin_lsp)
    response = client.post(void_url(dossier), {"alasan": "keliru"})
    assert "Belum ada Ketua/Direktur LSP yang aktif" in response.content.decode()
    assert not void_requests(dossier).exists()


# --- what stays as it was --------------------------------------------------------------


def test_a_record_its_own_parties_sign_is_voided_at_once(client, admin_lsp, asesor, sign):
    """SE-A4.5: a declaration (signed by the asesor, not the Ketua) is voided by staff at once;
    its party signs a new one (sdm)."""
    record = services.dokumen_issue(
        kode="DEKLARASI-ASESOR",
        subject=asesor,
        judul="Deklarasi",
        data={},
        signers={"asesor": asesor},
        actor=asesor,
    )
    sign(record, asesor)
    client.force_login(admin_lsp)
    response = client.post(void_url(record), {"alasan": "skema keliru"})
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert fresh(record).status == Dokumen.Status.VOID
    assert not void_requests(record).exists()


def test_a_signed_void_request_cannot_itself_be_voided_or_corrected(client, admin_lsp, ketua, dossier):
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "keliru"})
    (request,) = void_requests(dossier)
    sign_as(client, ketua, request)
    client.force_login(admin_lsp)
    assert "tidak dapat dibatalkan" in client.post(void_url(request), {"alasan": "x"}).content.decode()
    assert (
        "tidak dapat dikoreksi"
        in client.post(correct_url(request), {"data": "{}", "alasan": "x"}).content.decode()
    )
    assert fresh(request).status == Dokumen.Status.FINAL


def test_ketua_may_file_and_sign_a_request_of_their_own(client, ketua, dossier):
    """X-11: the Ketua's own void is still a signature through the records engine."""
    client.force_login(ketua)
    client.post(void_url(dossier), {"alasan": "keliru"})
    assert fresh(dossier).status == Dokumen.Status.FINAL
    (request,) = void_requests(dossier)
    sign_as(client, ketua, request)
    assert fresh(dossier).status == Dokumen.Status.VOID


def test_a_second_ketua_named_first_by_name_is_the_signer(client, admin_lsp, ketua, dossier):
    other = make_user("aa.ketua@uji.lsp.id", "ketua", name="Aa Ketua Kedua")
    client.force_login(admin_lsp)
    client.post(void_url(dossier), {"alasan": "keliru"})
    (request,) = void_requests(dossier)
    assert request.tanda_tangan.get().penandatangan == other
