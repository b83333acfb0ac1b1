"""The verifier's session pages through HTTP (SE-A4.9, X-6): the checklist saved by the form
and by autosave, evidence uploads (a photo, a refused file type), the sending of the
checklist with its refusals and the signed berita acara, and who may do it.

The tests start from the same request with its SPT signed (conftest's `spt_signed`: the
session open, nothing answered), made once for the module (`_signed`, in the module's
savepoint of the demo; each test runs in a savepoint of it and leaves nothing behind); those
about sending take it on from there."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from verifikasi_tuk.models import BuktiVerifikasi, ItemCeklis, Permintaan

from .conftest import (
    DEMO_PASSWORD,
    REKAMAN,
    REKAMAN_SHA256,
    answered,
    assigned,
    evidenced,
    new_tuk,
    png_bytes,
    requested,
    shared_vt,
    spt_signed,
    submitted,
)

S = Permintaan.Status
SIGN = {"secret": DEMO_PASSWORD, "consent": "on", "gambar": ""}


def url(name, p):
    return reverse(f"verifikasi_tuk:{name}", args=[p.pk])


def full_form(p, hasil="sesuai"):
    """Every answer of the checklist form, as the page sends it (minimums met)."""
    data = {}
    for item in p.ceklis.all():
        data[f"hasil-{item.pk}"] = hasil
        data[f"catatan-{item.pk}"] = "Terlihat di kamera."
        if item.minimal is not None:
            data[f"nilai-{item.pk}"] = f"{item.minimal:g}".replace(".", ",")
    return data


def kirim(**overrides):
    return {
        "rekomendasi": "layak",
        "temuan": "Ruang rapi.",
        "syarat": "",
        "rekaman_tautan": REKAMAN,
        "rekaman_sha256": REKAMAN_SHA256,
        **SIGN,
        **overrides,
    }


def another_tuk(vt):
    """A second TUK Sewaktu run by the module TUK's manager, for a request of its own."""
    return new_tuk(
        vt["admin"],
        kode="TUK-VT-UJI-02",
        nama="TUK Sewaktu Uji Verifikasi Dua",
        alamat="Jl. Pemuda No. 6, Rawamangun",
    )


@pytest.fixture(scope="module")
def _signed(vt_shared):
    """spt_signed(vt) once for the module: its primary key."""
    return vt_shared.build(lambda vt: spt_signed(vt).pk)


vt = shared_vt()  # the module's vt (conftest's, made once), read afresh


@pytest.fixture
def signed(vt, _signed):
    """The module's request with its SPT signed, read afresh."""
    return Permintaan.objects.get(pk=_signed)


@pytest.fixture
def verifier(client, vt):
    client.force_login(vt["asesor"])
    return client


# --- the checklist -------------------------------------------------------------------------


def test_page_shows_session_lines_and_uploads(verifier, vt, signed):
    """SE-A4.9: the session (TUK, video link) and per scheme its lines with radios, the
    measurement where a minimum is set, a camera upload per line and the speed-test upload."""
    p = signed
    response = verifier.get(url("ceklis", p))
    assert response.status_code == 200
    html = response.content.decode()
    assert p.tautan_video in html and vt["tuk"].nama in html and vt["skema"].kode in html
    for item in p.ceklis.all():
        assert f'name="hasil-{item.pk}"' in html and f'name="foto-{item.pk}"' in html
        assert (f'name="nilai-{item.pk}"' in html) == (item.minimal is not None)
    assert 'capture="environment"' in html and 'name="uji_kecepatan"' in html
    assert "js/autosave.js" in html and 'data-autosave-url="' in html


def test_save_by_form_and_back_to_the_page(verifier, vt, signed):
    """SE-A4.9: without JavaScript the Save button posts the answers; they are kept."""
    p = signed
    response = verifier.post(url("ceklis", p), full_form(p))
    assert response.status_code == 302 and response["Location"] == url("ceklis", p)
    items = list(p.ceklis.all())
    assert all(i.hasil == "sesuai" and i.catatan == "Terlihat di kamera." for i in items)
    assert all(i.nilai == i.minimal for i in items if i.minimal is not None)


def test_save_and_continue_goes_to_the_submit_page(verifier, vt, signed):
    p = signed
    response = verifier.post(url("ceklis", p), {**full_form(p), "lanjut": "1"})
    assert response.status_code == 302 and response["Location"] == url("ceklis-submit", p)


def test_bad_number_is_shown_on_its_field_and_the_rest_is_saved(verifier, vt, signed):
    """SE-A4.9: a value that is not a number is refused on its field, keeps what was typed,
    and the other answers of the same post are saved (nothing lost)."""
    p = signed
    internet = p.ceklis.get(kategori=ItemCeklis.Kategori.INTERNET)
    data = {**full_form(p), f"nilai-{internet.pk}": "dua puluh"}
    response = verifier.post(url("ceklis", p), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "isi dengan angka" in html and 'value="dua puluh"' in html
    internet.refresh_from_db()
    assert internet.nilai is None and internet.hasil == "sesuai"
    assert not p.ceklis.filter(hasil="").exists()


def test_autosave_answers_json_with_errors_per_field(verifier, vt, signed):
    """SE-A4.9: the autosave script gets the saved names and the refused ones."""
    p = signed
    internet = p.ceklis.get(kategori=ItemCeklis.Kategori.INTERNET)
    response = verifier.post(
        url("ceklis", p),
        {f"hasil-{internet.pk}": "sesuai", f"nilai-{internet.pk}": "-3"},
        HTTP_X_AUTOSAVE="1",
    )
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["saved"] == [f"hasil-{internet.pk}"] and f"nilai-{internet.pk}" in body["errors"]
    internet.refresh_from_db()
    assert internet.hasil == "sesuai" and internet.nilai is None


def test_unreadable_field_name_is_refused_with_nothing_saved(verifier, vt, signed):
    p = signed
    response = verifier.post(url("ceklis", p), {**full_form(p), "hasil-x1": "sesuai"})
    assert response.status_code == 400 and "tidak terbaca" in response.content.decode()
    assert not p.ceklis.exclude(hasil="").exists()


def test_checklist_queries_do_not_grow_with_lines(verifier, vt, signed):
    """The checklist page's queries are the same with 30 more lines (and their photos)."""
    p = signed

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert verifier.get(url("ceklis", p)).status_code == 200
        return len(queries)

    before = count()
    last = p.ceklis.order_by("-urutan").first()
    ItemCeklis.objects.bulk_create(
        ItemCeklis(
            permintaan=p,
            skema_id=last.skema_id,
            urutan=last.urutan + n,
            kategori=ItemCeklis.Kategori.PERALATAN,
            aspek=f"Peralatan tambahan {n}",
            minimal=1,
        )
        for n in range(1, 31)
    )
    for item in p.ceklis.order_by("-urutan")[:3]:
        upload = SimpleUploadedFile("alat.png", png_bytes(), content_type="image/png")
        verifier.post(url("ceklis-bukti", p), {f"foto-{item.pk}": upload, "unggah": str(item.pk)})
    assert p.ceklis.count() >= 40 and p.bukti.count() == 3
    assert count() == before


# --- evidence ------------------------------------------------------------------------------


def test_photo_of_a_line_is_stored_and_back_at_the_line(verifier, vt, signed):
    """SE-A4.9: a photo posted with the line's button is kept, tied to that line, with its
    SHA-256; the answers the form held are saved too."""
    p = signed
    item = p.ceklis.first()
    photo = SimpleUploadedFile("ruang.png", png_bytes(), content_type="image/png")
    data = {**full_form(p), f"foto-{item.pk}": photo, "unggah": str(item.pk)}
    response = verifier.post(url("ceklis-bukti", p), data)
    assert response.status_code == 302 and response["Location"] == url("ceklis", p) + f"#item-{item.pk}"
    bukti = BuktiVerifikasi.objects.get(permintaan=p)
    assert bukti.item_id == item.pk and bukti.jenis == "foto" and len(bukti.sha256) == 64
    assert not p.ceklis.filter(hasil="").exists()
    page = verifier.get(response["Location"]).content.decode()
    assert "terunggah" in page and reverse("verifikasi_tuk:bukti-file", args=[p.pk, bukti.pk]) in page


def test_speed_test_image_is_stored(verifier, vt, signed):
    p = signed
    image = SimpleUploadedFile("speed.png", png_bytes((0, 90, 200)), content_type="image/png")
    response = verifier.post(url("ceklis-bukti", p), {"uji_kecepatan": image, "unggah": "uji_kecepatan"})
    assert response.status_code == 302 and response["Location"].endswith("#bukti")
    assert BuktiVerifikasi.objects.get(permintaan=p).jenis == "uji_kecepatan"


@pytest.mark.parametrize(
    "name, content",
    [("catatan.txt", b"bukan gambar"), ("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00 program exe")],
)
def test_wrong_file_type_is_refused_with_nothing_stored(verifier, vt, signed, name, content):
    """SE-A4.9: a text file, or a program renamed .jpg, is refused with a clear message on
    the page; nothing is stored."""
    p = signed
    item = p.ceklis.first()
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = verifier.post(
        url("ceklis-bukti", p), {f"foto-{item.pk}": upload, "unggah": str(item.pk)}, follow=True
    )
    assert response.status_code == 200
    assert not BuktiVerifikasi.objects.filter(permintaan=p).exists()
    html = response.content.decode()
    assert f"berkas “{name}” tidak disimpan" in html


def test_upload_without_a_file_says_so(verifier, vt, signed):
    p = signed
    response = verifier.post(url("ceklis-bukti", p), {"unggah": "uji_kecepatan"}, follow=True)
    assert "Pilih foto atau berkas" in response.content.decode()
    assert not BuktiVerifikasi.objects.filter(permintaan=p).exists()


# --- sending the checklist -----------------------------------------------------------------


def test_submit_page_lists_what_is_missing(verifier, vt, signed):
    """SE-A4.9: the page names the unanswered lines and the missing evidence."""
    p = signed
    html = verifier.get(url("ceklis-submit", p)).content.decode()
    first = p.ceklis.first()
    assert f"{first.aspek} belum dijawab" in html and "uji kecepatan" in html
    assert 'name="secret"' in html and 'name="rekomendasi"' in html


def test_submit_refused_with_unanswered_lines_names_them(verifier, vt, signed):
    """SE-A4.9: a checklist with an unanswered line is not sent; the message names it and
    what was typed stays."""
    p = evidenced(vt, signed)
    item = p.ceklis.last()
    response = verifier.post(url("ceklis-submit", p), kirim(temuan="Catatan saya"))
    html = response.content.decode()
    assert response.status_code == 200 and "Ceklis belum lengkap" in html and item.aspek in html
    assert "Catatan saya" in html
    p.refresh_from_db()
    assert p.status == S.DITUGASKAN and p.berita_acara_id is None


def test_layak_with_a_line_not_met_is_refused(verifier, vt, signed):
    p = evidenced(vt, answered(vt, signed))
    ItemCeklis.objects.filter(pk=p.ceklis.first().pk).update(hasil="tidak_sesuai")
    response = verifier.post(url("ceklis-submit", p), kirim())
    assert "Ada item yang tidak sesuai" in response.content.decode()
    assert Permintaan.objects.get(pk=p.pk).status == S.DITUGASKAN


def test_bersyarat_without_syarat_is_refused_on_its_field(verifier, vt, signed):
    p = evidenced(vt, answered(vt, signed))
    response = verifier.post(url("ceklis-submit", p), kirim(rekomendasi="bersyarat"))
    html = response.content.decode()
    assert 'id="id_syarat_error"' in html and "paling sedikit satu syarat" in html
    assert Permintaan.objects.get(pk=p.pk).status == S.DITUGASKAN


@pytest.mark.parametrize("sha", ["abc", "g" * 64, ""])
def test_bad_sha256_is_refused_on_its_field(verifier, vt, signed, sha):
    p = evidenced(vt, answered(vt, signed))
    response = verifier.post(url("ceklis-submit", p), kirim(rekaman_sha256=sha))
    html = response.content.decode()
    assert 'id="id_rekaman_sha256_error"' in html and "64 karakter heksadesimal" in html
    assert f'value="{sha}"' in html or not sha
    assert Permintaan.objects.get(pk=p.pk).berita_acara_id is None


def test_wrong_password_is_refused_and_values_stay(verifier, vt, signed):
    p = evidenced(vt, answered(vt, signed))
    response = verifier.post(url("ceklis-submit", p), kirim(secret="salah-sekali", temuan="Tetap di sini"))
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "Tetap di sini" in html
        and "Kata sandi atau kode autentikator salah" in html
    )
    assert Permintaan.objects.get(pk=p.pk).status == S.DITUGASKAN


def test_layak_signs_the_berita_acara_and_moves_to_sesuai(verifier, vt, signed):
    """SE-A4.9: the checklist sent with 'layak' signs the BA-VERIFIKASI-TUK (final) and the
    request waits for the SK."""
    p = evidenced(vt, answered(vt, signed))
    response = verifier.post(url("ceklis-submit", p), kirim())
    assert response.status_code == 302
    assert response["Location"] == reverse("verifikasi_tuk:permintaan-detail", args=[p.pk])
    p.refresh_from_db()
    assert p.status == S.SESUAI and p.rekomendasi == "layak" and p.rekaman_sha256 == REKAMAN_SHA256
    assert p.berita_acara.jenis.kode == "BA-VERIFIKASI-TUK" and p.berita_acara.status == "final"


def test_bersyarat_keeps_one_condition_per_line(verifier, vt, signed):
    p = evidenced(vt, answered(vt, signed))
    syarat = "Pasang APAR.\n\nTambah satu kamera."
    response = verifier.post(url("ceklis-submit", p), kirim(rekomendasi="bersyarat", syarat=syarat))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == S.TINDAK_LANJUT
    assert list(p.syarat.values_list("uraian", flat=True)) == ["Pasang APAR.", "Tambah satu kamera."]


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ceklis", "ceklis-submit"])
def test_another_assessor_gets_404(client, vt, signed, name):
    """X-6: only the assigned verifier's request is visible to an assessor."""
    p = signed
    client.force_login(make_user("asesor.lain@uji.lsp.id", "asesor"))
    assert client.get(url(name, p)).status_code == 404
    assert client.post(url("ceklis-bukti", p), {}).status_code == 404


@pytest.mark.parametrize("name", ["ceklis", "ceklis-submit"])
def test_tuk_manager_may_not_fill(client, vt, signed, name):
    """The TUK's manager sees the request but does not fill its checklist (403, with why)."""
    p = signed
    client.force_login(vt["tuk"].pengelola)
    assert p in Permintaan.objects.filter(pk__in=[p.pk]).filter(tuk__pengelola=vt["tuk"].pengelola)
    response = client.get(url(name, p))
    assert response.status_code == 403 and "verifikator yang ditugaskan" in response.content.decode()
    response = client.post(url("ceklis", p), full_form(p))
    assert response.status_code == 403 and not p.ceklis.exclude(hasil="").exists()


def test_unsigned_spt_is_403_with_the_reason(verifier, vt):
    """The session opens only when the Ketua signed the SPT."""
    p = assigned(vt, requested(vt, tuk=another_tuk(vt)))  # the module's TUK has its request
    response = verifier.get(url("ceklis", p))
    assert (
        response.status_code == 403 and "SPT verifikasi TUK belum ditandatangani" in response.content.decode()
    )
    response = verifier.post(url("ceklis", p), {}, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 409 and "SPT" in json.loads(response.content)["errors"]["__all__"]


def test_after_sending_the_checklist_is_closed(verifier, vt, signed):
    p = submitted(vt, evidenced(vt, answered(vt, signed)))
    response = verifier.get(url("ceklis", p))
    assert response.status_code == 403 and "sudah dikirim" in response.content.decode()
