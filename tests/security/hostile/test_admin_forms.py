"""Every other change form of the admin (each registered model, Django's and the add-ons' included), its
history ("revert") form, the password form and a confirmed declaration import: a payload in every text input
at once — accepted and kept as typed, or refused naming the field; the change list and form show it inert."""

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.security.hostile.catalogue import COMBINED, PAYLOADS
from tests.security.hostile.drivers import CITY, DECLARATION
from tests.security.hostile.exercise import admin_form_data, check_answer, form_errors, snapshot, stored_as_sent
from tests.security.hostile.surfaces import SURFACE_BY_NAME
from tests.security.hostile.world import attempt

pytestmark = pytest.mark.django_db

SURFACE = SURFACE_BY_NAME["admin change forms"]
# Models with a form of their own in the catalogue (drivers.py); the rest are tried here.
DRIVEN = {"decisions.decision", "decisions.action", "decisions.meeting", "decisions.progressupdate"}
MODELS = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in admin.site._registry
    if f"{model._meta.app_label}.{model._meta.model_name}" not in DRIVEN
)


def _model(label: str):
    return next(m for m in admin.site._registry if f"{m._meta.app_label}.{m._meta.model_name}" == label)


def _text_inputs(form) -> dict[str, int | None]:
    """The plain text inputs of a form (not e-mail, link, slug or number fields): name → maximum length."""
    return {
        form.add_prefix(name): field.max_length
        for name, field in form.fields.items()
        if type(field) in (forms.CharField,) and not isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)
    }


@pytest.mark.parametrize("label", MODELS)
def test_every_text_input_of_every_admin_form(world, label):
    model = _model(label)
    client = world.client(world.root)
    obj = model._default_manager.order_by("pk").first()
    route = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    url = reverse(f"{route}_change", args=[obj.pk]) if obj else reverse(f"{route}_add")
    page = client.get(url)
    if page.status_code != 200:
        assert page.status_code in (302, 403), (label, page.status_code)  # no form to send here
        return
    if obj is not None and not page.context["has_change_permission"]:
        assert client.post(url, {}).status_code == 403, label  # a read-only record (outgoing e-mail, tasks)
        return
    data = admin_form_data(client, url)
    inputs = _text_inputs(page.context["adminform"].form)
    sent = {name: COMBINED[:length] if length else COMBINED for name, length in inputs.items()}
    before = snapshot()
    response = client.post(url, {**data, **sent})
    result = check_answer(response, SURFACE, f"{label} {url}")
    if result == "refused":
        errors = form_errors(response)
        assert errors and (set(errors) & set(sent) or "__all__" in errors), (label, errors)
        assert snapshot() == before, f"{label}: refused but written"
        return
    if obj is not None:
        key = model._meta.pk.attname
        # A changed lineage link is a new row (the old one removed, so statuses follow both ends).
        obj = model._default_manager.filter(**{key: getattr(obj, key)}).first() or model._default_manager.last()
        for name in sent:
            if hasattr(obj, name):
                assert stored_as_sent(getattr(obj, name), sent[name]), (label, name, getattr(obj, name))
    changelist = client.get(reverse(f"{route}_changelist"))
    check_answer(changelist, SURFACE, f"{label} change list")


def test_the_history_form_reverts_through_the_same_checks(world):
    """simple_history's "revert to this version" form is a change form too."""
    client = world.client(world.ts)
    record = world.action.history.order_by("history_id").first()
    url = reverse("admin:decisions_action_simple_history", args=[world.action.pk, record.history_id])
    data = admin_form_data(client, url)
    for payload in (COMBINED, PAYLOADS["nul_byte"][0], "2025-02-30"):
        response = client.post(url, {**data, "title_en": payload, "deadline": payload if "-" in payload else ""})
        result = check_answer(response, SURFACE, f"history form {payload!r:.40}")
        if result == "accepted":
            assert stored_as_sent(world.fresh(world.action).title_en, payload)
            check_answer(client.get(world.action.get_absolute_url()), SURFACE, "action page after a revert")


def test_the_admin_password_form(world):
    client = world.client(world.root)
    url = reverse("admin:auth_user_password_change", args=[world.focal.pk])
    for payload in (PAYLOADS["nul_byte"][0], PAYLOADS["oversized_text"][0], COMBINED):
        response = client.post(url, {"password1": payload, "password2": payload, "usable_password": "true"})
        check_answer(response, SURFACE, f"password {payload!r:.30}")
        assert payload not in world.fresh(world.focal).password  # hashed, never kept as typed


def test_a_confirmed_import_keeps_a_hostile_city_as_text(world, django_capture_on_commit_callbacks):
    client = world.client(world.ts)
    response = client.post(
        reverse("admin:decisions_meeting_import"),
        {"text": DECLARATION.replace(CITY, COMBINED.strip("\x0b")), "slug": "", "confirm": "1"},
    )
    assert response.status_code == 302, form_errors(response)
    meeting_page = client.get(response["Location"])
    check_answer(meeting_page, SURFACE, "imported meeting")
    assert "alert(1)" in meeting_page.content.decode()  # there, escaped


def test_a_document_file_is_kept_under_a_safe_name(world, settings, tmp_path):
    """The admin's one other upload: a document's file. Its name cannot leave the documents folder."""
    settings.MEDIA_ROOT = tmp_path
    client = world.client(world.ts)
    url = reverse("admin:decisions_document_change", args=[world.document.pk])
    data = admin_form_data(client, url)
    for name, content in PAYLOADS["path_traversal"]:
        with attempt():
            response = client.post(url, {**data, "file": SimpleUploadedFile(name, content)})
            if check_answer(response, SURFACE, f"document file {name!r}") == "accepted":
                stored = world.fresh(world.document).file.name
                assert stored.startswith("documents/") and ".." not in stored and "\\" not in stored, stored
                assert (tmp_path / stored).resolve().is_relative_to(tmp_path.resolve()), stored
