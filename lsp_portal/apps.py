from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "lsp_portal"
    verbose_name = "Inti sistem"
