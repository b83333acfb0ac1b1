"""The public TUK pages (no login), mounted at /tuk-terverifikasi/ by lsp_portal/urls.py."""

from django.urls import path

from . import views_public

app_name = "tuk_public"

urlpatterns = [
    path("", views_public.public_list_view, name="list"),
    path("<int:pk>/", views_public.public_detail_view, name="detail"),
]
