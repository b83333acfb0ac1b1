"""Default text of the keyed public pages (SE-A4.1), created once after migrate.

The text follows FLOW.md §1 (the certification journey, face-to-face and remote per
SE.007/BNSP/V/2023) and §3 (appeals and complaints), written for an applicant. Once a page
exists it is the LSP's to edit: a later migrate never overwrites it.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

ALUR_SERTIFIKASI = """\
Halaman ini menjelaskan langkah yang Anda lalui sebagai pemohon, dari mendaftar sampai \
menerima sertifikat kompetensi. Asesmen dilaksanakan tatap muka di Tempat Uji Kompetensi \
(TUK), atau jarak jauh melalui video untuk skema yang telah disetujui BNSP. Semua formulir \
diisi dan ditandatangani secara elektronik di portal ini, tanpa kertas.

## Langkah sertifikasi

1. **Daftar dan lengkapi profil.** Buat akun di portal ini, lengkapi data diri, pilih skema \
sertifikasi, dan unggah bukti persyaratan dasar, misalnya ijazah, sertifikat pelatihan, atau \
surat keterangan kerja.
2. **Ajukan permohonan (FR.APL.01).** Isi formulir permohonan, pilih tujuan asesmen \
(sertifikasi, sertifikasi ulang, pengakuan kompetensi terkini, atau rekognisi pembelajaran \
lampau), lalu tandatangani secara elektronik.
3. **Pemeriksaan oleh admin LSP.** Admin memeriksa kelengkapan bukti Anda. Bila belum memenuhi, \
Anda menerima alasannya, dapat memperbaikinya, lalu mengajukan kembali.
4. **Asesmen mandiri (FR.APL.02).** Nilai sendiri kompetensi Anda untuk setiap elemen unit \
(kompeten atau belum kompeten) dan lampirkan bukti pendukung.
5. **Penjadwalan.** LSP menetapkan tanggal, TUK yang telah diverifikasi, dan asesor yang \
kompeten untuk skema Anda dan tidak memiliki konflik kepentingan dengan Anda. Anda menerima \
pemberitahuan jadwal.
6. **Pra-asesmen (FR.AK.01).** Asesor meninjau asesmen mandiri Anda, menjelaskan rencana \
asesmen, hak Anda, dan cara mengajukan banding. Anda dan asesor menandatangani persetujuan \
asesmen sebelum asesmen dimulai.
7. **Asesmen.** Asesor menjalankan metode yang direncanakan: observasi praktik, tes tertulis, \
tanya jawab, wawancara, atau pemeriksaan portofolio.
8. **Rekomendasi dan umpan balik (FR.AK.02, FR.AK.03).** Asesor menyampaikan rekomendasi \
kompeten (K) atau belum kompeten (BK) untuk setiap unit beserta umpan balik, dan Anda mengisi \
umpan balik atas proses asesmen.
9. **Keputusan sertifikasi.** Komite teknis yang tidak terlibat dalam asesmen Anda memutuskan \
hasilnya dalam rapat pleno, ditetapkan dengan SK Ketua LSP.
10. **Sertifikat.** Bila Anda kompeten, sertifikat elektronik terbit dengan kode QR yang dapat \
diperiksa keasliannya oleh siapa pun. Bila belum kompeten, Anda menerima daftar unit yang \
belum kompeten beserta tindak lanjutnya, dan dapat mengajukan permohonan kembali.

## Asesmen tatap muka

- Asesmen berlangsung di TUK yang ditetapkan LSP, pada tanggal dan jam sesuai jadwal.
- Bawa KTP asli: asesor mencocokkan identitas Anda sebelum asesmen dimulai.
- Formulir tetap diisi dan ditandatangani secara elektronik melalui portal ini.

## Asesmen jarak jauh

- Hanya untuk skema yang telah disetujui BNSP untuk sertifikasi jarak jauh \
(SE.007/BNSP/V/2023).
- Jadwal Anda memuat tautan konferensi video. Siapkan perangkat dengan kamera, mikrofon, dan \
koneksi internet yang stabil, serta ikuti pemeriksaan perangkat sebelum hari asesmen.
- Pra-asesmen dilakukan melalui video, dan Anda menyatakan persetujuan atas perekaman asesmen.
- Di awal sesi asesor memeriksa identitas Anda di depan kamera (wajah dan KTP) serta \
memeriksa ruangan: tidak ada orang lain dan tidak ada bahan yang dilarang.
- Seluruh sesi direkam (video, suara, dan layar). Rekaman disimpan secara rahasia oleh LSP \
sebagai bukti asesmen.
- Tes tertulis dikerjakan di aplikasi dengan batas waktu.
- Bila koneksi terputus, kejadian itu dicatat, lalu asesmen dilanjutkan atau dijadwalkan \
ulang sesuai SOP LSP.

## Setelah sertifikat terbit

Sertifikat berlaku selama masa yang ditetapkan skema, umumnya tiga tahun. Selama masa \
berlaku LSP dapat melakukan surveilans. Sebelum masa berlaku berakhir, ajukan sertifikasi \
ulang melalui portal ini.

## Bila Anda tidak setuju dengan keputusan

Anda dapat mengajukan banding atas keputusan asesmen. Prosesnya dijelaskan pada halaman SOP \
banding dan pengaduan.
"""

SOP_BANDING_PENGADUAN = f"""\
Setiap peserta sertifikasi berhak mengajukan banding atas keputusan asesmen, dan setiap orang \
dapat menyampaikan pengaduan tentang layanan LSP. Halaman ini menjelaskan prosedurnya. \
Dokumen SOP resmi yang berlaku, disahkan Ketua LSP, dimuat di bawah halaman ini beserta \
nomor, versi, dan tanggal berlakunya, dan dapat diunduh sebagai PDF.

## Banding atas keputusan asesmen

**Siapa dan kapan.** Asesi yang dinyatakan belum kompeten, atau yang keberatan atas proses \
asesmennya, dapat mengajukan banding paling lambat {settings.BANDING_BATAS_HARI} hari sejak \
keputusan disampaikan, yaitu sejak SK keputusan ditandatangani Ketua LSP.

**Cara mengajukan.** Masuk ke portal, buka permohonan Anda, lalu pilih **Ajukan banding**. \
Isi formulir FR.AK.04: jawab tiga pertanyaan (Ya/Tidak), tulis alasan banding, unggah bukti \
pendukung (PDF, JPG, atau PNG) bila ada, lalu tandatangani dengan kata sandi Anda. Anda \
langsung menerima nomor banding dan salinan FR.AK.04.

1. **Diajukan.** FR.AK.04 tercatat dengan nomor banding.
2. **Diregistrasi.** Admin LSP memeriksa kelengkapan dan meregistrasi banding; Anda diberi tahu \
nomor dan batas waktu keputusan.
3. **Dikaji.** Manajer Sertifikasi membentuk tim banding beranggotakan sekurang-kurangnya \
{settings.BANDING_PANEL_MIN_ANGGOTA} orang yang tidak terlibat dalam asesmen maupun keputusan \
yang dibanding, dengan seorang ketua tim. Tim memeriksa bukti dan rekaman asesmen, dan dapat \
mengadakan sidang daring untuk mendengar keterangan asesi dan asesor.
4. **Diputuskan.** Tim banding memutuskan banding ditolak (keputusan semula tetap) atau \
diterima (keputusan diubah atau asesi diases ulang oleh asesor yang berbeda), dengan alasan \
tertulis, paling lambat {settings.BANDING_BATAS_KEPUTUSAN_HARI} hari sejak banding diajukan. \
Keputusan dituangkan dalam SK keputusan banding.
5. **Disampaikan.** Setelah SK keputusan banding ditandatangani Ketua LSP, hasil dan alasannya \
disampaikan kepada asesi melalui portal dan surel.

**Siapa memutuskan.** Tim banding yang dibentuk Manajer Sertifikasi memutuskan; Ketua LSP \
menandatangani SK keputusan banding. Keputusan banding bersifat final di tingkat LSP.

**Setelah keputusan.** Bila banding diterima, LSP menindaklanjuti dengan asesmen ulang atau \
perubahan keputusan. Bila ditolak, asesi tetap dapat mengajukan permohonan asesmen ulang.

## Prinsip penanganan

- Mengajukan banding tidak merugikan asesi.
- Orang yang terlibat dalam keputusan yang dibanding tidak ikut memutus banding.
- Rekaman asesmen yang asli tidak pernah diubah, dan setiap langkah tercatat beserta pelaku \
dan waktunya.
- Banding atas asesmen jarak jauh diajukan dan diproses secara daring, termasuk pemeriksaan \
rekaman asesmen oleh tim banding.

## Pengaduan

Keluhan tentang layanan LSP, asesor, atau TUK dapat disampaikan oleh siapa pun kepada \
sekretariat LSP. Pengaduan dicatat dan diberi nomor, penerimaannya dikonfirmasi, lalu \
diperiksa, ditindaklanjuti, dan dijawab secara tertulis. Pengaduan tidak ditangani oleh orang \
yang diadukan, dan identitas pengadu dijaga.

## Dokumen SOP

Dokumen SOP banding dan pengaduan yang berlaku disahkan Ketua LSP; versi yang berlaku \
dimuat di bawah ini dan dapat diunduh sebagai PDF. Untuk bertanya tentang proses ini, \
hubungi sekretariat LSP melalui kontak pada halaman profil.
"""

DEFAULT_PAGES = {
    "alur-sertifikasi": {
        "judul": "Alur sertifikasi",
        "meta_deskripsi": (
            "Langkah sertifikasi kompetensi dari pendaftaran sampai sertifikat terbit, "
            "dengan asesmen tatap muka di TUK atau jarak jauh melalui video."
        ),
        "isi": ALUR_SERTIFIKASI,
    },
    "sop-banding-pengaduan": {
        "judul": "SOP banding dan pengaduan",
        "meta_deskripsi": (
            "Cara mengajukan banding atas keputusan asesmen dan menyampaikan pengaduan, "
            "serta bagaimana LSP menanganinya."
        ),
        "isi": SOP_BANDING_PENGADUAN,
    },
}


def ensure_default_pages(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate hook: create each keyed page that is missing; never touch existing ones."""
    from .models import HalamanPublik

    pages = HalamanPublik.objects.using(using)
    existing = set(pages.values_list("kunci", flat=True))
    for kunci in HalamanPublik.Kunci.values:
        if kunci not in existing:
            pages.create(kunci=kunci, **DEFAULT_PAGES[kunci])
