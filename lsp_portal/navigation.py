"""Per-role navigation. Each app registers its entries in AppConfig.ready(); the kernel
imports no app. An entry is shown when its `visible(user)` check (from the app's
permissions.py) says so, so the menu never offers a page that would answer 403.

Also the public pages' fixed links (public_links), the same for every visitor."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable
    order: int = 100
    exact: bool = False  # current only on its own URL (the dashboard /akun/, not every /akun/... page)


_registry: list[NavItem] = []


def register(item: NavItem):
    if item not in _registry:
        _registry.append(item)


def items_for(user):
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name, "exact": item.exact}
        for item in sorted(_registry, key=lambda i: (i.order, i.label))
        if item.visible(user)
    ]


# The links of the public navigation (templates/portal/_public_nav.html) and of the public
# register's light layout (templates/base_publik.html): URL names without arguments.
PUBLIC_LINKS = {
    "beranda": "portal:home",
    "profil": "portal:profil",
    "lisensi": "portal:lisensi",
    "ruang_lingkup": "portal:ruang-lingkup",
    "alur_sertifikasi": "portal:alur-sertifikasi",
    "tuk": "tuk_public:list",
    "register": "sertifikat_publik:cari",
    "periksa": "sertifikat_publik:periksa",
    "berita": "portal:berita-list",
    "banding_pengaduan": "portal:sop-banding-pengaduan",
    "privasi": "privasi:terkini",
    "masuk": "account_login",
    "daftar": "account_signup",
}


def public_links() -> dict[str, str]:
    """PUBLIC_LINKS reversed ({"register": "/sertifikat/", ...}), once per URLconf and
    script prefix: they take no argument, so they never change in between, and thirteen
    `{% url %}` tags were half of the time a certificate's public page took to render
    (bench/register.py)."""
    return _public_links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.cache
def _public_links(urlconf: str, prefix: str) -> dict[str, str]:
    return {key: reverse(name, urlconf=urlconf) for key, name in PUBLIC_LINKS.items()}


def context(request):
    user = getattr(request, "user", None)
    nav = items_for(user) if user is not None else []
    # The entry whose URL is the longest prefix of this page is the current one
    # (/eksekutif/sistem/ is "Status sistem", not also "Dasbor eksekutif").
    matches = [
        e["url"]
        for e in nav
        if request.path == e["url"] or (not e["exact"] and request.path.startswith(e["url"]))
    ]
    best = max(matches, key=len, default=None)
    for entry in nav:
        entry["current"] = entry["url"] == best
    return {
        "nav_items": nav,
        "lsp_name": settings.LSP_NAME,
        "mfa_required": settings.LSP_MFA_REQUIRED,
        "tautan_publik": public_links(),
    }


# Actions a downstream app offers on a certification decision (banding's "Ajukan banding"):
# the journey's page shows them without importing the app (STYLE.md §12). A provider is
# `fn(user, keputusan) -> (label, url) | None`, asked on the candidate's decided application.
_decision_actions: list[Callable] = []


def register_decision_action(fn: Callable) -> None:
    if fn not in _decision_actions:
        _decision_actions.append(fn)


def decision_actions(user, keputusan) -> list[tuple[str, str]]:
    return [a for a in (fn(user, keputusan) for fn in _decision_actions) if a]
