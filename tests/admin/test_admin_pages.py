"""Every admin screen renders for staff within a fixed number of queries, on the IX Meeting's data."""

import pytest
from django.contrib import admin
from django.urls import reverse

from decisions.models import Action, Decision, DecisionLink, Meeting, ProgressUpdate, ReportingRound, Theme
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_record_progress
from decisions.services.decisions import decision_link_create
from decisions.services.rounds import round_save
from members.models import ApiKey, Party
from tests.factories import DecisionFactory, MeetingFactory, api_key_for, user_with_role

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"decisions", "members"}]
MAX_QUERIES = 40


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def with_progress(ix_meeting, staff):
    action = Action.objects.filter(decision__number="6").first()
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, status="in_progress", note="Planned.")
    later = DecisionFactory(meeting=MeetingFactory(ordinal=10), number="1")
    decision_link_create(
        source=later,
        target=decision_get_by_reference(meeting=ix_meeting, reference="D13"),
        relation=DecisionLink.Relation.FOLLOWS_UP,
    )
    focal = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal-mx")
    api_key_for(focal, name="sync")  # so that the API key admin has a row to show
    round = ReportingRound(
        title_en="Report to the X Meeting", opens_on=later.meeting.start_date, closes_on=later.meeting.start_date
    )
    round_save(round=round, meetings=[ix_meeting], by=staff)
    return action


def test_every_domain_model_has_an_admin():
    names = {m._meta.model_name for m in DOMAIN_MODELS}
    assert {"meeting", "decision", "action", "progressupdate", "party", "membership", "theme", "document"} <= names


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_changelist_renders_within_a_query_bound(staff_client, with_progress, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_change_page_renders(staff_client, with_progress, model, django_assert_max_num_queries):
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the IX data has no {model._meta.label}"
    with django_assert_max_num_queries(MAX_QUERIES * 3):
        response = staff_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_add_page_renders_or_is_refused(staff_client, ix_meeting, model):
    response = staff_client.get(admin_url(model, "add"))
    # Progress is logged by services only; an API key is made by its owner only (its secret is shown to them).
    assert response.status_code == (403 if model in (ProgressUpdate, ApiKey) else 200)


def test_history_pages_render(staff_client, with_progress):
    response = staff_client.get(admin_url(Action, "history", with_progress.pk))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind__exact=acknowledgement", {"D1", "D2", "D3", "D9", "D11", "D16", "C5"}),
        ("status__exact=implemented&parent__isnull=True", None),
        ("overdue=yes", None),
        ("themes__id__exact={health}", {"D6"}),
        ("actions__responsible__id__exact={ts}", {"D13"}),
    ],
)
def test_decision_filters(staff_client, ix_meeting, query, expected):
    ids = {"health": Theme.objects.get(slug="health").pk, "ts": Party.objects.get(code="TS").pk}
    response = staff_client.get(admin_url(Decision, "changelist") + "?" + query.format(**ids))
    assert response.status_code == 200
    shown = {d.reference for d in response.context["cl"].queryset}
    if expected is not None:
        assert shown == expected
    else:
        assert shown  # the IX data has implemented and overdue items (its 2004–2005 deadlines have passed)


def test_overdue_filter_finds_the_late_seminar(staff_client, ix_meeting):
    response = staff_client.get(admin_url(Decision, "changelist") + "?overdue=yes")
    shown = {d.reference for d in response.context["cl"].queryset}
    assert {"D6", "D7"} <= shown
    assert "D1" not in shown


def test_decision_search(staff_client, ix_meeting):
    response = staff_client.get(admin_url(Decision, "changelist") + "?q=remittances")
    assert {d.reference for d in response.context["cl"].queryset} == {"D13"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("D4", {"D4"}), ("d15.a", {"D15.a"}), ("IX D15.a", {"D15.a"}), ("IX 2004 · D6", {"D6"}), ("C3", {"C3"}),
     ("2004 C3", {"C3"}), ("ix-panama-city-2004 D13", {"D13"}), ("X D4", set()), ("2005 D4", set())],
)  # fmt: skip
def test_decisions_are_found_by_their_citation_in_the_list_and_the_autocomplete(
    staff_client, ix_meeting, query, expected
):
    listed = staff_client.get(admin_url(Decision, "changelist"), {"q": query}).context["cl"].queryset
    assert {d.reference for d in listed} == expected
    found = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": query, "app_label": "decisions", "model_name": "action", "field_name": "decision"},
    ).json()["results"]
    assert {row["text"].split(" · ")[-1] for row in found} == expected
    assert all(row["text"].startswith("IX 2004 · ") for row in found)  # labelled as the site cites them


def test_actions_are_found_by_their_items_citation(staff_client, ix_meeting):
    listed = staff_client.get(admin_url(Action, "changelist"), {"q": "IX D6"}).context["cl"].queryset
    assert [a.decision.reference for a in listed] == ["D6"]


def test_decision_page_shows_a_status_badge(staff_client, ix_meeting):
    decision = decision_get_by_reference(meeting=ix_meeting, reference="D6")
    response = staff_client.get(admin_url(Decision, "change", decision.pk))
    assert b'class="rcm-badge rcm-badge--not_started"' in response.content


def test_meeting_page_has_decisions_and_participants_inline(staff_client, ix_meeting):
    response = staff_client.get(admin_url(Meeting, "change", ix_meeting.pk))
    content = response.content.decode()
    assert "Monzón Méndez" in content
    participants = response.context["inline_admin_formsets"][0].formset.queryset
    # 10 member states, 4 observer states, 5 organisations, RNCOM, and the SACM through its PPT, Uruguay
    assert participants.count() == 22
    assert response.context["inline_admin_formsets"][1].formset.queryset.count() == 25


def test_the_admin_speaks_spanish(staff_client, ix_meeting):
    response = staff_client.get(admin_url(Decision, "changelist"), HTTP_ACCEPT_LANGUAGE="es")
    content = response.content.decode()
    assert "Decisiones" in content
    assert "Implementada" in content


def test_parties_are_searchable_by_alias(staff_client, ix_meeting):
    response = staff_client.get(admin_url(Party, "changelist") + "?q=RROCM")
    assert [p.code for p in response.context["cl"].queryset] == ["RNCOM"]


def test_the_admin_index_and_the_action_page_lead_to_waiting_reports(client, ix_meeting):
    from decisions.services.reports import report_submit

    action = Action.objects.get(decision__number="8", decision__parent__isnull=True, responsible__code="MX")
    focal = user_with_role("Focal point", party=Party.objects.get(code="MX"), username="focal-mx")
    report = report_submit(action=action, by=focal, date=ix_meeting.end_date, note="Bill sent", status="in_progress")
    officer = user_with_role("Secretariat", username="ts-index", is_staff=True)
    client.force_login(officer)
    index = client.get(reverse("admin:index")).content.decode()
    assert "1 report of a focal point is waiting for your review" in index
    assert f'href="{reverse("workflow:review-list")}"' in index
    page = client.get(admin_url(Action, "change", action.pk)).content.decode()
    assert reverse("workflow:review-detail", args=[report.pk]) in page
    other = Action.objects.exclude(pk=action.pk).first()
    assert reverse("workflow:review-list") not in client.get(admin_url(Action, "change", other.pk)).content.decode()
