"""Search finds what people type, whatever its accents and case, in either language, on either database: the
site, the API and the admin, for meetings, decisions and actions; citations still name their item; and the
search column each record keeps follows every write that changes its texts."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from decisions.models import Action, Decision, Meeting
from decisions.rules.folding import folded_texts, text_fold
from decisions.selectors.search import action_search, decision_search, meeting_search, name_search, update_search
from decisions.services.actions import action_create, action_record_progress, action_update
from decisions.services.decisions import decision_save
from decisions.services.meeting_edits import meeting_save
from members.models import Party
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_folding_strips_accents_and_case_and_nothing_else():
    assert text_fold(text="MIGRACIÓN") == text_fold(text="migración") == text_fold(text="Migracion") == "migracion"
    assert text_fold(text="México, Panamá, Perú, Ñandú") == "mexico, panama, peru, nandu"
    assert text_fold(text="Straße ﬁnal") == "strasse final"  # casefold and compatibility forms (NFKD)
    assert text_fold(text=None) == "" and folded_texts(["Año", None, "", "ÉL"]) == "ano\nel"


@pytest.fixture
def world(db):
    meeting = MeetingFactory(
        title_en="Meeting in Mexico City",
        title_es="Reunión en la Ciudad de México",
        city_en="Mexico City",
        city_es="Ciudad de México",
    )
    other = MeetingFactory(title_en="Meeting in Ottawa", city_en="Ottawa", city_es="Ottawa")
    labour = DecisionFactory(
        meeting=meeting,
        text_en="Strengthen cooperation on labour migration.",
        text_es="Fortalecer la cooperación en materia de migración laboral.",
    )
    shouting = DecisionFactory(meeting=meeting, text_en="Urge the member countries to review their laws.", text_es=None)
    shouting.text_es = "INSTAR A LOS PAÍSES MIEMBROS A REVISAR SU LEGISLACIÓN."  # a second language, saved later
    decision_save(decision=shouting)
    thanks = DecisionFactory(meeting=other, text_en="Thank the Government of Mexico for the seminar.")
    typo = DecisionFactory(meeting=other, text_en="Take note of the report.", text_es="Tomar nota de la situacion.")
    seminar = action_create(
        decision=labour,
        responsible=PartyFactory(code="XX"),
        title_en="Regional seminar on health",
        title_es="Seminario sobre migración y salud",
    )
    return {
        "meeting": meeting,
        "other": other,
        "labour": labour,
        "shouting": shouting,
        "thanks": thanks,
        "typo": typo,
        "seminar": seminar,
    }


def keys(world, rows) -> set[str]:
    names = {obj.pk: name for name, obj in world.items() if isinstance(obj, rows.model)}
    return {names[row.pk] for row in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("migracion", {"labour"}),  # typed without the accent the text has
        ("MIGRACIÓN", {"labour"}),  # capitals, with it
        ("Migración laboral", {"labour"}),
        ("COOPERATION", {"labour"}),  # English, in capitals
        ("paises legislacion", {"shouting"}),  # a text stored in capitals, found in lower case without accents
        ("Países", {"shouting"}),
        ("México", {"thanks"}),  # an English text with no accent, found by a Spanish spelling
        ("situación", {"typo"}),  # a text typed without its accent, found by the right spelling
        ("no-such-word-anywhere", set()),
    ],
)
def test_decisions_are_found_whatever_accents_and_case(world, query, expected):
    assert keys(world, decision_search(queryset=Decision.objects.all(), query=query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("migracion", {"seminar"}), ("SEMINARIO salud", {"seminar"}), ("HEALTH", {"seminar"}), ("salúd", {"seminar"})],
)
def test_actions_are_found_whatever_accents_and_case(world, query, expected):
    assert keys(world, action_search(queryset=Action.objects.all(), query=query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("mexico", {"meeting"}), ("MÉXICO", {"meeting"}), ("ciudad de mexico", {"meeting"}), ("reunion", {"meeting"})],
)
def test_meetings_are_found_whatever_accents_and_case(world, query, expected):
    assert keys(world, meeting_search(queryset=Meeting.objects.all(), query=query)) == expected


def test_names_and_notes_ignore_accents_and_case_too(world, ix_meeting, staff):
    found = name_search(queryset=Party.objects.all(), query="PANAMA", fields=("name_en", "name_es"))
    assert "PA" in {party.code for party in found}
    themes = apps.get_model("decisions", "Theme").objects.all()
    assert [
        t.slug for t in name_search(queryset=themes, query="trafico ilicito", fields=("slug", "name_en", "name_es"))
    ] == ["smuggling-trafficking"]
    action = Action.objects.filter(responsible__code="MX").first()
    action_record_progress(action=action, by=staff, date=ix_meeting.end_date, note="Reunión de coordinación.")
    assert update_search(queryset=action.updates.all(), query="REUNION coordinacion").count() == 1


def test_the_site_the_api_and_the_admin_ignore_accents(client, staff_client, ix_meeting):
    # The IX Meeting's actions have Spanish titles ("Fortalecer la legislación interna …", one per member state).
    expected = set(Action.objects.filter(title_es__contains="legislación interna").values_list("pk", flat=True))
    assert len(expected) >= 10
    page = client.get("/search/", {"q": "LEGISLACION interna"})
    assert page.context["action_count"] == len(expected)
    rows = client.get("/api/v1/actions/", {"q": "legislacion interna", "page_size": 50}).json()["results"]
    assert {row["id"] for row in rows} == expected
    assert client.get("/api/v1/meetings/", {"q": "PANAMÁ"}).json()["count"] == 1
    assert client.get("/api/v1/themes/", {"q": "repatriacion"}).json()["count"] == 1
    listed = staff_client.get(reverse("admin:decisions_action_changelist"), {"q": "legislacion interna"}).context["cl"]
    assert set(listed.queryset.values_list("pk", flat=True)) == expected
    meetings = staff_client.get(reverse("admin:decisions_meeting_changelist"), {"q": "panama"}).context["cl"]
    assert [m.slug for m in meetings.queryset] == [ix_meeting.slug]
    by_address = staff_client.get(reverse("admin:decisions_meeting_changelist"), {"q": "ix-panama"}).context["cl"]
    assert [m.slug for m in by_address.queryset] == [ix_meeting.slug]  # the address is searched as typed
    remittances = staff_client.get(reverse("admin:decisions_decision_changelist"), {"q": "REMITTANCES"})
    assert [d.reference for d in remittances.context["cl"].queryset] == ["D13"]


def test_citations_still_name_their_item(client, staff_client, ix_meeting):
    assert [d.reference for d in decision_search(queryset=Decision.objects.all(), query="ix d15.A")] == ["D15.a"]
    listed = staff_client.get(reverse("admin:decisions_decision_changelist"), {"q": "IX 2004 · D6"}).context["cl"]
    assert [d.reference for d in listed.queryset] == ["D6"]
    assert [row["reference"] for row in client.get("/api/v1/decisions/", {"q": "c3"}).json()["results"]] == ["C3"]


def column_of(record) -> str:
    return folded_texts(getattr(record, name) for name in record.SEARCHED_FIELDS)


def test_every_write_of_a_text_keeps_the_search_column(world):
    labour = Decision.objects.get(pk=world["labour"].pk)
    labour.text_es = "Ampliar la protección consular."
    decision_save(decision=labour, expected_version=labour.revision)
    assert Decision.objects.get(pk=labour.pk).search_text == column_of(labour)
    assert "proteccion consular" in Decision.objects.get(pk=labour.pk).search_text
    assert decision_search(queryset=Decision.objects.all(), query="PROTECCION").get().pk == labour.pk

    seminar = world["seminar"]
    action_update(action=seminar, expected_version=seminar.version, description_es="Atención médica en la región")
    assert "atencion medica" in Action.objects.get(pk=seminar.pk).search_text

    meeting = Meeting.objects.get(pk=world["other"].pk)
    meeting.city_es = "Otawá"
    meeting_save(meeting=meeting, expected_version=meeting.revision)
    assert Meeting.objects.get(pk=meeting.pk).search_text == column_of(meeting)


def test_a_save_of_some_fields_keeps_the_column_when_a_text_is_among_them(world):
    decision = Decision.objects.get(pk=world["thanks"].pk)
    decision.text_es = "Agradecer al Gobierno de México."
    decision.save(update_fields=["text_es", "updated_at"])  # as the second language's import saves
    assert "agradecer al gobierno de mexico" in Decision.objects.get(pk=decision.pk).search_text


def test_the_ix_meeting_as_loaded_has_every_search_column_right(ix_meeting):
    """Import, second language, seed ledger upserts and action creation all pass through a save."""
    for model in (Meeting, Decision, Action):
        rows = list(model.objects.all())
        assert rows and all(row.search_text == column_of(row) for row in rows), model.__name__


def test_the_migration_fills_the_column_of_rows_written_before_it(ix_meeting):
    migration = importlib.import_module("decisions.migrations.0011_search_text")
    for model in (Meeting, Decision, Action):
        model.objects.update(search_text="")
    migration.fill_search_text(apps, None)
    for model in (Meeting, Decision, Action):
        assert all(row.search_text == column_of(row) for row in model.objects.all()), model.__name__
    assert decision_search(queryset=Decision.objects.all(), query="REMITTANCES").count() == 1


def test_the_search_column_stays_out_of_the_change_history(world):
    decision = world["labour"]
    assert not hasattr(decision.history.first(), "search_text")
