"""The instrument bank of a draft MUK version (SE-A4.6): instruments FR.IA.01–11 and their
items, with each kind's rules; bad input gets an Indonesian message per field and nothing
is saved."""

import re

import pytest

from muk import services
from muk.models import ButirInstrumen, Instrumen, OpsiJawaban

# Not `embedded`: the MUK's rules live in its services and the ORM, not in the database, the
# storage or the task runner; run once per make test, on PostgreSQL.


def field_errors(html, field):
    match = re.search(rf'<div class="errors" id="id_{field}_error" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>(.*?)</p>", match.group(1)) if match else []


def top_errors(html):
    match = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<p>(.*?)</p>", match.group(1)) if match else []


@pytest.fixture
def unit(draft):
    return draft.skema.units.order_by("urutan").first()


@pytest.fixture
def make_instrumen(draft, unit, manajer):
    def make(jenis, judul=None):
        return services.instrumen_create(
            versi=draft, unit=unit, jenis=jenis, judul=judul or jenis, actor=manajer
        )

    return make


def butir_url(instrumen, suffix="butir/baru/"):
    return (
        f"/muk/skema/{instrumen.versi.skema_id}/muk/{instrumen.versi.nomor}/instrumen/{instrumen.pk}/{suffix}"
    )


def mcq(teks="Stack mengeluarkan data dengan urutan ...", kunci=("b",), **opsi):
    data = {"teks": teks, "opsi_a": "FIFO", "opsi_b": "LIFO", "opsi_c": "Acak", "kunci": list(kunci)}
    data.update(opsi)
    return data


def test_manajer_adds_an_instrument_to_a_unit(client, manajer, draft, unit):
    """SE-A4.6: an instrument (kind, title, instructions) per unit of the version."""
    client.force_login(manajer)
    url = f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/instrumen/baru/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"jenis": "IA.05", "judul": "Pertanyaan tertulis", "petunjuk": "Pilih satu."})
    instrumen = Instrumen.objects.get(versi=draft)
    assert (instrumen.unit, instrumen.jenis, instrumen.petunjuk) == (unit, "IA.05", "Pilih satu.")
    assert response.url == instrumen.get_absolute_url()


def test_an_instrument_without_kind_or_title_is_refused_per_field(client, manajer, draft, unit):
    client.force_login(manajer)
    html = client.post(
        f"/muk/skema/{draft.skema_id}/muk/1/unit/{unit.pk}/instrumen/baru/", {"jenis": "IA.99", "judul": " "}
    ).content.decode()
    assert field_errors(html, "jenis") and field_errors(html, "judul") == ["Judul instrumen wajib diisi."]
    assert not Instrumen.objects.exists()


def test_a_multiple_choice_question_with_one_key_is_saved(client, manajer, make_instrumen):
    """SE-A4.6: IA.05 options a–e with exactly one key."""
    instrumen = make_instrumen("IA.05")
    client.force_login(manajer)
    response = client.post(butir_url(instrumen), mcq())
    assert response.status_code == 302
    butir = ButirInstrumen.objects.get(instrumen=instrumen)
    assert [(o.huruf, o.teks, o.benar) for o in butir.opsi.order_by("huruf")] == [
        ("a", "FIFO", False),
        ("b", "LIFO", True),
        ("c", "Acak", False),
    ]


def test_a_multiple_choice_question_without_a_key_is_refused(client, manajer, make_instrumen):
    """SE-A4.6 edge: IA.05 without a key."""
    instrumen = make_instrumen("IA.05")
    client.force_login(manajer)
    html = client.post(butir_url(instrumen), mcq(kunci=())).content.decode()
    assert field_errors(html, "kunci") == ["Pilih satu opsi sebagai kunci jawaban."]
    assert 'value="LIFO"' in html  # what was typed is still there
    assert not ButirInstrumen.objects.exists() and not OpsiJawaban.objects.exists()


def test_a_multiple_choice_question_with_two_keys_is_refused(client, manajer, make_instrumen):
    """SE-A4.6 edge: IA.05 with two keys."""
    instrumen = make_instrumen("IA.05")
    client.force_login(manajer)
    html = client.post(butir_url(instrumen), mcq(kunci=("a", "b"))).content.decode()
    assert field_errors(html, "kunci") == ["Kunci jawaban harus tepat satu opsi; terpilih 2 (a, b)."]
    assert not ButirInstrumen.objects.exists()


def test_a_multiple_choice_question_needs_two_options(client, manajer, make_instrumen):
    instrumen = make_instrumen("IA.05")
    client.force_login(manajer)
    html = client.post(butir_url(instrumen), mcq(opsi_b="", opsi_c="", kunci=("a",))).content.decode()
    assert top_errors(html) == ["Soal pilihan ganda memerlukan sekurang-kurangnya dua opsi jawaban."]
    html = client.post(butir_url(instrumen), mcq(opsi_d="", kunci=("d",))).content.decode()
    assert field_errors(html, "kunci") == ["Opsi d dipilih sebagai kunci tetapi teksnya kosong."]
    assert not ButirInstrumen.objects.exists()


def test_the_service_refuses_two_keys_too(manajer, make_instrumen):
    """SE-A4.6: the service checks the same rules as the page."""
    from django.core.exceptions import ValidationError

    instrumen = make_instrumen("IA.05")
    with pytest.raises(ValidationError) as error:
        services.butir_create(
            instrumen=instrumen, teks="?", opsi=[("a", "x", True), ("b", "y", True)], actor=manajer
        )
    assert error.value.message_dict == {"kunci": ["Kunci jawaban harus tepat satu opsi; terpilih 2 (a, b)."]}


def test_changing_the_key_of_a_question_keeps_exactly_one(client, manajer, make_instrumen):
    instrumen = make_instrumen("IA.05")
    butir = services.butir_create(
        instrumen=instrumen, teks="?", opsi=[("a", "x", True), ("b", "y", False)], actor=manajer
    )
    client.force_login(manajer)
    url = butir_url(instrumen, f"butir/{butir.pk}/ubah/")
    assert 'value="x"' in client.get(url).content.decode()
    client.post(url, {"teks": "?", "opsi_a": "x", "opsi_b": "y", "opsi_c": "z", "kunci": ["c"]})
    assert list(butir.opsi.order_by("huruf").values_list("huruf", "benar")) == [
        ("a", False),
        ("b", False),
        ("c", True),
    ]


def test_an_observation_item_needs_a_kuk_of_its_unit(client, manajer, make_instrumen, draft):
    """SE-A4.6: IA.01 checklist items are linked to a KUK of the instrument's unit."""
    from muk.models import KUK

    instrumen = make_instrumen("IA.01")
    client.force_login(manajer)
    html = client.post(butir_url(instrumen), {"teks": "Menjalankan skrip"}).content.decode()
    assert field_errors(html, "kuk") == [
        "Pilih KUK yang diamati; setiap butir ceklis IA.01 terkait satu KUK."
    ]
    other_unit = KUK.objects.exclude(elemen__unit=instrumen.unit).first()
    html = client.post(
        butir_url(instrumen), {"teks": "Menjalankan skrip", "kuk": other_unit.pk}
    ).content.decode()
    assert field_errors(html, "kuk") == ["Pilih KUK dari unit ini."]
    own = KUK.objects.filter(elemen__unit=instrumen.unit).first()
    assert client.post(butir_url(instrumen), {"teks": "Menjalankan skrip", "kuk": own.pk}).status_code == 302
    assert ButirInstrumen.objects.get().kuk == own


@pytest.mark.parametrize(
    "jenis, data, field, message",
    [
        (
            "IA.02",
            {"teks": "Buat halaman", "jawaban": "Halaman tampil"},
            "waktu_menit",
            "Waktu pengerjaan (menit) wajib diisi.",
        ),
        (
            "IA.02",
            {"teks": "Buat halaman", "waktu_menit": 120},
            "jawaban",
            "Hasil yang diharapkan wajib diisi.",
        ),
        (
            "IA.06",
            {"teks": "Bandingkan array dan linked list."},
            "jawaban",
            "Kunci/panduan jawaban wajib diisi.",
        ),
        (
            "IA.07",
            {"teks": "Mengapa memilih struktur ini?"},
            "jawaban",
            "Jawaban yang diharapkan wajib diisi.",
        ),
        ("IA.09", {"teks": " "}, "teks", "Pertanyaan wawancara wajib diisi."),
    ],
)
def test_each_kind_requires_its_own_fields(client, manajer, make_instrumen, jenis, data, field, message):
    """SE-A4.6: practical tasks need time and outcome; essays a key; oral questions an answer."""
    instrumen = make_instrumen(jenis)
    client.force_login(manajer)
    html = client.post(butir_url(instrumen), data).content.decode()
    assert field_errors(html, field) == [message]
    assert not ButirInstrumen.objects.exists()


@pytest.mark.parametrize(
    "jenis, data",
    [
        ("IA.02", {"teks": "Buat halaman koperasi", "jawaban": "Halaman tampil", "waktu_menit": 120}),
        ("IA.03", {"teks": "Apa fungsi variabel ini?", "jawaban": "Menyimpan total"}),
        ("IA.04", {"teks": "Proyek singkat", "jawaban": "Aplikasi berjalan", "waktu_menit": 60}),
        ("IA.06", {"teks": "Jelaskan langkah instalasi.", "jawaban": "Unduh, pasang, uji."}),
        ("IA.07", {"teks": "Mengapa memilih struktur ini?", "jawaban": "Pencarian cepat."}),
        ("IA.08", {"teks": "Sertifikat pelatihan pemrograman web", "jawaban": ""}),
        ("IA.09", {"teks": "Ceritakan proyek web terakhir Anda."}),
        ("IA.10", {"teks": "Apakah Anda mengamati asesi bekerja?"}),
        ("IA.11", {"teks": "Halaman memuat validasi masukan", "jawaban": "Pesan berbahasa Indonesia"}),
    ],
)
def test_each_kind_saves_a_valid_item(client, manajer, make_instrumen, jenis, data):
    """SE-A4.6: the FR.IA.02–11 item kinds are stored with their fields."""
    instrumen = make_instrumen(jenis)
    client.force_login(manajer)
    assert client.post(butir_url(instrumen), data).status_code == 302
    butir = ButirInstrumen.objects.get()
    assert butir.teks == data["teks"] and butir.jawaban == data.get("jawaban", "")
    assert butir.waktu_menit == data.get("waktu_menit")
    html = client.get(instrumen.get_absolute_url()).content.decode()
    assert data["teks"] in html


def test_an_instruments_kind_cannot_change_once_it_has_items(client, manajer, make_instrumen):
    instrumen = make_instrumen("IA.07")
    services.butir_create(instrumen=instrumen, teks="?", jawaban="!", actor=manajer)
    client.force_login(manajer)
    html = client.post(butir_url(instrumen, "ubah/"), {"jenis": "IA.05", "judul": "Lain"}).content.decode()
    assert field_errors(html, "jenis") == [
        "Jenis instrumen tidak dapat diubah karena sudah memiliki butir. Hapus butirnya dahulu."
    ]
    instrumen.refresh_from_db()
    assert (instrumen.jenis, instrumen.judul) == ("IA.07", "IA.07")


def test_items_and_instruments_are_removed_after_confirmation(client, manajer, make_instrumen):
    instrumen = make_instrumen("IA.07")
    butir = services.butir_create(instrumen=instrumen, teks="?", jawaban="!", actor=manajer)
    client.force_login(manajer)
    assert client.get(butir_url(instrumen, f"butir/{butir.pk}/hapus/")).status_code == 200
    assert ButirInstrumen.objects.exists()
    client.post(butir_url(instrumen, f"butir/{butir.pk}/hapus/"))
    assert not ButirInstrumen.objects.exists()
    services.butir_create(instrumen=instrumen, teks="?", jawaban="!", actor=manajer)
    client.post(butir_url(instrumen, "hapus/"))
    assert not Instrumen.objects.exists() and not ButirInstrumen.objects.exists()


def test_an_item_of_another_instrument_answers_404(client, manajer, make_instrumen):
    first, second = make_instrumen("IA.07"), make_instrumen("IA.07", "Kedua")
    butir = services.butir_create(instrumen=first, teks="?", jawaban="!", actor=manajer)
    client.force_login(manajer)
    assert client.get(butir_url(second, f"butir/{butir.pk}/ubah/")).status_code == 404
