"""How each surface of the catalogue is reached: who submits, where, a valid submission to start from, what
it stored (to compare with what was sent), and the page where its author sees what was stored."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from decisions.models import Action, Decision, Meeting, ProgressUpdate
from members.models import ApiKey, Party
from tests.security.hostile.world import PASSWORD, World, api_client

DECLARATION = """REGIONAL CONFERENCE ON MIGRATION (PUEBLA PROCESS)
XI MEETING

San Salvador, El Salvador, May 18-19, 2006

DECISIONS OF THE VICE MINISTERS

The Vice Ministers decided to:

1. Thank the Government of El Salvador for its hospitality.
2. Urge the member countries to designate their liaison officers before the next meeting.
"""
CITY = "San Salvador"
DECLARATION_ES = """CONFERENCIA REGIONAL SOBRE MIGRACIÓN
XI REUNIÓN

San Salvador, El Salvador, 18 y 19 de mayo de 2006

Los Viceministros decidieron:

1. Agradecer al Gobierno de El Salvador por su hospitalidad.
2. Instar a los países miembros a designar a sus funcionarios de enlace antes de la próxima reunión.
"""


@dataclass
class Driver:
    user: Callable[[World], object]
    urls: Callable[[World, object], list[str]]  # (world, client) → the addresses to try
    data: Callable[[World], dict]  # a valid submission (for the admin: read from the change form)
    stored: Callable[[World], dict] = lambda world: {}
    pages: Callable[[World], list[tuple]] = lambda world: []  # (user, address) where the author sees it
    method: str = "post"
    json: bool = False
    admin: bool = False
    headers: Callable[[World, object, str], dict] = lambda world, client, url: {}
    embed: Callable[[str, object], object] = lambda field, value: value  # how a payload goes into a field
    # Fields checked after the form's own checks (by the service, or the form as a whole: a stale version…): their
    # refusal may be the form's error, and comes only once the other fields are valid.
    checked_later: tuple[str, ...] = ()
    markdown: tuple[str, ...] = ()  # text fields shown as sanitised Markdown (a script's text is dropped too)
    keeps_text: bool = True  # text fields keep any text (the import's text is a document to parse instead)
    needs_data: bool = True  # an empty POST is refused (logging out, switching language or a bulk list need none)

    def client(self, world: World):
        """A client as the surface's user: their token for the API, their session for the pages."""
        return api_client(self.user(world)) if self.json else world.client(self.user(world))


def _newest(model, after_pk: int):
    return model.objects.filter(pk__gt=after_pk).order_by("-pk").first()


def _report_stored(world: World) -> dict:
    update = _newest(ProgressUpdate, world.pending.pk)
    if update is None:
        return {}
    links = [e.url for e in update.evidence.exclude(url="")]
    files = [(e.file.name, e.original_name) for e in update.evidence.exclude(file="")]
    return {
        "note": update.note,
        "links": "\n".join(links),
        "date": update.date,
        "status": update.status,
        "visibility": update.visibility,
        "files": files,
        "review_state": update.review_state,
        "author": update.author_id,
        "author_name": update.author_name,
        "status_before": update.status_before,
        "reviewed_by": update.reviewed_by_id,
        "action": update.action_id,
        "resubmission_of": update.resubmission_of_id,
    }


def _report_pages(world: World) -> list[tuple]:
    update = _newest(ProgressUpdate, world.pending.pk)
    pages = [(world.focal, reverse("workflow:report", args=[world.action.pk]))]
    if update is not None:
        pages.append((world.ts, reverse("workflow:review-detail", args=[update.pk])))
    return pages


def _report_data(world: World) -> dict:
    return {
        "status": "",
        "date": "2004-06-01",
        "note": "Agenda agreed.",
        "visibility": "public",
        "links": "https://example.org/agenda",
        "version": world.fresh(world.action).version,
    }


def _review_stored(world: World) -> dict:
    update = world.fresh(world.pending)
    return {
        "comment": update.review_comment,
        "decision": update.review_state,
        "status": update.status,
        "note": update.note,
        "review_state": update.review_state,
        "author": update.author_id,
    }


def _reset_url(world: World, client) -> list[str]:
    """The reset link of the focal point's e-mail, opened once: Django moves the token into the session."""
    uid = urlsafe_base64_encode(force_bytes(world.focal.pk))
    token = default_token_generator.make_token(world.fresh(world.focal))  # its last login moves the token
    response = client.get(reverse("password_reset_confirm", args=[uid, token]))
    return [response["Location"]]


def _action_text(action: Action) -> dict:
    return {
        "title.en": action.title_en,
        "title.es": action.title_es,
        "description.en": action.description_en,
        "description.es": action.description_es,
        "due_text": action.due_text,
        "title_en": action.title_en,
        "title_es": action.title_es,
        "description_en": action.description_en,
        "description_es": action.description_es,
        "status": action.status,
        "version": action.version,
        "responsible": action.responsible.code,
        "visibility": action.visibility,
        "due_date": action.due_date,
        "decision": action.decision_id,
    }


def _api_action_stored(world: World) -> dict:
    before = max(world.action.pk, world.action_cr.pk, world.control_action.pk)
    action = _newest(Action, before)
    return {**_action_text(action), "id": action.pk, "created_at": action.created_at} if action else {}


def _api_progress_stored(world: World) -> dict:
    """The report as the API names its fields (`links.0`, `id`)."""
    stored = _report_stored(world)
    if stored:
        stored |= {"links.0": stored.pop("links"), "id": _newest(ProgressUpdate, world.pending.pk).pk}
    return stored


def _etag(world: World, client, url: str) -> dict:
    """If-Match with the ETag the client just read: changing an action needs it."""
    return {"HTTP_IF_MATCH": client.get(url)["ETag"]}


def _action_etag(world: World, client, url: str) -> dict:
    """If-Match with the action's ETag, for a progress report: one that names a status needs it."""
    return {"HTTP_IF_MATCH": client.get(reverse("api:action-detail", args=[world.action.pk]))["ETag"]}


def _inline(rows, prefix: str, names: tuple[str, ...]) -> dict:
    """An inline's rows as the admin form names their fields (`actions-0-title_en`)."""
    return {f"{prefix}-{index}-{name}": getattr(row, name) for index, row in enumerate(rows) for name in names}


def _admin_action_stored(world: World) -> dict:
    action = world.fresh(world.action)
    update = _newest(ProgressUpdate, world.pending.pk)
    stored = _action_text(action)
    if update is not None:
        stored |= {"progress_note": update.note, "progress_evidence_url": update.evidence_url}
    return stored


DRIVERS: dict[str, Driver] = {
    "login": Driver(
        user=lambda w: None,
        urls=lambda w, c: [reverse("login")],
        data=lambda w: {"username": "focal-mx", "password": PASSWORD, "next": "/decisions/"},
    ),
    "admin login": Driver(
        user=lambda w: None,
        urls=lambda w, c: [reverse("admin:login")],
        data=lambda w: {"username": "root", "password": PASSWORD, "next": "/admin/"},
    ),
    "logout": Driver(
        needs_data=False,
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("logout"), reverse("admin:logout")],
        data=lambda w: {"next": "/decisions/"},
    ),
    "password reset": Driver(
        user=lambda w: None,
        urls=lambda w, c: [reverse("password_reset")],
        data=lambda w: {"email": "focal@mx.example"},
    ),
    "password reset confirm": Driver(
        user=lambda w: None,
        urls=_reset_url,
        data=lambda w: {"new_password1": "Another-long-pass-42", "new_password2": "Another-long-pass-42"},
        stored=lambda w: {"password": w.fresh(w.focal).password},
    ),
    "password change": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("password_change"), reverse("admin:password_change")],
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": "Another-long-pass-42",
            "new_password2": "Another-long-pass-42",
        },
        stored=lambda w: {
            "password": w.fresh(w.ts).password,
            "username": w.fresh(w.ts).username,
            "is_superuser": w.fresh(w.ts).is_superuser,
            "is_staff": w.fresh(w.ts).is_staff,
            "email": w.fresh(w.ts).email,
        },
    ),
    "language switch": Driver(
        needs_data=False,
        user=lambda w: None,
        urls=lambda w, c: [reverse("set_language")],
        data=lambda w: {"language": "es", "next": "/decisions/"},
    ),
    "progress report": Driver(
        user=lambda w: w.focal,
        urls=lambda w, c: [reverse("workflow:report", args=[w.action.pk])],
        data=_report_data,
        stored=_report_stored,
        pages=_report_pages,
        checked_later=("version", "links"),
        markdown=("note",),
    ),
    "evidence upload": Driver(
        user=lambda w: w.focal,
        urls=lambda w, c: [reverse("workflow:report", args=[w.action.pk])],
        data=_report_data,
        stored=_report_stored,
        pages=_report_pages,
    ),
    "review": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("workflow:review-detail", args=[w.pending.pk])],
        data=lambda w: {"decision": "return", "comment": "Add the date of the seminar."},
        stored=_review_stored,
        pages=lambda w: [(w.focal, reverse("workflow:report", args=[w.action.pk]))],
    ),
    "admin decision": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("admin:decisions_decision_change", args=[w.decision.pk])],
        data=lambda w: {},
        admin=True,
        stored=lambda w: {
            **{name: getattr(w.fresh(w.decision), name) for name in ("text_en", "text_es", "due_text", "status")},
            **_inline(w.fresh(w.decision).actions.order_by("responsible__name"), "actions", ("title_en", "title_es")),
        },
        pages=lambda w: [(None, w.decision.get_absolute_url())],
    ),
    "admin action": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("admin:decisions_action_change", args=[w.action.pk])],
        data=lambda w: {},
        admin=True,
        checked_later=("seen_version",),
        stored=_admin_action_stored,
        pages=lambda w: [(None, w.action.get_absolute_url())],
    ),
    "admin meeting": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("admin:decisions_meeting_change", args=[w.meeting.pk])],
        data=lambda w: {},
        admin=True,
        stored=lambda w: {
            **{
                name: getattr(w.fresh(w.meeting), name)
                for name in ("title_en", "title_es", "city_en", "city_es", "slug", "source_text", "created_at")
            },
            **_inline(w.fresh(w.meeting).decisions.order_by("position"), "decisions", ("text_en", "text_es")),
        },
        pages=lambda w: [(None, reverse("decisions:meeting-list"))],
    ),
    "admin progress update": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [
            reverse("admin:decisions_progressupdate_change", args=[w.pending.pk]),
            reverse("admin:decisions_progressupdate_add"),
            reverse("admin:decisions_progressupdate_delete", args=[w.pending.pk]),
        ],
        data=lambda w: {"note": "Rewritten", "review_state": "validated", "post": "yes"},
        keeps_text=False,
        stored=lambda w: {"note": w.fresh(w.pending).note, "review_state": w.fresh(w.pending).review_state},
    ),
    "admin declaration import": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("admin:decisions_meeting_import")],
        data=lambda w: {"text": DECLARATION, "slug": ""},  # the preview: what the parser read, nothing written
        embed=lambda field, value: DECLARATION.replace(CITY, value) if field == "text" else value,
        checked_later=("text", "file"),
        keeps_text=False,
        stored=lambda w: {"meetings": Meeting.objects.count()},
    ),
    "admin meeting language": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("admin:decisions_meeting_add_language", args=[w.meeting.pk])],
        data=lambda w: {"language": "es", "text": DECLARATION_ES},  # the preview: nothing written
        embed=lambda field, value: DECLARATION_ES.replace(CITY, value) if field == "text" else value,
        checked_later=("text", "file"),
        keeps_text=False,
        stored=lambda w: {"spanish": Decision.objects.filter(meeting=w.meeting).exclude(text_es="").count()},
    ),
    "admin bulk actions": Driver(
        needs_data=False,
        user=lambda w: w.root,
        urls=lambda w, c: [
            reverse("admin:decisions_action_changelist"),
            reverse("admin:members_party_changelist"),
            reverse("admin:auth_user_changelist"),  # Django's own admin, given the same checks
        ],
        data=lambda w: {"action": "delete_selected", "_selected_action": [str(w.action_cr.pk)], "index": "0"},
        stored=lambda w: {"actions": Action.objects.count(), "parties": Party.objects.count()},
    ),
    "api action create": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:action-list")],
        data=lambda w: {
            "decision": w.control_decision.pk,
            "responsible": "MX",
            "title": {"en": "Share the study", "es": "Compartir el estudio"},
            "description": {"en": "", "es": ""},
            "due_text": "",
            "due_date": "2005-06-30",
            "due_precision": "quarter",
            "visibility": "public",
        },
        stored=_api_action_stored,
        pages=lambda w: [(None, reverse("decisions:action-list") + "?party=MX")],
        json=True,
    ),
    "api action edit": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:action-detail", args=[w.action.pk])],
        data=lambda w: {"due_text": "late in the year"},
        stored=lambda w: {**_action_text(w.fresh(w.action)), "id": w.fresh(w.action).pk},
        pages=lambda w: [(None, w.action.get_absolute_url())],
        method="patch",
        headers=_etag,
        json=True,
    ),
    "api action replace": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:action-detail", args=[w.action.pk])],
        data=lambda w: {
            "decision": w.decision.pk,
            "responsible": "MX",
            "title": {"en": "Hold the seminar", "es": ""},
            "description": {"en": "In the capital.", "es": ""},
            "due_date": None,
            "due_precision": "none",
            "due_text": "",
            "visibility": "public",
        },
        stored=lambda w: {**_action_text(w.fresh(w.action)), "id": w.fresh(w.action).pk},
        pages=lambda w: [(None, w.action.get_absolute_url())],
        method="put",
        headers=_etag,
        json=True,
    ),
    "api action delete": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:action-detail", args=[w.action_cr.pk])],
        data=lambda w: {},
        stored=lambda w: {"actions": Action.objects.count()},
        method="delete",
        headers=_etag,
        json=True,
    ),
    "api progress": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:action-progress", args=[w.action.pk])],
        headers=_action_etag,
        data=lambda w: {
            "note": "Venue booked",
            "date": "2004-10-01",
            "links": ["https://example.org/venue"],
            "visibility": "public",
        },
        stored=_api_progress_stored,
        pages=lambda w: [(None, w.action.get_absolute_url())],
        markdown=("note",),
        json=True,
    ),
    "api validate": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:progress-update-validate", args=[w.pending.pk])],
        data=lambda w: {"comment": "Thank you."},
        stored=_review_stored,
        # The comment is read by the report's focal point (and the Secretariat), never by the public.
        pages=lambda w: [
            (w.focal, reverse("workflow:report", args=[w.action.pk])),
            (None, w.action.get_absolute_url()),
        ],
        json=True,
    ),
    "api return": Driver(
        user=lambda w: w.ts,
        urls=lambda w, c: [reverse("api:progress-update-return-report", args=[w.pending.pk])],
        data=lambda w: {"comment": "Add the date of the seminar."},
        stored=_review_stored,
        pages=lambda w: [(w.focal, reverse("workflow:report", args=[w.action.pk]))],
        json=True,
    ),
    "api token": Driver(
        user=lambda w: None,
        urls=lambda w, c: [reverse("api:token")],
        data=lambda w: {"username": "focal-mx", "password": PASSWORD},
        stored=lambda w: {"keys": list(ApiKey.objects.order_by("owner_id", "name").values_list("owner_id", "digest"))},
        json=True,
    ),
    "api keys": Driver(
        user=lambda w: w.focal,
        urls=lambda w, c: [reverse("api:api-key-list")],
        data=lambda w: {"name": "sync", "scope": "read", "expires_at": "2099-01-01T00:00:00Z"},
        stored=lambda w: {
            "keys": list(ApiKey.objects.order_by("owner_id", "name").values_list("owner_id", "name", "scope"))
        },
        json=True,
    ),
}
