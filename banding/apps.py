from django.apps import AppConfig


class BandingConfig(AppConfig):
    name = "banding"
    verbose_name = "Banding dan pengaduan"

    def ready(self):
        from administrasi.permissions import register_subject_rule
        from lsp_portal.navigation import NavItem, register, register_decision_action
        from lsp_portal.record_hooks import on_final

        from . import permissions, services
        from .models import Banding

        register(NavItem("Banding", "banding:home", permissions.can_open, order=20))
        # The candidate's decided application offers "Ajukan banding" while can_file holds.
        register_decision_action(ajukan_banding_action)
        # FR.AK.04 and the SK keputusan banding are visible to whoever sees the appeal
        # (the appellant, its panel, its Ketua, banding staff).
        register_subject_rule(Banding, permissions.visible_banding)
        # The Ketua's signature on the SK keputusan banding sends the decision.
        on_final("SK-KEPUTUSAN-BANDING")(services.sk_banding_final)
        # UU PDP: the appellant's download of their data includes their appeals.
        from lsp_portal import personal_data

        from .personal_data import banding_data

        personal_data.register(banding_data, order=60)


def ajukan_banding_action(user, keputusan):
    """ "Ajukan banding" on the candidate's decision while they may file (can_file)."""
    from django.urls import reverse

    from .permissions import can_file

    if can_file(user, keputusan):
        return ("Ajukan banding", reverse("banding:ajukan", args=[keputusan.pk]))
    return None
