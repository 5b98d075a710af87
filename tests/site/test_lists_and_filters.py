"""The actions list's order and the filters' choices, as they were made cheap for long histories."""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.http import QueryDict
from django.utils import translation

from decisions.models import Action
from decisions.selectors.pages.lists import action_list
from decisions.site.forms import ActionFilterForm, GridFilterForm, PlainSelect
from tests.factories import ActionFactory, DecisionFactory, MeetingFactory, PartyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_actions_without_a_deadline_come_last_on_every_database(db):
    decision = DecisionFactory()
    undated = ActionFactory(decision=decision, title_en="No deadline")
    later = ActionFactory(
        decision=decision, title_en="Later", due_date=datetime.date(2006, 12, 31), due_precision="year"
    )
    sooner = ActionFactory(
        decision=decision, title_en="Sooner", due_date=datetime.date(2005, 12, 31), due_precision="year"
    )
    assert list(action_list(user=None, params={}, today=datetime.date(2026, 1, 1))) == [sooner, later, undated]


def test_actions_sharing_a_deadline_come_latest_meeting_first_as_they_did_before_the_index(db):
    """The list's order leads with what an index of the action holds (the meeting's date as the action keeps
    it): it must be the order written on the meeting itself, an undated meeting where its column sorts."""
    due = {"due_date": datetime.date(2006, 12, 31), "due_precision": "year"}
    for year in (2001, 2010, None, 2005):
        start = datetime.date(year, 5, 1) if year else None
        meeting = MeetingFactory(start_date=start, end_date=None)
        for position in (2, 1):
            decision = DecisionFactory(meeting=meeting, position=position)
            ActionFactory(decision=decision, **due)
            ActionFactory(decision=decision)  # no deadline
    written_on_the_meeting = Action.objects.order_by(
        F("due_date").asc(nulls_last=True),
        "-decision__meeting__start_date",
        "decision__meeting_id",
        "decision__position",
        "responsible__name",
    )
    listed = action_list(user=None, params={}, today=datetime.date(2026, 1, 1))
    assert [a.pk for a in listed] == [a.pk for a in written_on_the_meeting]
    # Latest meeting first among those sharing the deadline (an undated one sorts as each database sorts nulls).
    dated = [a.decision.meeting.start_date.year for a in listed if a.due_date and a.decision.meeting.start_date]
    assert dated == [2010, 2010, 2005, 2005, 2001, 2001]


def render_with_djangos_select(form) -> str:
    for field in form.fields.values():
        if type(field.widget) is PlainSelect:
            widget = forms.Select(attrs=field.widget.attrs)
            widget.choices, widget.is_required = field.widget.choices, field.widget.is_required
            field.widget = widget
    return str(form)


@pytest.mark.parametrize(
    ("form_class", "query"),
    [
        (GridFilterForm, None),
        (GridFilterForm, "meeting=a-meeting"),
        (ActionFilterForm, "meeting=nope&party=P1&theme=health"),  # errors: aria-invalid, aria-describedby
    ],
)
def test_the_plain_select_writes_what_djangos_select_writes(form_class, query):
    MeetingFactory(slug="a-meeting", kind="rcgm", city_en='Saint "<John>" & Co')
    ActionFactory(responsible=PartyFactory(code="P1", name_en="<Party> & one"))
    form = form_class(QueryDict(query) if query else None, user=AnonymousUser())
    form.is_valid() if query else None
    plain = str(form)
    assert '<select name="meeting"' in plain and "&lt;John&gt;" in plain
    assert plain == render_with_djangos_select(form)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_meeting_filter_offers_each_meetings_short_label_read_from_values(language):
    """The options are read as values, not models (MeetingChoiceIterator): they must say what the model says,
    a missing translation falling back as django-modeltranslation falls back, for a draft the TS sees too."""
    MeetingFactory(kind="rcgm", city_en="Panama City", city_es="Ciudad de Panamá")
    MeetingFactory(kind="rcgm", city_en="Tegucigalpa")  # no Spanish city
    MeetingFactory(kind="rcgm", city_en=None, city_es="Antigua Guatemala", is_published=False)  # no English city
    MeetingFactory(kind="vice_ministerial", ordinal=9, start_date=datetime.date(2004, 5, 20))
    MeetingFactory(kind="rcgm", city_en=None, start_date=datetime.date(1999, 1, 1), end_date=None)  # no city
    with translation.override(language):
        field = GridFilterForm(None, user=StaffFactory()).fields["meeting"]
        models = [("", str(field.empty_label)), *((meeting.slug, meeting.short_label) for meeting in field.queryset)]
        assert [(str(value), str(label)) for value, label in field.choices] == models
    assert len(models) == 6 and "IX 2004" in dict(models).values()
    with translation.override("en"):
        labels = {label for _slug, label in GridFilterForm(None, user=StaffFactory()).fields["meeting"].choices}
    rcgm = "Regional Consultation Group on Migration"
    assert {f"{rcgm} Tegucigalpa 2004", f"{rcgm} 1999"} <= labels
    assert f"{rcgm} Antigua Guatemala 2004" in labels  # the Spanish city, no English one


def test_the_party_filter_offers_the_parties_of_actions_the_reader_may_see(db):
    published, draft = MeetingFactory(), MeetingFactory(is_published=False)
    seen, in_draft, internal = PartyFactory(code="SEEN"), PartyFactory(code="DRAFT"), PartyFactory(code="INTERNAL")
    ActionFactory(decision=DecisionFactory(meeting=published), responsible=seen)
    ActionFactory(decision=DecisionFactory(meeting=draft), responsible=in_draft)
    ActionFactory(decision=DecisionFactory(meeting=published), responsible=internal, visibility="secretariat")
    public = ActionFilterForm(None, user=AnonymousUser()).fields["party"].queryset
    assert list(public.values_list("code", flat=True)) == ["SEEN"]
    secretariat = ActionFilterForm(None, user=StaffFactory()).fields["party"].queryset
    assert set(secretariat.values_list("code", flat=True)) == {"SEEN", "DRAFT", "INTERNAL"}


def test_the_filter_boxes_read_true_false_or_nothing_as_the_api_does(client, ix_meeting):
    """A ticked box sends "on"; an address may say true or false (1 or 0), as the API's does; false is "not
    overdue", absent no filter; anything else is explained and left out."""
    url = "/decisions/"

    def shown(query: str) -> str:
        return client.get(url + query).content.decode()

    assert "25 items" in shown("") and "2 items" in shown("?overdue=on") and "2 items" in shown("?overdue=true")
    assert "23 items" in shown("?overdue=false") and "23 items" in shown("?overdue=0")
    assert 'name="overdue" id="id_overdue" checked' in shown("?overdue=true")
    assert 'name="overdue" id="id_overdue">' in shown("?overdue=false")  # not ticked, and no value="false"
    refused = client.get(url + "?overdue=maybe")
    assert refused.status_code == 400 and "Give true or false." in refused.content.decode()


def test_the_due_range_has_the_apis_names_and_still_reads_the_former_ones(client, ix_meeting):
    former = client.get("/actions/", {"due_from": "2004-01-01", "due_to": "2005-12-31"}).content.decode()
    current = client.get("/actions/", {"due_after": "2004-01-01", "due_before": "2005-12-31"}).content.decode()
    counted = re.compile(r"(\d+) actions?<")
    assert counted.search(former)[1] == counted.search(current)[1] != "0"
    assert counted.search(former)[1] != counted.search(client.get("/actions/").content.decode())[1]
    assert 'name="due_after" value="2004-01-01"' in former  # the form shows them under their current names
    assert "1 item<" in client.get("/decisions/", {"due_before": "2004-12-31"}).content.decode()  # D6
