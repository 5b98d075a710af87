import datetime

import pytest
from django.core.exceptions import ValidationError

from decisions.models import DecisionLink
from decisions.rules.status import DecisionKind, DecisionStatus
from decisions.services.decisions import decision_link_create, decision_link_delete, decision_save
from tests.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_changing_the_kind_recomputes_the_status():
    decision = DecisionFactory(kind=DecisionKind.MANDATE)
    decision.kind = DecisionKind.ACKNOWLEDGEMENT
    decision_save(decision=decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.NOTED


def test_a_superseded_decision_says_so_until_the_link_goes():
    earlier = DecisionFactory(meeting=MeetingFactory(start_date=datetime.date(2003, 5, 1), end_date=None))
    later = DecisionFactory(meeting=MeetingFactory(start_date=datetime.date(2004, 5, 1), end_date=None))
    link = decision_link_create(source=later, target=earlier, relation=DecisionLink.Relation.SUPERSEDES)
    earlier.refresh_from_db()
    assert earlier.status == DecisionStatus.SUPERSEDED
    decision_link_delete(link=link)
    earlier.refresh_from_db()
    assert earlier.status == DecisionStatus.NOT_STARTED


def test_a_decision_cannot_link_to_itself():
    decision = DecisionFactory()
    with pytest.raises(ValidationError):
        decision_link_create(source=decision, target=decision, relation=DecisionLink.Relation.AMENDS)


def test_lineage_points_backwards_in_time():
    earlier = DecisionFactory(meeting=MeetingFactory(start_date=datetime.date(2003, 5, 1), end_date=None))
    later = DecisionFactory(meeting=MeetingFactory(start_date=datetime.date(2004, 5, 1), end_date=None))
    with pytest.raises(ValidationError) as exc:
        decision_link_create(source=earlier, target=later, relation=DecisionLink.Relation.AMENDS)
    assert exc.value.error_dict["target"][0].code == "order"


def test_a_sub_item_stays_in_its_parents_meeting():
    parent = DecisionFactory()
    child = DecisionFactory.build(meeting=MeetingFactory(), parent=parent, number="a", kind=DecisionKind.MANDATE)
    with pytest.raises(ValidationError) as exc:
        decision_save(decision=child)
    assert "parent" in exc.value.error_dict
