"""The sample scheme "Junior Web Developer" (shared/domain/SAMPLE_SCHEME.md) for the demo
and the tests: header, six units of SKKNI No. 282 Tahun 2016 with their elements and KUK,
basic and administrative requirements, and (where the demo accounts exist) its MUK v1 with
FR.MAPA.01/02 and instruments, validated with a signed FR.VA.

Unit codes, titles, elements and KUK are the public standard's text as the sample gives
it; the scheme number, fees and the BNSP letter are invented.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction

from . import importer, services
from .models import PersyaratanDasar, Skema

log = logging.getLogger(__name__)

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
    same services and row checks as the pages, and its validated MUK v1 (seed_sample_muk).
    Idempotent: a scheme with the sample's code is left as it is, so a second run creates
    and changes nothing."""
    skema = Skema.objects.filter(kode=KODE).first()
    if skema is None:
        skema = services.skema_create(actor=actor, **HEADER)
        services.skema_replace_structure(
            skema=skema, units=importer.build_structure(structure_rows()), actor=actor
        )
        services.persyaratan_replace(skema=skema, items=PERSYARATAN, actor=actor)
    seed_sample_tuk_requirements(skema, actor)
    seed_sample_muk(skema)
    return skema


# The sample's technical requirements for a TUK (FORMS.md §6): what a TUK needs to host its
# practical web task, per candidate where the quantity says so; (nama, jumlah, spesifikasi).
PERSYARATAN_TUK = [
    (
        "Komputer/laptop peserta",
        2,
        "Satu unit per asesi (potensi asesi 2): prosesor 4 inti, RAM minimal 8 GB, ruang kosong 20 GB, "
        "layar minimal 14 inci, sistem operasi Windows 10/11, macOS, atau Linux.",
    ),
    (
        "Peramban web modern",
        None,
        "Mozilla Firefox, Google Chrome, atau Microsoft Edge versi terbaru, terpasang di setiap komputer.",
    ),
    (
        "Editor kode",
        None,
        "Visual Studio Code atau editor setara, dengan ekstensi HTML/CSS/JavaScript.",
    ),
    (
        "Server web lokal",
        None,
        "Paket XAMPP/Laragon (Apache, PHP 8, MySQL/MariaDB) atau Python 3 dengan runtime yang dipilih "
        "asesi, sudah terpasang dan diuji berjalan.",
    ),
    (
        "Koneksi internet",
        None,
        "Stabil, minimal 10 Mbps unduh dan 5 Mbps unggah per ruang asesmen, untuk konferensi video.",
    ),
    (
        "Webcam",
        2,
        "Resolusi minimal 720p; satu menghadap asesi dan satu memperlihatkan layar serta ruangan.",
    ),
    ("Headset dengan mikrofon", 2, "Satu per asesi, untuk wawancara dan pertanyaan lisan jarak jauh."),
    ("UPS", 1, "Daya minimal 650 VA, menjaga komputer dan perangkat jaringan menyala minimal 15 menit."),
]


def seed_sample_tuk_requirements(skema: Skema, actor=None) -> list:
    """The sample scheme's technical requirements for a TUK (PERSYARATAN_TUK), added by a
    scheme manager (`actor`, else the demo's Manajer Sertifikasi).

    Idempotent: a scheme that lists any requirement is left alone. Without a scheme manager
    (tests seeding the scheme alone) nothing is added. Returns the scheme's lines."""
    from akun.models import User

    from .permissions import can_manage_skema
    from .selectors import persyaratan_tuk_rows

    rows = persyaratan_tuk_rows(skema)
    if rows:
        return rows
    if actor is None or not can_manage_skema(actor):
        actor = User.objects.filter(email=DRAFTER).first()
    if actor is None or not can_manage_skema(actor):
        return []
    for nama, jumlah, spesifikasi in PERSYARATAN_TUK:
        services.persyaratan_tuk_add(
            skema=skema, nama=nama, jumlah=jumlah, spesifikasi=spesifikasi, actor=actor
        )
    return persyaratan_tuk_rows(skema)


# --- MUK v1 of the sample scheme (SAMPLE_SCHEME.md §4, §6, §8) ---------------------------------

DRAFTER = "manajer@demo.lsp.id"
VALIDATOR = "komite@demo.lsp.id"
# eksekutif.demo.DEMO_PASSWORD (nothing imports eksekutif): the validator signs FR.VA with it.
DEMO_PASSWORD = "Demo#LSP2026"

# SAMPLE_SCHEME.md §6, in Indonesian: (unit, KUK, question, options, key).
PILIHAN_GANDA = [
    (
        "J.620100.004.02",
        "1.2",
        "Struktur data manakah yang memberikan pencarian anggota berdasarkan ID dengan waktu rata-rata O(1)?",
        ["Array yang ditelusuri dengan perulangan", "Linked list", "Hash map/dictionary", "Stack"],
        "c",
    ),
    (
        "J.620100.004.02",
        "1.1",
        "Stack mengeluarkan data dengan urutan ...",
        ["FIFO", "LIFO", "Acak", "Menurut prioritas"],
        "b",
    ),
    (
        "J.620100.011.01",
        "2.2",
        "Setelah memasang runtime, cara tercepat membuktikan runtime berjalan di lingkungan "
        "yang dipilih adalah ...",
        [
            "Menyalakan ulang komputer",
            "Menjalankan skrip minimal dan memeriksa keluarannya",
            "Membaca manual",
            "Memasang ulang runtime",
        ],
        "b",
    ),
    (
        "J.620100.017.02",
        "2.2",
        "Perintah for i in range(3): print(i) mencetak ...",
        ["1 2 3", "0 1 2", "0 1 2 3", "Tidak mencetak apa pun"],
        "b",
    ),
    (
        "J.620100.017.02",
        "3.2",
        "Fungsi berbeda dari prosedur karena fungsi ...",
        [
            "Tidak memiliki parameter",
            "Mengembalikan nilai",
            "Tidak dapat melakukan perulangan",
            "Harus rekursif",
        ],
        "b",
    ),
    (
        "J.620100.017.02",
        "5.1",
        "Membuka berkas dalam mode append akan ...",
        [
            "Menghapus isinya",
            "Menambahkan data di akhir berkas",
            "Hanya membaca berkas",
            "Mengunci berkas selamanya",
        ],
        "b",
    ),
    (
        "J.620100.005.02",
        "2.3",
        "Menonaktifkan tombol “Simpan” sampai semua isian wajib terisi adalah contoh ...",
        ["Style", "Pengaturan aktif-pasif komponen user interface", "Mock-up", "Menu"],
        "b",
    ),
    (
        "J.620100.019.02",
        "1.3",
        "Sebelum menambahkan library ke produk, Anda wajib memeriksa ...",
        ["Logonya", "Ketentuan lisensinya", "Ukuran berkasnya saja", "Usia pembuatnya"],
        "b",
    ),
    (
        "J.620100.019.02",
        "2.2",
        "Dependensi yang sudah usang (obsolete) sebaiknya ...",
        ["Dipertahankan selamanya", "Dihindari atau diganti", "Disalin ke dalam kode", "Diganti namanya"],
        "b",
    ),
    (
        "J.620100.016.01",
        "1.3",
        "Menangkap exception dan menampilkan pesan yang jelas merupakan bagian dari ...",
        ["Penanganan galat (error handling)", "Kompilasi", "Style antarmuka", "Lisensi"],
        "a",
    ),
]

# SAMPLE_SCHEME.md §8, in Indonesian: (unit, KUK, question, expected answer).
LISAN = [
    (
        "J.620100.004.02",
        "1.2",
        "Mengapa Anda memilih struktur data ini untuk daftar anggota?",
        "Asesi menjelaskan alasan pemilihannya (misalnya dictionary untuk pencarian cepat berdasarkan ID) "
        "dan membandingkannya dengan alternatif.",
    ),
    (
        "J.620100.016.01",
        "1.3",
        "Tunjukkan di mana masukan yang tidak valid ditangani dan apa yang dilihat pengguna.",
        "Asesi menunjukkan validasi atau penanganan exception dan pesan galat berbahasa Indonesia "
        "yang jelas; aplikasi tidak berhenti.",
    ),
    (
        "J.620100.017.02",
        "5.2",
        "Apa yang terjadi pada data tersimpan bila aplikasi dijalankan ulang?",
        "Data tetap ada karena disimpan ke berkas JSON/CSV dan dibaca kembali saat aplikasi dimulai.",
    ),
    (
        "J.620100.019.02",
        "1.3",
        "Lisensi apa yang dimiliki library yang Anda gunakan, dan bolehkah dipakai secara komersial?",
        "Asesi menyebut lisensinya (misalnya MIT) serta hak dan kewajibannya, termasuk pemakaian komersial.",
    ),
]

CHECKLIST_KUK = 3  # IA.01 items per unit: its first KUK

MAPA01 = {
    "pendekatan": "individu",
    "tujuan": "sertifikasi",
    "lingkungan": "simulasi",
    "konteks": "Asesmen jarak jauh di TUK Sewaktu (tempat kerja simulasi) melalui konferensi video; "
    "bukti demonstrasi dapat dikumpulkan lengkap; diases oleh asesor kompetensi LSP.",
    "potensi_asesi": 2,
    "kandidat": "Siswa SMK kelas XII jurusan RPL/TKJ atau mahasiswa informatika yang telah mengikuti "
    "pelatihan pemrograman web.",
    "bukti": "Hasil demonstrasi tugas praktik, jawaban pertanyaan tertulis dan lisan, portofolio "
    "(sertifikat pelatihan, tautan repositori).",
    "tolok_ukur": "SKKNI No. 282 Tahun 2016",
}

TEMUAN = {
    "valid": "ya",
    "reliabel": "ya",
    "fleksibel": "ya",
    "adil": "ya",
    "valid_catatan": "Setiap butir ceklis terkait KUK unitnya.",
    "reliabel_catatan": "",
    "fleksibel_catatan": "Dapat dilaksanakan jarak jauh maupun tatap muka.",
    "adil_catatan": "",
    "temuan": "Instrumen sesuai KUK dan metode pada FR.MAPA.01; setiap soal pilihan ganda memiliki tepat "
    "satu kunci jawaban.",
    "rekomendasi": "MUK layak digunakan untuk asesmen jarak jauh skema Junior Web Developer.",
}


def _seed_unit(versi, unit, drafter) -> None:
    from .models import KUK, JenisBukti, JenisIA, Metode

    kuk = {k.nomor: k for k in KUK.objects.filter(elemen__unit=unit).select_related("elemen")}
    ordered = sorted(kuk.values(), key=lambda k: (k.elemen.nomor, k.urutan))
    checklist = services.instrumen_create(
        versi=versi,
        unit=unit,
        jenis=JenisIA.IA01,
        judul=f"Ceklis observasi {unit.judul}",
        petunjuk="Amati demonstrasi tugas praktik; tandai Ya/Tidak untuk setiap KUK.",
        actor=drafter,
    )
    for k in ordered[:CHECKLIST_KUK]:
        services.butir_create(
            instrumen=checklist, teks=k.teks, kuk=k, jawaban="SOP pengembangan aplikasi LSP", actor=drafter
        )
    kinds = {JenisIA.IA01}
    methods = {Metode.OBSERVASI: JenisBukti.L, Metode.VERIFIKASI_PORTOFOLIO: JenisBukti.TL}
    questions = [q for q in PILIHAN_GANDA if q[0] == unit.kode]
    if questions:
        tertulis = services.instrumen_create(
            versi=versi,
            unit=unit,
            jenis=JenisIA.IA05,
            judul=f"Pertanyaan tertulis pilihan ganda {unit.judul}",
            petunjuk="Pilih satu jawaban yang paling tepat.",
            waktu_menit=30,
            actor=drafter,
        )
        for _, nomor, teks, options, key in questions:
            opsi = [(huruf, option, huruf == key) for huruf, option in zip("abcd", options, strict=True)]
            services.butir_create(instrumen=tertulis, teks=teks, kuk=kuk[nomor], opsi=opsi, actor=drafter)
        kinds.add(JenisIA.IA05)
        methods[Metode.PERTANYAAN_TERTULIS] = JenisBukti.T
    oral = [q for q in LISAN if q[0] == unit.kode]
    if oral:
        lisan = services.instrumen_create(
            versi=versi,
            unit=unit,
            jenis=JenisIA.IA07,
            judul=f"Pertanyaan lisan {unit.judul}",
            petunjuk="Ajukan pertanyaan setelah demonstrasi; catat ringkasan jawaban asesi.",
            actor=drafter,
        )
        for _, nomor, teks, expected in oral:
            services.butir_create(instrumen=lisan, teks=teks, kuk=kuk[nomor], jawaban=expected, actor=drafter)
        kinds.add(JenisIA.IA07)
        methods[Metode.TANYA_JAWAB] = JenisBukti.T
    services.mapa01_save(versi=versi, unit=unit, data=MAPA01, metode=methods, actor=drafter)
    # SAMPLE_SCHEME.md §4: the sample plans for potensi asesi 2.
    services.mapa02_save(versi=versi, unit=unit, cells={(k, 2) for k in kinds}, actor=drafter)


def seed_sample_muk(skema: Skema):
    """MUK v1 of the sample scheme: FR.MAPA.01/02 for every unit; per unit an IA.01 checklist
    on its first KUK, the sample's IA.05 and IA.07 questions in their units; drafted and
    submitted by the Manajer Sertifikasi, validated (FR.VA signed) by the Komite Teknis.

    Idempotent: a scheme that has any MUK version is left alone. Without the demo accounts
    (tests seeding the scheme alone) nothing is made. Returns the version or None.
    """
    from administrasi.services import RecordError
    from akun.models import User

    from .models import MukVersi

    existing = MukVersi.objects.filter(skema=skema).order_by("nomor").first()
    if existing is not None:
        return existing
    drafter = User.objects.filter(email=DRAFTER).first()
    validator = User.objects.filter(email=VALIDATOR).first()
    if drafter is None or validator is None:
        return None
    versi = services.muk_versi_create(skema=skema, actor=drafter)
    for unit in skema.units.order_by("urutan"):
        _seed_unit(versi, unit, drafter)
    versi = services.muk_versi_submit(versi=versi, actor=drafter)
    try:
        versi = services.muk_versi_validate(
            versi=versi,
            validator=validator,
            temuan=TEMUAN,
            secret=DEMO_PASSWORD,
            consent=True,
            ip="127.0.0.1",
            user_agent="seed_demo",
        )
    except RecordError:
        # The Komite's password was changed: v1 stays submitted, for validating on its page.
        log.warning("MUK demo versi %s belum divalidasi: tanda tangan FR.VA gagal.", versi.nomor)
    return versi
