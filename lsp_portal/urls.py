from allauth.account import views as account_views
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.urls import include, path

from . import views, views_notifikasi

admin.site.site_header = "Administrasi teknis LSP Portal"
admin.site.site_title = "LSP Portal"
# The admin's own login form would bypass allauth (rate limits, MFA): send everyone
# through allauth's login, and let only active staff reach the admin at all.
admin.site.login = staff_member_required(admin.site.login, login_url="account_login")

# The kernel's own pages: each person's notifications (lsp_portal.notifications).
notifikasi_patterns = (
    [
        path("", views_notifikasi.notifikasi_list_view, name="list"),
        path("<int:pk>/buka/", views_notifikasi.notifikasi_open_view, name="open"),
        path("baca-semua/", views_notifikasi.notifikasi_read_all_view, name="read-all"),
    ],
    "notifikasi",
)

urlpatterns = [
    path("", include("portal.urls")),
    path("healthz", views.healthz, name="healthz"),
    # Sign-up writes the user, the e-mail address and the Asesi role: all or nothing.
    path("akun/signup/", transaction.atomic(account_views.signup), name="account_signup"),
    path("akun/", include("allauth.urls")),
    path("akun/", include("akun.urls")),
    path("sdm/", include("sdm.urls")),
    path("tuk/", include("tuk.urls")),
    path("tuk-terverifikasi/", include("tuk.urls_public")),
    path("administrasi/", include("administrasi.urls")),
    path("verifikasi/", include("administrasi.urls_public")),
    path("privasi/", include("akun.urls_privasi")),
    path("muk/", include("muk.urls")),
    path("sertifikasi/", include("sertifikasi.urls")),
    path("sertifikat/", include("sertifikasi.urls_public")),
    path("verifikasi-tuk/", include("verifikasi_tuk.urls")),
    path("banding/", include("banding.urls")),
    path("pengaduan/", include("banding.urls_publik")),
    path("eksekutif/", include("eksekutif.urls")),
    path("notifikasi/", include(notifikasi_patterns)),
    path("admin-teknis/", admin.site.urls),
]

handler400 = "lsp_portal.views.error_400"
handler403 = "lsp_portal.views.error_403"
handler404 = "lsp_portal.views.error_404"
handler500 = "lsp_portal.views.error_500"
