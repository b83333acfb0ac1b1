import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lsp_portal.settings")

app = Celery("lsp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _fresh_content_types(**kwargs):
    """Each task reads content types afresh. A worker lives long: ids an earlier task cached
    are wrong once the table was recreated (a restored database, or a test database flushed
    between tests), and an audit entry written with one fails its foreign key. Costs one
    query per model a task first touches."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
