"""lsp-portal: the project package and cross-cutting kernel (base models, workflow, storage)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
