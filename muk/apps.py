from django.apps import AppConfig


class MukConfig(AppConfig):
    name = "muk"
    verbose_name = "Skema dan MUK"

    def ready(self):
        from administrasi.permissions import register_subject_rule
        from lsp_portal import schemes
        from lsp_portal.navigation import NavItem, register

        from . import permissions, selectors
        from .models import MukVersi

        register(NavItem("Skema & MUK", "muk:home", permissions.can_open, order=30))
        # FR.VA records are about a MUK version: whoever may open the version may open them.
        register_subject_rule(MukVersi, permissions.fr_va_visible_ids)
        # Records and sdm read schemes as values through the kernel, never by importing muk.
        schemes.register(selectors.scheme_values)
        # The TUK verification checklist lists each scheme's equipment line by line.
        schemes.register_tuk_requirements(selectors.tuk_requirement_values)

        from lsp_portal import worklist

        from .worklist import versions_to_validate

        worklist.register(versions_to_validate, order=20)
