"""Checking evidence before it is kept: the type is read from the file's first bytes, not from its name or
the browser's word, and the size is capped."""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from decisions.models import Evidence, ProgressUpdate
from rcm.compensation import delete_file_on_rollback
from rcm.errors import field_error

ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    magic: bytes | None  # None: plain text, checked by decoding


ACCEPTED = {
    ".pdf": FileType(".pdf", "application/pdf", b"%PDF-"),
    ".png": FileType(".png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": FileType(".jpg", "image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": FileType(".jpeg", "image/jpeg", b"\xff\xd8\xff"),
    ".docx": FileType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".odt": FileType(".odt", "application/vnd.oasis.opendocument.text", ZIP),
    ".ods": FileType(".ods", "application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".csv": FileType(".csv", "text/csv", None),
    ".txt": FileType(".txt", "text/plain", None),
}


def display_name_clean(*, name: str) -> str:
    """The uploader's file name, reduced to its last part and printable characters, for display only."""
    base = PurePath(name.replace("\\", "/")).name
    printable = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    return printable.strip()[:200] or "file"


def evidence_file_check(*, upload: UploadedFile) -> FileType:
    """The accepted type of an upload, or a ValidationError that says why it is refused."""
    name = upload.name or ""
    kind = ACCEPTED.get(PurePath(name).suffix.lower())
    if kind is None:
        raise field_error(
            field="files",
            message=_("“%(name)s”: accepted types are %(types)s.")
            % {"name": display_name_clean(name=name), "types": ", ".join(sorted(ACCEPTED))},
            code="file_type",
        )
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise field_error(
            field="files",
            message=_("“%(name)s” is larger than %(limit)s MB.")
            % {"name": display_name_clean(name=name), "limit": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
            code="file_size",
        )
    head = upload.read(2048)
    upload.seek(0)
    if not _content_matches(kind, head):
        raise field_error(
            field="files",
            message=_("“%(name)s” is not really a %(type)s file.")
            % {"name": display_name_clean(name=name), "type": kind.extension},
            code="file_content",
        )
    return kind


def _content_matches(kind: FileType, head: bytes) -> bool:
    if kind.magic is not None:
        return head.startswith(kind.magic)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a multi-byte character cut at the 2 KB boundary is still text
        return exc.start >= len(head) - 3
    return True


def evidence_attach(*, update: ProgressUpdate, files: list[UploadedFile], links: list[str]) -> list[Evidence]:
    """Keep a report's files and links. Everything is checked before anything is written, so a refused report
    leaves nothing on disk; a file written in a transaction that then rolls back is removed with it."""
    if len(files) + len(links) > settings.EVIDENCE_MAX_FILES:
        raise field_error(
            field="files",
            message=_("At most %(n)s pieces of evidence per report.") % {"n": settings.EVIDENCE_MAX_FILES},
            code="too_many",
        )
    kinds = [evidence_file_check(upload=upload) for upload in files]
    pieces = [
        Evidence(
            update=update,
            file=upload,
            original_name=display_name_clean(name=upload.name or ""),
            content_type=kind.content_type,
            size=upload.size,
        )
        for upload, kind in zip(files, kinds, strict=True)
    ]
    for evidence in pieces:
        evidence.full_clean()
    for url in links:
        evidence = Evidence(update=update, url=url)
        try:
            evidence.full_clean()
        except ValidationError as exc:
            raise field_error(
                field="links", message=_("“%(url)s” is not a valid link.") % {"url": url[:200]}, code="link"
            ) from exc
        pieces.append(evidence)
    for evidence in pieces:
        evidence.save()
        if evidence.file:
            delete_file_on_rollback(storage=evidence.file.storage, name=evidence.file.name)
    return pieces
