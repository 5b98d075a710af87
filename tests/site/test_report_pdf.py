"""The implementation report as PDF (decisions/site/report_pdf.py): a tagged PDF with its language, the same
numbers in English and in Spanish, the same bytes each time, only the vendored fonts, nothing fetched from
anywhere but the site's static files, what the reader may see and nothing more, a bounded number of queries,
and a clear answer when the machine cannot make PDFs."""

import io
import re
import sys
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from decisions.models import Action
from decisions.services.actions import action_create, action_record_progress
from decisions.site.charts import DECISION_STATUSES, status_bars
from decisions.site.report_pdf import (
    RefusedFetch,
    pdf_render,
    site_base_url,
    static_fetcher_build,
    static_file_resolve,
)
from members.models import Party
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"\b[CD]\d+(?:\.[a-z])?\b")


def pdf_url(meeting, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("decisions:meeting-report-pdf", args=[meeting.slug]) + (f"?{query}" if query else "")


def catalog(body: bytes) -> dict:
    return resolve1(PDFDocument(PDFParser(io.BytesIO(body))).catalog)


def text(body: bytes) -> str:
    return extract_text(io.BytesIO(body))


def between(content: str, start: str, end: str) -> str:
    return content[content.index(start) : content.index(end)]


def font_names(body: bytes) -> set[str]:
    document = PDFDocument(PDFParser(io.BytesIO(body)))
    names = set()
    for page in PDFPage.create_pages(document):
        fonts = resolve1(resolve1(page.resources).get("Font", {}))
        for font in fonts.values():
            names.add(resolve1(font)["BaseFont"].name)
    return names


# Layouts made for the `pdfs` fixture, by the HTML laid out: the tests reading these PDFs' contents share one
# real layout per language instead of one each (a layout takes 1–3 s). The tests of the layout's determinism
# (`test_the_same_report_gives_the_same_bytes`, `test_another_process_renders_the_same_bytes`) never read them.
_LAID_OUT: dict[str, bytes] = {}


def _layout_once(*, html: str, base_url: str) -> bytes:
    if html not in _LAID_OUT:
        _LAID_OUT[html] = pdf_render(html=html, base_url=base_url)
    return _LAID_OUT[html]


@pytest.fixture
def pdfs(client, ix_meeting, seminar_held):
    with mock.patch("decisions.site.report_pdf.pdf_render", new=_layout_once):
        return {language: client.get(pdf_url(ix_meeting, lang=language)) for language in ("en", "es")}


def test_the_pdf_is_tagged_with_its_language_and_title(pdfs, ix_meeting):
    for language, response in pdfs.items():
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="{ix_meeting.slug}-report-{language}.pdf"'
        assert response.content.startswith(b"%PDF-")
        root = catalog(response.content)
        assert "StructTreeRoot" in root  # tagged: headings, tables and paragraphs for assistive technology
        assert resolve1(root["MarkInfo"])["Marked"] is True
        assert root["Lang"] == language.encode()
        assert b"pdfuaid:part" in resolve1(root["Metadata"]).get_data()  # declared PDF/UA-1
    info = PDFDocument(PDFParser(io.BytesIO(pdfs["es"].content))).info[0]
    assert info["Title"].decode("utf-16").startswith("Informe de implementación")


def test_english_and_spanish_say_the_same_numbers(pdfs):
    english, spanish = text(pdfs["en"].content), text(pdfs["es"].content)
    assert "Resumen" in spanish and "Punto por punto" in spanish and "Item by item" not in spanish
    summary_en = between(english, "Summary", "Item by item")
    summary_es = between(spanish, "Resumen", "Punto por punto")
    assert re.findall(r"\d+", summary_en) == re.findall(r"\d+", summary_es)
    assert "22" in re.findall(r"\d+", summary_en)  # the IX Meeting's 22 top-level items
    items_en = english[english.index("Item by item") :]
    items_es = spanish[spanish.index("Punto por punto") :]
    assert REFERENCE.findall(items_en) == REFERENCE.findall(items_es)
    assert len(set(REFERENCE.findall(english))) == len(set(REFERENCE.findall(spanish)))


def test_the_html_report_links_both_pdfs_and_shares_its_body(client, ix_meeting, seminar_held):
    page = client.get(reverse("decisions:meeting-report", args=[ix_meeting.slug]), {"as_of": "2004-12-01"})
    content = page.content.decode()
    assert f"{pdf_url(ix_meeting)}?lang=en&amp;as_of=2004-12-01" in content
    assert f"{pdf_url(ix_meeting)}?lang=es&amp;as_of=2004-12-01" in content
    assert 'lang="es" hreflang="es" type="application/pdf">PDF (español)</a>' in content
    assert 'class="chart"' in content  # the summary chart the PDF carries is on the page too


def test_the_same_report_gives_the_same_bytes(client, ix_meeting, seminar_held):
    first = client.get(pdf_url(ix_meeting, lang="es")).content
    cache.clear()
    status_bars("Another chart drawn in between", {}, DECISION_STATUSES)  # moves the process-wide chart ids
    second = client.get(pdf_url(ix_meeting, lang="es")).content
    assert first == second


def test_the_dates_in_the_pdf_are_the_report_s_not_the_clock(client, ix_meeting):
    body = client.get(pdf_url(ix_meeting, lang="en", as_of="2004-10-01")).content
    info = PDFDocument(PDFParser(io.BytesIO(body))).info[0]
    assert info["CreationDate"] == info["ModDate"] == b"D:20041001000000Z"


def test_the_reader_language_is_the_default_and_bad_languages_are_refused(client, ix_meeting):
    client.cookies["django_language"] = "es"
    response = client.get(pdf_url(ix_meeting))
    assert response["Content-Disposition"].endswith('-es.pdf"')
    assert catalog(response.content)["Lang"] == b"es"
    refused = client.get(pdf_url(ix_meeting, lang="fr"))
    assert refused.status_code == 400
    assert "lang=es" in refused.content.decode()


def test_as_of_is_honoured(client, ix_meeting, seminar_held):
    content = text(client.get(pdf_url(ix_meeting, lang="en", as_of="2004-10-01")).content)
    assert "Status as of Oct. 1, 2004" in " ".join(content.split())
    assert "Held in" not in content  # the seminar was held in November


def test_only_the_vendored_fonts_are_embedded(pdfs):
    for response in pdfs.values():
        names = font_names(response.content)
        assert names and all("Noto-Sans" in name for name in names), names


# Who reads what is decided before the layout: the HTML each reader's PDF is laid out from is compared
# (`pdf_layout_is_its_html`), which holds every word the PDF can show.
def test_the_pdf_shows_only_what_the_reader_may_see(client, ix_meeting, seminar_held, staff, pdf_layout_is_its_html):
    decision = seminar_held.decision
    action_create(
        decision=decision,
        responsible=Party.objects.get(code="MX"),
        title_en="Confidential liaison with the host",
        visibility=Action.Visibility.SECRETARIAT,
        by=staff,
    )
    action_record_progress(
        action=seminar_held,
        by=staff,
        date=ix_meeting.start_date,
        note="Internal remark zebra",
        visibility="secretariat",
    )
    answer = client.get(pdf_url(ix_meeting, lang="en"))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    public = answer.content.decode()
    assert seminar_held.title in public  # the report itself, with the action the public may see
    assert "Confidential liaison" not in public and "zebra" not in public
    client.force_login(user_with_role("Secretariat", username="ts-pdf"))
    answer = client.get(pdf_url(ix_meeting, lang="en"))
    assert answer.status_code == 200
    internal = answer.content.decode()
    assert "Confidential liaison" in internal


def test_a_meeting_the_reader_may_not_see_is_a_404(client, ix_meeting):
    ix_meeting.is_published = False
    ix_meeting.save(update_fields=["is_published"])
    assert client.get(pdf_url(ix_meeting, lang="en")).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://attacker.invalid/pixel.png",
        "https://attacker.invalid/style.css",
        "file:///etc/passwd",
        "data:text/css,p%7Bcolor:red%7D",
        "ftp://127.0.0.1/static/css/report-print.css",
        "{base}static/../../rcm/settings.py",
        "{base}static/%2e%2e/rcm/settings.py",
        "{base}static/css/../../manage.py",
        "{base}static/css/site.css/../../../../etc/passwd",
        "{base}media/anything.png",
        "{base}static/does-not-exist.css",
        "{base}static/js/admin-a11y.js",  # a static file, but not a type a report loads
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    url = url.format(base=site_base_url())
    with pytest.raises(RefusedFetch):
        static_file_resolve(url=url, base_url=site_base_url())
    with pytest.raises(RefusedFetch):
        static_fetcher_build(base_url=site_base_url()).fetch(url)


def test_the_fetcher_serves_the_print_stylesheet_and_the_fonts():
    fetcher = static_fetcher_build(base_url=site_base_url())
    css = fetcher.fetch(site_base_url() + "static/css/report-print.css")
    assert css.content_type == "text/css" and b"@font-face" in css.read()
    font = fetcher.fetch(site_base_url() + "static/vendor/fonts/noto-sans/noto-sans-latin-400-normal.woff2")
    assert font.read().startswith(b"wOF2")


def test_nothing_outside_the_site_is_fetched_while_rendering():
    html = (
        '<!doctype html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="http://attacker.invalid/s.css">'
        "<style>@import url(file:///etc/passwd); body { background: url(https://attacker.invalid/b.png) }</style>"
        '</head><body><p>x</p><img src="http://attacker.invalid/pixel.png" alt="">'
        '<img src="file:///etc/passwd" alt=""></body></html>'
    )
    with mock.patch("urllib.request.OpenerDirector.open") as opened, mock.patch("socket.socket.connect") as dialled:
        body = pdf_render(html=html, base_url=site_base_url())
    assert body.startswith(b"%PDF-")
    opened.assert_not_called()
    dialled.assert_not_called()


def test_a_progress_note_with_a_remote_image_fetches_nothing(client, ix_meeting, seminar, staff):
    action_record_progress(
        action=seminar,
        by=staff,
        date=ix_meeting.start_date,
        status="in_progress",
        note='See ![map](http://attacker.invalid/map.png) and <img src="file:///etc/passwd">.',
    )
    with mock.patch("urllib.request.OpenerDirector.open") as opened, mock.patch("socket.socket.connect") as dialled:
        response = client.get(pdf_url(ix_meeting, lang="en"))
    assert response.status_code == 200
    opened.assert_not_called()
    dialled.assert_not_called()


def test_without_pango_the_answer_says_so(client, ix_meeting, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    response = client.get(pdf_url(ix_meeting, lang="en"))
    assert response.status_code == 503
    content = response.content.decode()
    assert "cannot make PDF files" in content and "Pango" in content
    assert reverse("decisions:meeting-report", args=[ix_meeting.slug]) in content


def count_queries(client, address: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


PDF_QUERIES = 9


# The queries are the report's, made before any layout: the layout is left out (`pdf_layout_is_its_html`).
def test_the_pdf_query_count_is_bounded(client, ix_meeting, django_assert_max_num_queries, pdf_layout_is_its_html):
    with django_assert_max_num_queries(PDF_QUERIES):
        count_queries(client, pdf_url(ix_meeting, lang="es"))


def test_ten_times_the_data_runs_the_same_queries(
    client, ix_times_ten, django_assert_max_num_queries, pdf_layout_is_its_html
):
    with django_assert_max_num_queries(PDF_QUERIES):
        count_queries(client, pdf_url(ix_times_ten, lang="es"))


def test_the_vendored_fonts_are_the_recorded_ones():
    import hashlib
    from pathlib import Path

    from django.conf import settings

    fonts = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
    recorded = dict(line.split()[::-1] for line in (fonts / "SHA256SUMS").read_text().splitlines() if line.strip())
    assert len(recorded) == 9  # eight faces and the licence
    for name, digest in recorded.items():
        assert hashlib.sha256((fonts / "noto-sans" / name).read_bytes()).hexdigest() == digest, name


def test_another_process_renders_the_same_bytes():
    """What a frozen report needs: rendered again later, in another process (another hash seed, another order
    of fonts loaded), the same HTML gives the same file."""
    import os
    import subprocess
    from pathlib import Path

    from django.conf import settings

    html = (
        '<!doctype html><html lang="es"><head><title>Informe</title>'
        '<meta name="dcterms.created" content="2004-10-01T00:00:00Z">'
        '<link rel="stylesheet" href="/static/css/report-print.css"></head><body>'
        "<h1>Informe de implementación: ¿Migración? ñandú</h1><table><tr><th>Estado</th><td>7</td></tr></table>"
        '<svg viewBox="0 0 300 30" width="300" height="30" role="img" aria-labelledby="chart9-t">'
        '<title id="chart9-t">x</title><text x="10" y="14">Tomada en cuenta</text></svg>'
        "<p><em>cursiva</em> <strong>negrita</strong> Łódź</p></body></html>"
    )
    script = (
        "import sys, django; django.setup()\n"
        "from decisions.site.report_pdf import pdf_render, site_base_url\n"
        "sys.stdout.buffer.write(pdf_render(html=sys.stdin.read(), base_url=site_base_url()))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "rcm.settings_test"}
    other = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        input=html.encode(),
        capture_output=True,
        env=env,
        cwd=Path(settings.BASE_DIR),
        check=True,
    ).stdout
    assert other.startswith(b"%PDF-")
    assert pdf_render(html=html, base_url=site_base_url()) == other


def test_a_parameter_the_pdf_does_not_read_is_refused_before_any_layout(client, ix_meeting, monkeypatch):
    """Otherwise `?x=1`, `?x=2`, … would each be a new cache key and a new layout of a core-second or more."""
    from decisions.site import report_pdf

    monkeypatch.setattr(report_pdf, "pdf_render", lambda **_kwargs: pytest.fail("laid out"))
    refused = client.get(pdf_url(ix_meeting, lang="en", x="1"))
    assert refused.status_code == 400
    assert "lang, as_of and as_known_at" in refused.content.decode()


def test_when_every_layout_is_busy_the_answer_is_try_again(client, ix_meeting, settings, monkeypatch):
    from decisions.site import report_pdf

    settings.RCM_PDF_WAIT_SECONDS = 0
    monkeypatch.setattr(report_pdf, "_LAYOUTS", __import__("threading").BoundedSemaphore(1))
    report_pdf._LAYOUTS.acquire()  # another request's layout, still running
    try:
        response = client.get(pdf_url(ix_meeting, lang="en"))
    finally:
        report_pdf._LAYOUTS.release()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Try again in a minute" in response.content.decode()
    assert client.get(pdf_url(ix_meeting, lang="en")).status_code == 200  # free again: laid out


def test_chart_ids_are_renumbered_where_they_stand_only():
    from decisions.site.report_pdf import _renumber_chart_ids

    html = '<svg aria-labelledby="chart7-t chart7-d"><title id="chart7-t">x</title></svg><p>see chart7-t</p>'
    assert _renumber_chart_ids(html) == (
        '<svg aria-labelledby="chart1-t chart1-d"><title id="chart1-t">x</title></svg><p>see chart7-t</p>'
    )
