from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .health import may_see_details, run_checks


@never_cache
def healthz(request):
    """Reports database, broker and storage; 503 when any of them fails. Anyone (the
    container's probe, a load balancer) learns only the status; the checks' details
    (versions, bucket, error text) go to a caller with the token or the right."""
    ok, checks = run_checks()
    body = {"status": "ok" if ok else "error"}
    if may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if ok else 503)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
