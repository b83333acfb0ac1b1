"""Celery wrappers of `banding` (STYLE.md §6): ids in, a service call."""

from celery import shared_task


@shared_task(acks_late=True)
def banding_deadline_reminders(banding_ids: list[int] | None = None) -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the panel and the Manajer told of appeals whose deadline
    is 7 days away or past, once per threshold (banding.reminders)."""
    from .reminders import banding_remind

    return banding_remind(banding_ids=banding_ids)


@shared_task(acks_late=True)
def pengaduan_deadline_reminders(pengaduan_ids: list[int] | None = None) -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the banding staff told of complaints whose answer is due
    in 3 days or overdue, once per threshold, never the person a complaint is about
    (banding.reminders)."""
    from .reminders import pengaduan_remind

    return pengaduan_remind(pengaduan_ids=pengaduan_ids)
