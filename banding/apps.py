from django.apps import AppConfig


class BandingConfig(AppConfig):
    name = "banding"
    verbose_name = "Banding dan pengaduan"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("Banding", "banding:home", permissions.can_open, order=20))
