from django.urls import path

from . import views

app_name = "tuk"

urlpatterns = [
    path("", views.tuk_list_view, name="home"),
    path("baru/", views.tuk_create_view, name="tuk-create"),
    path("<int:pk>/", views.tuk_detail_view, name="tuk-detail"),
    path("<int:pk>/ubah/", views.tuk_edit_view, name="tuk-edit"),
    path("<int:pk>/status/", views.tuk_status_view, name="tuk-status"),
    path("<int:pk>/kesiapan/", views.kesiapan_edit_view, name="kesiapan-edit"),
    path("<int:pk>/fasilitas/tambah/", views.fasilitas_add_view, name="fasilitas-add"),
    path("<int:pk>/fasilitas/<int:fid>/ubah/", views.fasilitas_edit_view, name="fasilitas-edit"),
    path("<int:pk>/fasilitas/<int:fid>/hapus/", views.fasilitas_delete_view, name="fasilitas-delete"),
]
