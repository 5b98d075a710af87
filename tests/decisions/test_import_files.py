"""Word and PDF declarations through the command and the admin: the text imported, the file kept with the
meeting; files that give no text refused in one line with nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from decisions.models import Decision, Meeting
from tests.parsing.fidelity import load_case
from tests.parsing.renderings import docx_from_text, docx_with_items_in_tables, pdf_from_text, scanned_pdf

NAME = "en_rcgm_header_block"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_declaration", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> tuple[int, int]:
    return Meeting.objects.count(), Decision.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("suffix", "render"), [(".docx", docx_from_text), (".docx", docx_with_items_in_tables), (".pdf", pdf_from_text)]
)
def test_a_word_or_pdf_declaration_is_imported_and_the_file_kept(tmp_path, ix_parties, suffix, render):
    text, _ = load_case(NAME)
    path = tmp_path / f"conclusions{suffix}"
    path.write_bytes(render(text))
    assert "imported rcgm-managua-2014 (draft)" in run(path)
    meeting = Meeting.objects.get()
    assert meeting.decisions.filter(parent__isnull=True).count() == 3
    assert meeting.participations.count() == 11
    assert meeting.source_file.name.endswith(suffix)
    with meeting.source_file.open("rb") as kept:
        assert kept.read() == path.read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.docx", b"", "is empty"),
        ("scan.pdf", scanned_pdf(), "no text layer"),
        ("latin1.txt", "Declaración".encode("latin-1"), "is not UTF-8 text"),
        ("plain.docx", docx_from_text("DECLARATION\n\nThe Vice Ministers met and talked."), "no numbered decisions"),
    ],
)
def test_files_that_give_no_declaration_exit_with_one_line_and_write_nothing(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        run(path)
    assert words in str(refused.value) and "\n" not in str(refused.value)
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_the_admin_previews_a_word_file_then_keeps_it_with_the_meeting(staff_client, ix_parties):
    text, _ = load_case("es_grcm_conclusiones")
    data = docx_from_text(text, word_numbering=True)
    url = reverse("admin:decisions_meeting_import")
    preview = staff_client.post(url, {"file": SimpleUploadedFile("conclusiones.docx", data)})
    assert preview.status_code == 200 and preview.context["preview"]
    assert len(preview.context["draft"].decisions) == 3
    confirm = {"text": preview.context["form"].cleaned_data["text"], "slug": preview.context["slug"]}
    response = staff_client.post(url, {**confirm, "kept_file": preview.context["kept_file"], "confirm": "1"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    with meeting.source_file.open("rb") as kept:
        assert kept.read() == data


@pytest.mark.django_db
def test_the_admin_refuses_a_scanned_pdf_in_one_message(staff_client, ix_parties):
    url = reverse("admin:decisions_meeting_import")
    response = staff_client.post(url, {"file": SimpleUploadedFile("scan.pdf", scanned_pdf())})
    assert response.status_code == 400
    assert "no text layer" in response.content.decode()
    assert counts() == (0, 0)


@pytest.mark.django_db
def test_a_forged_pending_file_token_keeps_nothing(staff_client, ix_parties):
    text, _ = load_case(NAME)
    url = reverse("admin:decisions_meeting_import")
    response = staff_client.post(url, {"text": text, "kept_file": "forged:token", "confirm": "1"})
    assert response.status_code == 302
    assert not Meeting.objects.get().source_file


def pending_files(root) -> list[str]:
    folder = root / "declarations" / "pending"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
def test_files_of_abandoned_previews_are_removed_by_the_next_preview(staff_client, ix_parties, private_media):
    import os
    import time

    from decisions.admin.importing import PENDING_MAX_AGE

    url = reverse("admin:decisions_meeting_import")
    text, _ = load_case(NAME)

    def preview():
        upload = SimpleUploadedFile("conclusions.docx", docx_from_text(text))
        response = staff_client.post(url, {"file": upload})
        assert response.status_code == 200 and response.context["kept_file"]
        return response

    preview()  # abandoned: never confirmed
    abandoned = pending_files(private_media)
    assert len(abandoned) == 1
    recent = preview()  # less than a day later: both wait for their confirmation
    assert len(pending_files(private_media)) == 2

    long_ago = time.time() - PENDING_MAX_AGE - 60
    os.utime(private_media / "declarations" / "pending" / abandoned[0], (long_ago, long_ago))
    preview()
    kept = pending_files(private_media)
    assert abandoned[0] not in kept and len(kept) == 2

    confirm = {"text": recent.context["form"].cleaned_data["text"], "slug": recent.context["slug"], "confirm": "1"}
    response = staff_client.post(url, {**confirm, "kept_file": recent.context["kept_file"]})
    assert response.status_code == 302  # the recent preview still confirms, with its file
    assert Meeting.objects.get().source_file
    assert len(pending_files(private_media)) == 1  # its pending copy went with the confirmation
