from django.urls import path

from . import views, views_dashboard, views_privasi

app_name = "akun"

urlpatterns = [
    path("", views_dashboard.dashboard_view, name="home"),
    path("profil/", views.profile_view, name="profile"),
    path("profil/ubah/", views.profile_edit_view, name="profile-edit"),
    path("profil/data-saya/", views_privasi.data_saya_view, name="data-saya"),
    path("privasi/terbitkan/", views_privasi.kebijakan_terbitkan_view, name="privasi-terbitkan"),
    path("peran/", views.role_list_view, name="role-list"),
    path("peran/baru/", views.role_create_view, name="role-create"),
    path("peran/<slug:code>/", views.role_detail_view, name="role-detail"),
    path("peran/<slug:code>/hak-akses/", views.role_permissions_view, name="role-permissions"),
    path("peran/<slug:code>/anggota/tambah/", views.role_member_add_view, name="role-member-add"),
    path(
        "peran/<slug:code>/anggota/<int:user_id>/cabut/",
        views.role_member_remove_view,
        name="role-member-remove",
    ),
    path("audit/", views.audit_list_view, name="audit-list"),
]
