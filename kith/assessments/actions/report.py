"""The round's report as a PDF: WeasyPrint renders the same HTML as the printable page.

WeasyPrint would follow any URL in the HTML (images, stylesheets, fonts). A report holds text people
typed, so rendering must never reach the network or the file system beyond Kith's own static files:
the fetcher below serves those and refuses everything else.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that names nothing real: relative links in the report resolve against it, and the
# fetcher only answers for this origin.
BASE_URL = "http://kith.report.invalid/"


class RefusedURL(ValueError):
    """The report asked for something other than one of Kith's static files."""


def static_file_for(url: str) -> Path:
    """The local file behind a static URL of the report, or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(settings.STATIC_URL):
        raise RefusedURL(f"The report may only use Kith's static files, not {url[:200]}")
    name = unquote(parts.path[len(settings.STATIC_URL):])
    try:
        # Collected files first (production names carry a hash), then the source folders.
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
        found = finders.find(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError) as error:
        raise RefusedURL(f"Not a static file: {name[:200]}") from error
    if not found:
        raise RefusedURL(f"No such static file: {name[:200]}")
    return Path(found)


class StaticOnlyFetcher(URLFetcher):
    """Serves Kith's static files to WeasyPrint and nothing else (no HTTP, no file:, no data:)."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """The PDF of a report's HTML (system sans-serif fonts, static files only)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
