"""Sending one submission to a surface and judging the answer: never a 5xx; a refusal is a 4xx or a form
error that names the field (an API 400 carries the field and the reason); an acceptance stored what was sent
as plain text (or, for anything but text, nothing hostile at all); a refusal wrote nothing."""

import copy
import datetime
import re
from contextlib import contextmanager
from urllib.parse import urlparse

from django.forms import MultiWidget

from decisions.models import Action, Decision, Evidence, Meeting, ProgressUpdate
from tests.security.hostile.catalogue import FILE, REDIRECT, SECRET, STORED_AS_TYPED
from tests.security.hostile.drivers import DRIVERS
from tests.security.hostile.inert import assert_inert_response
from tests.security.hostile.world import attempt


def admin_form_data(client, url: str) -> dict:
    """What the admin's change form would send unchanged: its fields and its inlines', as the page holds them."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data: dict = {}
    forms = [response.context["adminform"].form]
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for bound in form:
            widget = getattr(bound.field.widget, "widget", bound.field.widget)  # under the admin's wrapper
            value = bound.value()
            if isinstance(widget, MultiWidget):  # a date and a time: name_0, name_1
                for index, part in enumerate(widget.decompress(value)):
                    if part is not None:
                        data[f"{bound.html_name}_{index}"] = _as_text(part)
            elif value is not None and value is not False:
                data[bound.html_name] = _as_text(value)
    return data


def _as_text(value):
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def set_field(data: dict, name: str, value) -> dict:
    """A copy of a submission with one field set; "title.en" reaches into an object, "links.0" makes a list."""
    data = copy.deepcopy(data)
    head, _, rest = name.partition(".")
    if not rest:
        data[head] = value
    elif rest.isdigit():
        data[head] = [value]
    else:
        data.setdefault(head, {})[rest] = value
    return data


def send(driver, client, url: str, data: dict, world, *, headers: dict | None = None):
    headers = {**driver.headers(world, client, url), **(headers or {})}
    if driver.json:
        return getattr(client, driver.method)(url, data, format="json", **headers)
    return client.post(url, data, **headers)


def snapshot() -> tuple:
    """Enough of the record to see that a refused request wrote nothing."""
    return (
        ProgressUpdate.objects.count(),
        Evidence.objects.count(),
        Action.objects.count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        list(Action.objects.order_by("pk").values_list("version", "status", "title_en")),
        list(ProgressUpdate.objects.order_by("pk").values_list("review_state", "note", "review_comment")),
    )


def form_errors(response) -> dict:
    """The errors a re-rendered HTML form shows, by field name ("__all__": the form's own)."""
    context = response.context
    if context is None:
        return {}
    errors: dict = {}
    for key in ("form", "adminform"):
        if key in context:
            form = context[key].form if key == "adminform" else context[key]
            errors |= {name: list(messages) for name, messages in form.errors.items()}
    for inline in context.get("inline_admin_formsets", []):
        for form in inline.formset.forms:
            errors |= {form.add_prefix(name): list(messages) for name, messages in form.errors.items()}
        if inline.formset.non_form_errors():
            errors.setdefault("__all__", []).extend(inline.formset.non_form_errors())
    return errors


def api_errors(response) -> list[dict]:
    if not response["Content-Type"].startswith("application/problem+json"):
        return []
    return response.json().get("errors") or []


def outcome(response, surface) -> str:
    """ "refused" (4xx, or the form shown again with errors) or "accepted". Never a server error."""
    assert response.status_code < 500, f"{surface.name}: {response.status_code}"
    if response.status_code >= 400:
        return "refused"
    if surface.transport == "form" and response.status_code == 200 and form_errors(response):
        return "refused"
    return "accepted"


# A password may be a valid one, and a `next` that is not safe is ignored: neither must name itself.
UNNAMED = (SECRET, REDIRECT)


def assert_names(
    response, surface, fields: list[str], checked_later: tuple[str, ...] = (), every: bool = False
) -> None:
    """The refusal says which field is at fault (one of `fields`, sent together; with `every`, each of them, but
    for those checked by the form as a whole), and in the API why."""
    if surface.generic_errors or response.status_code in (403, 404, 412, 413, 415, 428):
        return
    if surface.transport == "json":
        errors = api_errors(response)
        assert errors, f"{surface.name}: a {response.status_code} without errors"
        named = {(error["field"] or "").split(".")[0] for error in errors}
        wanted = {field.split(".")[0] for field in fields if not every or surface.fields[field] not in UNNAMED}
        assert (wanted <= named) if every else (named & wanted), (surface.name, fields, errors)
        assert all(error["detail"] and error["code"] for error in errors), errors
        return
    errors = form_errors(response)
    if response.status_code >= 400 and not errors:
        return  # a bare 400 page: the request itself could not be read (the middleware says which parameter)
    if every:
        missing = {field for field in fields if surface.fields[field] not in UNNAMED} - set(errors) - set(checked_later)
        assert not missing, f"{surface.name}: {sorted(missing)} not named in {errors}"
        return
    allowed = set(fields) | ({"__all__"} if set(fields) & set(checked_later) else set())
    assert allowed & set(errors), f"{surface.name}: none of {fields} named in {errors}"


def assert_safe_redirect(response, where: str) -> None:
    if response.status_code not in (301, 302, 303, 307, 308):
        return
    location = response["Location"]
    parsed = urlparse(location)
    assert parsed.scheme in ("", "http") and parsed.netloc in ("", "testserver"), f"{where}: redirect to {location!r}"
    assert not location.startswith(("//", "/\\")), f"{where}: redirect to {location!r}"


def check_answer(response, surface, where: str) -> str:
    """Every answer: no 5xx, no live markup in what comes back, no redirect off the site."""
    result = outcome(response, surface)
    if response.content and response.get("Content-Type"):
        assert_inert_response(response, where)
    assert_safe_redirect(response, where)
    return result


def stored_as_sent(stored, sent) -> bool:
    """Text is kept as typed (forms strip surrounding whitespace; line ends may be normalised)."""
    if not isinstance(stored, str) or not isinstance(sent, str):
        return False
    candidates = {sent, sent.strip(), sent.replace("\r\n", "\n"), sent.replace("\r\n", "\n").strip()}
    return stored in candidates or stored.replace("\r\n", "\n") in candidates


def assert_stored_inert(surface, field: str, kind: str, before: dict, after: dict, payload) -> None:
    """Text is kept as sent; any other kind of field keeps nothing of a hostile value."""
    if field not in after:
        return
    if kind in STORED_AS_TYPED:
        assert stored_as_sent(after[field], payload) or after[field] == before.get(field), (
            surface.name,
            field,
            repr(after[field])[:200],
        )
        return
    value = after[field]
    if kind == FILE:  # kept under a name of ours, in the private folder; the uploader's name only shown, reduced
        for stored_name, shown_name in value:
            assert re.fullmatch(r"evidence/[0-9a-f]{32}\.[a-z]+", stored_name), stored_name
            assert not set("/\\\x00") & set(shown_name) and not shown_name.startswith(".."), shown_name
        return
    assert not (isinstance(value, str) and payload and isinstance(payload, str) and payload.strip() in value), (
        f"{surface.name}: {field} kept {value!r:.200}"
    )


class Visit:
    """One test's way into a surface: a signed-in client made once, the admin form read once; every attempt
    then runs in a savepoint of its own with a copy of that client."""

    def __init__(self, surface, world):
        self.surface, self.world = surface, world
        self.driver = DRIVERS[surface.name]
        self.count = len(self.driver.urls(world, self.driver.client(world)))
        self._admin_data: dict[str, dict] = {}

    def addresses(self):
        """(client, address, valid data) for every address of the surface, each attempt undone afterwards."""
        for index in range(self.count):
            with self.at(index) as visit:
                yield visit

    @contextmanager
    def at(self, index: int):
        """One attempt at the surface's index-th address, in a savepoint undone afterwards."""
        with attempt():
            client = self.driver.client(self.world)
            url = self.driver.urls(self.world, client)[index]
            yield client, url, self.valid_data(client, url)

    def valid_data(self, client, url) -> dict:
        if not self.driver.admin:
            return self.driver.data(self.world)
        if url not in self._admin_data:
            self._admin_data[url] = admin_form_data(client, url)
        return self._admin_data[url]
