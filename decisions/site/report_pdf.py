"""Reports as PDF, made from the same HTML as the report pages (WeasyPrint): tagged for assistive technology
(PDF/UA-1), in the language asked for, with the fonts shipped in static/vendor/fonts/ and nothing fetched from
anywhere else, and the same bytes every time the same report is rendered.

A report page gives `report_pdf_response` its print template and context; the print template includes the
page's own body partial, so the page and its PDF cannot say different things (templates/site/report_print.html).
"""

import hashlib
import logging
import posixpath
import re
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from decisions.caching import cache_get_or_compute, cache_key_build

logger = logging.getLogger(__name__)

PDF_LANGUAGES = ("en", "es")
# The parameters a report's PDF reads; any other is refused, so that no one can ask for the same report under
# endless cache keys, each a new layout.
PDF_PARAMETERS = frozenset({"lang", "as_of", "as_known_at"})
# A layout takes a core for a second or more: a worker process lays out this many at once, and a request that
# finds them all busy for RCM_PDF_WAIT_SECONDS is told to come back (503) instead of queueing without end.
_LAYOUTS = threading.BoundedSemaphore(max(1, settings.RCM_PDF_LAYOUTS))
# A request asking for a PDF another request is laying out waits for it (decisions/caching/flights.py) as long as
# that one may wait for a slot, plus a long layout's time: one layout, whoever asked.
LAYOUT_SECONDS = 10
# What a report may load: its print stylesheet, the vendored fonts and the site's own images.
SERVED_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
# Charts number their ids process-wide (decisions/site/charts.py); the PDF renumbers them in reading order so
# the same report gives the same bytes whichever chart was drawn before it in this process.
_CHART_ID = re.compile(r"\bchart(\d+)-")
# Only where the ids stand: an id, or the ids an aria-labelledby names (a note that reads "chart3-t" stays).
_ID_ATTRIBUTES = re.compile(r'\b(id|aria-labelledby)="([^"]*)"')


class PdfBusy(Exception):
    """Every layout slot of this process stayed busy for RCM_PDF_WAIT_SECONDS."""


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it draws text with (Pango, HarfBuzz, fontconfig) are missing."""


class RefusedFetch(ValueError):
    """A report asked for something other than the site's own static files."""


def _weasyprint():
    """WeasyPrint, imported on first use: without Pango it fails to import (an OSError from cffi), and the site
    must still start and answer every other page."""
    try:
        import weasyprint  # noqa: PLC0415 - imported here so a machine without Pango still serves the site
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def site_base_url() -> str:
    """The address links in a PDF point to (RCM_SITE_URL), the same whoever asked, so the bytes are too."""
    return settings.SITE_URL.rstrip("/") + "/"


def static_file_resolve(*, url: str, base_url: str) -> tuple[str, str]:
    """The file on disk and content type of one of the site's static files named by `url`; RefusedFetch for
    anything else: another host, another scheme (file:, data:, ftp:), a path outside STATIC_URL or climbing
    out of it, a type a report never loads."""
    prefix = urljoin(base_url, settings.STATIC_URL)
    parts, static = urlsplit(url), urlsplit(prefix)
    if (parts.scheme, parts.netloc) != (static.scheme, static.netloc) or not parts.path.startswith(static.path):
        raise RefusedFetch(f"not one of the site's static files: {url[:200]}")
    name = unquote(parts.path[len(static.path) :])
    normal = posixpath.normpath(name)
    if not name or normal != name or normal.startswith(("../", "/")) or "\\" in name or "\x00" in name:
        raise RefusedFetch(f"not a static file name: {url[:200]}")
    content_type = SERVED_TYPES.get(posixpath.splitext(name)[1].lower())
    if content_type is None:
        raise RefusedFetch(f"not a type a report loads: {url[:200]}")
    path = finders.find(name)
    if path is None and settings.STATIC_ROOT and staticfiles_storage.exists(name):
        path = staticfiles_storage.path(name)  # collected, e.g. a hashed name from the manifest
    if path is None:
        raise RefusedFetch(f"no such static file: {url[:200]}")
    return str(path), content_type


def static_fetcher_build(*, base_url: str):
    """A WeasyPrint URL fetcher that serves the site's static files from disk and refuses everything else
    (a progress note's Markdown is written by readers: it must not make the server fetch anything)."""
    weasyprint = _weasyprint()

    class StaticOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            path, content_type = static_file_resolve(url=url, base_url=base_url)
            with open(path, "rb") as handle:
                body = handle.read()
            return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnly(allowed_protocols=("http", "https"), allow_redirects=False)


def _renumber_chart_ids(html: str) -> str:
    numbers: dict[str, int] = {}

    def renumber(match: re.Match) -> str:
        return f"chart{numbers.setdefault(match[1], len(numbers) + 1)}-"

    def in_attribute(match: re.Match) -> str:
        return f'{match[1]}="{_CHART_ID.sub(renumber, match[2])}"'

    return _ID_ATTRIBUTES.sub(in_attribute, html)


def pdf_render(*, html: str, base_url: str) -> bytes:
    """The PDF of an HTML document: PDF/UA-1 (tagged, with /Lang from `<html lang>` and the title as metadata),
    its file identifier derived from the HTML, its dates from the document's `dcterms.created`/`modified`
    meta elements — never the clock — so the same HTML always gives the same bytes."""
    weasyprint = _weasyprint()
    html = _renumber_chart_ids(html)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=static_fetcher_build(base_url=base_url))
    identifier = hashlib.blake2b(html.encode(), digest_size=16).hexdigest().encode()
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)


def pdf_language_from(request: HttpRequest) -> str | None:
    """`?lang=en|es`, else the reader's language; None when `lang` names a language the reports are not in."""
    raw = request.GET.get("lang")
    if raw is None or raw == "":
        active = translation.get_language() or settings.LANGUAGE_CODE
        return active if active in PDF_LANGUAGES else settings.LANGUAGE_CODE
    return raw if raw in PDF_LANGUAGES else None


def document_date(*, day: date | datetime) -> str:
    """A report's date as its PDF records it (W3C date-time, UTC): the day the report shows, not today."""
    moment = day if isinstance(day, datetime) else datetime.combine(day, time.min, tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def report_pdf_response(
    *,
    request: HttpRequest,
    context_build: Callable[[], dict],
    filename: str,
    page_url: str,
    status: int = 200,
    template: str = "site/report_print.html",
) -> HttpResponse:
    """A report as an inline PDF named `<filename>-<lang>.pdf`, in `?lang=` or the reader's language (a 400 for
    another `lang`); a 503 page that says what is missing, and links to the report's web page (`page_url`),
    when this machine cannot make PDFs.

    `context_build` gives the report's context plus what the print template needs: `report_body` (the page's
    body partial, which the print template includes), `report_title` and `document_date` (`document_date()`).
    It is called inside the language override, so what it words (a chart's title) is in the PDF's language.
    The bytes are cached like a page's body: under the request's key (record version, path and parameters, the
    reader's scope, today's date) and the language."""
    language = pdf_language_from(request)
    if language is None:
        return pdf_bad_language_response(request=request, page_url=page_url)
    unknown = sorted(set(request.GET) - PDF_PARAMETERS)
    if unknown:
        return pdf_bad_parameter_response(request=request, page_url=page_url, names=unknown)

    def compute() -> bytes:
        with translation.override(language):
            extra = {"pdf_language": language, "page_counter_css": page_counter_css()}
            html = render_to_string(template, {**context_build(), **extra}, request=request)
        if not _LAYOUTS.acquire(timeout=settings.RCM_PDF_WAIT_SECONDS):
            raise PdfBusy
        try:
            return pdf_render(html=html, base_url=site_base_url())
        finally:
            _LAYOUTS.release()

    try:
        key = cache_key_build(request=request, kind=f"report-pdf-{language}") if status == 200 else None
        body = cache_get_or_compute(
            key=key, compute=compute, wait_seconds=settings.RCM_PDF_WAIT_SECONDS + LAYOUT_SECONDS
        )
    except PdfUnavailable as exc:
        logger.error("PDF rendering is not available on this machine: %s", exc)
        return pdf_unavailable_response(request=request, page_url=page_url)
    except PdfBusy:
        logger.warning("PDF layouts busy: a request for %s was asked to come back", request.path)
        return pdf_busy_response(request=request, page_url=page_url)
    response = HttpResponse(body, content_type="application/pdf", status=status)
    response["Content-Disposition"] = f'inline; filename="{filename}-{language}.pdf"'
    return response


def page_counter_css() -> str:
    """ "Page 2 of 7" in the active language as a CSS `content` value, the numbers as CSS counters."""
    words = _("Page %(page)s of %(pages)s")
    pieces = re.split(r"(%\(page\)s|%\(pages\)s)", words)
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    values = [counters.get(piece) or _css_string(piece) for piece in pieces if piece]
    return mark_safe(" ".join(values))  # noqa: S308 - every piece of text is a quoted, escaped CSS string


def _css_string(text: str) -> str:
    escaped = "".join(ch if ch.isalnum() or ch in " .,;:-()" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def pdf_unavailable_response(*, request: HttpRequest, page_url: str) -> HttpResponse:
    return render(
        request,
        "site/report_pdf_problem.html",
        {
            "problem": _(
                "This server cannot make PDF files: the text-layout libraries WeasyPrint needs (Pango and "
                "HarfBuzz) are not installed. The report itself can still be read and printed as a web page."
            ),
            "page_url": page_url,
        },
        status=503,
    )


def pdf_busy_response(*, request: HttpRequest, page_url: str) -> HttpResponse:
    message = _("Other reports are being made into PDF files just now. Try again in a minute.")
    response = render(request, "site/report_pdf_problem.html", {"problem": message, "page_url": page_url}, status=503)
    response["Retry-After"] = "30"
    return response


def pdf_bad_parameter_response(*, request: HttpRequest, page_url: str, names: list[str]) -> HttpResponse:
    message = _("A report's PDF takes only lang, as_of and as_known_at; “%(names)s” is not one of them.") % {
        "names": ", ".join(name[:40] for name in names[:5])
    }
    return render(request, "site/report_pdf_problem.html", {"problem": message, "page_url": page_url}, status=400)


def pdf_bad_language_response(*, request: HttpRequest, page_url: str) -> HttpResponse:
    message = _("A report can be downloaded as PDF in English (lang=en) or in Spanish (lang=es).")
    return render(request, "site/report_pdf_problem.html", {"problem": message, "page_url": page_url}, status=400)
