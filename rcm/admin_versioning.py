"""The admin's half of optimistic locking, and its writes through the services: once, for every model.

- `VersionedForm` carries the revision it showed (`seen_version`, hidden) and refuses, as a form error that keeps
  what the officer typed, a change to a row someone else saved meanwhile (rcm/versioning.py says who and what).
- `VersionedInlineFormSet` does the same for rows an officer deletes in an inline.
- `ServiceAdmin` routes every write of the change form, its inlines, the delete view and the bulk delete action
  to the model's services (`Writes`), which lock the row, check the revision again (a race between the form's
  check and the write) and keep statuses, history and the record version right. A service's refusal that the
  form could not foresee becomes a message, never a 500.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect

from rcm.versioning import current_revision, lock_field, seen_record, stale_error

SEEN = "seen_version"


class SeenVersionField(forms.IntegerField):
    """The revision the form showed. Never "a change" by itself: an untouched row is not written."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


def is_stale(instance: models.Model, seen: int | None) -> bool:
    """Whether the stored row moved past the revision the form showed."""
    if instance.pk is None or seen is None:
        return False
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).values_list(lock_field(model=model), flat=True).first()
    return stored is not None and stored != seen


def check_not_stale(instance: models.Model, seen: int | None) -> None:
    """Raise the "someone else saved it" error when the stored row moved past the revision the form showed."""
    if is_stale(instance, seen):
        raise stale_error(current=type(instance)._default_manager.get(pk=instance.pk), expected=seen)


def typed_as_seen(form: forms.ModelForm, seen: int) -> bool:
    """Whether a form sends back exactly the row as it was at `seen`: the officer edited nothing in it, though it
    differs from the row now (someone else's edit, which writing the form would undo). Read from the history; a
    field it cannot tell (a non-model field, a many-to-many) that differs from the row now counts as typed."""
    record = seen_record(obj=form.instance, revision=seen)
    if record is None:
        return False
    columns = {field.name: field for field in record._meta.concrete_fields}
    for name in form.changed_data:
        field = columns.get(name)
        if field is None:
            return False
        typed = form.cleaned_data.get(name)
        if _plain(getattr(typed, "pk", typed)) != _plain(getattr(record, field.attname)):
            return False
    return True


def _plain(value):
    return "" if value is None else value


class VersionedForm(forms.ModelForm):
    seen_version = SeenVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial[SEEN] = current_revision(obj=self.instance)

    untouched = False  # set when the row moved on but this form sends it back as the officer saw it

    def has_changed(self) -> bool:
        return not self.untouched and super().has_changed()

    def clean(self):
        data = super().clean()
        seen = data.get(SEEN)
        if self.instance.pk and self.has_changed() and is_stale(self.instance, seen):
            if typed_as_seen(self, seen):
                self.untouched = True  # not an edit: nothing is written, their change stays
            else:
                check_not_stale(self.instance, seen)
        return data


class VersionedInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Django does not validate the forms of deleted rows: their revision is checked here.
        for form in self.deleted_forms:
            if form.instance.pk:
                check_not_stale(form.instance, getattr(form, "cleaned_data", {}).get(SEEN))


@dataclass(frozen=True)
class Writes:
    """A model's save and delete services, called as `save(<noun>=obj, expected_version=…, by=…)`."""

    noun: str
    save: Callable | None
    delete: Callable

    def save_object(self, obj, *, expected_version: int | None, by, **many):
        return self.save(**{self.noun: obj, "expected_version": expected_version, "by": by, **many})

    def delete_object(self, obj, *, expected_version: int | None, by) -> None:
        self.delete(**{self.noun: obj, "expected_version": expected_version, "by": by})


def with_seen_version(fieldsets) -> list:
    fieldsets = list(fieldsets)
    if not fieldsets or SEEN in flatten_fieldsets(fieldsets):
        return fieldsets
    name, options = fieldsets[0]
    return [(name, {**options, "fields": [*options["fields"], SEEN]}), *fieldsets[1:]]


class VersionedInline:
    form = VersionedForm
    formset = VersionedInlineFormSet
    writes: Writes | None = None

    def get_fieldsets(self, request, obj=None):
        return with_seen_version(super().get_fieldsets(request, obj))


class ServiceAdmin:
    form = VersionedForm
    writes: Writes

    def get_fieldsets(self, request, obj=None):
        return with_seen_version(super().get_fieldsets(request, obj))

    # --- writes -----------------------------------------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and obj.pk is not None and getattr(request, "reverting", False):
            # A revert is an edit of the row as stored now: that is the revision the officer saw.
            model = type(obj)
            stored = model._default_manager.filter(pk=obj.pk).values_list(lock_field(model=model), flat=True).first()
            if stored is not None:
                setattr(obj, lock_field(model=model), stored)
        return super().get_form(request, obj, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting = True
        return _refusal_as_message(self, request, super().history_form_view, object_id, version_id, extra_context)

    @staticmethod
    def nothing_to_save(request, form, change: bool) -> bool:
        """An unchanged change form writes nothing (no history entry, no revision moved); a revert form shows
        the old values as its own, so it is "unchanged" and must still be written."""
        return change and not form.has_changed() and not getattr(request, "reverting", False)

    def save_model(self, request, obj, form, change):
        if self.nothing_to_save(request, form, change):
            return
        many = {name: form.cleaned_data[name] for name in self.many_to_many(form)}
        saved = self.writes.save_object(obj, expected_version=form.cleaned_data.get(SEEN), by=request.user, **many)
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        # The form's many-to-many fields were given to the save service; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def many_to_many(self, form) -> list[str]:
        return self.many_to_many_of(self.model, form)

    @staticmethod
    def many_to_many_of(model, form) -> list[str]:
        """The model's many-to-many fields on the form, which its save service takes by name."""
        return [field.name for field in model._meta.many_to_many if field.name in form.cleaned_data]

    def delete_model(self, request, obj):
        self.writes.delete_object(obj, expected_version=None, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # all or nothing: one refused row keeps every row
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # sorts rows into new, changed and deleted; the change message reads them
        if not (formset.new_objects or formset.changed_objects or formset.deleted_objects):
            return  # a read-only inline, or nothing typed in it
        writes = self.inline_writes(formset.model)
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                writes.delete_object(inline_form.instance, expected_version=_seen(inline_form), by=request.user)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            many = {name: inline_form.cleaned_data[name] for name in self.many_to_many_of(formset.model, inline_form)}
            writes.save_object(inline_form.instance, expected_version=_seen(inline_form), by=request.user, **many)

    def inline_writes(self, model) -> Writes:
        for inline in self.inlines:
            if inline.model is model and getattr(inline, "writes", None) is not None:
                return inline.writes
        raise LookupError(f"{type(self).__name__}: no services for the inline of {model._meta.label}")

    # --- a refusal the form could not foresee (a race under the row lock, a protected row) ---------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return _refusal_as_message(self, request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return _refusal_as_message(self, request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        # A bulk action in one transaction: a refused delete also takes back the log entries Django wrote first.
        return _refusal_as_message(self, request, transaction.atomic()(super().changelist_view), extra_context)


def _seen(form) -> int | None:
    return getattr(form, "cleaned_data", {}).get(SEEN)


def _refusal_as_message(model_admin, request, view, *args):
    try:
        return view(request, *args)
    except ValidationError as exc:
        model_admin.message_user(request, " ".join(exc.messages), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
