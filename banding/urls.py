from django.urls import path

from . import views, views_banding, views_pengaduan

app_name = "banding"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("keputusan/<int:keputusan_pk>/ajukan/", views_banding.ajukan_view, name="ajukan"),
    path("daftar/", views_banding.daftar_view, name="daftar"),
    path("<int:pk>/", views_banding.detail_view, name="detail"),
    path("<int:pk>/bukti/<int:bukti_pk>/", views_banding.bukti_view, name="bukti"),
    path("<int:pk>/registrasi/", views_banding.registrasi_view, name="registrasi"),
    path("<int:pk>/tim/", views_banding.panel_view, name="panel"),
    path("<int:pk>/sidang/", views_banding.sidang_view, name="sidang"),
    path("<int:pk>/keputusan/", views_banding.putuskan_view, name="putuskan"),
    path("<int:pk>/tindak-lanjut/", views_banding.tindak_lanjut_view, name="tindak-lanjut"),
]

# Complaints, the staff's side; the public form is banding/urls_publik.py.
urlpatterns += [
    path("pengaduan/", views_pengaduan.pengaduan_list_view, name="pengaduan-list"),
    path("pengaduan/<int:pk>/", views_pengaduan.pengaduan_detail_view, name="pengaduan-detail"),
    path("pengaduan/<int:pk>/lampiran/", views_pengaduan.pengaduan_lampiran_view, name="pengaduan-lampiran"),
    path(
        "pengaduan/<int:pk>/konfirmasi/",
        views_pengaduan.pengaduan_acknowledge_view,
        name="pengaduan-acknowledge",
    ),
    path(
        "pengaduan/<int:pk>/tindak-lanjut/",
        views_pengaduan.pengaduan_investigate_view,
        name="pengaduan-investigate",
    ),
    path("pengaduan/<int:pk>/jawab/", views_pengaduan.pengaduan_respond_view, name="pengaduan-respond"),
    path("pengaduan/<int:pk>/tutup/", views_pengaduan.pengaduan_close_view, name="pengaduan-close"),
    path("pengaduan/<int:pk>/terkait/", views_pengaduan.pengaduan_terkait_view, name="pengaduan-terkait"),
]
