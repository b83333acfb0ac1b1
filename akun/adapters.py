from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .tasks import send_account_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: applicants sign up as Asesi; e-mail leaves through Celery so a slow
    mail server never holds a web request."""

    def is_open_for_signup(self, request):
        return getattr(settings, "LSP_SIGNUP_OPEN", True)

    def send_mail(self, template_prefix, email, context):
        msg = self.render_mail(template_prefix, email, context)
        alternatives = [(content, mimetype) for content, mimetype in getattr(msg, "alternatives", [])]
        send_account_email.delay(
            subject=msg.subject, body=msg.body, to=list(msg.to), from_email=msg.from_email,
            alternatives=alternatives,
        )
