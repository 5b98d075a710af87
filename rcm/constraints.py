"""Check constraints decided in Python when Python can decide them.

Django validates a model's check constraints by asking the database, one query per constraint, each in a
savepoint (`Q.check`): three statements, and the compiling of a query, for each. Most of ours say only that a
column holds one of its choices, or that one column's value goes with another's: `field=value`, `field__in=[…]`
and `field__isnull=…`, joined by AND, OR, XOR and NOT. Against a model's own values, when none is None, such a
condition has the same answer in Python as in SQL (the database compares text byte by byte, as Python does), so
`ChecksDecidedInPython` decides it there. Anything else — a transform such as `due_date__day`, an F(), a value
that is an expression or of another type than its column's, a NULL and its three-valued logic — is still asked of
the database, as Django asks it. The database's own constraints stand behind both.

A progress note's validation asked the database twelve times for its four constraints, and three more times whether
its action and its author exist: a sixth of what a note costs the worker that records it
(tests/decisions/test_constraints_in_python.py compares both answers).
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import CheckConstraint, Q

# Columns whose values Python compares as the database does: text, integers and booleans.
DECIDED_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


class _ReadsExcluded(Exception):
    """The condition reads a field the validation excludes: Django then skips the constraint (its FieldError)."""


def condition_decided(*, model: type[models.Model], instance: models.Model, condition: Q, exclude=()) -> bool | None:
    """Whether `instance` satisfies `condition` (a check constraint's), or None when only the database can say."""
    if isinstance(condition, Q):
        if not condition.children:
            return None  # Django compiles an empty condition to "everything", negated or not
        results = []
        for child in condition.children:
            result = condition_decided(model=model, instance=instance, condition=child, exclude=exclude)
            if result is None:
                return None
            results.append(result)
        if condition.connector == Q.AND:
            decided = all(results)
        elif condition.connector == Q.OR:
            decided = any(results)
        else:  # XOR: an odd number of true conditions, as Django writes it where the database has no XOR
            decided = sum(results) % 2 == 1
        return not decided if condition.negated else decided
    if not isinstance(condition, tuple) or len(condition) != 2:
        return None
    return _lookup_decided(model, instance, *condition, exclude=exclude)


def _lookup_decided(model, instance, lookup: str, expected: Any, *, exclude) -> bool | None:
    name, _, operator = lookup.partition("__")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.name in exclude:
        raise _ReadsExcluded
    if not field.concrete or field.is_relation or field.generated or not isinstance(field, DECIDED_FIELDS):
        return None
    value = getattr(instance, field.attname)
    if hasattr(value, "resolve_expression"):
        return None
    if value is not None and not _of_the_column(field, value):
        return None
    if operator == "isnull":
        return (value is None) == expected if isinstance(expected, bool) else None
    if operator in ("", "exact"):
        candidates = (expected,)
    elif operator == "in" and isinstance(expected, list | tuple | set | frozenset):
        candidates = tuple(expected)
    else:
        return None
    if value is None or not all(_of_the_column(field, candidate) for candidate in candidates):
        return None
    return value in candidates


def _of_the_column(field: models.Field, value: Any) -> bool:
    """Whether `value` is of the column's own type, so that Python's == says what the database's = does (a number
    given for a text column, or text for a number, is converted by the database first; None is NULL, and = with
    NULL is neither true nor false)."""
    if isinstance(field, models.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, models.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


class _DecidedInPython:
    """A check constraint validated in Python when it can be, by the database otherwise (`Model.validate_constraints`
    reads only `validate` of a constraint that raises no "unique" error)."""

    def __init__(self, constraint: CheckConstraint):
        self.constraint = constraint

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        try:
            decided = condition_decided(
                model=model, instance=instance, condition=self.constraint.condition, exclude=exclude or ()
            )
        except _ReadsExcluded:
            return
        if decided is None:
            self.constraint.validate(model, instance, exclude=exclude, using=using)
        elif not decided:
            raise ValidationError(
                self.constraint.get_violation_error_message(), code=self.constraint.violation_error_code
            )


class ChecksDecidedInPython(models.Model):
    """A model whose check constraints are validated in Python when they can be (see the module's docstring), and
    whose foreign keys given an instance read from the database are not looked up again by `full_clean`."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Django checks that a foreign key's row exists with one query per key, even when the key was given as the
        # row itself, just read (the action a note is recorded on, locked; the user recording it). Such a key is
        # known to exist as far as that query can know: the row could go between it and the write just as well,
        # and the database's foreign key refuses that write either way. A key with `limit_choices_to` is still
        # checked, as that query also applies the limit.
        known = {field.name for field in self._meta.concrete_fields if _read_from_the_database(self, field)}
        super().clean_fields(exclude=set(exclude or ()) | known)

    def get_constraints(self):
        return [
            (model, [_DecidedInPython(c) if isinstance(c, CheckConstraint) else c for c in constraints])
            for model, constraints in super().get_constraints()
        ]


def _read_from_the_database(instance: models.Model, field: models.Field) -> bool:
    """Whether the foreign key `field` of `instance` holds the key of a row given as an instance read from the
    database (cached on the field), with no choices' limit to apply."""
    if not field.many_to_one or field.get_limit_choices_to() or not field.is_cached(instance):
        return False
    related = field.get_cached_value(instance)
    return (
        related is not None
        and related.pk is not None  # deleted since it was read, or copied with its key cleared
        and not related._state.adding
        and related._state.db == (instance._state.db or related._state.db)
        and getattr(instance, field.attname) == getattr(related, field.target_field.attname)
    )
