"""Deleting a MUK draft ("Hapus draf", SE-A4.6): a draft that never left its drafter may be
deleted with all its content, freeing the units' KUK for a new import; a version that was
ever submitted (even if returned to draft), has an FR.VA record or is validated stays."""

import pytest
from django.core.exceptions import ValidationError

from akun.models import AuditEntry
from muk import services
from muk.models import (
    KUK,
    ButirInstrumen,
    Instrumen,
    Mapa01,
    Mapa01Metode,
    Mapa02,
    MukVersi,
    OpsiJawaban,
)
from muk.selectors import muk_usable

from .conftest import unit_rows, upload

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def delete_url(versi):
    return f"/muk/skema/{versi.skema_id}/muk/{versi.nomor}/hapus/"


def content_counts(versi):
    return (
        Mapa01.objects.filter(versi=versi).count(),
        Mapa01Metode.objects.filter(mapa01__versi=versi).count(),
        Mapa02.objects.filter(versi=versi).count(),
        Instrumen.objects.filter(versi=versi).count(),
        ButirInstrumen.objects.filter(instrumen__versi=versi).count(),
        OpsiJawaban.objects.filter(butir__instrumen__versi=versi).count(),
    )


@pytest.fixture
def filled(complete, manajer):
    """The complete draft plus an IA.05 test with one two-option question (options too)."""
    unit = complete.skema.units.order_by("urutan").first()
    test = services.instrumen_create(versi=complete, unit=unit, jenis="IA.05", judul="Tes", actor=manajer)
    services.butir_create(
        instrumen=test,
        teks="Struktur data apa yang FIFO?",
        kuk=KUK.objects.filter(elemen__unit=unit).first(),
        opsi=[("a", "Antrean", True), ("b", "Tumpukan", False)],
        actor=manajer,
    )
    return complete


# --- deleting a draft ------------------------------------------------------------------------


def test_manajer_deletes_an_empty_draft(client, manajer, draft):
    """SE-A4.6: a mistaken "Buat versi baru" can be undone; the list says so."""
    client.force_login(manajer)
    page = client.get(delete_url(draft)).content.decode()
    assert "Hapus draf MUK versi 1?" in page and "0 instrumen dengan 0 butir" in page
    response = client.post(delete_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == f"/muk/skema/{draft.skema_id}/muk/"
    assert "Draf MUK versi 1 dihapus." in messages_of(response)
    assert not MukVersi.objects.filter(pk=draft.pk).exists()


def test_deleting_a_filled_draft_removes_its_content_and_frees_the_kuk(client, manajer, filled):
    """SE-A4.6: the draft's MAPA, instruments, items and options go in one step, and the
    scheme's structure can be re-imported afterwards (it was blocked while the draft held it)."""
    skema_pk = filled.skema_id
    import_url = f"/muk/skema/{skema_pk}/impor/"
    new_rows = unit_rows("J.620100.005.02", elements=1, kuk=3, judul="Antarmuka")
    client.force_login(manajer)
    refused = client.post(import_url, {"berkas": upload(new_rows)}).content.decode()
    assert "tidak ada di berkas, tetapi tidak dapat dihapus" in refused
    assert "sudah dipakai MUK versi 1 (draf)" in refused
    assert content_counts(filled) == (2, 2, 2, 3, 3, 2)

    page = client.get(delete_url(filled)).content.decode()
    assert "2 FR.MAPA.01 dan 2 baris FR.MAPA.02" in page
    assert "3 instrumen dengan 3 butir dan 2 pilihan jawaban" in page
    response = client.post(delete_url(filled))
    assert response.status_code == 302

    assert not MukVersi.objects.filter(pk=filled.pk).exists()
    assert content_counts(filled) == (0, 0, 0, 0, 0, 0)
    response = client.post(import_url, {"berkas": upload(new_rows)})
    assert response.status_code == 302
    assert list(filled.skema.units.values_list("kode", flat=True)) == ["J.620100.005.02"]


def test_the_version_in_force_stays_untouched_when_its_successor_draft_is_deleted(client, manajer, validated):
    """SE-A4.6: deleting draft v2 (a copy of v1) leaves v1 validated, in force, unchanged."""
    before = content_counts(validated)
    v2 = services.muk_versi_create(skema=validated.skema, actor=manajer)
    client.force_login(manajer)
    assert "MUK versi 1 yang tervalidasi tetap berlaku" in client.get(delete_url(v2)).content.decode()
    response = client.post(delete_url(v2), follow=True)
    assert "Draf MUK versi 2 dihapus. MUK versi 1 tetap berlaku." in messages_of(response)
    validated.refresh_from_db()
    assert validated.status == MukVersi.Status.TERVALIDASI and validated.dokumen_va_id
    assert content_counts(validated) == before
    assert muk_usable(validated.skema) == validated
    assert not MukVersi.objects.filter(pk=v2.pk).exists()


def test_the_deletion_is_in_the_audit_trail_with_the_actor(manajer, filled):
    """SE-A4.6, X-4: every row deleted (version, MAPA, instrument, item, option) is an
    audit entry attributed to whoever deleted it."""
    rows = {
        "mukversi": MukVersi.objects.filter(pk=filled.pk),
        "mapa01": Mapa01.objects.filter(versi=filled),
        "mapa02": Mapa02.objects.filter(versi=filled),
        "instrumen": Instrumen.objects.filter(versi=filled),
        "butirinstrumen": ButirInstrumen.objects.filter(instrumen__versi=filled),
        "opsijawaban": OpsiJawaban.objects.filter(butir__instrumen__versi=filled),
    }
    expected = {(model, str(pk)) for model, qs in rows.items() for pk in qs.values_list("pk", flat=True)}
    services.muk_versi_delete(versi=filled, actor=manajer)
    deleted = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, actor=manajer)
    logged = {(e.content_type.model, e.object_pk) for e in deleted.select_related("content_type")}
    assert expected <= logged
    assert len(expected) == 1 + 2 + 2 + 3 + 3 + 2


# --- refusals --------------------------------------------------------------------------------


def test_a_validated_version_is_not_deleted(client, manajer, validated):
    """SE-A4.6 edge: a validated version is evidence of what was used; service and page refuse."""
    before = content_counts(validated)
    with pytest.raises(ValidationError) as error:
        services.muk_versi_delete(versi=validated, actor=manajer)
    assert "berstatus tervalidasi; hanya versi draf yang belum pernah diajukan" in error.value.messages[0]
    client.force_login(manajer)
    for method in (client.get, client.post):
        response = method(delete_url(validated), follow=True)
        assert response.redirect_chain[-1][0] == validated.get_absolute_url()
        assert any("berstatus tervalidasi" in m for m in messages_of(response))
    assert MukVersi.objects.get(pk=validated.pk).status == MukVersi.Status.TERVALIDASI
    assert content_counts(validated) == before


def test_a_submitted_version_is_not_deleted(client, manajer, submitted):
    """SE-A4.6 edge: a version under review belongs to the review; nothing is deleted."""
    with pytest.raises(ValidationError, match="berstatus diajukan"):
        services.muk_versi_delete(versi=submitted, actor=manajer)
    client.force_login(manajer)
    response = client.post(delete_url(submitted), follow=True)
    assert any("berstatus diajukan (dalam reviu)" in m for m in messages_of(response))
    assert MukVersi.objects.filter(pk=submitted.pk, status="diajukan").exists()
    assert content_counts(submitted) == (2, 2, 2, 2, 2, 0)


def test_a_draft_returned_after_review_is_not_deleted(client, manajer, komite, submitted):
    """SE-A4.6 edge: a version returned to draft keeps its review history as evidence; no
    "Hapus draf" button, and service and page refuse."""
    returned = services.muk_versi_return(versi=submitted, catatan="Lengkapi IA.05.", actor=komite)
    assert returned.status == MukVersi.Status.DRAFT
    with pytest.raises(ValidationError) as error:
        services.muk_versi_delete(versi=returned, actor=manajer)
    assert "pernah diajukan untuk validasi; riwayat reviunya adalah bukti" in error.value.messages[0]
    client.force_login(manajer)
    assert "Hapus draf" not in client.get(returned.get_absolute_url()).content.decode()
    response = client.post(delete_url(returned), follow=True)
    assert response.redirect_chain[-1][0] == returned.get_absolute_url()
    assert any("pernah diajukan untuk validasi" in m for m in messages_of(response))
    assert MukVersi.objects.filter(pk=returned.pk, status="draft").exists()
    assert content_counts(returned) == (2, 2, 2, 2, 2, 0)


def test_a_draft_with_an_fr_va_record_is_not_deleted(manajer, komite, complete):
    """SE-A4.6 edge: a record about the version (FR.VA) is evidence: never deleted with it."""
    from administrasi import services as records

    records.dokumen_issue(
        kode="FR.VA",
        subject=complete,
        judul="Validasi MUK",
        data={"temuan": "-"},
        signers={"validator": komite},
        actor=komite,
    )
    with pytest.raises(ValidationError, match="memiliki rekaman FR.VA"):
        services.muk_versi_delete(versi=complete, actor=manajer)
    assert MukVersi.objects.filter(pk=complete.pk).exists()


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["asesor", "komite"])
def test_staff_without_manage_skema_cannot_delete(client, request, persona, draft):
    """SE-A4.4: deleting is drafting work (manage_skema): asesor and komite get 403."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(delete_url(draft)).status_code == 403
    assert client.post(delete_url(draft)).status_code == 403
    assert MukVersi.objects.filter(pk=draft.pk).exists()


def test_the_button_is_shown_only_to_who_may_delete(client, manajer, komite, draft):
    """SE-A4.4: "Hapus draf" on a never-submitted draft for the drafter, not for a validator."""
    client.force_login(manajer)
    assert f'href="{delete_url(draft)}"' in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(komite)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Hapus draf" not in page


def test_an_unknown_version_answers_404(client, manajer, draft):
    """SE-A4.4: a version that does not exist (or was deleted) is 404, not an error."""
    client.force_login(manajer)
    assert client.get(f"/muk/skema/{draft.skema_id}/muk/9/hapus/").status_code == 404
    services.muk_versi_delete(versi=draft, actor=manajer)
    assert client.post(delete_url(draft)).status_code == 404
