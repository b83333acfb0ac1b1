"""The public privacy notice (UU PDP 27/2022, X-10), mounted at /privasi/ (no login)."""

from django.urls import path

from . import views_privasi

app_name = "privasi"

urlpatterns = [
    path("", views_privasi.kebijakan_view, name="terkini"),
    path("<int:versi>/", views_privasi.kebijakan_versi_view, name="versi"),
]
