from django.urls import path

from . import views, views_banding

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
