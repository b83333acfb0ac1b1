"""The dashboard: the page everyone lands on after login (LOGIN_REDIRECT_URL)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lsp_portal import worklist

from .models import Role
from .permissions import has_role


@login_required
def dashboard_view(request):
    """What waits on the signed-in person, from every app's worklist providers: things to
    do (records to sign, MUK to validate, the yearly declaration...) and documents ending
    soon that they look after, each with a count and a link. An Asesi with nothing open is
    shown how to apply."""
    items = worklist.items_for(request.user)
    nothing_open = not any(items.values())
    return render(
        request,
        "akun/dashboard.html",
        {
            "tasks": items[worklist.TASKS],
            "reminders": items[worklist.REMINDERS],
            "how_to_apply": nothing_open and has_role(request.user, Role.Code.ASESI),
        },
    )
