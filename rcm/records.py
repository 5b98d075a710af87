"""Writing a record only when something changed, so that loading the same data twice changes nothing
(not even the change history)."""

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def upsert(model: type[M], *, lookup: dict[str, Any], values: dict[str, Any] | None = None) -> tuple[M, bool]:
    """Find the row matching `lookup`; create it with `values`, or update only the fields that differ.
    Returns the row and whether anything was written."""
    values = values or {}
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
