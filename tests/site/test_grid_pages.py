"""The grid's rows are chosen in SQL — mandates addressed to every state that was a member on their meeting's
first day — and shown a page at a time, newest meeting first."""

import datetime

import pytest
from django.urls import reverse

from decisions.models import Decision, DecisionParty
from decisions.rules.status import DecisionKind
from decisions.selectors.pages.dates import AsOf
from decisions.selectors.pages.grid import grid_rows_list, member_periods, membership_covers
from decisions.site.grid import GRID_PAGE_SIZE
from members.models import Membership, Party
from members.selectors import member_states_list
from tests.factories import DecisionFactory, MeetingFactory, StateFactory

pytestmark = pytest.mark.django_db

TODAY = AsOf(datetime.date(2030, 1, 1), historical=False)


def addresses_every_member(decision: Decision) -> bool:
    """The rule as the grid stated it in Python before it moved to SQL: the test's oracle."""
    periods = member_periods()
    day = decision.meeting.start_date
    members = {pk for pk in periods if membership_covers(periods=periods, party_id=pk, day=day)}
    addressed = set(
        DecisionParty.objects.filter(
            decision=decision, role=DecisionParty.Role.ADDRESSEE, party__kind=Party.Kind.STATE
        ).values_list("party_id", flat=True)
    )
    return bool(members) and members <= addressed


def address(decision: Decision, parties, role=DecisionParty.Role.ADDRESSEE) -> Decision:
    DecisionParty.objects.bulk_create(DecisionParty(decision=decision, party=party, role=role) for party in parties)
    return decision


def mandate_on(day: datetime.date | None, **kwargs) -> Decision:
    meeting = MeetingFactory(start_date=day, end_date=day)
    return DecisionFactory(meeting=meeting, **kwargs)


@pytest.fixture
def memberships(ix_parties):
    """The IX Meeting's members, one state that joined in 2010 and one that left in 2008."""
    joined, left = StateFactory(code="CO", name_en="Colombia"), StateFactory(code="EC", name_en="Ecuador")
    Membership.objects.create(party=joined, role="member", start_date=datetime.date(2010, 1, 1))
    Membership.objects.create(
        party=left, role="member", start_date=datetime.date(2001, 1, 1), end_date=datetime.date(2008, 6, 30)
    )
    return joined, left


def test_the_rows_are_what_the_rule_says(memberships):
    joined, left = memberships
    in_2005, in_2012 = datetime.date(2005, 3, 1), datetime.date(2012, 3, 1)
    members_2005, members_2012 = list(member_states_list(day=in_2005)), list(member_states_list(day=in_2012))
    assert left in members_2005 and joined not in members_2005 and joined in members_2012
    cases = {
        "every member of the day": address(mandate_on(in_2005), members_2005),
        "every member and a state that was not one": address(mandate_on(in_2005), [*members_2005, joined]),
        "the day's members, in a later year": address(mandate_on(in_2012), members_2012),
        "all but one": address(mandate_on(in_2005), members_2005[1:]),
        "the 2005 members in 2012": address(mandate_on(in_2012), members_2005),
        "named, not addressed": address(mandate_on(in_2005), members_2005, role=DecisionParty.Role.MENTIONED),
        "a meeting with no date": address(mandate_on(None), members_2005),
        "an acknowledgement": address(mandate_on(in_2005, kind=DecisionKind.ACKNOWLEDGEMENT), members_2005),
        "before anyone was a member": address(mandate_on(datetime.date(1990, 1, 1)), members_2005),
    }
    rows = set(grid_rows_list(user=None, as_of=TODAY).values_list("pk", flat=True))
    assert {name for name, d in cases.items() if d.pk in rows} == {
        "every member of the day",
        "every member and a state that was not one",
        "the day's members, in a later year",
    }
    for name, decision in cases.items():
        if decision.kind == DecisionKind.MANDATE:
            assert (decision.pk in rows) == addresses_every_member(decision), name


def test_a_sub_item_is_never_a_row_and_a_draft_only_for_the_secretariat(memberships):
    from tests.factories import StaffFactory

    day = datetime.date(2005, 3, 1)
    parent = address(mandate_on(day), member_states_list(day=day))
    child = address(DecisionFactory(meeting=parent.meeting, parent=parent, number="a"), member_states_list(day=day))
    draft = address(mandate_on(day), member_states_list(day=day))
    draft.meeting.is_published = False
    draft.meeting.save()
    assert set(grid_rows_list(user=None, as_of=TODAY).values_list("pk", flat=True)) == {parent.pk}
    staff_rows = set(grid_rows_list(user=StaffFactory(), as_of=TODAY).values_list("pk", flat=True))
    assert staff_rows == {parent.pk, draft.pk} and child.pk not in staff_rows


def test_the_grid_shows_a_page_of_rows_newest_first(client, memberships):
    count = GRID_PAGE_SIZE + 5
    days = [datetime.date(2000 + n % 20, 1 + n % 12, 10) for n in range(count)]
    rows = [address(mandate_on(day), member_states_list(day=day)) for day in days]
    newest_first = sorted(rows, key=lambda d: (d.meeting.start_date, -d.meeting_id), reverse=True)
    url = reverse("decisions:grid")
    first = client.get(url).content.decode()
    assert f"{count} mandates addressed to all member states" in first
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert first.count('class="grid-decision"') == GRID_PAGE_SIZE
    shown = [d for d in newest_first if f'href="{d.get_absolute_url()}"' in first]
    assert shown == newest_first[:GRID_PAGE_SIZE]
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="grid-decision"') == count - GRID_PAGE_SIZE
    assert f"{count} mandates addressed to all member states" in second
    assert client.get(url, {"page": 3}).status_code == 404


def test_the_pager_keeps_the_day_shown(client, memberships):
    day = datetime.date(2005, 3, 1)
    for _ in range(GRID_PAGE_SIZE + 1):
        address(DecisionFactory(meeting=MeetingFactory(start_date=day, end_date=day)), member_states_list(day=day))
    content = client.get(reverse("decisions:grid"), {"as_of": "2006-01-01"}).content.decode()
    assert "Status as of Jan. 1, 2006" in content
    assert 'href="?as_of=2006-01-01&amp;page=2"' in content


def test_a_state_that_was_not_a_member_is_n_a(client, memberships):
    joined, _left = memberships
    early, late = datetime.date(2005, 3, 1), datetime.date(2012, 3, 1)
    address(mandate_on(early), member_states_list(day=early))
    address(mandate_on(late), member_states_list(day=late))
    content = client.get(reverse("decisions:grid")).content.decode()
    assert f'title="{joined.name}">{joined.short_label}</a>' in content  # a column: a member at a row's meeting
    assert content.count("Not a member on the day of the meeting") >= 2  # CO in 2005, EC in 2012


def test_columns_are_named_and_an_empty_cell_says_whether_it_may_hide_an_action(client, ix_meeting):
    from decisions.models import Action, Decision
    from decisions.services.actions import action_update
    from tests.factories import user_with_role

    row = Decision.objects.filter(meeting=ix_meeting, parent__isnull=True, kind="mandate").filter(
        pk__in=grid_rows_list(user=None, as_of=TODAY).values("pk")
    )[0]
    canada = Action.objects.get(decision=row, responsible__code="CA")  # Canada's follow-up, made internal
    action_update(action=canada, expected_version=canada.version, visibility=Action.Visibility.SECRETARIAT)
    content = client.get(reverse("decisions:grid")).content.decode()
    assert 'title="Dominican Republic">Dominican Republic</a>' in content  # names, not ISO codes
    assert ">DO</" not in content and ">CA</" not in content
    assert "no action that you may see" in content and ">no action<" not in content
    secretariat = user_with_role("Secretariat", username="ts-grid")
    client.force_login(secretariat)
    content = client.get(reverse("decisions:grid")).content.decode()
    assert "no action that you may see" not in content  # the Secretariat sees every action: no cell hides one
    assert canada.get_absolute_url() in content
    spanish = client.get(reverse("decisions:grid"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "República Dominicana" in spanish
