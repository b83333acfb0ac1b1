"""HTML template → PDF bytes with WeasyPrint (pure: no database writes).

The URL fetcher serves only files under the static folders and data: URIs; anything else
(http, file paths outside static) is refused, so rendering never reaches the network.
Fonts: DejaVu and Liberation from Debian's packages (installed by `make run`).
"""

import functools
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


class FetchRefused(ValueError):
    pass


def _static_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """data: URIs and files under STATIC_URL, read from disk; nothing else. A refused
        resource stops the render instead of leaving a silent hole in a record."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            path = unquote(parsed.path)
            if parsed.scheme in ("", "file") and path.startswith(settings.STATIC_URL):
                found = finders.find(path[len(settings.STATIC_URL) :])
                if found:
                    return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": _mime(found)})
            raise FetchRefused(f"Sumber {url!r} tidak diizinkan dalam PDF (hanya berkas statis).")

    return StaticOnlyFetcher


def static_only_fetcher():
    return _static_fetcher_class()()


def _mime(name):
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@functools.lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template: str, context: dict) -> bytes:
    """Render `template` with `context` to A4 PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url="file:///", url_fetcher=static_only_fetcher())
    return document.write_pdf(font_config=_font_config())
