from django.apps import AppConfig


class SertifikasiConfig(AppConfig):
    name = "sertifikasi"
    verbose_name = "Sertifikasi"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("Sertifikasi", "sertifikasi:home", permissions.can_open, order=10))
