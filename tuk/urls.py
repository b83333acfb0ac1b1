from django.urls import path

from . import views

app_name = "tuk"

urlpatterns = [
    path("", views.home_view, name="home"),
]
