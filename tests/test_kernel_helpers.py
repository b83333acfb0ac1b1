"""Issue 10 item 13: the helpers every app shares live once in the kernel (lsp_portal), each
with the contract its docstring states: assigning and checking fields in services, saving
with a file, uniqueness without regard to case, the status badge and the labelled status
history, pagination that keeps a search; and the kernel registries apps fill instead of
importing each other (item 14): expiry reminders (X-3) and schemes as values (SE-A3.Kb)."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from lsp_portal import reminders, schemes
from lsp_portal.errors import ServiceError
from lsp_portal.pagination import page_query, paginate
from lsp_portal.schemes import Scheme
from lsp_portal.service_helpers import (
    assign_fields,
    check_fields,
    clean_model,
    save_fields,
    save_unique,
    save_with_file,
    taken_ignoring_case,
)
from lsp_portal.status import ERR, OK, WARN, Badge, labelled_history
from lsp_portal.uploads import CheckedFile
from lsp_portal.validity import validity_on
from portal.models import SINGLE_ROW, Berita, Lisensi
from tests.tuk.conftest import future, tuk_data
from tuk.models import Fasilitas, Tuk
from tuk.services import tuk_create, tuk_set_status

pytestmark = pytest.mark.embedded


@pytest.fixture
def berita(db):
    return Berita.objects.create(judul="Uji Kompetensi Daring", slug="uji", ringkasan="r", isi="i")


def _tuk(admin_lsp, kode):
    return tuk_create(actor=admin_lsp, **tuk_data(kode=kode, penanggung_jawab_email=f"{kode}@uji.lsp.id"))


# --- assign_fields ---------------------------------------------------------------------------


def test_assign_fields_sets_the_allowed_fields_and_returns_the_object():
    berita = Berita()
    assert assign_fields(berita, {"judul": "A", "isi": "B"}, ("judul", "isi", "ringkasan")) is berita
    assert (berita.judul, berita.isi) == ("A", "B")


def test_assign_fields_refuses_an_unknown_field_before_setting_any():
    """A field the service does not own (e.g. `terbit`) is a programming error, not a form error."""
    berita = Berita(judul="Lama")
    with pytest.raises(TypeError, match="Unknown Berita fields: terbit"):
        assign_fields(berita, {"judul": "Baru", "terbit": True}, ("judul",))
    assert (berita.judul, berita.terbit) == ("Lama", False)


def test_check_fields_names_every_unknown_field():
    with pytest.raises(TypeError, match="Unknown TUK readiness fields: kode, status"):
        check_fields(
            {"kode": "X", "status": "draft", "ruang_sesuai": True}, ("ruang_sesuai",), what="TUK readiness"
        )


def test_save_fields_assigns_validates_and_saves(db):
    berita = save_fields(
        Berita(slug="baru", isi="i"),
        {"judul": "Baru", "ringkasan": "r"},
        ("judul", "ringkasan"),
        validate=clean_model,
    )
    assert Berita.objects.get(pk=berita.pk).judul == "Baru"


def test_save_fields_saves_nothing_when_validation_refuses(db):
    def refuse(berita):
        raise ServiceError("Judul ini tidak boleh dipakai.", field="judul")

    with pytest.raises(ServiceError):
        save_fields(
            Berita(slug="baru", isi="i", ringkasan="r"), {"judul": "Terlarang"}, ("judul",), validate=refuse
        )
    assert not Berita.objects.exists()


# --- uniqueness without regard to case -------------------------------------------------------


def test_a_value_another_row_holds_in_other_case_is_taken(berita):
    assert taken_ignoring_case(Berita(judul="uji KOMPETENSI daring"), "judul")


def test_a_row_does_not_take_its_own_value(berita):
    assert not taken_ignoring_case(berita, "judul")


def test_an_empty_value_is_never_taken(db):
    Berita.objects.create(judul="", slug="kosong", ringkasan="r", isi="i")
    assert not taken_ignoring_case(Berita(judul=""), "judul")


def test_within_limits_uniqueness_to_rows_sharing_those_fields(admin_lsp):
    """One TUK's "Komputer" does not take the name on another TUK (uniqueness per TUK)."""
    lab, kelas = _tuk(admin_lsp, "TUK-A"), _tuk(admin_lsp, "TUK-B")
    Fasilitas.objects.create(tuk=lab, nama="Komputer", jumlah=1)
    assert taken_ignoring_case(Fasilitas(tuk=lab, nama="KOMPUTER", jumlah=1), "nama", within=["tuk"])
    assert not taken_ignoring_case(Fasilitas(tuk=kelas, nama="KOMPUTER", jumlah=1), "nama", within=["tuk"])


# --- clean_model -----------------------------------------------------------------------------


def test_clean_model_raises_every_field_problem_at_once_as_a_service_error(berita):
    draft = Berita(judul="UJI kompetensi daring", slug="", ringkasan="", isi="i")
    with pytest.raises(ServiceError) as refused:
        clean_model(draft, unique_ignoring_case={"judul": "Judul ini sudah dipakai."})
    errors = refused.value.message_dict
    assert errors["judul"] == ["Judul ini sudah dipakai."]
    assert set(errors) == {"judul", "slug", "ringkasan"}


def test_clean_model_gives_a_field_in_error_one_message(db):
    """The caller's own error on a field replaces the model's checks of that field."""
    draft = Berita(judul="", slug="ok", ringkasan="r", isi="i")
    with pytest.raises(ServiceError) as refused:
        clean_model(draft, errors={"judul": "Judul wajib diisi untuk berita."})
    assert refused.value.message_dict == {"judul": ["Judul wajib diisi untuk berita."]}


def test_clean_model_passes_a_clean_row(db):
    assert clean_model(Berita(judul="Baru", slug="baru", ringkasan="r", isi="i")) is None


# --- save_unique -----------------------------------------------------------------------------


def test_save_unique_turns_a_lost_race_into_the_field_message_and_keeps_the_transaction(admin_lsp):
    """A concurrent save that took the name between check and write: the field's message,
    and the caller's transaction still answers queries."""
    lab = _tuk(admin_lsp, "TUK-A")
    Fasilitas.objects.create(tuk=lab, nama="Komputer", jumlah=1)
    twin = Fasilitas(tuk=lab, nama="Komputer", jumlah=2)
    # PostgreSQL names the constraint, SQLite the columns.
    needles = {
        "tuk_fasilitas_nama_unique_per_tuk": ("nama", "Sudah ada."),
        "tuk_fasilitas.nama": ("nama", "Sudah ada."),
    }
    with pytest.raises(ServiceError) as refused:
        save_unique(twin, integrity_errors=needles)
    assert refused.value.message_dict == {"nama": ["Sudah ada."]}
    assert Fasilitas.objects.filter(tuk=lab).count() == 1


def test_save_unique_raises_an_integrity_error_it_was_not_told_about(admin_lsp):
    from django.db import IntegrityError

    lab = _tuk(admin_lsp, "TUK-A")
    Fasilitas.objects.create(tuk=lab, nama="Komputer", jumlah=1)
    with pytest.raises(IntegrityError):
        save_unique(Fasilitas(tuk=lab, nama="Komputer", jumlah=1), integrity_errors={"slug": ("slug", "x")})


# --- save_with_file --------------------------------------------------------------------------


def _lisensi(**fields):
    values = {"pk": SINGLE_ROW, "nomor_sk": "KEP.1/BNSP/2024", "tanggal_terbit": dt.date(2024, 1, 2)}
    values["tanggal_kedaluwarsa"] = dt.date(2029, 1, 1)
    values.update(fields)
    return Lisensi(**values)


def pdf(content: bytes) -> CheckedFile:
    return CheckedFile(content, kind="pdf")  # as lsp_portal.uploads passes a checked PDF


def test_save_with_file_stores_the_upload_under_the_name_and_its_checked_extension(db):
    lisensi = save_with_file(_lisensi(), "berkas_sk", upload=pdf(b"%PDF-1"), name="sk")
    stored = Lisensi.objects.get()
    assert stored.berkas_sk.name.startswith("portal/sk") and stored.berkas_sk.name.endswith(".pdf")
    assert stored.berkas_sk.read() == b"%PDF-1"
    assert lisensi.berkas_sk.name == stored.berkas_sk.name


def test_a_replaced_file_is_deleted_only_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    lisensi = save_with_file(_lisensi(), "berkas_sk", upload=pdf(b"lama"), name="sk")
    old_name, storage = lisensi.berkas_sk.name, lisensi.berkas_sk.storage
    with django_capture_on_commit_callbacks(execute=False) as pending:
        save_with_file(lisensi, "berkas_sk", upload=pdf(b"baru"), name="sk")
    assert storage.exists(old_name)  # a rollback would keep the row's old file
    for callback in pending:
        callback()
    assert not storage.exists(old_name)
    assert Lisensi.objects.get().berkas_sk.read() == b"baru"


def test_a_failed_save_deletes_the_new_file_and_keeps_the_old(db):
    from django.db import IntegrityError

    lisensi = save_with_file(_lisensi(), "berkas_sk", upload=pdf(b"lama"), name="sk")
    old_name, storage = lisensi.berkas_sk.name, lisensi.berkas_sk.storage
    before = set(storage.listdir("portal")[1])
    lisensi.tanggal_kedaluwarsa = dt.date(2020, 1, 1)  # before issue: the database refuses
    with pytest.raises(IntegrityError):
        save_with_file(lisensi, "berkas_sk", upload=pdf(b"baru"), name="sk")
    assert set(storage.listdir("portal")[1]) == before
    assert storage.exists(old_name)


def test_remove_clears_the_field_and_deletes_the_file_after_commit(db, django_capture_on_commit_callbacks):
    lisensi = save_with_file(_lisensi(), "berkas_sk", upload=pdf(b"lama"), name="sk")
    old_name, storage = lisensi.berkas_sk.name, lisensi.berkas_sk.storage
    with django_capture_on_commit_callbacks(execute=True):
        save_with_file(lisensi, "berkas_sk", upload=None, name="sk", remove=True)
    assert Lisensi.objects.get().berkas_sk.name == ""
    assert not storage.exists(old_name)


# --- status badge and history ----------------------------------------------------------------


def test_a_badge_takes_its_tone_from_the_status_tone_map():
    tones = {"final": OK, "void": ERR}
    assert Badge.of("final", "Final", tones) == Badge("Final", "ok")
    assert Badge.of("draft", "Draf", tones) == Badge("Draf", "")


def test_a_tone_the_stylesheet_does_not_have_is_refused():
    with pytest.raises(ValueError, match="Unknown badge tone"):
        Badge.of("final", "Final", {"final": "green"})


def test_the_status_badge_include_renders_label_tone_and_note():
    html = render_to_string("_status_badge.html", {"badge": Badge("Terverifikasi", OK), "note": "s.d. 1 Jan"})
    assert html.strip() == '<span class="badge ok">Terverifikasi</span> <span class="help">s.d. 1 Jan</span>'
    assert render_to_string("_status_badge.html", {"badge": Badge("Draf")}).strip() == (
        '<span class="badge">Draf</span>'
    )
    assert render_to_string("_status_badge.html", {"badge": None}).strip() == ""  # e.g. no expiry date


def test_a_validity_badge_follows_the_date():
    """X-3: in force green, in its last 90 days amber, ended red; no date, no badge."""
    end = dt.date(2026, 6, 30)
    assert validity_on(end, dt.date(2026, 3, 31)).badge == Badge("Berlaku", OK)
    assert validity_on(end, dt.date(2026, 4, 1)).badge == Badge("Akan berakhir", WARN)
    assert validity_on(end, end).badge == Badge("Akan berakhir", WARN)  # valid through its last day
    assert validity_on(end, dt.date(2026, 7, 1)).badge == Badge("Kedaluwarsa", ERR)
    assert validity_on(None) is None


def test_labelled_history_shows_the_status_labels_oldest_first(admin_lsp):
    tuk = _tuk(admin_lsp, "TUK-A")
    tuk_set_status(tuk=tuk, status=Tuk.Status.TERVERIFIKASI, berlaku_sampai=future(), actor=admin_lsp)
    tuk_set_status(tuk=tuk, status=Tuk.Status.DRAFT, note="Dicabut", actor=admin_lsp)
    rows = labelled_history(tuk)
    assert [(r.dari, r.ke) for r in rows] == [("Draf", "Terverifikasi"), ("Terverifikasi", "Draf")]
    assert rows[1].note == "Dicabut" and rows[1].actor == admin_lsp


def test_the_status_history_include_lists_the_rows_or_the_empty_line(admin_lsp):
    tuk = _tuk(admin_lsp, "TUK-A")
    assert "Belum ada." in render_to_string("_status_history.html", {"history": [], "empty": "Belum ada."})
    tuk_set_status(tuk=tuk, status=Tuk.Status.TERVERIFIKASI, berlaku_sampai=future(), actor=admin_lsp)
    html = render_to_string("_status_history.html", {"history": labelled_history(tuk)})
    assert f"Draf → Terverifikasi oleh {admin_lsp.nama_lengkap}" in html


# --- pagination ------------------------------------------------------------------------------


def _get(query):
    return RequestFactory().get("/daftar/", query)


def test_paginate_gives_the_page_asked_for_with_the_other_parameters():
    page = paginate(_get({"q": "lab", "halaman": "2"}), list(range(25)), per_page=10)
    assert (page.number, list(page.object_list)) == (2, list(range(10, 20)))
    assert page.query == "q=lab"


def test_paginate_answers_a_bad_page_number_with_the_nearest_page():
    assert paginate(_get({"halaman": "x"}), list(range(25)), per_page=10).number == 1
    assert paginate(_get({"halaman": "99"}), list(range(25)), per_page=10).number == 3


def test_a_page_knows_whether_the_list_is_filtered():
    assert paginate(_get({"q": "lab", "halaman": "2"}), [], per_page=10).filtered
    assert not paginate(_get({"q": " ", "jenis": "", "halaman": "2"}), [], per_page=10).filtered


def test_page_query_is_empty_without_other_parameters():
    assert page_query(_get({"halaman": "3"})) == ""


def test_the_pagination_include_keeps_the_search_in_its_links():
    page = paginate(_get({"q": "a b", "jenis": "x", "halaman": "2"}), list(range(25)), per_page=10)
    html = render_to_string("_pagination.html", {"page": page, "label": "Halaman daftar"})
    assert 'aria-label="Halaman daftar"' in html
    assert 'href="?q=a+b&amp;jenis=x&amp;halaman=1">← Sebelumnya' in html
    assert 'href="?q=a+b&amp;jenis=x&amp;halaman=3">Berikutnya →' in html
    assert "Halaman 2 dari 3" in html


def test_the_pagination_include_shows_nothing_for_one_page():
    page = paginate(_get({}), list(range(5)), per_page=10)
    assert render_to_string("_pagination.html", {"page": page}).strip() == ""


# --- kernel registries -----------------------------------------------------------------------


@pytest.fixture
def source(db):
    """A temporary expiry source beside the apps' (their rows: none); removed after the test."""
    items = []

    def report():
        return list(items)

    reminders.register_source(report)
    yield items
    reminders.unregister_source(report)


def test_reminder_thresholds_are_90_30_and_7_days():
    """X-3: the smallest threshold not yet passed; none before 90 days or after the end."""
    assert [reminders.due_threshold(d) for d in (91, 90, 31, 30, 8, 7, 0, -1)] == [
        None,
        90,
        90,
        30,
        30,
        7,
        7,
        None,
    ]


def test_collect_keeps_items_by_the_horizon_once_soonest_first(source):
    """X-3: any app's source; an item past the horizon waits, a key reported twice counts once."""
    day = dt.date(2026, 1, 1)
    soon = reminders.Kedaluwarsa("x:1", "B", day + dt.timedelta(days=30), "/1/")
    source.extend([soon, soon, reminders.Kedaluwarsa("x:2", "A", day + dt.timedelta(days=91), "/2/")])
    source.append(reminders.Kedaluwarsa("x:3", "C", day - dt.timedelta(days=1), "/3/"))
    assert [i.key for i in reminders.collect(day)] == ["x:3", "x:1"]


def test_scheme_of_reads_any_object_with_the_scheme_fields():
    class Skema:
        pk, kode, judul, masa_berlaku_tahun = 7, "SKM/1", "Junior Web Developer", 5

    assert Scheme.of(Skema()) == Scheme(7, "SKM/1", "Junior Web Developer", 5)
    assert str(Scheme.of(Skema())) == "SKM/1 Junior Web Developer"


def test_the_muk_app_provides_schemes_as_values(db):
    """SE-A3.Kb: the records engine reads a scheme's validity by id without importing muk."""
    from muk.models import Skema

    skema = Skema.objects.create(
        kode="SKM/UJI/01",
        judul="Skema Uji",
        jenis="okupasi",
        acuan="SKKNI",
        masa_berlaku_tahun=5,
        biaya_tatap_muka=1,
        biaya_jarak_jauh=1,
    )
    assert schemes.get(skema.pk) == Scheme(skema.pk, "SKM/UJI/01", "Skema Uji", 5)
    assert schemes.by_kode("skm/uji/01") == schemes.get(skema.pk)
    assert schemes.all_schemes() == [schemes.get(skema.pk)]
    assert schemes.get(skema.pk + 1) is None and schemes.get(None) is None


def test_without_a_provider_there_is_no_scheme(monkeypatch):
    monkeypatch.setattr(schemes, "_provider", None)
    assert (schemes.all_schemes(), schemes.get(1), schemes.by_kode("x")) == ([], None, None)
