"""The structure editor (SE-A4.6, X-4, SE-A4.4): units, elements and KUK added, changed,
reordered and deleted by hand through plain forms (no JavaScript), each change audited with
the actor, behind `manage_skema`; deletion only where nothing uses it, and what a MUK under
review or in force uses is never changed in place."""

import pytest
from auditlog.registry import auditlog
from django.db import connection
from django.test.utils import CaptureQueriesContext

from administrasi import services as records
from akun.models import AuditEntry
from lsp_portal.errors import ServiceError
from muk import services
from muk.models import KUK, Elemen, UnitKompetensi
from muk.services import versi_content

from .conftest import fill_unit, unit_rows, upload

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def unit_url(unit, suffix=""):
    return f"/muk/skema/{unit.skema_id}/unit/{unit.pk}/{suffix}"


def elemen_url(elemen, suffix=""):
    return f"{unit_url(elemen.unit)}elemen/{elemen.pk}/{suffix}"


def kuk_url(kuk, suffix=""):
    return f"{elemen_url(kuk.elemen)}kuk/{kuk.pk}/{suffix}"


def kuk_rows(unit):
    """(element number, KUK number, text) of the unit's KUK, in order."""
    return list(
        KUK.objects.filter(elemen__unit=unit)
        .order_by("elemen__nomor", "urutan")
        .values_list("elemen__nomor", "nomor", "teks")
    )


def audited(model, obj, action):
    return AuditEntry.objects.filter(content_type__model=model, object_pk=str(obj.pk), action=action)


@pytest.fixture
def first(skema_two_units):
    """Unit J.620100.004.02 (2 elements × 2 KUK) of skema_two_units."""
    return skema_two_units.units.get(kode="J.620100.004.02")


# --- adding -------------------------------------------------------------------------------------


def test_manajer_builds_a_unit_by_hand_and_it_becomes_complete(client, manajer, make_skema):
    """SE-A4.6, X-4: unit → element → KUK through the pages; complete once every element has
    a KUK; every row created is in the audit trail under the manajer."""
    skema = make_skema()
    client.force_login(manajer)
    response = client.post(
        f"/muk/skema/{skema.pk}/unit/baru/",
        {"kode": "j.620100.004.02", "judul": "Menggunakan Struktur Data", "kelompok": ""},
        follow=True,
    )
    unit = UnitKompetensi.objects.get(skema=skema)
    assert (unit.kode, unit.lengkap) == ("J.620100.004.02", False)
    assert response.redirect_chain[-1][0] == unit_url(unit)
    assert "belum dapat dipakai dalam asesmen" in messages_of(response)[0]
    client.post(unit_url(unit, "elemen/baru/"), {"judul": "Mengidentifikasi konsep data"})
    elemen = Elemen.objects.get(unit=unit)
    unit.refresh_from_db()
    assert (elemen.nomor, unit.lengkap) == (1, False)
    response = client.post(
        elemen_url(elemen, "kuk/baru/"), {"teks": "Konsep data diidentifikasi.", "simpan_tambah": "1"}
    )
    assert response.url == elemen_url(elemen, "kuk/baru/")
    client.post(elemen_url(elemen, "kuk/baru/"), {"teks": "Struktur data dijelaskan."})
    unit.refresh_from_db()
    assert unit.lengkap
    assert kuk_rows(unit) == [
        (1, "1.1", "Konsep data diidentifikasi."),
        (1, "1.2", "Struktur data dijelaskan."),
    ]
    for model, obj in [
        ("unitkompetensi", unit),
        ("elemen", elemen),
        *[("kuk", k) for k in KUK.objects.all()],
    ]:
        assert audited(model, obj, AuditEntry.Action.CREATE).get().actor == manajer


def test_a_unit_code_already_in_the_scheme_is_refused_on_its_field(client, manajer, first):
    client.force_login(manajer)
    html = client.post(
        f"/muk/skema/{first.skema_id}/unit/baru/", {"kode": "J.620100.004.02", "judul": "Lagi"}
    ).content.decode()
    assert (
        '<div class="errors" id="id_kode_error" role="alert"><p>Kode unit ini sudah ada di skema ini.</p>'
        in html
    )
    assert first.skema.units.count() == 2


def test_a_malformed_unit_code_and_an_empty_title_are_refused_per_field(client, manajer, first):
    client.force_login(manajer)
    html = client.post(
        f"/muk/skema/{first.skema_id}/unit/baru/", {"kode": "J620100", "judul": ""}
    ).content.decode()
    assert "Kode unit tidak valid; gunakan format seperti J.620100.004.02" in html
    assert "Judul unit wajib diisi." in html
    assert first.skema.units.count() == 2


def test_the_editor_is_behind_manage_skema_for_posts_too(client, asesor, komite, first):
    """SE-A4.4: staff who only read schemes (asesor) or validate MUK (komite) change nothing."""
    for person in (asesor, komite):
        client.force_login(person)
        assert (
            client.post(f"/muk/skema/{first.skema_id}/unit/baru/", {"kode": "J.620100.017.02"}).status_code
            == 403
        )
        assert client.post(unit_url(first, "hapus/")).status_code == 403
        assert client.post(unit_url(first, "pindah/"), {"arah": "turun"}).status_code == 403
    assert list(first.skema.units.values_list("kode", flat=True)) == ["J.620100.004.02", "J.620100.011.01"]


# --- editing ------------------------------------------------------------------------------------


def test_editing_a_kuk_text_is_saved_and_audited_with_the_change(client, ketua, first):
    """SE-A4.6, X-4."""
    kuk = KUK.objects.get(elemen__unit=first, nomor="2.1")
    client.force_login(ketua)
    response = client.post(kuk_url(kuk, "ubah/"), {"teks": "Struktur data dipilih sesuai kebutuhan."})
    assert response.url == f"{unit_url(first)}#elemen-{kuk.elemen_id}"
    kuk.refresh_from_db()
    assert kuk.teks == "Struktur data dipilih sesuai kebutuhan."
    entry = audited("kuk", kuk, AuditEntry.Action.UPDATE).get()
    assert entry.actor == ketua
    assert entry.changes["teks"] == [
        "KUK 2.1 unit J.620100.004.02.",
        "Struktur data dipilih sesuai kebutuhan.",
    ]


def test_editing_a_unit_and_an_element_title(client, manajer, first):
    elemen = first.elemen.get(nomor=2)
    client.force_login(manajer)
    client.post(
        unit_url(first, "ubah/"), {"kode": "J.620100.004.02", "judul": "Struktur Data", "kelompok": "Dasar"}
    )
    client.post(elemen_url(elemen, "ubah/"), {"judul": "Menerapkan struktur data"})
    first.refresh_from_db()
    elemen.refresh_from_db()
    assert (first.judul, first.kelompok, elemen.judul) == (
        "Struktur Data",
        "Dasar",
        "Menerapkan struktur data",
    )


# --- reordering (plain POST forms, no JavaScript) ------------------------------------------------


def test_moving_a_unit_down_swaps_it_with_the_next(client, manajer, first):
    """SE-A4.6: the list page has a Naik/Turun form per unit; posting moves it."""
    client.force_login(manajer)
    html = client.get(f"/muk/skema/{first.skema_id}/unit/").content.decode()
    assert f'<form method="post" action="{unit_url(first, "pindah/")}"' in html
    assert 'name="arah" value="turun"' in html
    response = client.post(unit_url(first, "pindah/"), {"arah": "turun"})
    assert response.url == f"/muk/skema/{first.skema_id}/unit/#unit-{first.pk}"
    assert list(first.skema.units.values_list("kode", "urutan")) == [
        ("J.620100.011.01", 1),
        ("J.620100.004.02", 2),
    ]
    assert audited("unitkompetensi", first, AuditEntry.Action.UPDATE).get().changes["urutan"] == [1, 2]


def test_moving_the_first_unit_up_is_refused_with_a_message(client, manajer, first):
    client.force_login(manajer)
    response = client.post(unit_url(first, "pindah/"), {"arah": "naik"}, follow=True)
    assert messages_of(response) == ["Unit ini sudah berada di urutan paling atas."]
    assert first.skema.units.first() == first


def test_moving_an_element_up_renumbers_it_and_its_kuk(client, manajer, first):
    """SE-A4.6: element 2 becomes 1 and its KUK 2.x become 1.x (and the other way round)."""
    second = first.elemen.get(nomor=2)
    client.force_login(manajer)
    client.post(elemen_url(second, "pindah/"), {"arah": "naik"})
    assert kuk_rows(first) == [
        (1, "1.1", "KUK 2.1 unit J.620100.004.02."),
        (1, "1.2", "KUK 2.2 unit J.620100.004.02."),
        (2, "2.1", "KUK 1.1 unit J.620100.004.02."),
        (2, "2.2", "KUK 1.2 unit J.620100.004.02."),
    ]
    second.refresh_from_db()
    assert (second.nomor, second.judul) == (1, "Elemen 2")


def test_moving_a_kuk_down_swaps_numbers_within_its_element(client, manajer, first):
    kuk = KUK.objects.get(elemen__unit=first, nomor="1.1")
    client.force_login(manajer)
    client.post(kuk_url(kuk, "pindah/"), {"arah": "turun"})
    assert kuk_rows(first)[:2] == [
        (1, "1.1", "KUK 1.2 unit J.620100.004.02."),
        (1, "1.2", "KUK 1.1 unit J.620100.004.02."),
    ]
    kuk.refresh_from_db()
    assert (kuk.nomor, kuk.urutan) == ("1.2", 2)


# --- deleting -----------------------------------------------------------------------------------


def test_deleting_an_element_renumbers_the_later_ones(client, manajer, first):
    """SE-A4.6, X-4: element 1 and its KUK go (audited); element 2 becomes 1 with KUK 1.x."""
    elemen = first.elemen.get(nomor=1)
    kuk_ids = list(elemen.kuk.values_list("pk", flat=True))
    client.force_login(manajer)
    page = client.get(elemen_url(elemen, "hapus/")).content.decode()
    assert "beserta 2 KUK-nya" in page and "Ya, hapus" in page
    client.post(elemen_url(elemen, "hapus/"))
    assert kuk_rows(first) == [
        (1, "1.1", "KUK 2.1 unit J.620100.004.02."),
        (1, "1.2", "KUK 2.2 unit J.620100.004.02."),
    ]
    deleted = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, actor=manajer)
    assert set(deleted.filter(content_type__model="kuk").values_list("object_pk", flat=True)) == {
        str(pk) for pk in kuk_ids
    }


def test_deleting_the_last_kuk_of_an_element_makes_the_unit_incomplete(client, manajer, make_skema, ketua):
    skema = make_skema()
    services.skema_import_structure(skema=skema, upload=upload(unit_rows(elements=1, kuk=1)), actor=ketua)
    kuk = KUK.objects.get()
    client.force_login(manajer)
    client.post(kuk_url(kuk, "hapus/"))
    unit = skema.units.get()
    assert not unit.lengkap
    assert "Elemen 1 belum memiliki KUK." in client.get(unit_url(unit)).content.decode()


def test_a_unit_nothing_uses_is_deleted_and_the_later_units_move_up(client, manajer, first):
    client.force_login(manajer)
    response = client.post(unit_url(first, "hapus/"), follow=True)
    assert "Unit J.620100.004.02 dihapus dari skema." in messages_of(response)
    assert list(first.skema.units.values_list("kode", "urutan")) == [("J.620100.011.01", 1)]
    assert audited("unitkompetensi", first, AuditEntry.Action.DELETE).get().actor == manajer


def test_a_kuk_a_draft_item_assesses_cannot_be_deleted(client, manajer, draft):
    """SE-A4.6: deletion only where nothing uses it; the reason names the version."""
    unit = draft.skema.units.get(kode="J.620100.004.02")
    fill_unit(draft, unit, manajer)
    kuk = KUK.objects.get(elemen__unit=unit, nomor="1.1")
    client.force_login(manajer)
    response = client.get(kuk_url(kuk, "hapus/"), follow=True)
    assert messages_of(response) == [
        "KUK 1.1 dinilai butir instrumen di MUK versi 1 (draf). KUK yang dipakai instrumen tidak dapat "
        "dihapus; ubah atau hapus butirnya dahulu."
    ]
    client.post(kuk_url(kuk, "hapus/"))
    client.post(elemen_url(kuk.elemen, "hapus/"))
    assert KUK.objects.filter(pk=kuk.pk).exists()
    other = KUK.objects.get(elemen__unit=unit, nomor="1.2")
    client.post(kuk_url(other, "hapus/"))  # a KUK no item assesses, in a draft's unit: fine
    assert not KUK.objects.filter(pk=other.pk).exists()


def test_a_unit_a_draft_plans_cannot_be_deleted(client, manajer, draft):
    unit = draft.skema.units.get(kode="J.620100.004.02")
    fill_unit(draft, unit, manajer)
    client.force_login(manajer)
    client.post(unit_url(unit, "hapus/"))
    with pytest.raises(ServiceError, match=r"sudah dipakai MUK versi 1 \(draf\)"):
        services.unit_delete(unit=unit, actor=manajer)
    assert UnitKompetensi.objects.filter(pk=unit.pk).exists()


# --- what a MUK under review or in force uses ---------------------------------------------------


def fingerprint(versi):
    return records.sha256_hex(records.canonical_json(versi_content(versi)))


def test_a_validated_muks_kuk_cannot_be_edited_in_place(client, manajer, validated):
    """SE-A4.6, X-4: the edit is refused with the reason; the KUK and the content FR.VA
    fingerprinted are unchanged."""
    unit = validated.skema.units.get(kode="J.620100.004.02")
    kuk = KUK.objects.get(elemen__unit=unit, nomor="1.2")
    client.force_login(manajer)
    response = client.post(kuk_url(kuk, "ubah/"), {"teks": "Diubah setelah validasi."}, follow=True)
    assert response.redirect_chain[-1][0] == unit_url(unit)
    assert messages_of(response)[0].startswith(
        "Unit J.620100.004.02 Menggunakan Struktur Data dipakai MUK versi 1 yang sudah tervalidasi"
    )
    assert "hanya berubah melalui versi MUK baru" in messages_of(response)[0]
    kuk.refresh_from_db()
    assert kuk.teks == "KUK 1.2 unit J.620100.004.02."
    assert fingerprint(validated) == validated.dokumen_va.data["isi_sha256"]
    assert not audited("kuk", kuk, AuditEntry.Action.UPDATE).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda u, a: services.elemen_create(unit=u, judul="Elemen baru", actor=a),
        lambda u, a: services.kuk_create(elemen=u.elemen.get(nomor=1), teks="KUK baru.", actor=a),
        lambda u, a: services.elemen_move(elemen=u.elemen.get(nomor=1), arah="turun", actor=a),
        lambda u, a: services.kuk_delete(kuk=KUK.objects.get(elemen__unit=u, nomor="2.2"), actor=a),
        lambda u, a: services.unit_update(unit=u, kode=u.kode, judul="Judul lain", kelompok="", actor=a),
    ],
    ids=["add-element", "add-kuk", "move-element", "delete-kuk", "retitle-unit"],
)
def test_every_change_to_a_validated_muks_unit_is_refused(manajer, validated, change):
    """SE-A4.6: adding, moving, deleting or retitling would change what the MUK was validated on."""
    unit = validated.skema.units.get(kode="J.620100.004.02")
    before = kuk_rows(unit), list(unit.elemen.values_list("nomor", "judul"))
    with pytest.raises(ServiceError, match="sudah tervalidasi dan berlaku") as refused:
        change(unit, manajer)
    assert refused.value.code == "unit_locked"
    assert (kuk_rows(unit), list(unit.elemen.values_list("nomor", "judul"))) == before


def test_a_validated_muks_unit_may_change_group_and_place(client, manajer, validated):
    """SE-A4.6: grouping and order are presentation, not what the MUK assesses."""
    unit = validated.skema.units.get(kode="J.620100.004.02")
    client.force_login(manajer)
    form = client.get(unit_url(unit, "ubah/")).content.decode()
    assert "Kelompok pekerjaan tetap dapat diubah." in form
    client.post(unit_url(unit, "ubah/"), {"kode": unit.kode, "judul": unit.judul, "kelompok": "Inti"})
    client.post(unit_url(unit, "pindah/"), {"arah": "turun"})
    unit.refresh_from_db()
    assert (unit.kelompok, unit.urutan) == ("Inti", 2)
    services.muk_require_validated(validated)


def test_a_unit_under_review_is_locked_until_returned_to_draft(manajer, komite, submitted):
    """SE-A4.6: the validator reviews the units as they are; returned to draft, they may change."""
    unit = submitted.skema.units.get(kode="J.620100.011.01")
    with pytest.raises(ServiceError, match="sedang diajukan untuk validasi"):
        services.elemen_create(unit=unit, judul="Elemen 3", actor=manajer)
    services.muk_versi_return(versi=submitted, catatan="Tambahkan elemen 3.", actor=komite)
    elemen = services.elemen_create(unit=unit, judul="Elemen 3", actor=manajer)
    assert elemen.nomor == 3


def test_the_unit_page_of_a_locked_unit_offers_no_change(client, manajer, validated):
    unit = validated.skema.units.get(kode="J.620100.004.02")
    client.force_login(manajer)
    html = client.get(unit_url(unit)).content.decode()
    assert "dipakai MUK versi 1 yang sudah tervalidasi" in html
    assert "Tambah elemen" not in html and "/pindah/" not in html and "Tambah KUK" not in html
    listing = client.get(f"/muk/skema/{unit.skema_id}/unit/").content.decode()
    assert listing.count("Dikunci MUK versi 1") == 2


# --- audit registration and speed ---------------------------------------------------------------


def test_units_elements_and_kuk_are_registered_with_the_audit_trail():
    """X-4: django-auditlog records these models' changes (AUDITLOG_INCLUDE_ALL_MODELS)."""
    for model in (UnitKompetensi, Elemen, KUK):
        assert auditlog.contains(model), model


def test_the_unit_list_queries_do_not_grow_with_units(client, manajer, make_skema, ketua):
    """STYLE §5: 2 and 20 units cost the same number of queries."""
    client.force_login(manajer)
    counts = []
    for n in (2, 20):
        skema = make_skema(kode=f"SKM/UJI/U{n}")
        rows = [r for u in range(1, n + 1) for r in unit_rows(f"J.620100.{u:03d}.02", judul=f"Unit {u}")]
        services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/muk/skema/{skema.pk}/unit/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
