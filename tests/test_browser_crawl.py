"""Issue 10 items 8 and 19: a crawl of the embedded demo in Debian's chromium, as every
demo role and as an anonymous visitor, at a 360 px phone viewport.

Each role starts at its landing page, opens every entry of its menu and then the pages
those link to (one page per URL pattern, at most MAX_PAGES_PER_ROLE per role). Every page
is visited once, and on it:

- the response carries our Content-Security-Policy and the browser reports no violation of
  it (neither a `securitypolicyviolation` event nor a console message);
- axe-core (vendored in tests/vendor/axe-core, no CDN) finds no serious or critical issue.

axe is loaded as a Playwright init script through the DevTools protocol, which the page's
CSP does not govern, so the context keeps the real policy and no bypass hides a violation.
"""

import json
import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

# Not `embedded`: headers and markup do not depend on the database, so once per `make test`.
pytestmark = [pytest.mark.browser]

AXE_VERSION = "4.14.1"
AXE_PATH = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
MAX_PAGES_PER_ROLE = 25
FAILING_IMPACTS = {"serious", "critical"}

# Recorded before any page script runs, in every document of the context.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}` +
    ` (${e.sourceFile || "?"}:${e.lineNumber})`);
});
"""

# Links a crawl must not follow: leaving the site, signing out, the technical admin (not a
# role's page; checked on its own below) and files.
SKIP_PATH = re.compile(r"^/(static|media|admin-teknis)/|^/akun/logout/")


def demo_emails():
    from eksekutif.demo import DEMO_ACCOUNTS

    return [row[0] for row in DEMO_ACCOUNTS]


def watch(context, *, axe=True):
    """Every document of the context records CSP violations and, with `axe`, carries
    axe-core. Init scripts come through the DevTools protocol, which the page's CSP does
    not govern: the context keeps the real policy, no bypass hides a violation."""
    context.add_init_script(WATCH_CSP)
    if axe:
        context.add_init_script(path=AXE_PATH)


def signed_in_context(browser, live_server, email, *, axe=True):
    """A browser context holding a session of `email` (a session cookie made server-side:
    the sign-in page itself is crawled as the anonymous visitor)."""
    from django.test import Client

    from akun.models import User

    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=False)
    if email:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
    watch(context, axe=axe)
    return context


def route_of(path):
    """The URL pattern a path belongs to: one page per pattern is enough for each role."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name or path


def local_path(href, live_server, skip):
    url, _ = urldefrag(href)
    if not url.startswith(live_server.url + "/"):
        return None
    parts = urlsplit(url)
    if skip.search(parts.path):
        return None
    return parts.path  # query strings (filters, pages) show the same template


def links(page, selector, live_server, skip=SKIP_PATH):
    hrefs = page.eval_on_selector_all(f"{selector} a[href]", "els => els.map(a => a.href)")
    return [p for p in (local_path(h, live_server, skip) for h in hrefs) if p]


def check_page(page, url, problems, *, axe=True):
    """Open `url`; record CSP (and axe) problems. Returns False when it is no HTML page."""
    path = urlsplit(url).path
    page.console_texts.clear()
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as exc:
        if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
            return False  # a file (PDF, ZIP): not a page
        raise
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return False
    policy = response.headers.get("content-security-policy", "")
    if "default-src 'self'" not in policy or "unsafe-inline" in policy:
        problems.append(f"{path}: Content-Security-Policy missing or weak: {policy!r}")
    violations = page.evaluate("window.__cspViolations || []")
    violations += [t for t in page.console_texts if "Content Security Policy" in t]
    problems.extend(f"{path}: CSP: {v}" for v in dict.fromkeys(violations))
    # Chromium names a feature of our Permissions-Policy it does not know; keep it clean.
    problems.extend(f"{path}: {t}" for t in page.console_texts if "Permissions-Policy" in t)
    if axe:
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            if v["impact"] in FAILING_IMPACTS:
                targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
                problems.append(f"{path}: axe {v['impact']} {v['id']}: {v['help']} at {targets}")
    return True


def new_page(context):
    page = context.new_page()
    page.console_texts = []
    page.on("console", lambda msg: page.console_texts.append(msg.text))
    return page


def crawl(browser, live_server, email, problems, *, checked_before=()):
    """Visit the role's landing page and every entry of its menu, then the pages those
    link to that no earlier crawl has checked (one page per URL pattern): each page once.
    Returns {route: path} of the pages checked."""
    context = signed_in_context(browser, live_server, email)
    page = new_page(context)
    start = resolve_url(settings.LOGIN_REDIRECT_URL) if email else "/"
    checked, own = {}, set()

    def visit(path, *, skip=()):
        route = route_of(path)
        if route in own or route in skip or len(checked) >= MAX_PAGES_PER_ROLE:
            return False
        own.add(route)
        if not check_page(page, live_server.url + path, problems):
            return False
        checked[route] = path
        return True

    visit(start)
    linked = links(page, "main", live_server)
    for path in dict.fromkeys(links(page, "header nav", live_server)):
        if visit(path, skip=checked_before if path == "/" else ()):
            linked.extend(links(page, "main", live_server))
    for path in dict.fromkeys(linked):
        visit(path, skip=checked_before)
    context.close()
    return checked


@pytest.fixture
def crawl_demo(demo_data_complete):
    from muk.demo import seed_sample_scheme
    from portal.demo import seed_portal_demo

    seed_portal_demo()
    seed_sample_scheme()
    return demo_data_complete


def test_the_technical_admin_works_under_the_same_policy(browser, live_server, transactional_db):
    """Issue 10 item 8: Django's admin (/admin-teknis/) needs no exception: its index,
    every list, and the add and change forms it links to break none of the CSP."""
    from akun.models import User

    User.objects.create_superuser("teknis@uji.lsp.id", "Rahasia#Kuat2026", nama_lengkap="Teknis")
    context = signed_in_context(browser, live_server, "teknis@uji.lsp.id", axe=False)
    page = new_page(context)
    problems, checked = [], []
    not_admin = re.compile(r"^/(?!admin-teknis/)|/logout/|/password/")
    assert check_page(page, live_server.url + "/admin-teknis/", problems, axe=False)
    lists = links(page, "#content-main", live_server, skip=not_admin)
    forms = []
    for path in dict.fromkeys(lists):
        checked.append(path)
        check_page(page, live_server.url + path, problems, axe=False)
        forms.extend(links(page, "#result_list tbody tr:first-child th", live_server, skip=not_admin))
    for path in dict.fromkeys(forms):
        checked.append(path)
        check_page(page, live_server.url + path, problems, axe=False)
    context.close()
    assert len(checked) >= 8, checked
    assert problems == [], "\n".join(problems)


CONTROL_PAGE = """<!DOCTYPE html><html lang="id"><head><title>Kontrol</title>
<link rel="stylesheet" href="/kontrol.css"></head><body><main><h1>Kontrol</h1>
<div class="table-wrap"><table><caption>Lebar</caption><tr><td>%s</td></tr></table></div>
<p style="color: red">gaya sebaris</p><script>document.title = "diubah";</script>
</main></body></html>""" % ("x" * 400)


def test_the_page_check_catches_an_inline_script_style_and_an_unreachable_scroll_region(browser):
    """Issue 10 items 8 and 19: the check the crawl runs reports what it is there to find."""
    from csp.utils import build_policy

    context = browser.new_context(viewport={"width": 360, "height": 740})
    watch(context)
    headers = {"content-type": "text/html; charset=utf-8", "content-security-policy": build_policy()}
    context.route("http://kontrol.test/halaman/", lambda r: r.fulfill(body=CONTROL_PAGE, headers=headers))
    context.route(
        "http://kontrol.test/kontrol.css",
        lambda r: r.fulfill(body=".table-wrap { overflow-x: auto }", content_type="text/css"),
    )
    problems = []
    assert check_page(new_page(context), "http://kontrol.test/halaman/", problems)
    context.close()
    found = "\n".join(problems)
    assert "CSP: script-src-elem blocked inline" in found
    assert "CSP: style-src-attr blocked inline" in found
    assert "axe serious scrollable-region-focusable" in found


def test_axe_is_the_vendored_version(browser):
    """Issue 10 item 19: the crawl runs the axe-core file in tests/vendor, no CDN."""
    context = browser.new_context()
    watch(context)
    page = context.new_page()
    page.set_content("<!DOCTYPE html><html lang='id'><title>x</title><p>x</p></html>")
    assert page.evaluate("axe.version") == AXE_VERSION
    context.close()


def test_every_role_crawls_without_csp_violation_or_serious_axe_issue(browser, live_server, crawl_demo):
    """Issue 10 items 8 and 19 (SE-A4.4): anonymously and as each demo role, the landing
    page, every menu entry and the pages linked from them carry the CSP, break none of it,
    and pass axe-core without a serious or critical violation."""
    problems, checked, routes = [], {}, set()
    for email in [None, *demo_emails()]:
        checked[email or "anonim"] = crawl(browser, live_server, email, problems, checked_before=routes)
        routes |= set(checked[email or "anonim"])
    print(json.dumps({role: sorted(pages.values()) for role, pages in checked.items()}, indent=1))
    assert len(checked["anonim"]) >= 8 and all(len(pages) >= 2 for pages in checked.values()), checked
    assert problems == [], "\n".join(problems)
