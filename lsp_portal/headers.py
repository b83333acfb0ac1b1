"""Permissions-Policy on every response: the browser features in
settings.PERMISSIONS_POLICY are off unless a view turns one on with @permissions_policy
(the remote assessment will need camera and microphone on its own pages)."""

from functools import wraps

from django.conf import settings

HEADER = "Permissions-Policy"


def policy_header(overrides=None) -> str:
    policy = {**settings.PERMISSIONS_POLICY, **(overrides or {})}
    return ", ".join(f"{feature}={allow}" for feature, allow in policy.items())


def permissions_policy(**overrides):
    """View decorator: allow features on this view's pages, e.g.
    `@permissions_policy(camera="(self)", microphone="(self)")`. Feature names use `_`
    for `-` (display_capture)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response[HEADER] = policy_header({k.replace("_", "-"): v for k, v in overrides.items()})
            return response

        return wrapped

    return decorator


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_header()
        return response
