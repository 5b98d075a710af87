"""Loading the IX Meeting again never re-creates, reverts or duplicates what the Secretariat changed or deleted.

`make run` runs `load_ix_meeting` every time; the loader's ledger (decisions/services/seeding.py) makes each
shipped record be written once, then left alone.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from decisions.models import Action, DecisionDocument, DecisionParty, Document, Participation, SeededRecord, Theme
from decisions.selectors import decision_get_by_reference
from decisions.services.actions import action_delete, action_update
from decisions.services.decisions import decision_save
from members.models import Membership, Party

pytestmark = pytest.mark.django_db


def _dump() -> dict[str, list[dict]]:
    """Every row of every table of the record (history and many-to-many tables included)."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"decisions", "members"}
    }


def _save(instance, **fields):
    """As the admin saves the models that have no service of their own: validated, then saved."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()


def _load() -> str:
    out = io.StringIO()
    call_command("load_ix_meeting", stdout=out)
    return out.getvalue()


def _edit_every_kind_of_seeded_record(meeting) -> None:
    _save(meeting, title_es="IX Reunión (corregida)", city_es="Ciudad de Panamá (sede)")
    _save(Participation.objects.get(meeting=meeting, party__code="AR"), note_en="Corrected by the Secretariat.")
    Participation.objects.get(meeting=meeting, party__code="UY").delete()

    decision = decision_get_by_reference(meeting=meeting, reference="D4")
    decision.text_es = "Texto corregido por la Secretaría."
    decision_save(decision=decision)
    decision.themes.set(Theme.objects.filter(slug="human-rights"))
    DecisionParty.objects.filter(decision=decision, party__code="CA", role="proposer").delete()
    _save(Theme.objects.get(slug="human-rights"), name_es="Derechos humanos")
    Theme.objects.exclude(slug="human-rights").order_by("slug").first().delete()

    document = Document.objects.get(decision_links__relation="modifies")
    _save(document, title_es="Términos de referencia (corregidos)")
    DecisionDocument.objects.filter(relation="approves").delete()

    moved = Action.objects.get(decision=decision_get_by_reference(meeting=meeting, reference="D7"))
    canada = Party.objects.get(code="CA")
    action_update(action=moved, expected_version=moved.version, responsible=canada, title_es="Reasignada")
    action_delete(action=Action.objects.get(decision__number="8", decision__parent=None, responsible__code="BZ"))

    _save(Party.objects.get(code="MX"), name_es="Estados Unidos Mexicanos", aliases="")
    Membership.objects.filter(party__code="BZ").delete()
    unused = Party.objects.filter(
        actions=None, participations=None, decision_roles=None, hosted_meetings=None, representatives=None
    ).order_by("code")
    unused.first().delete()


def test_loading_again_keeps_every_change_and_deletion_of_the_secretariat(ix_meeting):
    _edit_every_kind_of_seeded_record(ix_meeting)
    before = _dump()

    assert "nothing changed" in _load()

    assert _dump() == before
    moved = Action.objects.get(decision=decision_get_by_reference(meeting=ix_meeting, reference="D7"))
    assert moved.responsible.code == "CA"


def test_a_deleted_meeting_is_not_loaded_again(ix_meeting):
    Action.objects.filter(decision__meeting=ix_meeting).delete()
    ix_meeting.delete()
    before = _dump()

    _load()

    assert _dump() == before


def test_a_database_loaded_before_the_ledger_adopts_what_is_there(ix_meeting):
    """The first run after the upgrade finds the records without a ledger: it records them and writes none."""
    SeededRecord.objects.all().delete()
    _edit_every_kind_of_seeded_record(ix_meeting)
    before = {label: rows for label, rows in _dump().items() if label != "decisions.SeededRecord"}

    assert "nothing changed" in _load()

    after = _dump()
    assert after.pop("decisions.SeededRecord")  # the ledger now exists…
    assert after == before  # …and nothing else was written
    assert "nothing changed" in _load()


def test_a_fresh_database_records_what_it_seeded(ix_meeting):
    keys = set(SeededRecord.objects.values_list("key", flat=True))
    assert {"meeting:ix-panama-city-2004", "party:PPT", "theme:human-rights"} <= keys
    assert not SeededRecord.objects.filter(adopted=True).exists()
    d7 = SeededRecord.objects.get(key__startswith="action:D7:PPT:")
    assert d7.values["parties"] == ["PPT"]
