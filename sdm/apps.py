from django.apps import AppConfig


class SdmConfig(AppConfig):
    name = "sdm"
    verbose_name = "Sumber daya manusia"

    def ready(self):
        from administrasi.permissions import register_subject_rule
        from lsp_portal.navigation import NavItem, register
        from lsp_portal.reminders import register_source

        from . import permissions, sources
        from .models import Asesor

        register(NavItem("SDM", "sdm:home", permissions.can_open, order=40))
        register(NavItem("Profil asesor saya", "sdm:saya", permissions.is_asesor, order=41))
        # the asesor sees the records about their own profile (the yearly declaration).
        register_subject_rule(Asesor, permissions.visible_asesor_ids)
        for source in sources.SOURCES:
            register_source(source)

        from lsp_portal import worklist as kernel_worklist

        from . import worklist

        kernel_worklist.register(worklist.declaration_to_sign, order=30)
        for order, provider in enumerate(worklist.REMINDERS, start=10):
            kernel_worklist.register(provider, section=kernel_worklist.REMINDERS, order=order)
