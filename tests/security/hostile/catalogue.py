"""The declared catalogue, first half: the kinds of field, the payload families aimed at them, and the request
bodies and query values that are not what a form or the API expects. The write surfaces are in surfaces.py.

Tests parametrize over these tables and those surfaces (`surfaces.family_cases()`), so a payload added to a family
is tried on every surface with a field it is aimed at, and a surface added there is tried with every family.
"""

# --- Field kinds: what a field is for decides what a hostile value must become --------------------------

TEXT = "text"  # free text, stored as typed and shown on pages, feeds, exports and e-mails
URL = "url"  # a link: only http(s) may be stored
REDIRECT = "redirect"  # where to go next (`next`): never off the site, never a script
DATE = "date"
CHOICE = "choice"  # one of a fixed set (status, visibility, language, review decision…)
IDENTIFIER = "identifier"  # a username, an e-mail address, a slug, a party code: a format is checked
SECRET = "secret"  # passwords: never stored as typed, never shown
NUMBER = "number"  # ids, versions, positions
FILE = "file"  # an upload: its name and its bytes
ETAG = "etag"  # the If-Match header of an API write

# Kinds that hold text as typed; any other kind must refuse a hostile value (4xx or a form error on the field).
STORED_AS_TYPED = frozenset({TEXT})
# Families that are only text to a text field: a note may quote "<script>" or start with "=". Sent to text
# fields alone they must be accepted and kept as typed (then shown escaped); a refusal would hide a mishandling.
KEPT_AS_TEXT = frozenset(
    {"script", "event_handler", "javascript_link", "markdown_html", "formula", "sql", "control_characters",
     "unicode_tricks"}
)  # fmt: skip

# --- Payload families (name → payloads) ------------------------------------------------------------------

PAYLOADS: dict[str, list] = {
    "script": [
        "<script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "</textarea></title><script>alert(1)</script>",
    ],
    "event_handler": [
        "<img src=x onerror=alert(1)>",
        '" autofocus onfocus="alert(1)',
        "<svg/onload=alert(1)>",
    ],
    "javascript_link": [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ],
    "markdown_html": [
        "[click](javascript:alert(1))",
        '![x](x" onerror="alert(1))',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    ],
    "formula": [
        '=HYPERLINK("https://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
    "sql": [
        "' OR 1=1 --",
        '"; DROP TABLE decisions_action; --',
        "%",
        "_\\",
    ],
    "control_characters": [
        "bell\x07 escape\x1b[31m vertical-tab\x0b",
        "header\r\nBcc: victim@example.org\r\nX-Injected: 1",
    ],
    "nul_byte": ["a\x00b"],
    "unicode_tricks": [
        "\u202eexe.txt\u202c",
        "zero\u200bwidth\ufeff",
        "＜script＞alert(1)＜/script＞",
    ],
    "oversized_text": ["x" * 100_000],
    "impossible_dates": ["2025-02-30", "0000-01-01", "99999-01-01", "2025-13-01"],
    "huge_numbers": ["9" * 30, "-1", "1e3", "١٢"],
    # (file name, first bytes): names that try to leave the upload folder or carry markup; PDFs inside.
    "path_traversal": [
        ("../../etc/passwd.pdf", b"%PDF-1.4 x"),
        ("..\\..\\windows\\win.ini.pdf", b"%PDF-1.4 x"),
        ("/etc/cron.d/evil.pdf", b"%PDF-1.4 x"),
        ('<img src=x onerror=alert(1)>".pdf', b"%PDF-1.4 x"),
        ("\u202efdp.exe", b"%PDF-1.4 x"),
    ],
    # Bytes that are not what the name says, or not text at all.
    "disguised_content": [
        ("report.pdf", b"<html><script>alert(1)</script>"),
        ("photo.png", b"%PDF-1.7"),
        ("tool.exe", b"MZ\x90\x00"),
        ("data.csv", b"a,b\x00,c"),
        ("notes.txt", b"\xff\xfe\x00\xd8 not utf-8"),
        ("image.svg", b"<svg onload=alert(1)>"),
    ],
    "oversized_file": [("huge.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10))],  # over EVIDENCE_MAX_BYTES (1 MB here)
    "junk_precondition": ['"', "*, *", "W/", "x" * 8000],
    "open_redirect": [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "\t//evil.example",
    ],
}

AIMED_AT: dict[str, frozenset[str]] = {
    "script": frozenset({TEXT, URL, IDENTIFIER, REDIRECT}),
    "event_handler": frozenset({TEXT, URL}),
    "javascript_link": frozenset({TEXT, URL, REDIRECT}),
    "markdown_html": frozenset({TEXT}),
    "formula": frozenset({TEXT}),
    "sql": frozenset({TEXT, IDENTIFIER, CHOICE, NUMBER}),
    "control_characters": frozenset({TEXT, URL, DATE, CHOICE, IDENTIFIER, NUMBER, REDIRECT}),
    "nul_byte": frozenset({TEXT, URL, DATE, CHOICE, IDENTIFIER, NUMBER, SECRET, REDIRECT}),
    "unicode_tricks": frozenset({TEXT}),
    "oversized_text": frozenset({TEXT, URL, IDENTIFIER, SECRET, REDIRECT}),
    "impossible_dates": frozenset({DATE}),
    "huge_numbers": frozenset({NUMBER}),
    "path_traversal": frozenset({FILE}),
    "disguised_content": frozenset({FILE}),
    "oversized_file": frozenset({FILE}),
    "junk_precondition": frozenset({ETAG}),
    "open_redirect": frozenset({REDIRECT}),
}

# Every vector at once, for fields that hold one value: a formula start, an attribute break-out, a script, an
# event handler, a Markdown script link and a control character.
COMBINED = '=HYPERLINK("x")"><script>alert(1)</script><img src=x onerror=alert(1)>[x](javascript:alert(1))\x0b'

# Markers that must never reach a page as markup (the checks in inert.py parse the page; these are the
# substrings that a raw, unescaped payload would leave).
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror", "<svg/onload", "<iframe")

# --- Request bodies and query values that are not what the receiver expects ------------------------------

FORM_BODIES = {
    # name: (content type, raw body)
    "non_utf8": ("application/x-www-form-urlencoded", b"note=caf%E9&comment=%FF%FE&username=%C3%28&text=%80"),
    "raw_non_utf8": ("application/x-www-form-urlencoded", b"note=\xff\xfe&text=\xc3\x28"),
    "nul": ("application/x-www-form-urlencoded", b"note=a%00b&comment=a%00b&username=a%00b&text=a%00b&language=%00"),
    "json_instead_of_form": ("application/json", b'{"note": "x", "comment": "x", "username": "x"}'),
    "broken_multipart": ("multipart/form-data; boundary=B", b"--B\r\nContent-Disposition: form-data\r\n\r\n"),
    "multipart_without_boundary": ("multipart/form-data", b"garbage"),
    "empty": ("application/x-www-form-urlencoded", b""),
    "oversized": ("application/x-www-form-urlencoded", b"note=" + b"x" * (3 * 1024 * 1024)),
}


def _every_key(value: str) -> bytes:
    """A JSON object with one raw JSON value in every text field any API write takes."""
    keys = ("note", "comment", "due_text", "username", "password")
    fields = ", ".join(f'"{key}": {value}' for key in keys)
    return ("{" + fields + ', "title": {"en": ' + value + "}}").encode()


# The admin's views read request.POST alone: a JSON or broken multipart body is for them the empty POST.
ADMIN_FORM_BODIES = ("non_utf8", "raw_non_utf8", "nul", "empty", "oversized")

JSON_BODIES = {
    # name: (content type, raw body, expected status)
    "non_utf8": ("application/json", b'{"note": "\xff\xfe", "comment": "\xc3\x28"}', 400),
    "raw_nul": ("application/json", b'{"note": "a\x00b", "comment": "a\x00b"}', 400),
    "escaped_nul": ("application/json", _every_key('"a\\u0000b"'), 400),
    "lone_surrogate": ("application/json", _every_key('"\\ud800"'), 400),
    "malformed": ("application/json", b'{"note": ', 400),
    "deeply_nested": ("application/json", b"[" * 100_000, 400),
    "not_an_object": ("application/json", b"[1, 2]", 400),
    "oversized": ("application/json", b'{"note": "' + b"x" * (3 * 1024 * 1024) + b'"}', 413),
    "form_encoded": ("application/x-www-form-urlencoded", b"note=x&comment=x", 415),
    "multipart": ("multipart/form-data; boundary=B", b"--B--\r\n", 415),
    "plain_text": ("text/plain", b'{"note": "x"}', 415),
    "xml": ("application/xml", b"<note>x</note>", 415),
    "no_content_type": ("", b'{"note": "x"}', 415),
}

# Query values for every search box and filter: never a 500, never a wider result.
QUERY_VALUES = {
    "sql": ["' OR 1=1 --", '"; DROP TABLE decisions_decision; --', "%", "_", "\\"],
    "script": ['"><script>alert(1)</script>'],
    "nul": ["a\x00b"],
    "non_utf8": [b"%FF%FE"],  # raw percent-escapes of bytes that are not UTF-8
    "oversized": ["x" * 5000],
    "dates": ["2025-02-30", "0000-01-01", "99999-01-01"],  # for `as_of`, due ranges, `updated_since`…
}

PAGE_VALUES = ["0", "-1", "9" * 30, "1e3", "abc", "١", "last", "2.5", ""]
PAGE_SIZE_VALUES = ["0", "-1", "501", "9" * 30, "1e3", "abc", "١٠"]
