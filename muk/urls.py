from django.urls import path

from . import views

app_name = "muk"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("skema/", views.skema_list_view, name="skema-list"),
    path("skema/baru/", views.skema_create_view, name="skema-create"),
    path("skema/impor-templat.xlsx", views.import_template_view, name="import-template"),
    path("skema/<int:pk>/", views.skema_detail_view, name="skema-detail"),
    path("skema/<int:pk>/ubah/", views.skema_edit_view, name="skema-edit"),
    path("skema/<int:pk>/impor/", views.skema_import_view, name="skema-import"),
    path("skema/<int:pk>/persyaratan/", views.persyaratan_edit_view, name="persyaratan-edit"),
]
