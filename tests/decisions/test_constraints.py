"""Rules the database itself enforces, whatever code writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from decisions.models import Action, Decision, DecisionLink, Meeting
from members.models import Membership, Party
from tests.factories import ActionFactory, DecisionFactory, MeetingFactory, PartyFactory, StateFactory

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def raw_decision(**fields):
    """A decision written straight to the database, past the model's own validation."""
    fields.setdefault("kind", "mandate")
    fields.setdefault("text_en", "Text.")
    return Decision.objects.create(**fields)


def test_decision_numbers_are_unique_per_meeting_and_section():
    decision = DecisionFactory(number="8")
    refused(lambda: raw_decision(meeting=decision.meeting, number="8"))
    # the same number in the other section, or at another meeting, is fine
    DecisionFactory(meeting=decision.meeting, number="8", section=Decision.Section.COMMITMENT)
    DecisionFactory(number="8")


def test_sub_item_letters_are_unique_per_parent():
    parent = DecisionFactory(number="15")
    DecisionFactory(meeting=parent.meeting, parent=parent, number="a")
    refused(lambda: raw_decision(meeting=parent.meeting, parent=parent, number="a"))


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Decision, "status", "done"),
        (Decision, "kind", "resolution"),
        (Action, "status", "finished"),
        (Action, "visibility", "everyone"),
        (Meeting, "kind", "summit"),
    ],
)
def test_statuses_and_choices_are_checked(model, field, value):
    factories = {Decision: DecisionFactory, Action: ActionFactory, Meeting: MeetingFactory}
    row = factories[model]()
    refused(lambda: model.objects.filter(pk=row.pk).update(**{field: value}))


@pytest.mark.parametrize(
    ("due_date", "precision", "ok"),
    [
        (datetime.date(2004, 12, 31), "quarter", True),
        (datetime.date(2004, 11, 30), "quarter", False),
        (datetime.date(2005, 12, 31), "year", True),
        (datetime.date(2005, 6, 30), "year", False),
        (datetime.date(2005, 6, 30), "month", True),
        (datetime.date(2005, 6, 15), "month", False),
        (None, "day", False),
        (datetime.date(2005, 6, 15), "none", False),
        (None, "none", True),
        (None, "next_meeting", True),
    ],
)
def test_due_precision_must_match_the_date(due_date, precision, ok):
    action = ActionFactory()

    def write():
        Action.objects.filter(pk=action.pk).update(due_date=due_date, due_precision=precision)

    if ok:
        write()
    else:
        refused(write)


def test_a_meeting_cannot_end_before_it_starts():
    refused(lambda: MeetingFactory(start_date=datetime.date(2004, 5, 21), end_date=datetime.date(2004, 5, 20)))


def test_meeting_ordinals_are_unique_per_kind():
    MeetingFactory(ordinal=9)
    refused(lambda: MeetingFactory(ordinal=9))
    MeetingFactory(ordinal=9, kind=Meeting.Kind.EXTRAORDINARY)


def test_a_decision_cannot_link_to_itself_in_the_database():
    decision = DecisionFactory()
    refused(lambda: DecisionLink.objects.create(source=decision, target=decision, relation="amends"))


def test_memberships_end_after_they_start():
    state = StateFactory()
    refused(
        lambda: Membership.objects.create(
            party=state, role="member", start_date=datetime.date(2000, 1, 1), end_date=datetime.date(1999, 1, 1)
        )
    )


def test_only_states_have_a_country_and_each_country_is_one_party():
    refused(lambda: PartyFactory(code="XORG", country="MX"))
    StateFactory(code="MX")
    refused(lambda: Party.objects.create(code="MX2", kind="state", name_en="Mexico again", country="MX"))
