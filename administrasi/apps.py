from django.apps import AppConfig


class AdministrasiConfig(AppConfig):
    name = "administrasi"
    verbose_name = "Administrasi dan arsip"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("Administrasi", "administrasi:home", permissions.can_open, order=50))
        register(
            NavItem("Arsip dokumen", "administrasi:dokumen-list", lambda u: u.is_authenticated, order=51)
        )
