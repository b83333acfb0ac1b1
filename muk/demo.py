"""The sample scheme "Junior Web Developer" (shared/domain/SAMPLE_SCHEME.md) for the demo
and the tests: header, six units of SKKNI No. 282 Tahun 2016 with their elements and KUK,
basic and administrative requirements.

Unit codes, titles, elements and KUK are the public standard's text as the sample gives
it; the scheme number, fees and the BNSP letter are invented.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from . import importer, services
from .models import PersyaratanDasar, Skema

KODE = "SKM/LSP-DEMO/JWD/01/2025"

HEADER = {
    "kode": KODE,
    "judul": "Junior Web Developer (Pengembang Web Pratama)",
    "jenis": Skema.Jenis.OKUPASI,
    "acuan": "SKKNI No. 282 Tahun 2016",
    "masa_berlaku_tahun": 3,
    "biaya_tatap_muka": Decimal("1500000"),
    "biaya_jarak_jauh": Decimal("1250000"),
    "jarak_jauh_disetujui": True,
    "nomor_surat_bnsp": "0987/BNSP/III/2025",  # invented
    "tanggal_surat_bnsp": dt.date(2025, 3, 14),
    "nirkertas_disetujui": True,
    "aktif": True,
    "metode_default": (
        "Observasi demonstrasi (FR.IA.01 + FR.IA.02), tertulis pilihan ganda (FR.IA.05), "
        "esai (FR.IA.06), lisan (FR.IA.07), portofolio (FR.IA.08)"
    ),
}

K1 = "Kelompok 1: Dasar pemrograman"
K2 = "Kelompok 2: Pengembangan web"

# (kode, judul, kelompok, [(nomor elemen, judul elemen, [(nomor KUK, teks), ...]), ...])
UNITS = [
    (
        "J.620100.004.02",
        "Menggunakan Struktur Data",
        K1,
        [
            (
                1,
                "Mengidentifikasi konsep data dan struktur data",
                [
                    (
                        "1.1",
                        "Konsep data dan struktur data diidentifikasi sesuai dengan konteks permasalahan.",
                    ),
                    (
                        "1.2",
                        "Alternatif struktur data dibandingkan kelebihan dan kekurangannya untuk konteks "
                        "permasalahan yang diselesaikan.",
                    ),
                ],
            ),
            (
                2,
                "Menerapkan struktur data dan akses terhadap struktur data tersebut",
                [
                    (
                        "2.1",
                        "Struktur data diimplementasikan sesuai dengan bahasa pemrograman yang akan "
                        "dipergunakan.",
                    ),
                    (
                        "2.2",
                        "Akses terhadap data dinyatakan dalam algoritma yang efisiensi sesuai bahasa "
                        "pemrograman yang akan dipakai.",
                    ),
                ],
            ),
        ],
    ),
    (
        "J.620100.011.01",
        "Melakukan Instalasi Software Tools Pemrograman",
        K1,
        [
            (
                1,
                "Memilih tools pemrograman yang sesuai dengan kebutuhan",
                [
                    (
                        "1.1",
                        "Platform (lingkungan) yang akan digunakan untuk menjalankan tools pemrograman "
                        "diidentifikasi sesuai dengan kebutuhan.",
                    ),
                    (
                        "1.2",
                        "Tools bahasa pemrograman dipilih sesuai dengan kebutuhan dan lingkungan "
                        "pengembangan.",
                    ),
                ],
            ),
            (
                2,
                "Instalasi tool pemrograman",
                [
                    ("2.1", "Tools pemrograman ter-install sesuai dengan prosedur."),
                    (
                        "2.2",
                        "Tools pemrograman bisa dijalankan di lingkungan pengembangan yang telah ditetapkan.",
                    ),
                ],
            ),
            (
                3,
                "Menerapkan hasil pemodelan ke dalam eksekusi script sederhana",
                [
                    (
                        "3.1",
                        "Script (source code) sederhana dibuat sesuai tools pemrograman yang di-install.",
                    ),
                    (
                        "3.2",
                        "Script dapat dijalankan dengan benar dan menghasilkan keluaran sesuai skenario "
                        "yang diharapkan.",
                    ),
                ],
            ),
        ],
    ),
    (
        "J.620100.017.02",
        "Mengimplementasikan Pemrograman Terstruktur",
        K1,
        [
            (
                1,
                "Menggunakan tipe data dan control program",
                [
                    ("1.1", "Tipe data yang sesuai standar ditentukan."),
                    ("1.2", "Syntax program yang dikuasai digunakan sesuai standar."),
                    ("1.3", "Struktur kontrol program yang dikuasai digunakan sesuai standar."),
                ],
            ),
            (
                2,
                "Membuat program sederhana",
                [
                    (
                        "2.1",
                        "Program baca tulis untuk memasukkan data dari keyboard dan menampilkan ke layar "
                        "monitor termasuk variasinya sesuai standar masukan/keluaran telah dibuat.",
                    ),
                    (
                        "2.2",
                        "Struktur kontrol percabangan dan pengulangan dalam membuat program telah digunakan.",
                    ),
                ],
            ),
            (
                3,
                "Membuat program menggunakan prosedur dan fungsi",
                [
                    ("3.1", "Program dengan menggunakan prosedur dibuat sesuai aturan penulisan program."),
                    ("3.2", "Program dengan menggunakan fungsi dibuat sesuai aturan penulisan program."),
                    (
                        "3.3",
                        "Program dengan menggunakan prosedur dan fungsi secara bersamaan dibuat sesuai "
                        "aturan penulisan program.",
                    ),
                    ("3.4", "Keterangan untuk setiap prosedur dan fungsi telah diberikan."),
                ],
            ),
            (
                4,
                "Membuat program menggunakan array",
                [
                    ("4.1", "Dimensi array telah ditentukan."),
                    ("4.2", "Tipe data array telah ditentukan."),
                    ("4.3", "Panjang array telah ditentukan."),
                    ("4.4", "Pengurutan array telah digunakan."),
                ],
            ),
            (
                5,
                "Membuat program untuk akses file",
                [
                    ("5.1", "Program untuk menulis data dalam media penyimpan telah dibuat."),
                    ("5.2", "Program untuk membaca data dari media penyimpan telah dibuat."),
                ],
            ),
            (
                6,
                "Mengkompilasi program",
                # The sample gives these two only as "errors corrected; syntax errors removed
                # (wording unsure)": worded here in Indonesian after it.
                [
                    ("6.1", "Kesalahan program telah dikoreksi."),
                    ("6.2", "Kesalahan sintaks dalam program telah dihilangkan."),
                ],
            ),
        ],
    ),
    (
        "J.620100.005.02",
        "Mengimplementasikan User Interface",
        K2,
        [
            (
                1,
                "Mengidentifikasi rancangan user interface",
                [
                    ("1.1", "Rancangan user interface diidentifikasi sesuai kebutuhan."),
                    ("1.2", "Komponen user interface dialog diidentifikasi sesuai konteks rancangan proses."),
                    ("1.3", "Urutan dari akses komponen user interface dialog dijelaskan."),
                    ("1.4", "Simulasi (mock-up) dari aplikasi yang akan dikembangkan dibuat."),
                ],
            ),
            (
                2,
                "Melakukan implementasi rancangan user interface",
                [
                    ("2.1", "Menu program sesuai dengan rancangan program diterapkan."),
                    ("2.2", "Penempatan user interface dialog diatur secara sekuensial."),
                    (
                        "2.3",
                        "Setting aktif-pasif komponen user interface dialog disesuaikan dengan urutan alur "
                        "proses.",
                    ),
                    ("2.4", "Bentuk style dari komponen user interface ditentukan."),
                    ("2.5", "Penerapan simulasi dijadikan suatu proses yang sesungguhnya."),
                ],
            ),
        ],
    ),
    (
        "J.620100.016.01",
        "Menulis Kode dengan Prinsip sesuai Guidelines dan Best Practices",
        K2,
        [
            (
                1,
                "Menerapkan coding-guidelines dan best practices dalam penulisan program (kode sumber)",
                [
                    ("1.1", "Kode sumber dituliskan mengikuti coding-guidelines dan best practices."),
                    ("1.2", "Struktur program yang sesuai dengan konsep paradigmanya dibuat."),
                    ("1.3", "Galat/error ditangani."),
                ],
            ),
            (
                2,
                "Menggunakan ukuran performansi dalam menuliskan kode sumber",
                [
                    ("2.1", "Efisiensi penggunaan resources oleh kode dihitung."),
                    # The sample leaves 2.2 unworded ("wording unsure"); this is our reading of it.
                    ("2.2", "Kemudahan interaksi selalu diimplementasikan sesuai standar yang berlaku."),
                ],
            ),
        ],
    ),
    (
        "J.620100.019.02",
        "Menggunakan Library atau Komponen Pre-Existing",
        K2,
        [
            (
                1,
                "Melakukan pemilihan unit-unit reuse yang potensial",
                [
                    ("1.1", "Class unit-unit reuse (dari aplikasi lain) yang sesuai dapat diidentifikasi."),
                    ("1.2", "Keuntungan efisiensi dari pemanfaatan komponen reuse dapat dihitung."),
                    (
                        "1.3",
                        "Lisensi, hak cipta dan hak paten tidak dilanggar dalam pemanfaatan komponen reuse "
                        "tersebut.",
                    ),
                ],
            ),
            (
                2,
                "Melakukan integrasi library atau komponen pre-existing dengan source code yang ada",
                [
                    ("2.1", "Ketergantungan antar unit diidentifikasi."),
                    ("2.2", "Penggunaan komponen yang sudah obsolete dihindari."),
                    ("2.3", "Program yang dihubungkan dengan library diterapkan."),
                ],
            ),
            (
                3,
                "Melakukan pembaharuan library atau komponen pre-existing yang digunakan",
                [
                    ("3.1", "Cara-cara pembaharuan library atau komponen pre-existing diidentifikasi."),
                    ("3.2", "Pembaharuan library atau komponen pre-existing berhasil dilakukan."),
                ],
            ),
        ],
    ),
]

J = PersyaratanDasar.Jenis
# Basic requirements are alternatives (the asesi meets at least one); administrative ones all apply.
PERSYARATAN = [
    (
        J.PENDIDIKAN,
        "SMK kelas XII jurusan Rekayasa Perangkat Lunak (RPL) atau Teknik Komputer dan Jaringan (TKJ)",
    ),
    (J.PENDIDIKAN, "Mahasiswa D3/S1 informatika, minimal semester 4"),
    (J.PELATIHAN, "Lulusan SMA/sederajat dengan sertifikat pelatihan pemrograman web"),
    (J.PENGALAMAN, "Pengalaman kerja minimal 1 tahun sebagai web developer"),
    (J.ADMINISTRATIF, "Fotokopi KTP"),
    (J.ADMINISTRATIF, "Pas foto 3x4 berlatar belakang merah"),
    (J.ADMINISTRATIF, "Daftar riwayat hidup (CV)"),
    (J.ADMINISTRATIF, "Ijazah dan transkrip nilai terakhir"),
    (J.ADMINISTRATIF, "Sertifikat pelatihan (bila ada)"),
]


def structure_rows() -> list[tuple[int, dict]]:
    """UNITS as the rows of a filled import sheet (row 1 is the header)."""
    rows = []
    for kode, judul, kelompok, elements in UNITS:
        for nomor, judul_elemen, kuk in elements:
            for nomor_kuk, teks in kuk:
                rows.append(
                    {
                        "kode_unit": kode,
                        "judul_unit": judul,
                        "kelompok": kelompok,
                        "nomor_elemen": nomor,
                        "judul_elemen": judul_elemen,
                        "nomor_kuk": nomor_kuk,
                        "teks_kuk": teks,
                    }
                )
    return list(enumerate(rows, start=2))


@transaction.atomic
def seed_sample_scheme(actor=None) -> Skema:
    """Create the sample scheme with its units, elements, KUK and requirements, through the
    same services and row checks as the pages. Idempotent: a scheme with the sample's code
    is left as it is, so a second run creates and changes nothing."""
    existing = Skema.objects.filter(kode=KODE).first()
    if existing is not None:
        return existing
    skema = services.skema_create(actor=actor, **HEADER)
    services.skema_replace_structure(
        skema=skema, units=importer.build_structure(structure_rows()), actor=actor
    )
    services.persyaratan_replace(skema=skema, items=PERSYARATAN, actor=actor)
    return skema
