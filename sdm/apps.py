from django.apps import AppConfig


class SdmConfig(AppConfig):
    name = "sdm"
    verbose_name = "Sumber daya manusia"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("SDM", "sdm:home", permissions.can_open, order=40))
