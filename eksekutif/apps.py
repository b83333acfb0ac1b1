from django.apps import AppConfig


class EksekutifConfig(AppConfig):
    name = "eksekutif"
    verbose_name = "Eksekutif dan kepatuhan"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("Dasbor eksekutif", "eksekutif:home", permissions.can_open, order=60))
        register(
            NavItem("Status sistem", "eksekutif:system-status", permissions.can_view_system_status, order=61)
        )
