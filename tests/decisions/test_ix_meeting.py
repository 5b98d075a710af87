"""The IX Meeting as `make run` loads it: faithful to the text, completed by the curated file, idempotent."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from decisions.models import Action, Decision, DecisionDocument, Participation
from decisions.rules.status import ActionStatus, DecisionStatus
from decisions.selectors import decision_get_by_reference
from decisions.services.status import decision_status_compute
from members.models import Party
from members.selectors import member_states_list

pytestmark = pytest.mark.django_db

MEMBERS_PRESENT = {"CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"}


def test_the_meeting_is_published_with_its_dates_and_host(ix_meeting):
    assert ix_meeting.is_published
    assert (ix_meeting.start_date, ix_meeting.end_date) == (datetime.date(2004, 5, 20), datetime.date(2004, 5, 21))
    assert ix_meeting.host.code == "PA"
    assert ix_meeting.ordinal == 9
    assert ix_meeting.title_es == "IX Reunión de la Conferencia Regional sobre Migración"


def test_membership_is_not_attendance(ix_meeting):
    present = set(ix_meeting.participations.filter(capacity="member").values_list("party__code", flat=True))
    assert present == MEMBERS_PRESENT
    members_then = set(member_states_list(day=ix_meeting.start_date).values_list("code", flat=True))
    assert members_then == MEMBERS_PRESENT | {"BZ"}


def test_observers_civil_society_and_guests(ix_meeting):
    by_capacity = {}
    for code, capacity in ix_meeting.participations.values_list("party__code", "capacity"):
        by_capacity.setdefault(capacity, set()).add(code)
    assert {"AR", "CO", "EC", "PE", "UNHCR", "ECLAC-CELADE", "IOM", "UNSR-MIGRANTS", "SICA"} <= by_capacity["observer"]
    assert by_capacity["civil_society"] == {"RNCOM"}
    assert "UY" in by_capacity["guest"]
    assert "Ad-Hoc" in Participation.objects.get(meeting=ix_meeting, party__code="AR").note_en


def test_the_texts_are_whole(ix_meeting):
    eight = decision_get_by_reference(meeting=ix_meeting, reference="D8")
    assert "about the importance of signing" in eight.text_en
    fourteen = decision_get_by_reference(meeting=ix_meeting, reference="D14")
    assert "Specifically, recognize" in fourteen.text_en and "Likewise, urge" in fourteen.text_en
    fifteen = decision_get_by_reference(meeting=ix_meeting, reference="D15")
    assert [c.number for c in fifteen.children.order_by("position")] == ["a", "b", "c"]
    seventeen = decision_get_by_reference(meeting=ix_meeting, reference="D17")
    assert seventeen.text_en.startswith("Approve the appointment of Mr. Luis Eduardo Monzón Méndez")


@pytest.mark.parametrize(
    ("reference", "status"),
    [
        ("D1", DecisionStatus.NOTED),
        ("D4", DecisionStatus.IMPLEMENTED),
        ("D12", DecisionStatus.IMPLEMENTED),
        ("D15", DecisionStatus.IMPLEMENTED),
        ("D17", DecisionStatus.IMPLEMENTED),
        ("D6", DecisionStatus.NOT_STARTED),
        ("D8", DecisionStatus.NOT_STARTED),
        ("D13", DecisionStatus.NOT_STARTED),
    ],
)
def test_statuses_follow_from_kind_and_actions(ix_meeting, reference, status):
    assert decision_get_by_reference(meeting=ix_meeting, reference=reference).status == status


def test_actions_start_not_started_with_their_deadlines(ix_meeting):
    assert set(Action.objects.values_list("status", flat=True)) == {ActionStatus.NOT_STARTED}
    seminar = Action.objects.get(decision__number="6", decision__meeting=ix_meeting)
    assert (seminar.responsible.code, seminar.due_date, seminar.due_precision) == (
        "MX",
        datetime.date(2004, 12, 31),
        "quarter",
    )
    assert seminar.due_label == "Q4 2004"
    remittances = Action.objects.get(decision__number="13", decision__meeting=ix_meeting)
    assert remittances.responsible.code == "TS"


@pytest.mark.parametrize("number", ["8", "10", "14"])
def test_mandates_to_member_countries_get_one_action_per_member_state(ix_meeting, number):
    decision = Decision.objects.get(meeting=ix_meeting, number=number, parent__isnull=True, section="decision")
    responsible = set(decision.actions.values_list("responsible__code", flat=True))
    assert responsible == MEMBERS_PRESENT | {"BZ"}


def test_documents_and_the_terms_of_reference_from_the_vii_meeting(ix_meeting):
    links = DecisionDocument.objects.filter(decision__meeting=ix_meeting)
    assert links.filter(relation="endorses").count() == 3
    tor = links.get(relation="modifies")
    assert tor.decision.number == "15"
    assert "VII Meeting" in tor.document.origin_en
    assert links.get(relation="approves").document.kind == "budget"


def test_every_stored_status_is_right(ix_meeting):
    for decision in Decision.objects.all():
        assert decision.status == decision_status_compute(decision=decision)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"decisions", "members"}
    }


def test_loading_twice_changes_nothing_not_even_history(ix_meeting):
    before = _row_counts()
    out = io.StringIO()
    call_command("load_ix_meeting", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert _row_counts() == before
    assert before["decisions.HistoricalDecision"] > 0  # history is recorded, once


def test_parties_carry_both_languages(ix_meeting):
    mexico = Party.objects.get(code="MX")
    assert (mexico.name_en, mexico.name_es, mexico.country.code) == ("Mexico", "México", "MX")
