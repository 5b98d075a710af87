"""What "inert" means, medium by medium.

HTML: no script element, event handler, script URL or frame that is not the page's own (the page is parsed,
so an escaped payload — text — never counts, a broken-out one — markup — always does). Atom: the same for the
HTML a reader renders. CSV and XLSX: no cell a spreadsheet would evaluate. iCalendar: no property smuggled in
by a line break. E-mail: plain text only, one-line subject, no header smuggled in. JSON: served as JSON.
"""

import csv
import html
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from tests.security.hostile.catalogue import RAW_MARKERS

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "srcdoc",
    "ping", "cite", "longdesc", "manifest", "lowsrc", "dynsrc",
}  # fmt: skip
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application", "data:image/svg")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATOM = "{http://www.w3.org/2005/Atom}"


def _squeezed(value: str) -> str:
    """A URL as a browser reads it: entities decoded, whitespace and control characters ignored."""
    return "".join(ch for ch in html.unescape(value) if ch > " " and ch != "\x7f").lower()


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "script" and not _own_script(names):
            self.problems.append(f"script element {names}")
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name in URL_ATTRIBUTES and _squeezed(value).startswith(SCRIPT_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:60]!r}> script URL")
            elif name == "style" and any(bad in _squeezed(value) for bad in ("javascript:", "expression(")):
                self.problems.append(f"<{tag} style={value[:60]!r}>")

    handle_startendtag = handle_starttag


def _own_script(attrs: dict) -> bool:
    """The page's own scripts: files served by the site (the CSP allows nothing else), or inert JSON data."""
    src = attrs.get("src") or ""
    if src:
        return src.startswith("/") and not src.startswith("//")
    return (attrs.get("type") or "").lower() in DATA_SCRIPT_TYPES


def html_problems(markup: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(markup)
    scanner.close()
    raw = [f"raw {marker!r}" for marker in RAW_MARKERS if marker in markup]
    return scanner.problems + raw


def assert_inert_html(markup: str, where: str = "") -> None:
    problems = html_problems(markup)
    assert not problems, f"{where}: live markup from stored or submitted input: {problems}"


def visible_text(markup: str) -> str:
    """Everything a reader could see of a page, entities decoded (to prove a payload reached it, as text)."""
    return html.unescape(markup)


def assert_inert_atom(body: bytes, where: str = "") -> str:
    feed = ET.fromstring(body)  # noqa: S314 - our own response; a control character would fail here
    texts = []
    for entry in feed.iter(f"{ATOM}entry"):
        for element in entry:
            if element.get("type") == "html":
                assert_inert_html(element.text or "", f"{where} {element.tag}")
            elif element.tag == f"{ATOM}title":
                assert element.get("type") in (None, "text"), f"{where}: an entry title read as markup"
            texts.append(element.text or "")
    return "\n".join(texts)


def assert_inert_csv(body: bytes, where: str = "") -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), f"{where}: no byte-order mark"
    rows = list(csv.reader(io.StringIO(text[1:])))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"{where}: a spreadsheet would evaluate {cell[:60]!r}"
    return rows


def assert_inert_xlsx(body: bytes, where: str = "") -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{where}: formula cell {cell.coordinate}: {cell.value!r}"
            if isinstance(cell.value, str) and cell.row > 1:
                assert not cell.value.startswith(FORMULA_STARTS), f"{where}: {cell.coordinate} {cell.value[:60]!r}"
        rows.append([cell.value for cell in row])
    return rows


ICS_PROPERTIES = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "TRANSP", "STATUS"}


def assert_inert_ics(body: bytes, where: str = "") -> str:
    from icalendar import Calendar

    calendar = Calendar.from_ical(body)
    texts = []
    for event in calendar.walk("VEVENT"):
        assert set(event) <= ICS_PROPERTIES, (
            f"{where}: properties smuggled into an event: {set(event) - ICS_PROPERTIES}"
        )
        texts += [str(event.get("summary", "")), str(event.get("description", ""))]
    return "\n".join(texts)


STANDARD_HEADERS = {"content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to", "date",
                    "message-id", "reply-to", "cc", "auto-submitted"}  # fmt: skip


def assert_inert_email(message, where: str = "") -> str:
    assert not getattr(message, "alternatives", None), f"{where}: an HTML part"
    assert message.content_subtype == "plain", where
    assert "\n" not in message.subject and "\r" not in message.subject, f"{where}: subject over several lines"
    assert not message.bcc, f"{where}: Bcc smuggled in"
    headers = {name.lower() for name in message.message()}
    assert headers <= STANDARD_HEADERS, f"{where}: headers smuggled in: {headers - STANDARD_HEADERS}"
    return message.subject + "\n" + message.body


def assert_inert_json(response, where: str = "") -> None:
    assert response["Content-Type"].split(";")[0] in ("application/json", "application/problem+json"), where
    assert response["X-Content-Type-Options"] == "nosniff", where


def assert_inert_response(response, where: str = "") -> str:
    """Any response, checked as what its content type says; returns its text as a reader would see it."""
    kind = response.get("Content-Type", "").split(";")[0]
    body = response.content
    if kind == "text/html":
        markup = body.decode()
        assert_inert_html(markup, where)
        return visible_text(markup)
    if kind == "application/atom+xml":
        return assert_inert_atom(body, where)
    if kind == "text/csv":
        return "\n".join(",".join(row) for row in assert_inert_csv(body, where))
    if kind.endswith("spreadsheetml.sheet"):
        return "\n".join(" ".join(str(v) for v in row if v) for row in assert_inert_xlsx(body, where))
    if kind == "text/calendar":
        return assert_inert_ics(body, where)
    if kind in ("application/json", "application/problem+json"):
        assert_inert_json(response, where)
        return body.decode()
    if kind == "text/plain":
        return body.decode()
    raise AssertionError(f"{where}: no inertness rule for {kind!r}")
