"""The Secretariat's edits of the registers that decisions point to: themes and documents."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from decisions.models import Document, Theme
from rcm.versioning import versioned_delete, versioned_save


@transaction.atomic
def theme_save(*, theme: Theme, expected_version: int | None = None, by: AbstractBaseUser | None = None) -> Theme:
    return versioned_save(obj=theme, expected_version=expected_version, by=by)


@transaction.atomic
def theme_delete(*, theme: Theme, expected_version: int | None = None, by: AbstractBaseUser | None = None) -> None:
    """Delete a theme; the decisions it grouped lose that theme, nothing else."""
    versioned_delete(obj=theme, expected_version=expected_version, by=by)


@transaction.atomic
def document_save(
    *, document: Document, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> Document:
    return versioned_save(obj=document, expected_version=expected_version, by=by)


@transaction.atomic
def document_delete(
    *, document: Document, expected_version: int | None = None, by: AbstractBaseUser | None = None
) -> None:
    """Delete a document; refused while a decision still endorses, approves, modifies or refers to it."""
    versioned_delete(obj=document, expected_version=expected_version, by=by)
