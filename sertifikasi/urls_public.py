"""The public register of certificate holders (no login), mounted at /sertifikat/ by
lsp_portal/urls.py."""

from django.urls import path

from . import views_publik

app_name = "sertifikat_publik"

urlpatterns = [
    path("", views_publik.cari_view, name="cari"),
    path("periksa/", views_publik.periksa_view, name="periksa"),
    path("<str:token>/", views_publik.detail_view, name="detail"),
]
