from types import SimpleNamespace
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied

from lsp_portal.http import client_ip

from .tasks import send_account_email


def email_site(request):
    """What allauth's e-mail templates call `current_site`: the LSP's name and the host the
    person used (SITE_URL's host when there is no request, e.g. a management command)."""
    domain = request.get_host() if request is not None else urlparse(settings.SITE_URL).netloc
    return SimpleNamespace(name=settings.LSP_NAME, domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: applicants sign up as Asesi; e-mail leaves through Celery so a slow
    mail server never holds a web request."""

    def get_client_ip(self, request):
        """allauth's rate limits read the client IP as the audit trail does (X-4)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Alamat IP klien tidak dapat ditentukan.")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys the failed-login limit ("5/5m/key") by the e-mail alone, so anyone
        # could lock an account's owner out by failing five times with it. Keyed by e-mail
        # and client IP, failures lock out only the client that made them; the per-IP
        # limit still bounds how many accounts one client may try.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"

    def is_open_for_signup(self, request):
        return getattr(settings, "LSP_SIGNUP_OPEN", True)

    def send_mail(self, template_prefix, email, context):
        # Same context as allauth's own send_mail: without `current_site` every e-mail
        # would greet with "Halo dari !".
        request = getattr(allauth_context, "request", None) or self.request
        ctx = {"request": request, "email": email, "current_site": email_site(request)}
        ctx.update(context)
        msg = self.render_mail(template_prefix, email, ctx)
        alternatives = [(content, mimetype) for content, mimetype in getattr(msg, "alternatives", [])]
        send_account_email.delay(
            subject=msg.subject,
            body=msg.body,
            to=list(msg.to),
            from_email=msg.from_email,
            alternatives=alternatives,
        )
