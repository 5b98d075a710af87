"""Writing a record only when something changed, so that loading the same data twice changes nothing
(not even the change history)."""

from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models

M = TypeVar("M", bound=models.Model)


def blank_as_null(*, model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Empty text is stored as NULL in every nullable text column (the translations: "no text in this
    language"), whichever way it came (a form's "", the API's "", a loader's None), so that saving the
    same content never records a change from None to "" or back."""
    return {name: None if value == "" and _is_nullable_text(model, name) else value for name, value in values.items()}


def _is_nullable_text(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.null and isinstance(field, models.CharField | models.TextField)


def upsert(*, model: type[M], lookup: dict[str, Any], values: dict[str, Any] | None = None) -> tuple[M, bool]:
    """Find the row matching `lookup`; create it with `values`, or update only the fields that differ.
    Returns the row and whether anything was written."""
    values = blank_as_null(model=model, values=values or {})
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance, True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, values[name])
    instance.full_clean()
    instance.save()
    return instance, True
