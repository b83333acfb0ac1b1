"""Issue 10 item 8: security headers on every response, and templates a strict CSP can
serve (no inline script or style). The browser crawl (test_browser_crawl.py) shows the
policy holds in a real browser; these tests pin the headers themselves over HTTP."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from lsp_portal.headers import PermissionsPolicyMiddleware, permissions_policy

pytestmark = pytest.mark.embedded

OFF_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture")


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def features(response):
    return dict(item.strip().split("=", 1) for item in response.headers["Permissions-Policy"].split(","))


@pytest.mark.parametrize("path", ["/", "/akun/login/", "/ruang-lingkup/"])
def test_public_pages_carry_a_self_only_csp_without_inline_script_or_style(client, db, path):
    """Issue 10 item 8: default-src 'self'; scripts and styles from our origin only."""
    response = client.get(path)
    policy = directives(response)
    assert response.status_code == 200
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_signed_in_pages_carry_the_same_csp(login, admin_lsp):
    """Issue 10 item 8: the policy is not only on public pages."""
    response = login(admin_lsp).get("/akun/peran/")
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]


def test_error_pages_carry_the_csp(client, db):
    """Issue 10 item 8: a 404 page is HTML too."""
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert directives(response)["default-src"] == ["'self'"]


def test_the_technical_admin_has_no_csp_exception(login, db):
    """Issue 10 item 8: Django's admin runs under the same policy (the browser crawl checks
    it breaks none of it), so /admin-teknis/ gets no weaker header."""
    from akun.models import User

    superuser = User.objects.create_superuser("teknis@uji.lsp.id", "Rahasia#Kuat2026", nama_lengkap="Teknis")
    response = login(superuser).get("/admin-teknis/")
    assert response.status_code == 200
    assert directives(response)["style-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/healthz", "/tidak-ada-halaman-ini/"])
def test_every_response_turns_camera_microphone_geolocation_and_payment_off(client, db, path):
    """Issue 10 item 8: Permissions-Policy denies powerful features by default."""
    policy = features(client.get(path))
    for feature in OFF_FEATURES:
        assert policy[feature] == "()", feature


def test_a_view_can_allow_camera_and_microphone_on_its_own_pages():
    """Issue 10 item 8: the coming remote assessment turns on what it needs, for itself."""

    @permissions_policy(camera="(self)", microphone="(self)")
    def assessment_room(request):
        return HttpResponse("ruang asesmen")

    response = PermissionsPolicyMiddleware(assessment_room)(RequestFactory().get("/ruang/"))
    policy = features(response)
    assert (policy["camera"], policy["microphone"]) == ("(self)", "(self)")
    assert policy["geolocation"] == "()"
    assert policy["payment"] == "()"


def test_the_default_permissions_policy_names_every_feature_off():
    """Issue 10 item 8: the settings list only denials; an allowance is a view's choice."""
    assert set(settings.PERMISSIONS_POLICY.values()) == {"()"}


# --- templates a strict CSP can serve -------------------------------------------------

BASE = Path(settings.BASE_DIR)
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def html_templates():
    """Every template a browser gets: templates/ and each app's templates/, except the PDF
    templates WeasyPrint renders (templates/*/pdf/ and the benchmark's), never served."""
    roots = [BASE / "templates", *BASE.glob("*/templates")]
    return [
        path
        for root in roots
        if root.parent.name != "bench"
        for path in root.rglob("*.html")
        if "pdf" not in path.relative_to(root).parts
    ]


def test_no_served_template_has_inline_script_style_or_handlers():
    """Issue 10 item 8: what the CSP would block is not in the templates at all."""
    templates = html_templates()
    found = [
        f"{path.relative_to(BASE)}:{text[: m.start()].count(chr(10)) + 1}: {what}"
        for path in templates
        for text in [path.read_text()]
        for what, pattern in INLINE.items()
        for m in pattern.finditer(text)
    ]
    assert len(templates) > 50
    assert found == []


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<p style="color: red">',
        "<style>p {}</style>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_the_template_check_finds_each_inline_kind(markup):
    assert any(pattern.search(markup) for pattern in INLINE.values())


@pytest.mark.parametrize(
    "markup", ['<script src="/static/js/signature-pad.js"></script>', '<script type="application/json">{}']
)
def test_the_template_check_lets_external_and_data_scripts_pass(markup):
    assert not any(pattern.search(markup) for pattern in INLINE.values())


def test_every_table_scroll_region_is_named_and_reachable_by_keyboard():
    """Issue 10 item 19: a wide table scrolls inside .table-wrap; the keyboard reaches it
    (tabindex=0) and a screen reader names it (role=region with aria-label/-labelledby),
    which axe-core's scrollable-region-focusable asks for. Checked here on every template,
    so a new table gets it before any browser runs."""
    wrapper = re.compile(r"<div\b[^>]*\bclass=\"table-wrap\"[^>]*>")
    bad = [
        f"{path.relative_to(BASE)}: {tag}"
        for path in html_templates()
        for tag in wrapper.findall(path.read_text())
        if not ('tabindex="0"' in tag and 'role="region"' in tag and re.search(r"aria-label(ledby)?=", tag))
    ]
    assert bad == []
