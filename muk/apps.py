from django.apps import AppConfig


class MukConfig(AppConfig):
    name = "muk"
    verbose_name = "Skema dan MUK"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("Skema & MUK", "muk:home", permissions.can_open, order=30))
