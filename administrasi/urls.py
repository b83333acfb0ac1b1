from django.urls import path

from . import views

app_name = "administrasi"

urlpatterns = [
    path("", views.home_view, name="home"),
]
