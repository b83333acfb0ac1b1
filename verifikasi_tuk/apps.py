from django.apps import AppConfig


class VerifikasiTukConfig(AppConfig):
    name = "verifikasi_tuk"
    verbose_name = "Verifikasi TUK"

    def ready(self):
        from lsp_portal import worklist
        from lsp_portal.navigation import NavItem, register

        from . import permissions
        from .worklist import verification_steps

        register(NavItem("Verifikasi TUK", "verifikasi_tuk:home", permissions.can_open, order=42))
        worklist.register(verification_steps, order=42)
