"""Kernel tasks: delivering notifications (lsp_portal.notifications) outside the portal."""

from celery import shared_task

# A failed channel is tried again 1, 2, 4 and 8 minutes later, then left recorded as failed.
MAX_RETRIES = 4
RETRY_DELAY_SECONDS = 60


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def deliver_notifikasi(self, notifikasi_id: int) -> dict:
    """Deliver one notification through every enabled channel (queued by notify() after
    commit). Safe to run twice: a channel already delivered is skipped. A failed channel is
    retried with exponential backoff (1, 2, 4, 8 minutes); after the last try it stays
    recorded as `gagal` and the task ends without raising. Returns {channel: status}."""
    from .notifications import Status, notifikasi_deliver  # imports models: not at worker start-up

    outcome = notifikasi_deliver(notifikasi_id=notifikasi_id)
    if Status.GAGAL in outcome.values() and self.request.retries < self.max_retries:
        raise self.retry(countdown=RETRY_DELAY_SECONDS * 2**self.request.retries)
    return outcome


@shared_task(acks_late=True)
def deliver_pending_notifications() -> int:
    """Periodic (beat): queue again the notifications whose delivery never started (the
    broker was down at commit) or whose sender died mid-send. Safe to run twice: delivery
    is idempotent per channel. Returns how many were queued."""
    from .notifications import enabled_channels, pending_notifikasi_ids

    if not enabled_channels():
        return 0
    ids = pending_notifikasi_ids()
    for pk in ids:
        deliver_notifikasi.delay(pk)
    return len(ids)
