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
