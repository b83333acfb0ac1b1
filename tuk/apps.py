from django.apps import AppConfig


class TukConfig(AppConfig):
    name = "tuk"
    verbose_name = "Tempat uji kompetensi"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("TUK", "tuk:home", permissions.can_open, order=41))
