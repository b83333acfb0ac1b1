from django.apps import AppConfig


class AdministrasiConfig(AppConfig):
    name = "administrasi"
    verbose_name = "Administrasi dan arsip"

    def ready(self):
        from django.db.models.signals import post_migrate

        from lsp_portal.navigation import NavItem, register

        from . import permissions
        from .kinds import ensure_builtin_kinds

        post_migrate.connect(ensure_builtin_kinds, sender=self)

        register(NavItem("Administrasi", "administrasi:home", permissions.can_open, order=50))
        register(
            NavItem("Arsip dokumen", "administrasi:dokumen-list", lambda u: u.is_authenticated, order=51)
        )
        register(NavItem("SOP", "administrasi:sop-list", permissions.can_open_sop, order=52))

        # The Ketua's signature on an SOP record approves that version (administrasi.sop).
        from lsp_portal.record_hooks import on_final

        from .sop import KODE as SOP_KODE
        from .sop import sop_final

        on_final(SOP_KODE)(sop_final)
        # An SOP's records (the versions' PDFs) are visible to whoever opens the SOP repository
        # (an auditor too, who has no archive right).
        from .models import Sop
        from .permissions import register_subject_rule, visible_sop

        register_subject_rule(Sop, visible_sop)

        from lsp_portal import worklist

        from .worklist import records_to_sign

        worklist.register(records_to_sign, order=10)

        from lsp_portal import personal_data

        from .personal_data import records_of

        personal_data.register(records_of, order=20)
