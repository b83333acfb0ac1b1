from django.apps import AppConfig


class VerifikasiTukConfig(AppConfig):
    name = "verifikasi_tuk"
    verbose_name = "Verifikasi TUK"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions

        register(NavItem("Verifikasi TUK", "verifikasi_tuk:home", permissions.can_open, order=42))
