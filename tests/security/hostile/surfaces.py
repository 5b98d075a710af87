"""The declared catalogue, second half: every write surface — each form of the site and the admin, each API
write, each upload — with its fields by kind (catalogue.py). `test_catalogue.py` fails when a route that accepts
writes is missing here, as test_authorization.py does for every URL; drivers.py says how each one is reached."""

from dataclasses import dataclass, field

import pytest

from tests.security.hostile.catalogue import (
    AIMED_AT,
    CHOICE,
    DATE,
    ETAG,
    FILE,
    IDENTIFIER,
    NUMBER,
    PAYLOADS,
    REDIRECT,
    SECRET,
    TEXT,
    URL,
)


@dataclass(frozen=True)
class Surface:
    """A place where a user sends data. `routes` are the route names (fnmatch patterns) it stands for;
    `fields` the fields it takes, by kind; `read_only` fields that a request may carry but must never set."""

    name: str
    transport: str  # "form" (a site or admin HTML form), "json" (the API)
    routes: tuple[str, ...]
    fields: dict[str, str]
    read_only: tuple[str, ...] = ()
    transitions: bool = False  # a status field whose moves the service checks
    generic_errors: bool = False  # errors may not name a field (sign-in: no hint of which part was wrong)
    note: str = ""
    extra: dict = field(default_factory=dict)

    def fields_of(self, kinds) -> list[str]:
        return [name for name, kind in self.fields.items() if kind in kinds]


REPORT_READ_ONLY = ("review_state", "author", "author_name", "status_before", "reviewed_by", "action", "responsible")

SURFACES: list[Surface] = [
    # --- The public site's forms ---
    Surface(
        "login",
        "form",
        ("login",),
        {"username": IDENTIFIER, "password": SECRET, "next": REDIRECT},
        generic_errors=True,
    ),
    Surface("admin login", "form", ("admin:login",), {"username": IDENTIFIER, "password": SECRET}, generic_errors=True),
    Surface("logout", "form", ("logout", "admin:logout"), {"next": REDIRECT}),
    Surface("password reset", "form", ("password_reset",), {"email": IDENTIFIER}),
    Surface(
        "password reset confirm",
        "form",
        ("password_reset_confirm",),
        {"new_password1": SECRET, "new_password2": SECRET},
    ),
    Surface(
        "password change",
        "form",
        ("password_change", "admin:password_change"),
        {"old_password": SECRET, "new_password1": SECRET, "new_password2": SECRET},
        read_only=("username", "is_superuser", "is_staff", "email"),
    ),
    Surface("language switch", "form", ("set_language",), {"language": CHOICE, "next": REDIRECT}),
    Surface(
        "progress report",
        "form",
        ("workflow:report",),
        {
            "note": TEXT,
            "links": URL,
            "date": DATE,
            "status": CHOICE,
            "visibility": CHOICE,
            "version": NUMBER,
            "resubmission_of": NUMBER,
        },
        read_only=REPORT_READ_ONLY,
        transitions=True,
    ),
    Surface("evidence upload", "form", ("workflow:report",), {"files": FILE}),
    Surface(
        "review",
        "form",
        ("workflow:review-detail",),
        {"comment": TEXT, "decision": CHOICE},
        read_only=("status", "note", "review_state", "author"),
        transitions=True,
    ),
    Surface(
        "country packet",
        "form",
        ("workflow:packet",),
        {},
        note="each row's fields are named by its action (a<id>-note …): tests/workflow/rounds/test_hostile_packet.py "
        "sends every payload family into them",
    ),
    Surface(
        "packet spreadsheet",
        "form",
        ("workflow:packet-sheet-upload", "workflow:packet-sheet-confirm"),
        {},
        note="the payloads travel inside the workbook's cells, where no generic driver puts them: "
        "tests/workflow/rounds/test_hostile_packet_sheet.py sends every family into them; the file itself (not "
        "XLSX, too large, another party's, columns moved) is refused in tests/workflow/rounds/test_packet_sheet.py",
    ),
    # --- The Secretariat's admin ---
    Surface(
        "admin decision",
        "form",
        ("admin:decisions_decision_change",),
        {
            "text_en": TEXT,
            "text_es": TEXT,
            "actions-0-title_en": TEXT,  # the actions inline, saved through the actions' services
            "actions-0-title_es": TEXT,
            "actions-1-title_en": TEXT,
            "actions-1-title_es": TEXT,
            "deadline": DATE,  # a deadline in words, read into date, precision and words (due.read_deadline)
            "actions-0-deadline": DATE,
            "position": NUMBER,
            "meeting": NUMBER,  # ids, chosen in autocomplete widgets
            "parent": NUMBER,
            "actions-0-responsible": NUMBER,
            "party_roles-0-party": NUMBER,
            "themes": NUMBER,
        },
        read_only=("status",),
    ),
    Surface(
        "admin action",
        "form",
        ("admin:decisions_action_change",),
        {
            "title_en": TEXT,
            "title_es": TEXT,
            "description_en": TEXT,
            "description_es": TEXT,
            "progress_note": TEXT,
            "progress_evidence_url": URL,
            "progress_date": DATE,
            "deadline": DATE,  # read, never stored unread: a hostile text is refused like an impossible date
            "progress_status": CHOICE,
            "visibility": CHOICE,
            "seen_version": NUMBER,
            "responsible": NUMBER,
        },
        read_only=("status", "version"),
        transitions=True,
    ),
    Surface(
        "admin meeting",
        "form",
        ("admin:decisions_meeting_change",),
        {
            "title_en": TEXT,
            "title_es": TEXT,
            "city_en": TEXT,
            "city_es": TEXT,
            "decisions-0-text_en": TEXT,  # the decisions inline
            "decisions-1-text_es": TEXT,
            "slug": IDENTIFIER,
            "start_date": DATE,
            "end_date": DATE,
            "ordinal": NUMBER,
            "decisions-0-position": NUMBER,
            "host": NUMBER,
            "decisions-0-parent": NUMBER,
        },
        read_only=("source_text", "created_at"),
    ),
    Surface(
        "admin progress update",
        "form",
        ("admin:decisions_progressupdate_*",),
        {"note": TEXT, "review_state": CHOICE},
        note="the log is the services'; the admin refuses every change (403)",
    ),
    Surface(
        "admin declaration import",
        "form",
        ("admin:decisions_meeting_import",),
        {"text": TEXT, "slug": IDENTIFIER, "file": FILE},
        note="nothing is written before confirmation",
    ),
    Surface(
        "admin meeting language",
        "form",
        ("admin:decisions_meeting_add_language",),
        {"text": TEXT, "language": CHOICE, "file": FILE},
        note="the other language's text: nothing is written before confirmation",
    ),
    Surface(
        "admin change forms",
        "form",
        ("admin:*_add", "admin:*_change", "admin:*_simple_history", "admin:auth_user_password_change"),
        {},
        note="every other model admin: each text input at once (test_admin.py)",
    ),
    Surface(
        "admin round opening",
        "form",
        ("admin:decisions_reportinground_open",),
        {},
        note="a button that sends only the revision seen: tests/admin/test_reporting_rounds.py",
    ),
    Surface(
        "round freeze",
        "form",
        ("workflow:round-freeze", "api:round-freeze"),
        {},
        note="a button (and a POST with no body) that sends only the revision seen and a confirmation: "
        "tests/workflow/rounds/test_snapshots.py and tests/api/test_report_snapshots.py send hostile values into "
        "them",
    ),
    Surface(
        "admin bulk actions",
        "form",
        ("admin:*_changelist", "admin:*_delete"),
        {"_selected_action": NUMBER, "action": CHOICE},
    ),
    # --- The API ---
    Surface(
        "api action create",
        "json",
        ("api:action-list",),
        {
            "title.en": TEXT,
            "title.es": TEXT,
            "description.en": TEXT,
            "due_text": TEXT,
            "due_date": DATE,
            "decision": NUMBER,
            "responsible": IDENTIFIER,
            "visibility": CHOICE,
            "due_precision": CHOICE,
        },
        read_only=("id", "status", "version", "created_at", "updated_at", "is_overdue", "url"),
    ),
    Surface(
        "api action edit",
        "json",
        ("api:action-detail",),
        {"title.en": TEXT, "description.es": TEXT, "due_text": TEXT, "due_date": DATE, "visibility": CHOICE},
        read_only=("id", "status", "version", "created_at", "decision"),
        extra={"method": "patch"},
    ),
    Surface(
        "api action replace",
        "json",
        ("api:action-detail",),
        {"title.en": TEXT, "description.en": TEXT, "due_text": TEXT, "responsible": IDENTIFIER},
        read_only=("id", "status", "version", "created_at", "decision"),
        extra={"method": "put"},
    ),
    Surface("api action delete", "json", ("api:action-detail",), {"If-Match": ETAG}, extra={"method": "delete"}),
    Surface(
        "api packet answer",
        "json",
        ("api:round-packet-answer", "api:round-packet-submit"),
        {},
        note="the address names a round and an action of the caller's packet, which no generic driver makes: "
        "tests/api/test_hostile_rounds_api.py sends every family into kind, status, note, evidence_url and "
        "version, and into the submission",
    ),
    Surface(
        "api progress",
        "json",
        ("api:action-progress",),
        {
            "note": TEXT,
            "links.0": URL,
            "date": DATE,
            "status": CHOICE,
            "visibility": CHOICE,
            "resubmission_of": NUMBER,
            "If-Match": ETAG,
        },
        read_only=("id", *REPORT_READ_ONLY),
        transitions=True,
    ),
    Surface(
        "api validate",
        "json",
        ("api:progress-update-validate",),
        {"comment": TEXT, "If-Match": ETAG},
        read_only=("status", "note", "review_state"),
        transitions=True,
    ),
    Surface(
        "api return",
        "json",
        ("api:progress-update-return-report",),
        {"comment": TEXT, "If-Match": ETAG},
        read_only=("status", "note", "review_state"),
    ),
    Surface(
        "api token",
        "json",
        ("api:token",),
        {"username": IDENTIFIER, "password": SECRET},
        read_only=("token", "key", "user", "created"),
        generic_errors=True,
    ),
    Surface(
        "api keys",
        "json",
        ("api:api-key-list", "api:api-key"),  # the second revokes by id and takes no body
        {"name": TEXT, "scope": CHOICE, "expires_at": DATE},
        read_only=("token", "key", "user", "created"),
    ),
]

SURFACE_BY_NAME = {surface.name: surface for surface in SURFACES}


def family_cases(transport: str, *, families=None) -> list:
    """(surface, family) for every surface of this transport with a field the family is aimed at."""
    cases = []
    for surface in SURFACES:
        if surface.transport != transport or not surface.fields:
            continue
        for family in families or PAYLOADS:
            if surface.fields_of(AIMED_AT[family]):
                cases.append(pytest.param(surface, family, id=f"{surface.name}-{family}".replace(" ", "_")))
    return cases


def surface_cases(transport: str, predicate) -> list:
    return [
        pytest.param(surface, id=surface.name.replace(" ", "_"))
        for surface in SURFACES
        if surface.transport == transport and predicate(surface)
    ]
