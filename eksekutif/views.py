import platform
from datetime import timedelta

import django
from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from akun.models import AuditEntry, Role, User
from akun.permissions import module_required
from lsp_portal.health import run_checks
from sdm.reminders import upcoming

from .permissions import can_open, can_view_system_status


@module_required(can_open)
def home_view(request):
    """Executive landing: accounts per role and activity of the last 30 days."""
    since = timezone.now() - timedelta(days=30)
    roles = Role.objects.annotate(
        active_members=Count("group__user", filter=Q(group__user__is_active=True), distinct=True)
    )
    return render(
        request,
        "eksekutif/home.html",
        {
            "roles": roles,
            "user_count": User.objects.filter(is_active=True).count(),
            "new_users": User.objects.filter(date_joined__gte=since).count(),
            "audit_count": AuditEntry.objects.filter(timestamp__gte=since).count(),
            "peringatan": upcoming(user=request.user),  # documents about to expire, from every source
        },
    )


@module_required(can_view_system_status)
def system_status_view(request):
    """For Staf TI: the same checks as /healthz, with versions and the security settings."""
    ok, checks = run_checks()
    return render(
        request,
        "eksekutif/system_status.html",
        {
            "ok": ok,
            "checks": checks,
            "versions": {
                "Python": platform.python_version(),
                "Django": django.get_version(),
            },
            "mfa_required": settings.LSP_MFA_REQUIRED,
            "debug": settings.DEBUG,
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "storage": settings.STORAGES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "eager": settings.CELERY_TASK_ALWAYS_EAGER,
        },
    )
