"""Bad input to the admin's two import forms — a new declaration, and a meeting's other language — is refused with
one clear message and nothing written (the command's refusals are tested in test_import_command.py,
test_import_files.py and test_second_language.py; the re-import's in test_reimport.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decisions.models import Decision, Meeting
from tests.decisions.test_second_language import ENGLISH, SPANISH, run, spanish_texts
from tests.parsing.renderings import docx_from_text, docx_with_items_in_tables, scanned_pdf

pytestmark = pytest.mark.django_db

NO_ITEMS = "DECLARATION\n\nThe Vice Ministers met and talked.\n\nThey agreed on nothing in particular."
BAD_FILES = [
    ("empty.txt", b"", "The file is empty."),
    ("empty.docx", b"", "The file is empty."),
    ("latin1.txt", "Declaración de Panamá".encode("latin-1"), "The file is not UTF-8 text"),
    ("scan.pdf", scanned_pdf(), "no text layer"),
    ("plain.docx", docx_from_text(NO_ITEMS), "no numbered decisions found"),
    ("table.docx", docx_with_items_in_tables(NO_ITEMS), "no numbered decisions found"),
    ("fake.docx", b"PK\x03\x04 no Word file", "not a readable Word document"),
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def refusal(response) -> str:
    """The one message the form shows, checked to be one line."""
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1, errors
    assert "\n" not in errors[0]
    return errors[0]


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES, ids=[name for name, _, _ in BAD_FILES])
def test_the_import_form_refuses_a_file_that_gives_no_declaration(
    staff_client, ix_parties, private_media, name, data, words
):
    url = reverse("admin:decisions_meeting_import")
    for confirm in ({}, {"confirm": "1"}):  # at the preview, and when a confirmation is forced
        response = staff_client.post(url, {"file": SimpleUploadedFile(name, data), **confirm})
        assert words in refusal(response)
    assert (Meeting.objects.count(), Decision.objects.count()) == (0, 0)
    assert not (private_media / "declarations").exists()  # no file kept for a preview that cannot be confirmed


@pytest.fixture
def english_meeting(ix_parties):
    run(ENGLISH)
    return Meeting.objects.get()


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES, ids=[name for name, _, _ in BAD_FILES])
def test_the_second_language_form_refuses_a_file_that_gives_no_declaration(
    staff_client, english_meeting, name, data, words
):
    url = reverse("admin:decisions_meeting_add_language", args=[english_meeting.pk])
    response = staff_client.post(url, {"language": "es", "file": SimpleUploadedFile(name, data), "confirm": "1"})
    assert words in refusal(response)
    assert not any(spanish_texts())


def test_the_second_language_form_refuses_a_language_added_already(staff_client, english_meeting):
    url = reverse("admin:decisions_meeting_add_language", args=[english_meeting.pk])
    text = SPANISH.read_text(encoding="utf-8")
    assert staff_client.post(url, {"language": "es", "text": text, "confirm": "1"}).status_code == 302
    before = list(Decision.objects.order_by("pk").values_list("revision", flat=True))
    response = staff_client.post(url, {"language": "es", "text": text, "confirm": "1"})
    assert "has Spanish texts already" in refusal(response)
    assert list(Decision.objects.order_by("pk").values_list("revision", flat=True)) == before


def test_the_second_language_form_refuses_a_different_structure_and_writes_nothing(staff_client, english_meeting):
    url = reverse("admin:decisions_meeting_add_language", args=[english_meeting.pk])
    text = SPANISH.read_text(encoding="utf-8").replace("3. Realizar", "4. Realizar")
    response = staff_client.post(url, {"language": "es", "text": text, "confirm": "1"})
    assert "decisions 1–3 (3) in English and 1–4 (3) in Spanish" in refusal(response)
    assert not any(spanish_texts())
    assert Meeting.objects.get().title_es is None
