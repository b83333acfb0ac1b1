from django.urls import path

from . import views

app_name = "sdm"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("personel/", views.personel_list_view, name="personel-list"),
    path("personel/baru/", views.personel_create_view, name="personel-create"),
    path("personel/<int:pk>/", views.personel_detail_view, name="personel-detail"),
    path("personel/<int:pk>/ubah/", views.personel_edit_view, name="personel-edit"),
    path("personel/<int:pk>/asesor/", views.asesor_edit_view, name="asesor-edit"),
    path("personel/<int:pk>/sertifikat/baru/", views.sertifikat_create_view, name="sertifikat-create"),
    path("personel/<int:pk>/kontrak/baru/", views.kontrak_create_view, name="kontrak-create"),
    path("sertifikat/<int:pk>/ubah/", views.sertifikat_edit_view, name="sertifikat-edit"),
    path("sertifikat/<int:pk>/berkas/", views.sertifikat_berkas_view, name="sertifikat-berkas"),
    path("kontrak/<int:pk>/ubah/", views.kontrak_edit_view, name="kontrak-edit"),
    path("kontrak/<int:pk>/berkas/", views.kontrak_berkas_view, name="kontrak-berkas"),
    path("asesor/", views.asesor_list_view, name="asesor-list"),
    path("sistem-informasi/", views.sistem_informasi_view, name="sistem-informasi"),
    path("saya/", views.saya_view, name="saya"),
    path("deklarasi/", views.deklarasi_view, name="deklarasi"),
]
