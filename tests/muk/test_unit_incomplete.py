"""Schemes whose units are not all detailed yet (SE-A4.6): a unit may be imported without
elements (or an element without KUK), is shown as incomplete on the staff and public scheme
pages, and is refused by name wherever an assessment would use it; a later import with the
detail completes it without duplicates. Also: `acuan` holds a full Kepmenaker title."""

import pytest
from django.core.exceptions import ValidationError

from akun.models import AuditEntry
from lsp_portal.errors import ServiceError
from muk import services
from muk.importer import ImportRefused
from muk.models import KUK, Elemen, Mapa01, Skema, UnitKompetensi
from muk.services import MukLocked

from .conftest import fill_unit, skema_data, unit_rows, upload, validate

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.

# 13 units as a published scheme lists them; 5 (the last ones) have no elements or KUK in
# any public source yet.
CODES = [f"J.620100.{n:03d}.02" for n in (4, 5, 9, 10, 11, 16, 17, 19, 22, 23, 25, 33, 44)]
DETAILED, BARE = CODES[:8], CODES[8:]


def bare_row(kode, judul=None, kelompok="K2"):
    return (kode, judul or f"Unit {kode}", kelompok, None, None, None, None)


def thirteen_rows(*, detail_all=False):
    rows = [r for kode in DETAILED for r in unit_rows(kode, judul=f"Unit {kode}")]
    for kode in BARE:
        rows += unit_rows(kode, judul=f"Unit {kode}", kelompok="K2") if detail_all else [bare_row(kode)]
    return rows


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def import_page(client, skema, rows):
    return client.post(f"/muk/skema/{skema.pk}/impor/", {"berkas": upload(rows)}, follow=True)


@pytest.fixture
def partial(make_skema, ketua):
    """A scheme of 13 units, 5 of them without elements or KUK."""
    skema = make_skema(kode="SKM/UJI/13")
    services.skema_import_structure(skema=skema, upload=upload(thirteen_rows()), actor=ketua)
    return skema


# --- import -----------------------------------------------------------------------------------


def test_a_sheet_with_units_without_elements_is_imported_whole(client, manajer, make_skema):
    """SE-A4.6: all 13 units are held; the 5 without detail are incomplete and named."""
    skema = make_skema(kode="SKM/UJI/13")
    client.force_login(manajer)
    response = import_page(client, skema, thirteen_rows())
    assert response.redirect_chain[-1][0] == f"/muk/skema/{skema.pk}/"
    assert list(skema.units.values_list("kode", flat=True)) == CODES
    assert list(skema.units.filter(lengkap=False).values_list("kode", flat=True)) == BARE
    assert not Elemen.objects.filter(unit__kode__in=BARE).exists()
    shown = messages_of(response)
    assert "Impor berhasil: 13 unit, 16 elemen, 32 KUK." in shown
    warning = next(m for m in shown if m.startswith("5 unit belum lengkap"))
    assert all(f"{kode} Unit {kode}" in warning for kode in BARE)


def test_an_element_without_kuk_is_held_and_its_unit_is_incomplete(make_skema, ketua):
    """SE-A4.6: a row with an element but no KUK columns is an element without KUK."""
    skema = make_skema()
    rows = unit_rows("J.620100.004.02", elements=1) + [
        ("J.620100.004.02", "Menggunakan Struktur Data", "K1", 2, "Elemen 2", None, None)
    ]
    summary = services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
    unit = skema.units.get()
    assert (summary.elemen, summary.kuk, unit.lengkap) == (2, 2, False)
    assert summary.belum_lengkap == ("J.620100.004.02 Menggunakan Struktur Data",)
    with pytest.raises(ServiceError, match=r"J\.620100\.004\.02 .*\(elemen 2 belum memiliki KUK\)"):
        services.skema_assessable(skema)


def test_a_half_filled_element_or_kuk_row_is_still_refused(make_skema, ketua):
    """SE-A4.6 edge: an element number without its title, a KUK text without its number."""
    skema = make_skema()
    rows = [
        ("J.620100.004.02", "Struktur Data", "", 1, None, None, None),
        ("J.620100.004.02", "Struktur Data", "", 1, "Elemen 1", None, "KUK tanpa nomor."),
    ]
    with pytest.raises(ImportRefused) as refused:
        services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
    assert refused.value.errors == ["Baris 2: kolom judul_elemen kosong.", "Baris 3: kolom nomor_kuk kosong."]
    assert not skema.units.exists()


def test_reimporting_the_same_sheet_changes_nothing(client, manajer, partial):
    """SE-A4.6: no duplicates, the same rows (ids kept), no audit entry, and the page says so."""
    before = list(KUK.objects.filter(elemen__unit__skema=partial).values_list("pk", "nomor", "teks"))
    units_before = list(partial.units.values_list("pk", "kode", "lengkap"))
    entries = AuditEntry.objects.count()
    client.force_login(manajer)
    response = import_page(client, partial, thirteen_rows())
    assert "Tidak ada yang berubah: isi skema sudah sama dengan berkas." in " ".join(messages_of(response))
    assert list(partial.units.values_list("pk", "kode", "lengkap")) == units_before
    assert list(KUK.objects.filter(elemen__unit__skema=partial).values_list("pk", "nomor", "teks")) == before
    assert AuditEntry.objects.count() == entries


def test_a_reimport_with_the_detail_completes_the_units(client, manajer, partial):
    """SE-A4.6: the 5 units keep their rows and become complete; nothing is duplicated."""
    ids = dict(partial.units.values_list("kode", "pk"))
    client.force_login(manajer)
    response = import_page(client, partial, thirteen_rows(detail_all=True))
    assert "Impor berhasil: 13 unit, 26 elemen, 52 KUK." in messages_of(response)
    assert dict(partial.units.values_list("kode", "pk")) == ids
    assert not partial.units.filter(lengkap=False).exists()
    assert KUK.objects.filter(elemen__unit__skema=partial).count() == 52
    assert services.skema_assessable(partial) == partial
    completed = AuditEntry.objects.filter(
        content_type__model="unitkompetensi", object_pk=str(ids[BARE[0]]), action=AuditEntry.Action.UPDATE
    ).latest("pk")
    assert completed.actor == manajer and completed.changes["lengkap"] == [False, True]


def test_a_reimport_keeps_a_draft_muks_plans(manajer, ketua, partial):
    """SE-A4.6: a draft planned for the detailed units survives the import that completes
    the others (rows are matched, not replaced)."""
    draft = services.muk_versi_create(skema=partial, actor=manajer)
    first = partial.units.get(kode=DETAILED[0])
    fill_unit(draft, first, manajer)
    services.skema_import_structure(skema=partial, upload=upload(thirteen_rows(detail_all=True)), actor=ketua)
    assert Mapa01.objects.filter(versi=draft, unit=first).exists()
    assert not partial.units.filter(lengkap=False).exists()


def test_a_reimport_changing_a_validated_units_kuk_is_refused_by_name(manajer, ketua, validated):
    """SE-A4.6, X-4: the validated MUK's units keep their KUK; the file changes nothing."""
    skema = validated.skema
    rows = unit_rows("J.620100.004.02") + unit_rows("J.620100.011.01", judul="Instalasi Tools")
    rows[0] = (*rows[0][:6], "KUK yang diubah diam-diam.")
    with pytest.raises(ImportRefused) as refused:
        services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
    assert refused.value.errors == [
        "Isi unit J.620100.004.02 di berkas berbeda dengan yang tersimpan. Unit J.620100.004.02 "
        "Menggunakan Struktur Data dipakai MUK versi 1 yang sudah tervalidasi dan berlaku, sehingga "
        "judul, elemen, dan KUK-nya tidak dapat diubah: MUK yang dipakai dalam asesmen harus tetap sama "
        "dengan yang divalidasi. Yang dipakai MUK tervalidasi hanya berubah melalui versi MUK baru: isi "
        "unit yang berbeda (misalnya revisi SKKNI) dimasukkan sebagai unit baru dengan kodenya sendiri, "
        "lalu dipakai setelah MUK versi baru yang mencakupnya divalidasi."
    ]
    assert KUK.objects.get(elemen__unit__kode="J.620100.004.02", nomor="1.1").teks == (
        "KUK 1.1 unit J.620100.004.02."
    )


def test_a_reimport_of_a_validated_scheme_may_regroup_and_reorder_its_units(ketua, validated):
    """SE-A4.6: a unit's group and place are presentation; the validated MUK is unchanged."""
    skema = validated.skema
    rows = unit_rows("J.620100.011.01", judul="Instalasi Tools", kelompok="Persiapan") + unit_rows(
        "J.620100.004.02"
    )
    services.skema_import_structure(skema=skema, upload=upload(rows), actor=ketua)
    assert list(skema.units.values_list("kode", "kelompok")) == [
        ("J.620100.011.01", "Persiapan"),
        ("J.620100.004.02", "K1"),
    ]
    services.muk_require_validated(validated)


# --- shown as incomplete ------------------------------------------------------------------------


def test_the_staff_scheme_page_marks_incomplete_units(client, asesor, partial):
    """SE-A4.6: staff reading the scheme see which units cannot be assessed yet."""
    client.force_login(asesor)
    html = client.get(f"/muk/skema/{partial.pk}/").content.decode()
    assert "5 unit belum lengkap" in html
    assert html.count('<span class="badge warn">Belum lengkap</span>') == 5
    assert "Lengkapi unit" not in html  # the editor link is for manage_skema only


def test_the_public_scheme_page_marks_incomplete_units(client, partial):
    """SE-A4.6, SE-A4.1: the visitor sees all 13 units, 5 marked as still being detailed."""
    html = client.get(f"/ruang-lingkup/{partial.pk}/").content.decode()
    assert "Unit kompetensi (13)" in html
    assert html.count("Rincian elemen dan KUK unit ini sedang disiapkan") == 5


# --- refused where an assessment would use it ---------------------------------------------------


def test_skema_assessable_names_every_incomplete_unit(partial):
    """SE-A4.6: the guard the certification journey calls before using a scheme."""
    with pytest.raises(ServiceError) as refused:
        services.skema_assessable(partial)
    assert refused.value.code == "skema_incomplete"
    message = str(refused.value)
    assert message.startswith(
        "Skema SKM/UJI/13 belum dapat dipakai dalam asesmen karena 5 unit belum lengkap:"
    )
    for kode in BARE:
        assert f"unit {kode} Unit {kode} (belum memiliki elemen dan KUK)" in message
    assert not any(kode in message for kode in DETAILED)


def test_skema_assessable_refuses_a_scheme_without_units_and_accepts_a_complete_one(
    make_skema, skema_two_units
):
    empty = make_skema(kode="SKM/UJI/KOSONG")
    with pytest.raises(ServiceError, match="belum memiliki unit kompetensi"):
        services.skema_assessable(empty)
    assert services.skema_assessable(skema_two_units) == skema_two_units


def test_a_muk_version_may_be_drafted_but_mapa_for_an_incomplete_unit_is_refused(client, manajer, partial):
    """SE-A4.6: drafting starts with the detailed units; a MAPA for a unit without KUK
    cannot be made (there is nothing to plan the assessment of)."""
    client.force_login(manajer)
    page = client.get(f"/muk/skema/{partial.pk}/muk/baru/").content.decode()
    assert "5 unit belum lengkap." in page and f"{BARE[0]}</span> Unit {BARE[0]}: belum memiliki" in page
    client.post(f"/muk/skema/{partial.pk}/muk/baru/")
    versi = partial.muk_versi.get()
    bare = partial.units.get(kode=BARE[0])
    detail = client.get(f"/muk/skema/{partial.pk}/muk/1/").content.decode()
    assert f"/unit/{bare.pk}/mapa01/" not in detail and "Unit belum lengkap" in detail
    html = client.post(
        f"/muk/skema/{partial.pk}/muk/1/unit/{bare.pk}/mapa01/",
        {
            "pendekatan": "individu",
            "tujuan": "sertifikasi",
            "lingkungan": "simulasi",
            "konteks": "TUK sewaktu.",
            "potensi_asesi": "2",
            "kandidat": "Siswa SMK.",
            "bukti": "Demonstrasi.",
            "metode_observasi": "L",
        },
    ).content.decode()
    assert f"Unit {BARE[0]} Unit {BARE[0]} belum lengkap (belum memiliki elemen dan KUK)" in html
    assert not Mapa01.objects.filter(versi=versi, unit=bare).exists()


def test_an_instrument_for_an_incomplete_unit_is_refused(manajer, partial):
    versi = services.muk_versi_create(skema=partial, actor=manajer)
    bare = partial.units.get(kode=BARE[1])
    with pytest.raises(ServiceError, match=f"Unit {BARE[1]} .* belum lengkap"):
        services.instrumen_create(versi=versi, unit=bare, jenis="IA.01", judul="Ceklis", actor=manajer)


def test_a_version_is_not_submitted_while_a_unit_is_incomplete(client, manajer, partial):
    """SE-A4.6: submission names the incomplete units, even when every complete unit is planned."""
    versi = services.muk_versi_create(skema=partial, actor=manajer)
    for unit in partial.units.filter(lengkap=True):
        fill_unit(versi, unit, manajer)
    client.force_login(manajer)
    html = client.post(f"/muk/skema/{partial.pk}/muk/1/ajukan/").content.decode()
    for kode in BARE:
        assert f"Unit {kode} Unit {kode}: belum lengkap (belum memiliki elemen dan KUK)" in html
    versi.refresh_from_db()
    assert versi.is_draft


def test_validation_is_refused_when_a_unit_was_added_since_submission(manajer, komite, submitted):
    """SE-A4.6: a unit added while the version is under review is unplanned: no FR.VA."""
    services.unit_create(
        skema=submitted.skema, kode="J.620100.017.02", judul="Pemrograman Terstruktur", actor=manajer
    )
    with pytest.raises(ValidationError) as refused:
        validate(submitted, komite)
    assert refused.value.messages[0] == "MUK versi 1 tidak dapat divalidasi: skemanya berubah sejak diajukan."
    assert "Unit J.620100.017.02 Pemrograman Terstruktur: belum lengkap" in refused.value.messages[1]
    submitted.refresh_from_db()
    assert submitted.status == "diajukan" and submitted.dokumen_va_id is None


def test_a_unit_added_after_validation_is_assessed_only_through_a_new_version(manajer, komite, validated):
    """SE-A4.6: the validated MUK plans none of the new unit, so it is not used until a new
    version covering it is validated."""
    skema = validated.skema
    unit = services.unit_create(
        skema=skema, kode="J.620100.017.02", judul="Pemrograman Terstruktur", actor=manajer
    )
    elemen = services.elemen_create(unit=unit, judul="Menggunakan tipe data", actor=manajer)
    services.kuk_create(elemen=elemen, teks="Tipe data ditentukan.", actor=manajer)
    services.skema_assessable(skema)
    with pytest.raises(
        ServiceError, match="belum mencakup unit J.620100.017.02 Pemrograman Terstruktur"
    ) as e:
        services.muk_require_validated(validated)
    assert e.value.code == "muk_not_covering"
    v2 = services.muk_versi_create(skema=skema, actor=manajer)
    fill_unit(v2, unit, manajer)
    services.muk_versi_submit(versi=v2, actor=manajer)
    assert services.muk_require_validated(validate(v2, komite)) == v2


# --- acuan, error types ------------------------------------------------------------------------

KEPMENAKER = (
    "Keputusan Menteri Ketenagakerjaan Republik Indonesia Nomor 282 Tahun 2016 tentang Penetapan "
    "Standar Kompetensi Kerja Nasional Indonesia Kategori Informasi dan Komunikasi Golongan Pokok "
    "Kegiatan Pemrograman, Konsultasi Komputer dan Kegiatan yang Berhubungan dengan Itu (YBDI) "
    "Bidang Keahlian Software Development Subbidang Pemrograman"
)


def test_acuan_holds_the_full_title_of_a_kepmenaker_decree(client, manajer):
    """SE-A4.6: the standard reference up to 500 characters, kept character for character."""
    assert 300 < len(KEPMENAKER) < 500
    client.force_login(manajer)
    data = {k: ("" if v is None else v) for k, v in skema_data(acuan=KEPMENAKER).items() if v is not False}
    assert client.post("/muk/skema/baru/", data).status_code == 302
    assert Skema.objects.get().acuan == KEPMENAKER
    assert KEPMENAKER in client.get(f"/muk/skema/{Skema.objects.get().pk}/").content.decode()


def test_acuan_over_500_characters_is_refused_per_field(make_skema):
    with pytest.raises(ValidationError) as refused:
        make_skema(acuan="A" * 501)
    assert list(refused.value.message_dict) == ["acuan"]
    assert "500" in refused.value.message_dict["acuan"][0]


def test_import_and_muk_refusals_are_service_errors():
    """X-11: one error type; the importer's and the MUK lock's refusals are ServiceErrors."""
    assert issubclass(ImportRefused, ServiceError) and issubclass(MukLocked, ServiceError)
    error = ImportRefused(["Baris 2: satu.", "Baris 3: dua."])
    assert error.errors == error.messages == ["Baris 2: satu.", "Baris 3: dua."]


def test_units_are_not_duplicated_across_the_two_imports(partial, ketua):
    """SE-A4.6: counted from the database after two different imports of the same scheme."""
    services.skema_import_structure(skema=partial, upload=upload(thirteen_rows(detail_all=True)), actor=ketua)
    services.skema_import_structure(skema=partial, upload=upload(thirteen_rows(detail_all=True)), actor=ketua)
    assert UnitKompetensi.objects.filter(skema=partial).count() == 13
    assert Elemen.objects.filter(unit__skema=partial).count() == 26
