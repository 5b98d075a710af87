"""Optimistic locking for every record the Secretariat edits: a write states the revision it read, and a write
against a newer one is refused with who changed what, instead of silently overwriting it.

One rule, written once: `Versioned.save()` moves the revision on every save of an existing row (whoever saves
it: a form, a service, the IX loader), and `lock()` is the check every service makes before it writes. The
admin's forms carry the revision they showed (`rcm.admin_versioning`); the API sends it as the ETag.

`Action` keeps its older field name, `version` (its services move it themselves); every other model's field
is `revision` (`Document.version` is the document's own edition label, so one name could not serve all).
"""

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

# Bookkeeping fields that are not anybody's edit: never named as "what changed".
UNNAMED_FIELDS = frozenset({"revision", "version", "updated_at", "created_at", "status"})


class Versioned(models.Model):
    LOCK_FIELD = "revision"

    # Moved by every save of an existing row; compared with the revision the writer read (see lock()).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self.revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


def lock_field(*, model: type[models.Model]) -> str:
    return getattr(model, "LOCK_FIELD", "version")


def current_revision(*, obj: models.Model) -> int:
    return getattr(obj, lock_field(model=type(obj)))


def lock(*, obj: M, expected: int | None) -> M:
    """The row as stored now, locked until the transaction ends; refused when it moved past `expected`
    (None: the caller saw nothing to compare, e.g. a confirmed delete page)."""
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    if expected is not None and current_revision(obj=locked) != expected:
        raise stale_error(current=locked, expected=expected)
    return locked


def stale_error(*, current: models.Model, expected: int) -> ValidationError:
    """ "Someone else saved …": who, when and which fields, read from the change history when there is one."""
    who, when, fields = _what_changed(current, expected)
    params = {"what": capfirst(str(type(current)._meta.verbose_name)), "name": str(current), "who": who or "?"}
    params["when"], params["fields"] = when, ", ".join(fields) or "?"
    message = gettext(
        "%(what)s “%(name)s” was changed by %(who)s (%(when)s) while you were editing it: %(fields)s. Your input "
        "is kept: open it in another tab to see their change, then save again."
    )
    return ValidationError(message % params, code="stale")


def _what_changed(current: models.Model, expected: int) -> tuple[str, str, list[str]]:
    history = getattr(type(current), "history", None)
    if history is None:
        return "", "", []
    records = history.filter(id=current.pk).select_related("history_user").order_by("-history_id")
    latest = records.first()
    seen = seen_record(obj=current, revision=expected)
    if latest is None:
        return "", "", []
    user = latest.history_user
    who = (user.get_full_name() or user.get_username()) if user else gettext("the system")
    when = date_format(latest.history_date, "DATETIME_FORMAT")
    if seen is None:
        return who, when, []
    fields = [
        str(capfirst(field.verbose_name))
        for field in latest.tracked_fields
        if field.name not in UNNAMED_FIELDS and getattr(seen, field.attname) != getattr(latest, field.attname)
    ]
    return who, when, fields


def seen_record(*, obj: models.Model, revision: int) -> models.Model | None:
    """The row as it was at `revision`, from its change history (None without one)."""
    history = getattr(type(obj), "history", None)
    if history is None:
        return None
    records = history.filter(id=obj.pk, **{lock_field(model=type(obj)): revision})
    return records.order_by("-history_id").first()


def with_author(*, obj: M, by: AbstractBaseUser | None) -> M:
    """Name the author in the change history (simple-history reads `_history_user`)."""
    if by is not None:
        obj._history_user = by
    return obj


def versioned_save(*, obj: M, expected_version: int | None, by: AbstractBaseUser | None) -> M:
    """Validate and save a new or edited row, refusing an edit of a row that moved past `expected_version`.
    The caller (a service) holds the transaction, so the lock lasts until its other writes are done."""
    if obj.pk is not None and not obj._state.adding:
        locked = lock(obj=obj, expected=expected_version)
        setattr(obj, lock_field(model=type(obj)), current_revision(obj=locked))  # the save moves it from the stored one
    obj.full_clean()
    with_author(obj=obj, by=by).save()
    return obj


def versioned_delete(*, obj: models.Model, expected_version: int | None, by: AbstractBaseUser | None) -> None:
    """Delete a row (and what cascades from it), refusing when it moved past `expected_version` or when
    other records still need it."""
    locked = with_author(obj=lock(obj=obj, expected=expected_version), by=by)
    try:
        locked.delete()
    except models.ProtectedError as exc:
        used_by = sorted({str(type(row)._meta.verbose_name_plural) for row in exc.protected_objects})
        message = gettext("“%(name)s” cannot be deleted: %(records)s still refer to it.")
        raise ValidationError(message % {"name": locked, "records": ", ".join(used_by)}, code="protected") from exc
