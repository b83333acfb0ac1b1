"""Submitting a MUK version and validating it with a signed FR.VA record (SE-A4.6): the
validator is someone else than the drafter, signs with password and consent through the
records engine, and the version becomes tervalidasi in the same transaction."""

import pytest

from administrasi.models import Dokumen
from lsp_portal.workflow import status_history
from muk import services
from muk.models import MukVersi

from ..conftest import PASSWORD
from .conftest import TEMUAN, fill_unit, validate
from .test_muk_items import field_errors, top_errors

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.


def review_post(**overrides):
    data = {**TEMUAN, "secret": PASSWORD, "consent": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def review_url(versi):
    return f"/muk/skema/{versi.skema_id}/muk/{versi.nomor}/validasi/"


def test_submitting_an_incomplete_version_lists_each_unit_and_changes_nothing(client, manajer, draft):
    """SE-A4.6 edge: a unit lacking MAPA or instruments blocks submission; the message names it."""
    first, second = draft.skema.units.order_by("urutan")
    fill_unit(draft, first, manajer)
    client.force_login(manajer)
    url = f"/muk/skema/{draft.skema_id}/muk/1/ajukan/"
    html = client.get(url).content.decode()
    assert "belum lengkap sehingga belum dapat diajukan" in html
    html = client.post(url).content.decode()
    expected = (
        f"Unit {second.kode} {second.judul}: FR.MAPA.01 belum diisi; FR.MAPA.02 belum diisi; "
        "belum ada instrumen."
    )
    assert expected in html and first.kode not in html.split("belum dapat diajukan")[1].split("</ul>")[0]
    draft.refresh_from_db()
    assert draft.status == "draft" and not status_history(draft).exists()


def test_an_instrument_without_items_blocks_submission(manajer, complete):
    from django.core.exceptions import ValidationError

    unit = complete.skema.units.first()
    services.instrumen_create(versi=complete, unit=unit, jenis="IA.07", judul="Lisan kosong", actor=manajer)
    with pytest.raises(ValidationError) as error:
        services.muk_versi_submit(versi=complete, actor=manajer)
    assert error.value.messages == [
        f"Unit {unit.kode} {unit.judul}: instrumen “Lisan kosong” belum memiliki butir."
    ]


def test_a_complete_version_is_submitted(client, manajer, complete):
    """SE-A4.6: draft → diajukan, recorded with actor; the version is then locked."""
    client.force_login(manajer)
    response = client.post(f"/muk/skema/{complete.skema_id}/muk/1/ajukan/")
    assert response.status_code == 302
    complete.refresh_from_db()
    assert (complete.status, complete.diajukan_oleh) == ("diajukan", manajer)
    change = status_history(complete).get()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "diajukan", manajer)
    assert "sedang direviu validator" in complete.edit_refusal()


def test_validator_sees_everything_including_keys_on_the_review_page(client, komite, submitted, manajer):
    unit = submitted.skema.units.first()
    client.force_login(komite)
    html = client.get(review_url(submitted)).content.decode()
    assert "FR.MAPA.01" in html and "FR.MAPA.02" in html and f"Ceklis {unit.kode}" in html
    assert "Aktivitas 1" in html and 'name="secret"' in html and 'name="consent"' in html


def test_komite_validates_and_signs_fr_va_in_one_step(client, komite, manajer, submitted):
    """SE-A4.6: FR.VA findings recorded and signed (password + consent); the version is
    tervalidasi in the same transaction, FR.VA's subject is the version."""
    client.force_login(komite)
    response = client.post(review_url(submitted), review_post(valid_catatan="Sesuai KUK."))
    assert response.status_code == 302 and response.url == submitted.get_absolute_url()
    versi = MukVersi.objects.get(pk=submitted.pk)
    assert (versi.status, versi.divalidasi_oleh) == ("tervalidasi", komite)
    assert versi.divalidasi_pada is not None
    dokumen = versi.dokumen_va
    assert (dokumen.jenis.kode, dokumen.status, dokumen.subject) == ("FR.VA", "final", versi)
    signature = dokumen.tanda_tangan.get()
    assert (signature.penandatangan, signature.pihak, signature.ip) == (komite, "validator", "127.0.0.1")
    assert dokumen.data["prinsip_asesmen"][0] == {
        "prinsip": "Valid",
        "hasil": "Memenuhi",
        "catatan": "Sesuai KUK.",
    }
    assert dokumen.data["rekomendasi"] == "Layak digunakan." and len(dokumen.data["isi_sha256"]) == 64
    assert [(h.to_status, h.actor) for h in status_history(versi)] == [
        ("diajukan", manajer),
        ("tervalidasi", komite),
    ]


def test_a_wrong_password_changes_nothing(client, komite, submitted):
    """SE-A4.6 edge: wrong password → Indonesian error; no FR.VA record, still under review."""
    client.force_login(komite)
    html = client.post(review_url(submitted), review_post(secret="salah")).content.decode()
    assert top_errors(html) == ["Kata sandi atau kode autentikator salah. Dokumen belum ditandatangani."]
    submitted.refresh_from_db()
    assert submitted.status == "diajukan" and submitted.dokumen_va is None
    assert not Dokumen.objects.filter(jenis__kode="FR.VA").exists()


def test_signing_without_consent_changes_nothing(client, komite, submitted):
    client.force_login(komite)
    html = client.post(review_url(submitted), review_post(consent=None)).content.decode()
    assert top_errors(html) == ["Centang pernyataan persetujuan untuk menandatangani."]
    assert MukVersi.objects.get(pk=submitted.pk).status == "diajukan"
    assert not Dokumen.objects.filter(jenis__kode="FR.VA").exists()


def test_missing_findings_are_refused_per_field(client, komite, submitted):
    client.force_login(komite)
    html = client.post(review_url(submitted), review_post(adil="", temuan="")).content.decode()
    assert field_errors(html, "adil") == ["Pilih hasil untuk prinsip Adil."]
    assert field_errors(html, "temuan") == ["Temuan wajib diisi."]
    assert MukVersi.objects.get(pk=submitted.pk).status == "diajukan"


def test_an_unmet_principle_cannot_be_validated(client, komite, submitted):
    """SE-A4.6: a version failing a principle is returned, not validated."""
    client.force_login(komite)
    html = client.post(review_url(submitted), review_post(reliabel="tidak")).content.decode()
    assert "Prinsip Reliabel belum terpenuhi: MUK tidak dapat divalidasi." in top_errors(html)[0]
    assert not Dokumen.objects.filter(jenis__kode="FR.VA").exists()


def test_the_drafter_cannot_validate_their_own_version(client, ketua, skema_two_units):
    """SE-A4.6 edge: the Ketua (who may validate) drafted this version: refused, nothing changes."""
    versi = services.muk_versi_create(skema=skema_two_units, actor=ketua)
    for unit in skema_two_units.units.all():
        fill_unit(versi, unit, ketua)
    services.muk_versi_submit(versi=versi, actor=ketua)
    client.force_login(ketua)
    html = client.get(review_url(versi)).content.decode()
    assert "Anda menyusun atau mengajukan versi ini" in html and 'name="secret"' not in html
    html = client.post(review_url(versi), review_post()).content.decode()
    assert "Penyusun atau pengaju MUK tidak boleh memvalidasi versinya sendiri" in html
    versi.refresh_from_db()
    assert versi.status == "diajukan" and not Dokumen.objects.filter(jenis__kode="FR.VA").exists()


def test_the_submitter_cannot_validate_either(komite, manajer, complete):
    from django.core.exceptions import ValidationError

    services.muk_versi_submit(versi=complete, actor=komite)  # a validator who submitted it
    with pytest.raises(ValidationError, match="tidak boleh memvalidasi versinya sendiri"):
        validate(complete, komite)


def test_staff_without_the_validate_right_get_403(client, manajer, admin_lsp, submitted):
    """SE-A4.4: the review page needs akun.validate_muk."""
    for user in (manajer, admin_lsp):
        client.force_login(user)
        assert client.get(review_url(submitted)).status_code == 403
        assert client.post(review_url(submitted), review_post()).status_code == 403
    assert MukVersi.objects.get(pk=submitted.pk).status == "diajukan"


def test_a_draft_cannot_be_reviewed(client, komite, draft):
    client.force_login(komite)
    response = client.get(review_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert "tidak sedang diajukan untuk validasi" in response.content.decode()


def test_the_validator_returns_a_version_to_draft_with_notes(client, komite, manajer, submitted):
    """SE-A4.6: returned with notes, which the drafter sees; history keeps them."""
    client.force_login(komite)
    url = f"/muk/skema/{submitted.skema_id}/muk/1/kembalikan/"
    html = client.post(url, {"catatan": " "}).content.decode()
    assert field_errors(html, "catatan") == ["Tuliskan catatan perbaikan untuk penyusun."]
    assert MukVersi.objects.get(pk=submitted.pk).status == "diajukan"
    client.post(url, {"catatan": "Tambahkan pertanyaan lisan untuk unit 2."})
    versi = MukVersi.objects.get(pk=submitted.pk)
    assert versi.status == "draft" and versi.catatan_reviu == "Tambahkan pertanyaan lisan untuk unit 2."
    assert status_history(versi).last().note == "Tambahkan pertanyaan lisan untuk unit 2."
    client.force_login(manajer)
    assert "Tambahkan pertanyaan lisan untuk unit 2." in client.get(versi.get_absolute_url()).content.decode()


def test_asesor_may_open_the_fr_va_record_of_a_validated_version(client, asesor, asesi, validated):
    """SE-A4.6: the FR.VA record is visible to staff with use_muk (subject rule), not to asesi."""
    url = validated.dokumen_va.get_absolute_url()
    client.force_login(asesor)
    assert client.get(url).status_code == 200
    client.force_login(asesi)
    assert client.get(url).status_code == 404


def test_the_fr_va_record_is_filed_under_its_scheme(client, admin_lsp, validated):
    """SE-A4.5, SE-A3.Kb: the archive finds FR.VA by the version's scheme, kept as values."""
    dokumen = validated.dokumen_va
    skema = validated.skema
    assert (dokumen.skema_ref, dokumen.skema_kode, dokumen.skema_judul) == (skema.pk, skema.kode, skema.judul)
    client.force_login(admin_lsp)
    html = client.get("/administrasi/arsip/", {"skema": skema.pk}).content.decode()
    assert dokumen.get_absolute_url() in html
