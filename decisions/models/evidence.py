"""Evidence attached to a progress report: files kept privately, and links."""

import os
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rcm.constraints import ChecksDecidedInPython


class PrivateStorage(FileSystemStorage):
    """Files with no public URL: they are served only by a view that checks who asks. The folder is read from
    the settings at each use, so deployments (and tests) can move it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


_PRIVATE_STORAGE = PrivateStorage()


def private_storage() -> PrivateStorage:
    # A callable, so migrations record this function rather than one machine's folder.
    return _PRIVATE_STORAGE


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name is ours (a UUID and a vetted extension): nothing of the uploader's name reaches the disk.
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(ChecksDecidedInPython):
    update = models.ForeignKey(
        "decisions.ProgressUpdate", on_delete=models.CASCADE, related_name="evidence", verbose_name=_("update")
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, storage=private_storage, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        # By the update's key, not its ordering: "update" sorted by the update's own order, which sorts by its
        # action's, its decision's and its meeting's, so reading one update's evidence joined five tables (PostgreSQL
        # planned that for longer than a progress note's answer took otherwise). One update's evidence comes in the
        # same order either way.
        ordering = ["update_id", "id"]
        constraints = [
            # Each piece of evidence is either a link or a file, never both, never neither.
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")), name="evidence_link_or_file"
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.url
