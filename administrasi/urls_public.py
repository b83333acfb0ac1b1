from django.urls import path

from . import views

app_name = "verifikasi"

urlpatterns = [
    path("dokumen/<str:token>/", views.dokumen_verify_view, name="dokumen"),
]
