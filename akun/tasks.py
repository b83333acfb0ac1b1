from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_account_email(self, *, subject: str, body: str, to: list, from_email: str, alternatives=()):
    """Send one account e-mail (verification, password reset...). Retries while the mail
    server is unreachable; plain data in, so it is safe to retry."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def notify_role_change(self, *, role_id: int, actor_id: int, change: str, ip: str = "") -> None:
    """E-mail the Ketua that a role changed (SE-A4.4). Ids in; retries while the mail
    server is unreachable."""
    from .services import role_notify_ketua  # avoids an import cycle

    role_notify_ketua(role_id=role_id, actor_id=actor_id, change=change, ip=ip)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def verify_audit(self) -> int:
    """Daily (Celery beat): walk the audit hash chain and e-mail the Ketua and Staf TI when
    it is broken (X-4). Returns the number of problems. Retries while the mail server is
    unreachable; a repeat only checks and mails again."""
    from .audit import verify_and_alert  # avoids importing models at worker start-up

    return len(verify_and_alert())
