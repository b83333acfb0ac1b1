"""Realistic snapshots for the benchmark (content from ../shared/domain/SAMPLE_SCHEME.md).

`fr_ak02()` is an FR.AK.02 (Rekaman Asesmen Kompetensi) of the Junior Web Developer scheme:
8 units, each with code, title, evidence, K/BK and tindak lanjut, plus the evidence per
element, about 60 table rows overall, as the records engine's generic template renders it.
`sertifikat(n)` is a certificate: holder, scheme, validity and its 6 units (one page);
`sk_keputusan(batch, holders)` the SK keputusan of one assessment batch (batch signing).
"""

UNITS = [
    (
        "J.620100.004.02",
        "Menggunakan Struktur Data",
        [
            "Mengidentifikasi konsep data dan struktur data",
            "Menerapkan struktur data dan akses terhadap struktur data tersebut",
        ],
    ),
    (
        "J.620100.011.01",
        "Melakukan Instalasi Software Tools Pemrograman",
        [
            "Memilih tools pemrograman yang sesuai dengan kebutuhan",
            "Instalasi tool pemrograman",
            "Menerapkan hasil pemodelan ke dalam eksekusi script sederhana",
        ],
    ),
    (
        "J.620100.017.02",
        "Mengimplementasikan Pemrograman Terstruktur",
        [
            "Menggunakan tipe data dan control program",
            "Membuat program sederhana",
            "Membuat program menggunakan prosedur dan fungsi",
            "Membuat program menggunakan array",
            "Membuat program untuk akses file",
            "Mengkompilasi program",
        ],
    ),
    (
        "J.620100.005.02",
        "Mengimplementasikan User Interface",
        ["Mengidentifikasi rancangan user interface", "Melakukan implementasi rancangan user interface"],
    ),
    (
        "J.620100.016.01",
        "Menulis Kode dengan Prinsip sesuai Guidelines dan Best Practices",
        [
            "Menerapkan coding-guidelines dan best practices dalam penulisan program (kode sumber)",
            "Menggunakan ukuran performansi dalam menuliskan kode sumber",
        ],
    ),
    (
        "J.620100.019.02",
        "Menggunakan Library atau Komponen Pre-Existing",
        [
            "Melakukan pemilihan unit-unit reuse yang potensial",
            "Melakukan integrasi library atau komponen pre-existing dengan source code yang ada",
            "Melakukan pembaharuan library atau komponen pre-existing yang digunakan",
        ],
    ),
    (
        "J.620100.023.02",
        "Membuat Dokumen Kode Program",
        [
            "Melakukan identifikasi kode program",
            "Membuat dokumentasi modul program",
            "Membuat dokumentasi fungsi, prosedur atau method program",
            "Men-generate dokumentasi",
        ],
    ),
    (
        "J.620100.025.02",
        "Melakukan Debugging",
        [
            "Mempersiapkan kode program",
            "Melakukan debugging",
            "Memperbaiki program",
        ],
    ),
]

EVIDENCE = {
    "J.620100.004.02": ["Observasi demonstrasi (FR.IA.01)", "Pertanyaan tertulis PG (FR.IA.05)"],
    "J.620100.011.01": ["Observasi demonstrasi (FR.IA.01)", "Portofolio (FR.IA.08)"],
    "J.620100.017.02": [
        "Observasi demonstrasi (FR.IA.01)",
        "Pertanyaan tertulis PG (FR.IA.05)",
        "Portofolio (FR.IA.08)",
    ],
    "J.620100.005.02": ["Observasi demonstrasi (FR.IA.01)", "Pertanyaan lisan (FR.IA.07)"],
    "J.620100.016.01": ["Observasi demonstrasi (FR.IA.01)", "Pertanyaan tertulis esai (FR.IA.06)"],
    "J.620100.019.02": [
        "Observasi demonstrasi (FR.IA.01)",
        "Pertanyaan lisan (FR.IA.07)",
        "Pernyataan pihak ketiga (FR.IA.10)",
    ],
    "J.620100.023.02": ["Portofolio (FR.IA.08)", "Pertanyaan tertulis esai (FR.IA.06)"],
    "J.620100.025.02": ["Observasi demonstrasi (FR.IA.01)", "Pertanyaan wawancara (FR.IA.09)"],
}

# Portfolio and other evidence the assessor checked (valid, asli, terkini, memadai).
PORTFOLIO = [
    {"kode": f"B{i:02d}", "uraian": uraian, "jenis": jenis, "vatm": "V A T M"}
    for i, (uraian, jenis) in enumerate(
        [
            ("Ijazah D3 Teknik Informatika", "tidak langsung"),
            ("Transkrip nilai semester 1-6", "tidak langsung"),
            ("Sertifikat pelatihan Pemrograman Web Dasar (BLK)", "tidak langsung"),
            ("Surat keterangan kerja magang sebagai web developer", "tidak langsung"),
            ("Tautan repositori kode proyek koperasi simpan pinjam", "tidak langsung"),
            ("Tangkapan layar aplikasi hasil tugas praktik", "langsung"),
            ("Berkas kode sumber hasil tugas praktik (ZIP)", "langsung"),
            ("Lembar jawaban pertanyaan tertulis pilihan ganda", "tambahan"),
            ("Lembar jawaban pertanyaan tertulis esai", "tambahan"),
            ("Rekaman jawaban pertanyaan lisan", "tambahan"),
            ("Pernyataan atasan magang (pihak ketiga)", "tidak langsung"),
            ("Dokumentasi kode program (README dan docstring)", "langsung"),
        ],
        start=1,
    )
]

BK_UNIT = "J.620100.025.02"  # one unit not yet competent: realistic, and exercises tindak lanjut


def fr_ak02(asesi: str = "Rina Wulandari", asesor: str = "Budi Santoso, S.Kom.") -> dict:
    """An FR.AK.02-sized snapshot (8 units, ~60 table rows)."""
    units = []
    elements = []
    for kode, judul, elemen in UNITS:
        bk = kode == BK_UNIT
        units.append(
            {
                "kode_unit": kode,
                "judul_unit": judul,
                "bukti": ", ".join(EVIDENCE[kode]),
                "rekomendasi": "BK" if bk else "K",
                "tindak_lanjut": (
                    "Asesmen ulang elemen 2 melalui observasi demonstrasi debugging program "
                    "berbasis web dalam 30 hari kerja."
                    if bk
                    else "-"
                ),
            }
        )
        for i, nama in enumerate(elemen, start=1):
            gagal = bk and i == 2
            elements.append(
                {
                    "kode_unit": kode,
                    "elemen": f"E{i} {nama}",
                    "bukti": EVIDENCE[kode][(i - 1) % len(EVIDENCE[kode])],
                    "hasil": "BK" if gagal else "K",
                    "catatan": (
                        "Breakpoint dan inspeksi variabel belum dilakukan; galat ditemukan dengan print."
                        if gagal
                        else "Sesuai KUK."
                    ),
                }
            )
    return {
        "identitas": {
            "judul_skema": "Junior Web Developer (Pengembang Web Pratama)",
            "nomor_skema": "SKM/LSP-DEMO/JWD/01/2025",
            "acuan": "SKKNI No. 282 Tahun 2016",
            "tuk": "TUK Sewaktu SMK Negeri 2 Contoh Kota",
            "nama_asesor": asesor,
            "no_reg_met": "MET.000.001234.2024",
            "nama_asesi": asesi,
            "tanggal_mulai": "12 Mei 2026 08.00 WIB",
            "tanggal_selesai": "12 Mei 2026 15.30 WIB",
            "metode": "Jarak jauh (daring) sesuai SE.007/BNSP/V/2023",
        },
        "rekaman_per_unit": units,
        "bukti_per_elemen": elements,
        "daftar_bukti": PORTFOLIO,
        "rekomendasi_asesor": {
            "rekomendasi": "Belum kompeten (BK) pada 1 dari 8 unit",
            "unit_bk": BK_UNIT,
            "umpan_balik": "Umpan balik diberikan secara lisan melalui konferensi video pada 12 Mei 2026.",
            "komentar_asesor": (
                "Asesi menunjukkan pemahaman struktur data dan antarmuka yang baik; pada debugging "
                "perlu latihan memakai debugger interaktif. Semua bukti asli, valid, terkini dan memadai."
            ),
        },
        "catatan": (
            "Rekaman ini dibuat setelah seluruh instrumen asesmen (FR.IA.01, FR.IA.05 sampai FR.IA.10) "
            "selesai, dan ditandatangani asesor lalu asesi setelah umpan balik diberikan."
        ),
    }


def table_rows(data: dict) -> int:
    """Body rows of the tables the generic template draws from `data` (headers excluded):
    a list of dicts is a table, a dict is a two-column table."""
    rows = 0
    for value in data.values():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            rows += len(value)
    return rows


def sertifikat(n: int) -> dict:
    """A certificate snapshot (one page) for holder number `n`."""
    return {
        "pemegang": {
            "nama": f"Peserta Uji {n:04d}",
            "nomor_registrasi": f"62010 2433 {n:04d} 2026",
            "skema": "Junior Web Developer (Pengembang Web Pratama)",
            "nomor_skema": "SKM/LSP-DEMO/JWD/01/2025",
            "kualifikasi": "Okupasi",
            "berlaku_sampai": "11 Mei 2029",
        },
        "unit_kompetensi": [{"kode_unit": kode, "judul_unit": judul} for kode, judul, _ in UNITS[:6]],
        "keterangan": (
            "Sertifikat ini diterbitkan atas dasar keputusan sertifikasi dan dapat diperiksa "
            "keasliannya melalui kode QR."
        ),
    }


def sk_keputusan(batch: int, holders: range) -> dict:
    """The SK keputusan of assessment batch `batch`: the Komite Teknis meeting, the scheme and
    the decision on each participant whose certificate numbers are in `holders`."""
    return {
        "rapat": {"tanggal": "2026-11-25"},
        "skema": {"kode": "SKM/LSP-DEMO/JWD/01/2025", "judul": "Junior Web Developer"},
        "peserta": [
            {
                "nama": f"Peserta Uji {n:04d}",
                "nomor_registrasi": f"62010 2433 {n:04d} 2026",
                "keputusan": "kompeten",
            }
            for n in holders
        ],
        "menimbang": [
            f"bahwa rapat Komite Teknis pada tanggal 25 November 2026 telah meninjau rekaman dan "
            f"rekomendasi asesor atas asesmen kompetensi batch {batch} skema Junior Web Developer;",
        ],
    }
