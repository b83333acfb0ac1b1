from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from .audit import request_context
from .permissions import needs_mfa


class AuditActorMiddleware:
    """Attributes every audited write of a request to its user and client IP (X-4)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)


class RequireStaffMFAMiddleware:
    """Sends a staff user without TOTP to enrol it before anything else (LSP_MFA_REQUIRED).

    Only allauth's own views (login, logout, MFA set-up, password) and the health check stay
    reachable, so the role screen and the audit trail are behind MFA too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.LSP_MFA_REQUIRED or not request.user.is_authenticated:
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith("allauth.") or module == "lsp_portal.views":
            return None
        if needs_mfa(request.user) and not _has_totp(request.user):
            messages.warning(
                request,
                "Peran Anda menangani data pihak lain: aktifkan autentikasi dua faktor (TOTP) "
                "sebelum melanjutkan.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return None


def _has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
