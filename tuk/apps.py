from django.apps import AppConfig


class TukConfig(AppConfig):
    name = "tuk"
    verbose_name = "Tempat uji kompetensi"

    def ready(self):
        from lsp_portal.navigation import NavItem, register
        from lsp_portal.reminders import register_source

        from . import permissions, reminders

        register(NavItem("TUK", "tuk:home", permissions.can_open, order=41))
        register_source(reminders.verifikasi_expiries)  # renew the verification in time

        from lsp_portal import worklist as kernel_worklist

        from .worklist import verifications_ending

        kernel_worklist.register(verifications_ending, section=kernel_worklist.REMINDERS, order=20)
