from django.urls import path

from . import views

app_name = "eksekutif"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("sistem/", views.system_status_view, name="system-status"),
]
