from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AkunConfig(AppConfig):
    name = "akun"
    verbose_name = "Akun dan peran"

    def ready(self):
        from lsp_portal.navigation import NavItem, register

        from . import permissions
        from .roles import ensure_builtin_roles

        post_migrate.connect(ensure_builtin_roles, sender=self)

        from lsp_portal import personal_data

        from .privasi import akun_data_pribadi, ensure_default_policy

        post_migrate.connect(ensure_default_policy, sender=self)
        personal_data.register(akun_data_pribadi, order=10)

        register(NavItem("Dasbor saya", "akun:home", lambda u: u.is_authenticated, order=1, exact=True))
        register(NavItem("Akun saya", "akun:profile", lambda u: u.is_authenticated, order=90))
        register(NavItem("Peran & hak akses", "akun:role-list", permissions.can_manage_roles, order=80))
        register(NavItem("Jejak audit", "akun:audit-list", permissions.can_view_audit, order=81))
