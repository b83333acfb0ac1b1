from django.urls import path

from . import views, views_apl02, views_impor, views_jadwal, views_permohonan, views_praasesmen, views_staff

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
    # collective registration from an .xlsx sheet (views_impor)
    path("impor/", views_impor.impor_view, name="impor"),
    path("impor/templat.xlsx", views_impor.impor_templat_view, name="impor-templat"),
]
