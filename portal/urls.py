from django.urls import path

from administrasi.models import Sop

from . import views, views_admin
from .models import HalamanPublik

app_name = "portal"

K = HalamanPublik.Kunci

urlpatterns = [
    # public (SE-A4.1), no login
    path("", views.home_view, name="home"),
    path("profil/", views.profil_view, name="profil"),
    path("profil/struktur-organisasi/", views.struktur_organisasi_view, name="struktur-organisasi"),
    path("lisensi/", views.lisensi_view, name="lisensi"),
    path("lisensi/sk/", views.lisensi_berkas_view, name="lisensi-berkas"),
    path("ruang-lingkup/", views.ruang_lingkup_view, name="ruang-lingkup"),
    path("ruang-lingkup/<int:pk>/", views.skema_detail_view, name="skema-detail"),
    path("berita/", views.berita_list_view, name="berita-list"),
    path("berita/<slug:slug>/", views.berita_detail_view, name="berita-detail"),
    path(
        "alur-sertifikasi/",
        views.halaman_view,
        {"kunci": K.ALUR_SERTIFIKASI.value},
        name=K.ALUR_SERTIFIKASI.value,
    ),
    path(
        "sop-banding-pengaduan/",
        views.halaman_view,
        {"kunci": K.SOP_BANDING_PENGADUAN.value, "sop_jenis": Sop.Jenis.BANDING.value},
        name=K.SOP_BANDING_PENGADUAN.value,
    ),
    path(
        "sop-banding-pengaduan/unduh/",
        views.sop_pdf_view,
        {"sop_jenis": Sop.Jenis.BANDING.value},
        name="sop-banding-pengaduan-pdf",
    ),
    path("sop/<int:pk>/unduh/", views.sop_versi_pdf_view, name="sop-versi-pdf"),
    # staff: akun.manage_portal
    path("portal-admin/", views_admin.admin_home_view, name="admin-home"),
    path("portal-admin/profil/", views_admin.profil_edit_view, name="profil-edit"),
    path("portal-admin/lisensi/", views_admin.lisensi_edit_view, name="lisensi-edit"),
    path("portal-admin/berita/", views_admin.berita_admin_list_view, name="berita-admin-list"),
    path("portal-admin/berita/baru/", views_admin.berita_create_view, name="berita-create"),
    path("portal-admin/berita/<int:pk>/", views_admin.berita_edit_view, name="berita-edit"),
    path("portal-admin/berita/<int:pk>/terbitkan/", views_admin.berita_publish_view, name="berita-publish"),
    path("portal-admin/berita/<int:pk>/tarik/", views_admin.berita_unpublish_view, name="berita-unpublish"),
    path("portal-admin/berita/<int:pk>/hapus/", views_admin.berita_delete_view, name="berita-delete"),
    path("portal-admin/halaman/<str:kunci>/", views_admin.halaman_edit_view, name="halaman-edit"),
]
