"""The admin preview is where the officer corrects the meeting and its participants before anything is written."""

import pytest
from django.urls import reverse

from decisions.models import Meeting
from members.models import Party
from tests.parsing.fidelity import load_case

URL = "admin:decisions_meeting_import"


def preview_form(response) -> dict:
    """What the preview page sends back unchanged: the text, the address and every correction field's value."""
    corrections = response.context["corrections"]
    data = {"text": response.context["form"].cleaned_data["text"], "slug": response.context["slug"], "corrected": "1"}
    for field in corrections:
        value = field.value()
        data[field.html_name] = "" if value is None else getattr(value, "pk", value)
    return data


@pytest.mark.django_db
def test_the_officer_corrects_ordinal_place_dates_and_participants_in_the_preview(staff_client, ix_parties):
    text, _ = load_case("es_one_line_tuvo_lugar")
    preview = staff_client.post(reverse(URL), {"text": text})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'id="participant-checklist"' in page
    data = preview_form(preview)
    assert data["ordinal"] == 6 and data["city"] == "San José" and data["capacity-BZ"] == "member"
    data |= {
        "slug": "vi-san-jose-2003",
        "ordinal": "16",
        "city": "San José de Costa Rica",
        "start_date": "2003-03-21",
        "capacity-BZ": "",
        "capacity-AR": "observer",
        "confirm": "1",
    }
    response = staff_client.post(reverse(URL), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.slug, meeting.ordinal, meeting.city) == ("vi-san-jose-2003", 16, "San José de Costa Rica")
    assert meeting.start_date.isoformat() == "2003-03-21" and meeting.host == Party.objects.get(code="CR")
    capacities = dict(meeting.participations.values_list("party__code", "capacity"))
    assert "BZ" not in capacities and capacities["AR"] == "observer" and capacities["US"] == "member"


@pytest.mark.django_db
def test_a_wrong_correction_keeps_what_was_typed_and_writes_nothing(staff_client, ix_parties):
    text, _ = load_case("en_rcgm_header_block")
    data = preview_form(staff_client.post(reverse(URL), {"text": text}))
    data |= {"start_date": "2014-11-25", "end_date": "2014-11-20", "city": "León", "confirm": "1"}
    response = staff_client.post(reverse(URL), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot end before it starts" in page and 'value="León"' in page
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_warnings_stand_next_to_the_field_they_concern(staff_client, ix_parties):
    text, _ = load_case("en_rcgm_header_block")
    response = staff_client.post(reverse(URL), {"text": text})
    rows = {field.name: warnings for field, warnings in response.context["meeting_rows"]}
    assert rows["ordinal"] == ["meeting ordinal not found"]
    assert rows["city"] == []


@pytest.mark.django_db
def test_the_items_warnings_are_listed_above_the_items(staff_client, ix_parties):
    text, _ = load_case("en_restarting_numbers")
    response = staff_client.post(reverse(URL), {"text": text})
    assert "numbering restarts: 1 follows 1" in response.content.decode()
