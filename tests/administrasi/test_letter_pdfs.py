"""SE-A4.5: the LSP's letters are rendered as proper Indonesian official letters.

SPT asesor, SPT verifikasi TUK, berita acara verifikasi TUK, SK penetapan TUK, SK komite
teknis and SK keputusan sertifikasi each have their own layout on one letter base (kop surat,
title and number, body, place and date, signature block, QR code to the verification page).
Typical content fits on one A4 page; a long SK keputusan flows onto more pages without
splitting its signature block. Every layout survives missing data without printing "None".
"""

import re

import pytest
from django.utils import timezone

from administrasi import services
from administrasi.models import Dokumen, JenisDokumen
from lsp_portal.seal import verify_seal

from .conftest import MONTHS
from .test_records import pdf_text

pytestmark = pytest.mark.embedded

LETTER_TEMPLATES = {
    "SPT-ASESOR": "administrasi/pdf/spt_asesor.html",
    "SPT-VERIFIKASI-TUK": "administrasi/pdf/spt_verifikasi_tuk.html",
    "BA-VERIFIKASI-TUK": "administrasi/pdf/berita_acara_verifikasi_tuk.html",
    "SK-PENETAPAN-TUK": "administrasi/pdf/sk_penetapan_tuk.html",
    "SK-KOMITE-TEKNIS": "administrasi/pdf/sk_komite_teknis.html",
    "SK-KEPUTUSAN": "administrasi/pdf/sk_keputusan.html",
}

TUK = {
    "kode": "TUK-JKT-007",
    "nama": "TUK Sewaktu Laboratorium Komputer SMK Negeri 26 Jakarta",
    "jenis": "TUK Sewaktu",
    "alamat": "Jl. Balai Pustaka Baru I No. 2, Rawamangun, Pulo Gadung, Jakarta Timur 13220",
}
MENGINGAT = [
    "Peraturan Pemerintah Nomor 10 Tahun 2018 tentang Badan Nasional Sertifikasi Profesi;",
    "Surat Edaran BNSP Nomor SE.007/BNSP/V/2023 tentang pelaksanaan sertifikasi kompetensi jarak jauh;",
    "Pedoman BNSP 206 tentang Persyaratan Umum Tempat Uji Kompetensi;",
]

# kode -> (data, the text each PDF must show): realistic content of a typical letter.
SAMPLES = {
    "SPT-ASESOR": (
        {
            "asesor": [
                {"nama": "Dewi Lestari, S.Kom.", "nomor_met": "MET.000.001234.2024"},
                {"nama": "Bambang Supriyadi, M.T.", "nomor_met": "MET.000.005678.2023"},
            ],
            "skema": {"kode": "SKM/LSP-CN/JWD/01/2025", "judul": "Junior Web Developer"},
            "tuk": {"nama": TUK["nama"], "alamat": TUK["alamat"]},
            "jadwal": {"tanggal": "2026-12-03", "waktu": "08.00–16.00 WIB"},
            "metode": "jarak jauh",
            "tempat": "Jakarta",
        },
        [
            "SURAT PERINTAH TUGAS",
            "Dewi Lestari, S.Kom.",
            "MET.000.005678.2023",
            "SKM/LSP-CN/JWD/01/2025",
            "Junior Web Developer",
            "TUK Sewaktu Laboratorium Komputer SMK Negeri 26 Jakarta",
            "3 Desember 2026",
            "08.00–16.00 WIB",
            "Jarak jauh",
        ],
    ),
    "SPT-VERIFIKASI-TUK": (
        {
            "verifikator": [
                {"nama": "Rina Marlina, S.T.", "jabatan": "Asesor Kompetensi / Verifikator TUK"},
                {"nama": "Agus Salim", "jabatan": "Staf Sertifikasi"},
            ],
            "tuk": {"kode": TUK["kode"], "nama": TUK["nama"], "alamat": TUK["alamat"]},
            "tanggal_verifikasi": "2026-12-01",
            "metode": "jarak jauh",
            "tempat": "Jakarta",
        },
        [
            "SURAT PERINTAH TUGAS",
            "VERIFIKASI TEMPAT UJI KOMPETENSI",
            "Rina Marlina, S.T.",
            "Staf Sertifikasi",
            "TUK-JKT-007",
            "Rawamangun",
            "1 Desember 2026",
            "Jarak jauh",
        ],
    ),
    "BA-VERIFIKASI-TUK": (
        {
            "tuk": TUK,
            "tanggal": "2026-12-01",
            "metode": "jarak jauh",
            "verifikator": [{"nama": "Rina Marlina, S.T.", "jabatan": "Verifikator TUK"}],
            "hasil": "memenuhi",
            "temuan": [
                {"aspek": aspek, "hasil": hasil, "catatan": catatan}
                for aspek, hasil, catatan in [
                    ("Ruang uji dan pencahayaan", "sesuai", "Ruang 8 x 9 m, 20 meja"),
                    ("Komputer peserta", "sesuai", "20 unit, RAM 8 GB, SSD"),
                    ("Perangkat lunak", "sesuai", "VS Code, PHP 8.2, MariaDB"),
                    ("Koneksi internet", "sesuai", "50 Mbps, cadangan modem 4G"),
                    ("Kamera dan mikrofon", "sesuai", "Diuji melalui konferensi video"),
                    ("Keselamatan kerja (K3)", "sesuai", "APAR tersedia, jalur evakuasi"),
                    ("Catu daya cadangan", "tidak sesuai", "UPS hanya 10 menit"),
                ]
            ],
            "rekomendasi": "Menambah kapasitas UPS sebelum asesmen pertama; TUK dapat ditetapkan.",
            "tempat": "Jakarta",
        },
        [
            "BERITA ACARA",
            "VERIFIKASI TEMPAT UJI KOMPETENSI",
            "TUK-JKT-007",
            "TUK Sewaktu Laboratorium Komputer SMK Negeri 26 Jakarta",
            "Keselamatan kerja (K3)",
            "UPS hanya 10 menit",
            "MEMENUHI",
            "Menambah kapasitas UPS",
            "1 Desember 2026",
        ],
    ),
    "SK-PENETAPAN-TUK": (
        {
            "tuk": TUK,
            "skema": [
                {"kode": "SKM/LSP-CN/JWD/01/2025", "judul": "Junior Web Developer"},
                {"kode": "SKM/LSP-CN/JNA/02/2025", "judul": "Junior Network Administrator"},
            ],
            "berlaku_sampai": "2028-11-30",
            "menimbang": [
                "bahwa berdasarkan Berita Acara Verifikasi TUK, TUK Sewaktu Laboratorium Komputer "
                "SMK Negeri 26 Jakarta telah memenuhi persyaratan teknis skema sertifikasi;",
                "bahwa berdasarkan pertimbangan sebagaimana dimaksud pada huruf a, perlu menetapkan "
                "Keputusan Ketua tentang Penetapan Tempat Uji Kompetensi;",
            ],
            "mengingat": MENGINGAT,
            "tempat": "Jakarta",
        },
        [
            "PENETAPAN TEMPAT UJI KOMPETENSI",
            "Menimbang",
            "Mengingat",
            "MEMUTUSKAN",
            "Menetapkan",
            "KESATU",
            "TUK-JKT-007",
            "TUK Sewaktu",
            "SKM/LSP-CN/JNA/02/2025",
            "Junior Network Administrator",
            "30 November 2028",
            "Peraturan Pemerintah Nomor 10 Tahun 2018",
            "Ditetapkan di",
        ],
    ),
    "SK-KOMITE-TEKNIS": (
        {
            "menimbang": [
                "bahwa LSP memerlukan komite teknis untuk keputusan sertifikasi;",
                "bahwa anggota yang ditetapkan memenuhi syarat kompetensi dan ketidakberpihakan;",
            ],
            "periode_mulai": "2027-01-01",
            "periode_selesai": "2029-12-31",
            "anggota": [
                {"nama": "Dr. Hendra Wijaya", "jabatan": "Ketua", "id_pengguna": 1},
                {"nama": "Sri Wahyuni, M.Kom.", "jabatan": "Anggota", "id_pengguna": 2},
                {"nama": "Rudi Hartono", "jabatan": "Anggota", "id_pengguna": 3},
            ],
        },
        [
            "PENETAPAN KOMITE TEKNIS",
            "PERIODE 1 JANUARI 2027 SAMPAI DENGAN 31 DESEMBER 2029",
            "Dr. Hendra Wijaya",
            "Sri Wahyuni, M.Kom.",
            "1 Januari 2027 sampai dengan tanggal 31 Desember 2029",
            "KEEMPAT",
        ],
    ),
    "SK-KEPUTUSAN": (
        {
            "rapat": {"tanggal": "2026-11-25"},
            "skema": {"kode": "SKM/LSP-CN/JWD/01/2025", "judul": "Junior Web Developer"},
            "peserta": [
                {"nama": nama, "nomor_registrasi": f"JWD-2026-000{n}", "keputusan": keputusan}
                for n, (nama, keputusan) in enumerate(
                    [
                        ("Siti Rahmawati", "kompeten"),
                        ("Andi Pratama", "kompeten"),
                        ("Putri Ayu Lestari", "belum kompeten"),
                        ("Muhammad Rizky", "kompeten"),
                        ("Nur Aini", "kompeten"),
                        ("Yoga Saputra", "kompeten"),
                    ],
                    start=1,
                )
            ],
            "menimbang": [
                "bahwa rapat Komite Teknis pada tanggal 25 November 2026 telah meninjau rekaman dan "
                "rekomendasi asesor atas asesmen kompetensi skema Junior Web Developer;",
                "bahwa berdasarkan pertimbangan sebagaimana dimaksud pada huruf a, perlu menetapkan "
                "keputusan hasil sertifikasi kompetensi;",
            ],
            "mengingat": MENGINGAT[:2],
            "tempat": "Jakarta",
        },
        [
            "PENETAPAN HASIL SERTIFIKASI KOMPETENSI",
            "SKEMA JUNIOR WEB DEVELOPER",
            "25 November 2026",
            "Putri Ayu Lestari",
            "JWD-2026-0006",
            "Belum kompeten (BK)",
            "Kompeten (K)",
            "MEMUTUSKAN",
        ],
    ),
}


@pytest.fixture
def letter(issue, sign, ketua, asesor):
    """letter(kode, data) → the signed, final record with its sealed PDF. The
    BA-VERIFIKASI-TUK is signed by its verifier (an asesor), the others by the Ketua."""

    def make(kode, data, judul="Surat uji"):
        signers = {p["pihak"]: ketua if p["pihak"] == "ketua" else asesor for p in jenis(kode).penandatangan}
        dokumen = issue(kode, data=data, signers=signers, judul=judul)
        for user in signers.values():
            sign(dokumen, user)
        return Dokumen.objects.get(pk=dokumen.pk)

    return make


def jenis(kode):
    return JenisDokumen.objects.get(kode=kode)


def flat(text):
    return re.sub(r"\s+", " ", text)


def assert_signed_and_verifiable(dokumen, text, signer):
    assert signer.nama_lengkap in text
    assert "Ditandatangani elektronik" in text
    for row in dokumen.tanda_tangan.all():
        assert row.hash_ditandatangani in text.replace("\n", "").replace(" ", "")
    assert dokumen.kode_verifikasi in flat(text)


def test_every_letter_kind_has_its_own_letter_template(db):
    """SE-A4.5: each letter kind points at its own layout, not the generic key/value one."""
    assert {k: jenis(k).template for k in LETTER_TEMPLATES} == LETTER_TEMPLATES


@pytest.mark.parametrize("kode", list(SAMPLES))
def test_typical_letter_is_one_sealed_a4_page_with_its_content(kode, letter, ketua, asesor):
    """SE-A4.5: a typical letter is one A4 page: kop with the LSP name, title, number, the
    letter's own data, place and date, the signer with the electronic signature and its
    hash, and the verification code beside the QR code."""
    data, expected = SAMPLES[kode]
    dokumen = letter(kode, data)
    content = dokumen.pdf.read()
    assert verify_seal(content).ok
    text = pdf_text(content)
    assert text.count("\f") == 1, f"{kode}: {text.count(chr(12))} halaman"
    flat_text = flat(text)
    assert "LSP CONTOH NUSANTARA" in flat_text  # the kop
    assert dokumen.nomor in flat_text and dokumen.jenis.nama in flat_text
    for value in expected:
        assert value in flat_text, value
    day = timezone.localdate(dokumen.diterbitkan_pada)
    issued = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    assert f"Jakarta, {issued}" in flat_text or f"pada tanggal : {issued}" in flat_text
    assert "None" not in text
    signer = asesor if kode == "BA-VERIFIKASI-TUK" else ketua
    assert_signed_and_verifiable(dokumen, text, signer)


def test_letters_are_dated_in_indonesian(letter):
    """SE-A4.5: the place and date line reads "Jakarta, 3 Desember 2026" style."""
    dokumen = letter("SPT-ASESOR", {**SAMPLES["SPT-ASESOR"][0], "tempat": "Bandung"})
    text = flat(pdf_text(dokumen.pdf.read()))
    assert re.search(rf"Bandung, \d{{1,2}} ({'|'.join(MONTHS)}) \d{{4}}", text)


def test_long_sk_keputusan_flows_onto_more_pages_keeping_the_signature_whole(letter, ketua):
    """SE-A4.5: an SK keputusan for a large batch takes several pages; every participant
    is listed and the signature block (place, date, Ketua, signature, hash) stays together
    on the last page, followed by the QR code and the verification address."""
    peserta = [
        {
            "nama": f"Peserta Uji Kompetensi {n:03d}",
            "nomor_registrasi": f"JWD-2026-{n:04d}",
            "keputusan": "kompeten" if n % 7 else "belum kompeten",
        }
        for n in range(1, 91)
    ]
    dokumen = letter("SK-KEPUTUSAN", {**SAMPLES["SK-KEPUTUSAN"][0], "peserta": peserta})
    text = pdf_text(dokumen.pdf.read())
    pages = text.split("\f")[:-1]
    assert len(pages) > 1
    for p in peserta:
        assert p["nama"] in text and p["nomor_registrasi"] in text
    last = flat(pages[-1])
    signature = dokumen.tanda_tangan.get()
    closing = ("Ditetapkan di", "pada tanggal", "KETUA LSP CONTOH NUSANTARA,", ketua.nama_lengkap)
    for value in (*closing, "Ditandatangani elektronik"):
        assert value in last, value
    assert signature.hash_ditandatangani in last.replace(" ", "")
    assert dokumen.kode_verifikasi in last
    assert "None" not in text


@pytest.mark.parametrize("kode", list(LETTER_TEMPLATES))
def test_letter_with_empty_data_renders_plainly(kode, letter):
    """SE-A4.5: a letter whose snapshot lacks every key still renders (one page, its number
    and signer) and never prints "None"."""
    dokumen = letter(kode, {})
    assert dokumen.pdf
    text = pdf_text(dokumen.pdf.read())
    assert text.count("\f") == 1
    assert dokumen.nomor in flat(text)
    assert "None" not in text
    assert "Ditandatangani elektronik" in text


def test_null_values_and_odd_shapes_are_not_printed_as_none(letter):
    """SE-A4.5: values frozen as null, or a plain TUK name where a mapping is expected (as
    older records carry), are shown plainly."""
    dokumen = letter(
        "SK-PENETAPAN-TUK",
        {
            "tuk": "TUK Mandiri Politeknik Negeri Jakarta",
            "skema": None,
            "berlaku_sampai": None,
            "tempat": None,
        },
    )
    text = flat(pdf_text(dokumen.pdf.read()))
    assert "TUK MANDIRI POLITEKNIK NEGERI JAKARTA" in text and "None" not in text
    spt = letter(
        "SPT-ASESOR",
        {
            "nama_asesor": "Dewi Lestari",
            "no_met": "MET.000.001234.2024",
            "asesor": None,
            "jadwal": {"tanggal": None, "waktu": None},
            "metode": None,
        },
    )
    text = flat(pdf_text(spt.pdf.read()))
    assert "Dewi Lestari" in text and "MET.000.001234.2024" in text and "None" not in text


def test_a_corrected_letter_shows_its_version_after_the_number(letter, ketua, sign):
    """SE-A4.5: a correction is a new version of the same number: "(versi 2)" is printed."""
    data = SAMPLES["SPT-VERIFIKASI-TUK"][0]
    first = letter("SPT-VERIFIKASI-TUK", data)
    second = services.dokumen_correct(
        dokumen=first, data={**data, "tanggal_verifikasi": "2026-12-08"}, alasan="Jadwal diundur", actor=ketua
    )
    sign(second, ketua)
    second.refresh_from_db()
    text = pdf_text(second.pdf.read())
    assert text.count("\f") == 1
    text = flat(text)
    assert f"Nomor: {first.nomor} (versi 2)" in text
    assert "8 Desember 2026" in text and "Jadwal diundur" in text
