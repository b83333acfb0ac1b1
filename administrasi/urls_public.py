from django.urls import path

from . import views

app_name = "verifikasi"

urlpatterns = [
    path("", views.dokumen_verify_start_view, name="start"),
    path("dokumen/<str:token>/", views.dokumen_verify_view, name="dokumen"),
]
