"""The record kinds the LSP starts with, created after every migrate when missing.

Once a kind exists its pattern and retention are the LSP's to edit (/administrasi/jenis/),
so a later migrate never resets them. (A post_migrate hook rather than a data migration:
test databases are flushed between transactional tests and get these back the same way.)
"""

A = {"pihak": "asesi", "label": "Asesi"}
S = {"pihak": "asesor", "label": "Asesor"}
K = {"pihak": "ketua", "label": "Ketua/Direktur LSP"}

KINDS = [
    # kode, nama, bernomor, pola, penandatangan (in signing order)[, PDF template]
    # The applicant signs FR.APL.01 and FR.APL.02 when submitting them; who reviews them (the
    # Admin LSP, the assessor) is known only later, so each review is a record of its own,
    # signed by the reviewer, naming the form's number, version and hash (sertifikasi).
    (
        "FR.APL.01",
        "Permohonan Sertifikasi Kompetensi",
        False,
        "",
        [{"pihak": "pemohon", "label": "Pemohon"}],
        "administrasi/pdf/fr_apl01.html",
    ),
    (
        "FR.APL.01-REK",
        "Rekomendasi Admin LSP atas Permohonan (FR.APL.01)",
        False,
        "",
        [{"pihak": "admin", "label": "Admin LSP"}],
    ),
    ("FR.APL.02", "Asesmen Mandiri", False, "", [A], "administrasi/pdf/fr_apl02.html"),
    ("FR.APL.02-REK", "Rekomendasi Asesor atas Asesmen Mandiri (FR.APL.02)", False, "", [S]),
    ("FR.MAPA.01-ASESI", "Rencana Asesmen Asesi (FR.MAPA.01/02)", False, "", [S]),
    (
        "FR.MAPA.01",
        "Merencanakan Aktivitas dan Proses Asesmen",
        False,
        "",
        [{"pihak": "penyusun", "label": "Penyusun"}, {"pihak": "validator", "label": "Validator"}],
    ),
    ("FR.MAPA.02", "Peta Instrumen Asesmen", False, "", [S]),
    ("FR.AK.01", "Persetujuan Asesmen dan Kerahasiaan", False, "", [A, S], "administrasi/pdf/fr_ak01.html"),
    ("FR.AK.02", "Rekaman Asesmen Kompetensi", False, "", [S, A]),
    ("FR.AK.03", "Umpan Balik dan Catatan Asesmen", False, "", [A]),
    ("FR.AK.04", "Banding Asesmen", True, "{seq:03d}/BDG/{bulan_romawi}/{tahun}", [A]),
    ("FR.AK.05", "Laporan Asesmen", False, "", [S]),
    ("FR.AK.06", "Meninjau Proses Asesmen", False, "", [S]),
    ("FR.AK.07", "Ceklis Penyesuaian yang Wajar dan Beralasan", False, "", [S]),
    *[
        (f"FR.IA.{n:02d}", name, False, "", signers)
        for n, name, signers in [
            (1, "Ceklis Observasi Aktivitas", [S]),
            (2, "Tugas Praktik Demonstrasi", [S]),
            (3, "Pertanyaan untuk Mendukung Observasi", [S]),
            (4, "Proyek Singkat / Kegiatan Terstruktur", [A, S]),
            (5, "Pertanyaan Tertulis Pilihan Ganda", [A, S]),
            (6, "Pertanyaan Tertulis Esai", [A, S]),
            (7, "Pertanyaan Lisan", [S]),
            (8, "Ceklis Verifikasi Portofolio", [S]),
            (9, "Pertanyaan Wawancara", [A, S]),
            (10, "Klarifikasi Bukti Pihak Ketiga", [S]),
            (11, "Ceklis Reviu Produk / Meninjau Instrumen", [S]),
        ]
    ],
    # The lead assessor's review of the instruments before a batch (MUK 2020's FR.IA.11,
    # SE-A4.8e); kept apart from FR.IA.11 as the 2023 product review.
    ("FR.IA.11-TINJAU", "Ceklis Meninjau Instrumen Asesmen", False, "", [S]),
    ("FR.VA", "Validasi Asesmen", False, "", [{"pihak": "validator", "label": "Validator"}]),
    (
        "SPT-ASESOR",
        "Surat Perintah Tugas Asesor",
        True,
        "{seq:03d}/SPT-AS/LSP/{bulan_romawi}/{tahun}",
        [K],
        "administrasi/pdf/spt_asesor.html",  # letters: one page (surat_base.html)
    ),
    (
        "SPT-VERIFIKASI-TUK",
        "Surat Perintah Tugas Verifikasi TUK",
        True,
        "{seq:03d}/SPT-VT/LSP/{bulan_romawi}/{tahun}",
        [K],
        "administrasi/pdf/spt_verifikasi_tuk.html",
    ),
    (
        "BA-VERIFIKASI-TUK",
        "Berita Acara Verifikasi TUK",
        True,
        "{seq:03d}/BA-VT/LSP/{bulan_romawi}/{tahun}",
        [{"pihak": "verifikator", "label": "Verifikator TUK"}],
        "administrasi/pdf/berita_acara_verifikasi_tuk.html",
    ),
    (
        "SK-PENETAPAN-TUK",
        "SK Penetapan TUK",
        True,
        "{seq:03d}/SK-TUK/LSP/{bulan_romawi}/{tahun}",
        [K],
        "administrasi/pdf/sk_penetapan_tuk.html",
    ),
    (
        "SK-KOMITE-TEKNIS",
        "SK Komite Teknis",
        True,
        "{seq:03d}/SK-KT/LSP/{bulan_romawi}/{tahun}",
        [K],
        "administrasi/pdf/sk_komite_teknis.html",
    ),
    (
        "SK-KEPUTUSAN",
        "SK Keputusan Sertifikasi",
        True,
        "{seq:03d}/SK-KPTS/LSP/{bulan_romawi}/{tahun}",
        [K],
        "administrasi/pdf/sk_keputusan.html",  # a long participant list may take more pages
    ),
    (
        "SK-KEPUTUSAN-BANDING",
        "SK Keputusan Banding",
        True,
        "{seq:03d}/SK-BDG/LSP/{bulan_romawi}/{tahun}",
        [K],
    ),
    ("BA-ASESMEN", "Berita Acara Asesmen", True, "{seq:03d}/BA-AS/LSP/{bulan_romawi}/{tahun}", [S]),
    (
        "SERTIFIKAT",
        "Sertifikat Kompetensi",
        True,
        "{seq:05d}/SERT/LSP/{tahun}",
        [K],
        "administrasi/pdf/sertifikat.html",  # one page
    ),
    (
        "DEKLARASI-ASESOR",
        "Pernyataan Imparsialitas dan Benturan Kepentingan Asesor",
        True,
        "{seq:03d}/DKL-AS/LSP/{tahun}",
        [S],
    ),
    # One version of an SOP (administrasi.sop, SE-A1.1–A1.4): the Ketua's signature approves it.
    ("SOP", "Standar Operasional Prosedur", False, "", [K], "administrasi/pdf/sop.html"),
    ("DOSIER", "Ekspor Dosier", True, "{seq:04d}/DOS/LSP/{tahun}", []),
    # A void that only the Ketua's signature may make (services/approval.py): the request,
    # issued by the administrator, takes effect when the Ketua signs it.
    (
        "PERSETUJUAN-PEMBATALAN",
        "Persetujuan Pembatalan Dokumen",
        True,
        "{seq:03d}/PBT/LSP/{bulan_romawi}/{tahun}",
        [K],
    ),
]


def ensure_builtin_kinds(**kwargs):
    from .models import JenisDokumen

    generic = JenisDokumen._meta.get_field("template").default
    existing = set(JenisDokumen.objects.values_list("kode", flat=True))
    JenisDokumen.objects.bulk_create(
        [
            JenisDokumen(
                kode=kode,
                nama=nama,
                bernomor=bernomor,
                pola_nomor=pola,
                penandatangan=signers,
                template=template[0] if template else generic,
            )
            for kode, nama, bernomor, pola, signers, *template in KINDS
            if kode not in existing
        ]
    )
    # A kind whose parties changed in this list and that has no record yet takes the new
    # parties (nobody signed under the old ones); once it has records, they are the LSP's.
    from .models import Dokumen

    used = set(Dokumen.objects.values_list("jenis__kode", flat=True).distinct())
    for kode, _, _, _, signers, *_ in KINDS:
        if kode in existing and kode not in used:
            JenisDokumen.objects.filter(kode=kode).exclude(penandatangan=signers).update(
                penandatangan=signers
            )
    # A kind created before it had its own layout gets it; only the generic one is replaced.
    for kode, _, _, _, _, *template in KINDS:
        if template and kode in existing:
            JenisDokumen.objects.filter(kode=kode, template=generic).update(template=template[0])
