"""A declaration already in the tracker is recognised by its content, whatever address it was given."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from decisions.models import Decision, Meeting
from decisions.parsing import parse_declaration
from decisions.services.meetings import meeting_import

CORPUS = Path(__file__).resolve().parents[1] / "parsing" / "corpus"
RCGM = CORPUS / "en_rcgm_header_block.txt"  # no ordinal: only content can tell it is the same meeting


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_declaration", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_text(text: str, slug: str = "") -> Meeting:
    meeting, _ = meeting_import(draft=parse_declaration(text), source_text=text, slug=slug)
    return meeting


@pytest.mark.django_db
def test_the_same_text_under_another_address_is_refused_naming_the_meeting(ix_parties):
    run(RCGM, "--slug", "rcgm-managua-2014")
    Meeting.objects.filter(slug="rcgm-managua-2014").update(slug="renamed-by-the-secretariat")
    before = (Meeting.objects.count(), Decision.objects.count())
    with pytest.raises(CommandError) as refused:
        run(RCGM)
    message = str(refused.value)
    assert "renamed-by-the-secretariat" in message and "\n" not in message
    assert (Meeting.objects.count(), Decision.objects.count()) == before


@pytest.mark.django_db
def test_the_same_text_with_other_spacing_and_line_ends_is_the_same_declaration(ix_parties):
    text = RCGM.read_text(encoding="utf-8")
    first = import_text(text, slug="first")
    reflowed = "\ufeff" + text.replace("\n", "\r\n").replace(". ", ".  ")
    with pytest.raises(Exception) as refused:
        import_text(reflowed, slug="second")
    assert first.slug in str(refused.value)
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_another_text_of_the_same_kind_and_dates_is_a_duplicate(ix_parties):
    text = RCGM.read_text(encoding="utf-8")
    import_text(text, slug="first")
    reworded = text.replace("To thank the Government of Nicaragua", "To thank warmly the Government of Nicaragua")
    with pytest.raises(Exception) as refused:
        import_text(reworded, slug="second")
    assert "first" in str(refused.value)
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_two_networks_meeting_on_the_same_day_are_two_meetings(ix_parties):
    text = (CORPUS / "en_network_met_in.txt").read_text(encoding="utf-8")
    import_text(text, slug="consular-network")
    other = text.replace("Consular Protection", "the Prevention of Trafficking").replace("directory", "roster")
    import_text(other, slug="trafficking-network")
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_the_admin_preview_says_which_meeting_it_duplicates_and_confirming_writes_nothing(staff_client, ix_parties):
    text = RCGM.read_text(encoding="utf-8")
    import_text(text, slug="first")
    Meeting.objects.filter(slug="first").update(slug="renamed")
    url = reverse("admin:decisions_meeting_import")
    for data in ({"text": text}, {"text": text, "slug": "another-address", "confirm": "1"}):
        response = staff_client.post(url, data)
        assert response.status_code == 400
        assert "already in the tracker" in response.content.decode() and "renamed" in response.content.decode()
    assert Meeting.objects.count() == 1
