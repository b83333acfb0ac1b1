"""MUK versions (SE-A4.6): one draft at a time, a validated version is never edited, "Buat
versi baru" copies it into n+1, and validating n+1 supersedes n, with status history kept."""

import pytest
from django.core.exceptions import ValidationError

from lsp_portal.workflow import status_history
from muk import services
from muk.models import ButirInstrumen, Instrumen, Mapa01, Mapa01Metode, Mapa02, MukVersi, OpsiJawaban

from .conftest import fill_unit, validate

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_manajer_creates_version_1_as_an_empty_draft(client, manajer, skema_two_units):
    """SE-A4.6: the first version starts empty, as a draft drafted by whoever made it."""
    client.force_login(manajer)
    url = f"/muk/skema/{skema_two_units.pk}/muk/baru/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    versi = MukVersi.objects.get(skema=skema_two_units)
    assert response.status_code == 302 and response.url == f"/muk/skema/{skema_two_units.pk}/muk/1/"
    assert (versi.nomor, versi.status, versi.disusun_oleh, versi.sebelumnya) == (1, "draft", manajer, None)
    page = client.get(response.url).content.decode()
    assert "FR.MAPA.01 belum diisi" in page and "belum ada instrumen" in page


def test_a_second_draft_of_the_same_scheme_is_refused(client, manajer, draft):
    """SE-A4.6 edge: at most one version in the making per scheme."""
    client.force_login(manajer)
    response = client.post(f"/muk/skema/{draft.skema_id}/muk/baru/", follow=True)
    assert any("sudah memiliki MUK versi 1 berstatus draf" in m for m in messages_of(response))
    assert MukVersi.objects.filter(skema=draft.skema).count() == 1


def test_a_submitted_version_also_blocks_a_new_one(manajer, submitted):
    """SE-A4.6 edge: a version under review counts as the one in the making."""
    with pytest.raises(ValidationError) as error:
        services.muk_versi_create(skema=submitted.skema, actor=manajer)
    assert "berstatus diajukan" in error.value.messages[0]


def test_editing_a_validated_version_is_refused_on_every_edit_page(client, manajer, validated):
    """SE-A4.6 edge: a validated version is locked; the page says to make a new version."""
    client.force_login(manajer)
    unit = validated.skema.units.first()
    instrumen = Instrumen.objects.filter(versi=validated).first()
    butir = instrumen.butir.first()
    base = f"/muk/skema/{validated.skema_id}/muk/1/"
    pages = [
        f"{base}unit/{unit.pk}/mapa01/",
        f"{base}unit/{unit.pk}/mapa02/",
        f"{base}unit/{unit.pk}/instrumen/baru/",
        f"{base}instrumen/{instrumen.pk}/ubah/",
        f"{base}instrumen/{instrumen.pk}/hapus/",
        f"{base}instrumen/{instrumen.pk}/butir/baru/",
        f"{base}instrumen/{instrumen.pk}/butir/{butir.pk}/ubah/",
        f"{base}instrumen/{instrumen.pk}/butir/{butir.pk}/hapus/",
        f"{base}ajukan/",
    ]
    counts = (Instrumen.objects.count(), ButirInstrumen.objects.count())
    for url in pages:
        for method in (client.get, client.post):
            response = method(url, {"jenis": "IA.07", "judul": "Baru", "teks": "Baru"}, follow=True)
            assert response.redirect_chain[-1][0] == base, url
            assert any("sudah tervalidasi dan tidak dapat diubah" in m for m in messages_of(response)), url
    assert (Instrumen.objects.count(), ButirInstrumen.objects.count()) == counts
    assert ButirInstrumen.objects.get(pk=butir.pk).teks == "Aktivitas 1"


def test_the_services_refuse_to_change_a_validated_version(manajer, validated):
    """SE-A4.6: the rule lives in the services, not only in the pages."""
    instrumen = Instrumen.objects.filter(versi=validated).first()
    with pytest.raises(services.MukLocked, match="Buat versi baru"):
        services.butir_create(
            instrumen=instrumen, teks="Tambahan", kuk=instrumen.butir.first().kuk, actor=manajer
        )
    with pytest.raises(services.MukLocked):
        services.instrumen_delete(instrumen=instrumen, actor=manajer)
    assert instrumen.butir.count() == 1


def test_new_version_copies_mapa_instruments_items_and_options(client, manajer, validated):
    """SE-A4.6: "Buat versi baru" copies v1 (MAPA.01 with methods, MAPA.02, instruments,
    items, options) into v2 as a draft; v1 stays in force until v2 is validated."""
    unit = validated.skema.units.first()
    client.force_login(manajer)
    response = client.post(f"/muk/skema/{validated.skema_id}/muk/baru/")
    v2 = MukVersi.objects.get(skema=validated.skema, nomor=2)
    assert response.url == v2.get_absolute_url()
    assert (v2.status, v2.sebelumnya_id, v2.disusun_oleh) == ("draft", validated.pk, manajer)
    for model, key in ((Mapa01, "versi"), (Mapa02, "versi"), (Instrumen, "versi")):
        assert (
            model.objects.filter(**{key: v2}).count() == model.objects.filter(**{key: validated}).count() > 0
        )
    assert Mapa01Metode.objects.filter(mapa01__versi=v2).count() == 2
    assert ButirInstrumen.objects.filter(instrumen__versi=v2).count() == 2
    # v1 is untouched and still the one in force
    validated.refresh_from_db()
    assert validated.status == "tervalidasi"
    # an IA.05 question added to v2 is v2's alone; v1 is not changed
    mcq = services.instrumen_create(versi=v2, unit=unit, jenis="IA.05", judul="PG", actor=manajer)
    services.butir_create(
        instrumen=mcq, teks="2 + 2 = ?", opsi=[("a", "3", False), ("b", "4", True)], actor=manajer
    )
    assert not Instrumen.objects.filter(versi=validated, jenis="IA.05").exists()


def test_copy_carries_options_and_keys(manajer, komite, complete):
    """SE-A4.6: an IA.05 question's options and its one key survive the copy."""
    unit = complete.skema.units.first()
    mcq = services.instrumen_create(versi=complete, unit=unit, jenis="IA.05", judul="PG", actor=manajer)
    services.butir_create(
        instrumen=mcq,
        teks="Stack mengeluarkan data dengan urutan ...",
        opsi=[("a", "FIFO", False), ("b", "LIFO", True), ("c", "Acak", False)],
        actor=manajer,
    )
    services.muk_versi_submit(versi=complete, actor=manajer)
    validate(complete, komite)
    v2 = services.muk_versi_create(skema=complete.skema, actor=manajer)
    copied = OpsiJawaban.objects.filter(butir__instrumen__versi=v2).order_by("huruf")
    assert [(o.huruf, o.teks, o.benar) for o in copied] == [
        ("a", "FIFO", False),
        ("b", "LIFO", True),
        ("c", "Acak", False),
    ]


def test_validating_version_2_supersedes_version_1(manajer, komite, validated):
    """SE-A4.6: when n+1 is validated, n becomes diganti; history kept for both."""
    v2 = services.muk_versi_create(skema=validated.skema, actor=manajer)
    services.muk_versi_submit(versi=v2, actor=manajer)
    v2 = validate(v2, komite)
    validated.refresh_from_db()
    assert (validated.status, v2.status) == ("diganti", "tervalidasi")
    assert [(h.from_status, h.to_status) for h in status_history(validated)] == [
        ("draft", "diajukan"),
        ("diajukan", "tervalidasi"),
        ("tervalidasi", "diganti"),
    ]
    last = list(status_history(validated))[-1]
    assert last.actor == komite and "versi 2" in last.note


def test_version_list_and_detail_show_status_and_people(client, komite, validated):
    """SE-A4.6: who drafted, who validated and when, the FR.VA record, the history."""
    client.force_login(komite)
    html = client.get(f"/muk/skema/{validated.skema_id}/muk/").content.decode()
    assert "MUK versi 1</a>, divalidasi" in html and "Tervalidasi" in html
    html = client.get(validated.get_absolute_url()).content.decode()
    assert "Rekaman FR.VA" in html and validated.disusun_oleh.nama_lengkap in html
    assert "Diajukan (dalam reviu) → Tervalidasi" in html


def test_completeness_lists_each_unit_until_it_is_filled(manajer, draft):
    """SE-A4.6: a unit without MAPA or instruments is named; a filled one is not."""
    from muk.selectors import completeness_problems

    first, second = draft.skema.units.order_by("urutan")
    assert [p.split(":")[0] for p in completeness_problems(draft)] == [
        f"Unit {first.kode} {first.judul}",
        f"Unit {second.kode} {second.judul}",
    ]
    fill_unit(draft, first, manajer)
    assert [p.split(":")[0] for p in completeness_problems(draft)] == [f"Unit {second.kode} {second.judul}"]
    fill_unit(draft, second, manajer)
    assert completeness_problems(draft) == []


def test_the_new_version_page_points_to_the_open_draft(client, manajer, draft):
    """SE-A4.6: while a draft exists the page offers to open it instead of a second one."""
    client.force_login(manajer)
    html = client.get(f"/muk/skema/{draft.skema_id}/muk/baru/").content.decode()
    assert "sudah memiliki MUK versi 1 berstatus draf" in html and "Ya, buat versi baru" not in html


def test_units_used_by_a_muk_cannot_be_replaced_by_an_import(client, manajer, validated):
    """SE-A4.6: a re-import would orphan the MUK's MAPA and instruments: refused, nothing lost."""
    from muk.importer import ImportRefused

    from .conftest import unit_rows, upload

    with pytest.raises(ImportRefused):
        services.skema_import_structure(
            skema=validated.skema, upload=upload(unit_rows("J.620100.005.02")), actor=manajer
        )
    assert validated.skema.units.count() == 2 and Instrumen.objects.filter(versi=validated).count() == 2


def test_the_new_version_page_explains_an_open_draft_once(client, manajer, draft):
    """SE-A4.6: with a draft open, the confirmation page says so (once) and offers no form."""
    client.force_login(manajer)
    page = client.get(f"/muk/skema/{draft.skema_id}/muk/baru/").content.decode()
    assert page.count("sudah memiliki MUK versi 1 berstatus draf") == 1
    assert "Ya, buat versi baru" not in page
