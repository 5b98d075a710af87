"""Bad input in the address gives a clear message or a 404 page in the site's look — never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/decisions/?status=finished", "Select a valid choice. finished is not one of the available choices."),
        ("/decisions/?meeting=xx-nowhere-1999", "Select a valid choice."),
        ("/actions/?party=ATLANTIS", "Select a valid choice."),
        ("/actions/?due_from=2005-13-01", "Enter a valid date."),
        ("/actions/?due_from=2006-01-01&due_to=2005-01-01", "The end of the range comes before its start."),
        ("/actions/?meeting=ix-panama-city-2004&decision=D99", "The meeting has no item “D99”."),
        ("/search/?q=" + "x" * 300, "Ensure this value has at most 200 characters"),
        ("/?as_of=2004-02-30", "2004-02-30 is not a day of the calendar."),
        ("/?as_of=tomorrow", "“tomorrow” is not a date"),
        ("/?as_of=2999-01-01", "is in the future"),
        ("/grid/?as_of=1980-01-01", "before the Conference existed"),
        ("/grid/?meeting=nope", "Select a valid choice."),
        ("/meetings/ix-panama-city-2004/?as_of=31/12/2004", "is not a date"),
    ],
)
def test_bad_filters_are_explained_on_the_page(client, ix_meeting, address, message):
    response = client.get(address)
    assert response.status_code == 400
    content = text(response)
    assert message in content
    assert 'class="site-header"' in content  # the site's own page, with its navigation


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/meetings/xx-nowhere-1999/", "There is no published meeting at this address."),
        ("/meetings/xx-nowhere-1999/report/", "There is no published meeting at this address."),
        ("/meetings/ix-panama-city-2004/D99/", "has no item “D99”"),
        ("/meetings/ix-panama-city-2004/D15.z/", "has no item “D15.z”"),
        ("/meetings/ix-panama-city-2004/%3Cscript%3E/", "has no item “&lt;script&gt;”"),
        ("/actions/?page=99", "There is no page 99: this list has 1 page(s)."),
        ("/decisions/?page=zero", "“zero” is not a page number."),
        ("/actions/999999/", "There is no published action at this address."),
        ("/parties/ATLANTIS/", "There is no party with the code “ATLANTIS”."),
        ("/themes/astrology/", "There is no theme “astrology”."),
        ("/meetings/xx-nowhere-1999/updates.atom", ""),
        ("/parties/ATLANTIS/deadlines.ics", ""),
        ("/decisions/export.pdf", ""),
        ("/no/such/page/", "There is nothing at this address."),
    ],
)
def test_missing_things_are_404s_in_the_site_look(client, ix_meeting, address, message):
    response = client.get(address)
    assert response.status_code == 404
    if message:
        assert message in text(response)
        assert 'class="site-header"' in text(response)


def test_a_download_with_bad_filters_says_why(client, ix_meeting):
    response = client.get(reverse("decisions:action-export", args=["csv"]), {"status": "finished"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "Status: Select a valid choice." in text(response)


def test_the_server_error_page_needs_nothing(client):
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")


@pytest.mark.parametrize(
    "address", ["/?as_of=1990-01-01", "/?as_of=2999-01-01", "/meetings/ix-panama-city-2004/report/?as_of=1990-01-01"]
)
def test_an_as_of_refused_says_once_that_today_is_shown(client, ix_meeting, address):
    content = text(client.get(address))
    assert content.count("shown instead") == 0
    assert content.count("The status of today is shown.") == 1
