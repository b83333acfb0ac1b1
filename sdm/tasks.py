from celery import shared_task


@shared_task(acks_late=True)
def send_expiry_reminders() -> int:
    """Daily (beat): the X-3 expiry reminders due today. Safe to run twice: each reminder is
    sent once per document, expiry date and threshold. Returns the e-mails sent."""
    from .reminders import reminders_send

    return reminders_send()
