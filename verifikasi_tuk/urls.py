from django.urls import path

from . import views

app_name = "verifikasi_tuk"

urlpatterns = [
    path("", views.home_view, name="home"),
]
