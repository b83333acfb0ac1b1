from django.apps import AppConfig


class SertifikasiConfig(AppConfig):
    name = "sertifikasi"
    verbose_name = "Sertifikasi"

    def ready(self):
        from administrasi.permissions import register_subject_rule
        from lsp_portal import personal_data
        from lsp_portal.navigation import NavItem, register

        from . import permissions
        from .models import Jadwal, Permohonan, Pleno
        from .personal_data import permohonan_data

        register(NavItem("Sertifikasi", "sertifikasi:home", permissions.can_open, order=10))
        # The records of an application or a batch are visible to whoever sees it (SE-A4.8:
        # the applicant, the batch's assessors, staff).
        register_subject_rule(Permohonan, permissions.visible_permohonan)
        register_subject_rule(Jadwal, permissions.visible_jadwal)
        # The SK keputusan lists every candidate's result: staff and its Ketua only.
        register_subject_rule(Pleno, permissions.visible_pleno)
        # Signing the SK keputusan settles the decisions; signing a certificate publishes it.
        from lsp_portal.record_hooks import on_final

        from .services import pleno

        on_final("SK-KEPUTUSAN")(pleno.sk_final)
        on_final("SERTIFIKAT")(pleno.sertifikat_final)
        # UU PDP: the applicant's download of their data includes their applications.
        personal_data.register(permohonan_data, order=50)
        # What waits on each person of the journey, on their dashboard (lsp_portal.worklist).
        from lsp_portal import worklist as kernel_worklist

        from . import worklist

        for order, provider in enumerate(worklist.PROVIDERS, start=40):
            kernel_worklist.register(provider, order=order)
        # holders are reminded of their certificate's end (e-mail and dashboard).
        from lsp_portal.reminders import register_source

        from . import reminders

        register_source(reminders.sertifikat_expiries)
        kernel_worklist.register(
            reminders.own_certificates_ending, section=kernel_worklist.REMINDERS, order=40
        )
