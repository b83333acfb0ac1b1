from django.urls import path

from . import (
    views,
    views_ak,
    views_apl02,
    views_blanko,
    views_impor,
    views_jadwal,
    views_lembar,
    views_permohonan,
    views_pleno,
    views_praasesmen,
    views_rekaman,
    views_sertifikat,
    views_sesi,
    views_staff,
    views_ujian,
)

app_name = "sertifikasi"

urlpatterns = [
    path("", views.home_view, name="home"),
    # FR.APL.01 by the applicant (views_permohonan)
    path("permohonan/baru/", views_permohonan.permohonan_baru_view, name="permohonan-baru"),
    path("permohonan/<int:pk>/", views_permohonan.permohonan_detail_view, name="permohonan"),
    path("permohonan/<int:pk>/ubah/", views_permohonan.permohonan_ubah_view, name="permohonan-ubah"),
    path(
        "permohonan/<int:pk>/persyaratan/<int:persyaratan_pk>/unggah/",
        views_permohonan.bukti_unggah_view,
        name="bukti-unggah",
    ),
    path("permohonan/<int:pk>/bukti/<int:bukti_pk>/", views_permohonan.bukti_unduh_view, name="bukti-unduh"),
    path("permohonan/<int:pk>/ajukan/", views_permohonan.permohonan_ajukan_view, name="permohonan-ajukan"),
    # staff: the list and verification (views_staff)
    path("permohonan/", views_staff.permohonan_list_view, name="permohonan-list"),
    path("permohonan/<int:pk>/verifikasi/", views_staff.verifikasi_view, name="verifikasi"),
    # FR.APL.02 (views_apl02)
    path("permohonan/<int:pk>/apl02/", views_apl02.apl02_view, name="apl02"),
    path("permohonan/<int:pk>/apl02/bukti/", views_apl02.apl02_bukti_view, name="apl02-bukti"),
    path("permohonan/<int:pk>/apl02/ajukan/", views_apl02.apl02_ajukan_view, name="apl02-ajukan"),
    path("permohonan/<int:pk>/apl02/reviu/", views_apl02.apl02_reviu_view, name="apl02-reviu"),
    # pra-asesmen by the assessor and the applicant (views_praasesmen)
    path("permohonan/<int:pk>/rencana/", views_praasesmen.rencana_view, name="rencana"),
    path("permohonan/<int:pk>/ak07/", views_praasesmen.ak07_view, name="ak07"),
    path("permohonan/<int:pk>/ak01/usul/", views_praasesmen.ak01_usul_view, name="ak01-usul"),
    path(
        "permohonan/<int:pk>/ak01/tandatangan/",
        views_praasesmen.ak01_tandatangan_view,
        name="ak01-tandatangan",
    ),
    path("permohonan/<int:pk>/konflik/", views_praasesmen.konflik_view, name="konflik"),
    # batches (views_jadwal)
    path("jadwal/", views_jadwal.jadwal_list_view, name="jadwal-list"),
    path("jadwal/baru/", views_jadwal.jadwal_baru_view, name="jadwal-baru"),
    path("jadwal/<int:pk>/", views_jadwal.jadwal_detail_view, name="jadwal"),
    path("jadwal/<int:pk>/ubah/", views_jadwal.jadwal_ubah_view, name="jadwal-ubah"),
    path("jadwal/<int:pk>/asesor/", views_jadwal.jadwal_asesor_view, name="jadwal-asesor"),
    path("jadwal/<int:pk>/peserta/", views_jadwal.jadwal_peserta_view, name="jadwal-peserta"),
    path(
        "jadwal/<int:pk>/peserta/<int:permohonan_pk>/keluarkan/",
        views_jadwal.jadwal_keluarkan_view,
        name="jadwal-keluarkan",
    ),
    path("jadwal/<int:pk>/spt/konfirmasi/", views_jadwal.spt_konfirmasi_view, name="spt-konfirmasi"),
    # Journey II: the batch's session (views_sesi) and its recordings (views_rekaman)
    path("jadwal/<int:pk>/reviu-instrumen/", views_sesi.reviu_instrumen_view, name="reviu-instrumen"),
    path("jadwal/<int:pk>/sesi/", views_sesi.sesi_view, name="sesi"),
    path("jadwal/<int:pk>/sesi/hadir/", views_sesi.hadir_view, name="sesi-hadir"),
    path("jadwal/<int:pk>/sesi/perpanjang/", views_sesi.perpanjang_view, name="sesi-perpanjang"),
    path("jadwal/<int:pk>/sesi/log/", views_sesi.log_view, name="sesi-log"),
    path(
        "jadwal/<int:pk>/sesi/identitas/<int:permohonan_pk>/",
        views_sesi.identitas_view,
        name="sesi-identitas",
    ),
    path(
        "jadwal/<int:pk>/sesi/identitas/foto/<int:cek_pk>/",
        views_sesi.identitas_foto_view,
        name="sesi-identitas-foto",
    ),
    path("jadwal/<int:pk>/sesi/berita-acara/", views_sesi.berita_acara_view, name="sesi-berita-acara"),
    path("jadwal/<int:pk>/sesi/rekaman/", views_rekaman.rekaman_view, name="rekaman"),
    path("jadwal/<int:pk>/sesi/rekaman/mulai/", views_rekaman.rekaman_mulai_view, name="rekaman-mulai"),
    path("jadwal/<int:pk>/sesi/rekaman/selesai/", views_rekaman.rekaman_selesai_view, name="rekaman-selesai"),
    path(
        "jadwal/<int:pk>/sesi/rekaman/<int:rekaman_pk>/",
        views_rekaman.rekaman_file_view,
        name="rekaman-file",
    ),
    # Journey II: the candidate's instruments (views_lembar; the timed FR.IA.05 in views_ujian)
    path("permohonan/<int:pk>/asesmen/", views_lembar.asesmen_view, name="asesmen"),
    path("permohonan/<int:pk>/asesmen/<int:lembar_pk>/", views_lembar.lembar_view, name="lembar"),
    path(
        "permohonan/<int:pk>/asesmen/<int:lembar_pk>/kirim/",
        views_lembar.lembar_kirim_view,
        name="lembar-kirim",
    ),
    path(
        "permohonan/<int:pk>/asesmen/<int:lembar_pk>/berkas/",
        views_lembar.lembar_berkas_view,
        name="lembar-berkas",
    ),
    path(
        "permohonan/<int:pk>/asesmen/<int:lembar_pk>/berkas/<int:berkas_pk>/",
        views_lembar.lembar_berkas_file_view,
        name="lembar-berkas-file",
    ),
    path(
        "permohonan/<int:pk>/asesmen/<int:lembar_pk>/pihak-ketiga/",
        views_lembar.pihak_ketiga_view,
        name="pihak-ketiga",
    ),
    path("pihak-ketiga/<str:token>/", views_lembar.pihak_ketiga_jawab_view, name="pihak-ketiga-jawab"),
    path("permohonan/<int:pk>/ujian/<int:lembar_pk>/", views_ujian.ujian_view, name="ujian"),
    path(
        "permohonan/<int:pk>/ujian/<int:lembar_pk>/jawab/", views_ujian.ujian_jawab_view, name="ujian-jawab"
    ),
    path(
        "permohonan/<int:pk>/ujian/<int:lembar_pk>/selesai/",
        views_ujian.ujian_selesai_view,
        name="ujian-selesai",
    ),
    # Journey II: the records of the assessment (views_ak)
    path("permohonan/<int:pk>/ak02/", views_ak.ak02_view, name="ak02"),
    path("permohonan/<int:pk>/ak02/tandatangan/", views_ak.ak02_tandatangan_view, name="ak02-tandatangan"),
    path("permohonan/<int:pk>/ak03/", views_ak.ak03_view, name="ak03"),
    path("jadwal/<int:pk>/ak05/", views_ak.ak05_view, name="ak05"),
    path("jadwal/<int:pk>/ak06/", views_ak.ak06_view, name="ak06"),
    # collective registration from an .xlsx sheet (views_impor)
    path("impor/", views_impor.impor_view, name="impor"),
    path("impor/templat.xlsx", views_impor.impor_templat_view, name="impor-templat"),
    # Journey II: the decision (views_pleno)
    path("pleno/", views_pleno.pleno_list_view, name="pleno-list"),
    path("jadwal/<int:pk>/pleno/baru/", views_pleno.pleno_baru_view, name="pleno-baru"),
    path("pleno/<int:pk>/", views_pleno.pleno_view, name="pleno"),
    path("pleno/<int:pk>/keputusan/<int:permohonan_pk>/", views_pleno.keputusan_view, name="keputusan"),
    path("pleno/<int:pk>/sk/", views_pleno.pleno_sk_view, name="pleno-sk"),
    path("pleno/<int:pk>/tandatangan/", views_pleno.pleno_tandatangan_view, name="pleno-tandatangan"),
    path("permohonan/<int:pk>/konflik-pleno/", views_pleno.konflik_pleno_view, name="konflik-pleno"),
    # Journey II: certificates (views_sertifikat)
    path("sertifikat/saya/", views_sertifikat.sertifikat_saya_view, name="sertifikat-saya"),
    path("sertifikat/", views_sertifikat.sertifikat_list_view, name="sertifikat-list"),
    path("sertifikat/ekspor.xlsx", views_sertifikat.sertifikat_ekspor_view, name="sertifikat-ekspor"),
    path("sertifikat/<int:pk>/", views_sertifikat.sertifikat_view, name="sertifikat"),
    path("sertifikat/<int:pk>/unduh/", views_sertifikat.sertifikat_unduh_view, name="sertifikat-unduh"),
    path("sertifikat/<int:pk>/status/", views_sertifikat.sertifikat_status_view, name="sertifikat-status"),
    path(
        "sertifikat/<int:pk>/registrasi/",
        views_sertifikat.sertifikat_registrasi_view,
        name="sertifikat-registrasi",
    ),
    path(
        "sertifikat/registrasi/impor/",
        views_sertifikat.registrasi_impor_view,
        name="sertifikat-registrasi-impor",
    ),
    path(
        "sertifikat/registrasi/templat.xlsx",
        views_sertifikat.registrasi_templat_view,
        name="sertifikat-registrasi-templat",
    ),
    path("sertifikat/impor/", views_sertifikat.sertifikat_impor_view, name="sertifikat-impor"),
    path(
        "sertifikat/impor/templat.xlsx",
        views_sertifikat.sertifikat_impor_templat_view,
        name="sertifikat-impor-templat",
    ),
    # Journey II: the BNSP blanko list and re-certification (views_blanko)
    path("jadwal/<int:pk>/blanko.xlsx", views_blanko.blanko_view, name="blanko"),
    path("blanko/kolom/", views_blanko.blanko_kolom_view, name="blanko-kolom"),
    path("sertifikat/<int:pk>/ulang/", views_blanko.sertifikasi_ulang_view, name="sertifikasi-ulang"),
]
