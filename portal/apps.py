from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal publik"

    def ready(self):
        from django.db.models.signals import post_migrate

        from lsp_portal.navigation import NavItem, register

        from . import permissions
        from .content import ensure_default_pages

        post_migrate.connect(ensure_default_pages, sender=self)

        register(NavItem("Kelola portal", "portal:admin-home", permissions.can_manage_portal, order=70))
