"""The text a first draft of each SOP starts from (administrasi.sop.sop_draft_start): the
appeal and complaint SOP written out from the procedure the portal runs (deadlines from the
settings), the others as the headings an SOP has, for the LSP to fill in. Plain text as
lsp_portal.text renders it."""

from django.conf import settings

from .models import Sop

J = Sop.Jenis

JUDUL = {
    J.MELAYANI_SJJ: "Pelayanan Sertifikasi Jarak Jauh",
    J.ASESMEN_JJ: "Asesmen Jarak Jauh",
    J.VERIFIKASI_TUK_JJ: "Verifikasi Tempat Uji Kompetensi Jarak Jauh",
    J.BANDING: "Penanganan Banding dan Pengaduan",
    J.MELAYANI_NIRKERTAS: "Pelayanan Sertifikasi Nirkertas",
}

NOMOR = {
    J.MELAYANI_SJJ: "SOP-SJJ-01",
    J.ASESMEN_JJ: "SOP-SJJ-02",
    J.VERIFIKASI_TUK_JJ: "SOP-SJJ-03",
    J.BANDING: "SOP-SJJ-04",
    J.MELAYANI_NIRKERTAS: "SOP-NK-01",
}

KERANGKA = """\
## 1. Tujuan

(Tuliskan tujuan prosedur ini.)

## 2. Ruang lingkup

(Tuliskan kegiatan dan pihak yang diatur prosedur ini.)

## 3. Acuan

- SKKNI Nomor 333 Tahun 2020
- Surat Edaran BNSP Nomor SE.007/BNSP/V/2023

## 4. Tanggung jawab

(Tuliskan siapa bertanggung jawab atas setiap langkah.)

## 5. Prosedur

1. (Langkah pertama.)

## 6. Rekaman

(Tuliskan rekaman yang dihasilkan dan di mana disimpan.)
"""


def banding() -> str:
    return f"""\
## 1. Tujuan

Menjamin setiap banding atas keputusan asesmen dan setiap pengaduan tentang layanan LSP \
ditangani secara adil, tidak memihak, tepat waktu, dan terekam, termasuk untuk asesmen \
jarak jauh.

## 2. Ruang lingkup

Banding asesi atas keputusan sertifikasi (FR.AK.04) sejak diajukan sampai keputusan banding \
disampaikan, dan pengaduan dari siapa pun tentang LSP, asesor, TUK, atau sertifikat sejak \
diterima sampai ditutup.

## 3. Acuan

- SKKNI Nomor 333 Tahun 2020
- Surat Edaran BNSP Nomor SE.007/BNSP/V/2023
- Pedoman BNSP tentang persyaratan umum LSP

## 4. Tanggung jawab

- **Admin LSP** meregistrasi banding dan pengaduan serta menjaga rekamannya.
- **Manajer Sertifikasi** membentuk tim banding.
- **Tim banding** (sekurang-kurangnya {settings.BANDING_PANEL_MIN_ANGGOTA} orang yang tidak \
terlibat dalam asesmen maupun keputusan yang dibanding) mengkaji dan memutus banding.
- **Ketua LSP** menandatangani SK keputusan banding.

## 5. Prosedur banding

1. Asesi mengajukan banding melalui portal dengan FR.AK.04 paling lambat \
{settings.BANDING_BATAS_HARI} hari sejak keputusan disampaikan, dengan alasan dan bukti, \
dan menandatanganinya secara elektronik; banding mendapat nomor.
2. Admin LSP meregistrasi banding; asesi diberi tahu nomor dan batas waktu keputusan.
3. Manajer Sertifikasi membentuk tim banding; anggota yang terlibat atau memiliki benturan \
kepentingan ditolak.
4. Tim banding memeriksa bukti dan rekaman asesmen, dan dapat mengadakan sidang daring \
yang direkam.
5. Tim banding memutuskan banding diterima atau ditolak dengan alasan tertulis paling lambat \
{settings.BANDING_BATAS_KEPUTUSAN_HARI} hari sejak banding diajukan.
6. Ketua LSP menandatangani SK keputusan banding; hasil dan alasannya disampaikan kepada \
asesi melalui portal dan surel.
7. Banding yang diterima ditindaklanjuti dengan asesmen ulang atau perubahan keputusan, \
yang ditautkan pada banding.

## 6. Prosedur pengaduan

1. Siapa pun menyampaikan pengaduan melalui portal tanpa akun; alamat surel dikonfirmasi \
dan pengaduan mendapat nomor.
2. Sekretariat mengonfirmasi penerimaan, memeriksa, menindaklanjuti, dan menjawab secara \
tertulis, lalu menutup pengaduan.
3. Pengaduan tidak ditangani oleh dan tidak diberitahukan kepada orang yang diadukan.

## 7. Rekaman

FR.AK.04, bukti banding, catatan dan rekaman sidang, SK keputusan banding, serta riwayat \
pengaduan disimpan dalam sistem LSP sekurang-kurangnya satu masa berlaku sertifikat.
"""


def default_text(jenis: str) -> str:
    return banding() if jenis == J.BANDING else KERANGKA
