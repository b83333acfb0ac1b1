"""The public complaint form and its e-mail verification (no login, X-5), mounted at
/pengaduan/ by lsp_portal/urls.py."""

from django.urls import path

from . import views_pengaduan

app_name = "pengaduan"

urlpatterns = [
    path("", views_pengaduan.pengaduan_form_view, name="form"),
    path("terkirim/", views_pengaduan.pengaduan_sent_view, name="terkirim"),
    path("verifikasi/<str:token>/", views_pengaduan.pengaduan_verify_view, name="verifikasi"),
]
