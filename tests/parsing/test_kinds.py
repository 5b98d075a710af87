"""Decision kinds from the lead verb (DOMAIN.md §4), English and Spanish."""

from __future__ import annotations

import pytest

from decisions.parsing import parse_declaration
from decisions.parsing.kinds import classify


@pytest.mark.parametrize(
    ("text", "lead_verb", "kind"),
    [
        ("Thank the Government of Panama for its hospitality.", "thank", "acknowledgement"),
        (
            "Express appreciation for the participation of Argentina.",
            "express appreciation",
            "acknowledgement",
        ),
        ("Express our deep appreciation to Canada.", "express appreciation", "acknowledgement"),
        ("Express recognition for the work done.", "express recognition", "acknowledgement"),
        ("Express satisfaction over the progress achieved.", "express satisfaction", "acknowledgement"),
        ("Recognize that international cooperation is indispensable.", "recognize", "acknowledgement"),
        ("Take note of the report of the TS.", "take note", "acknowledgement"),
        ("Endorse the document entitled “Guidelines”.", "endorse", "adoption"),
        ("Approve the budget of the Technical Secretariat.", "approve", "adoption"),
        ("Approve the appointment of Mr. Luis Eduardo Monzón Méndez.", "approve", "adoption"),
        ("Approve the participation of the Presidency Pro-Tempore.", "approve", "mandate"),
        ("Approve the holding of a seminar in Mexico.", "approve", "mandate"),
        ("Modify the Terms of Reference.", "modify", "adoption"),
        ("Appoint Mr. Pascua as Coordinator.", "appoint", "adoption"),
        ("Adopt the work plan.", "adopt", "adoption"),
        ("Accept the offer from Canada and Mexico to hold a seminar.", "accept", "mandate"),
        ("Accept the report of the RCGM.", "accept", "adoption"),
        ("Urge the member countries to strengthen legislation.", "urge", "mandate"),
        ("Authorize the TS to gather information.", "authorize", "mandate"),
        ("Continue joint training exercises.", "continue", "mandate"),
        ("Request the TS to prepare a study.", "request", "mandate"),
        ("Instruct the RCGM to follow up.", "instruct", "mandate"),
        ("Strengthen and increase our cooperation.", "strengthen", "mandate"),
        ("Promote contact with other forums.", "promote", "mandate"),
        ("Bring closer together the mechanisms.", "bring closer", "mandate"),
        ("Establish procedures for repatriation.", "establish", "mandate"),
        ("Develop assistance programs.", "develop", "mandate"),
        ("To approve the report of the TS.", "approve", "adoption"),
        ("Agradecer al Gobierno de Panamá.", "agradecer", "acknowledgement"),
        ("Expresar su reconocimiento a la Secretaría Técnica.", "expresar reconocimiento", "acknowledgement"),
        ("Expresar satisfacción por los avances.", "expresar satisfacción", "acknowledgement"),
        ("Expresar su beneplácito por la creación.", "expresar beneplácito", "acknowledgement"),
        ("Reconocer la labor del Coordinador.", "reconocer", "acknowledgement"),
        ("Tomar nota del informe.", "tomar nota", "acknowledgement"),
        ("Respaldar el documento.", "respaldar", "adoption"),
        ("Aprobar el presupuesto de la Secretaría Técnica.", "aprobar", "adoption"),
        ("Aprobar la participación de la Presidencia Pro Tempore.", "aprobar", "mandate"),
        ("Aprobar la realización de un taller.", "aprobar", "mandate"),
        ("Modificar los Términos de Referencia.", "modificar", "adoption"),
        ("Nombrar al señor Monzón Méndez.", "nombrar", "adoption"),
        ("Adoptar el plan de trabajo.", "adoptar", "adoption"),
        ("Aceptar el ofrecimiento de Canadá.", "aceptar", "mandate"),
        ("Instar a los países miembros.", "instar", "mandate"),
        ("Autorizar a la Secretaría Técnica.", "autorizar", "mandate"),
        ("Continuar los ejercicios conjuntos.", "continuar", "mandate"),
        ("Solicitar a la Secretaría Técnica un informe.", "solicitar", "mandate"),
        ("Encomendar a la Secretaría Técnica un estudio.", "encomendar", "mandate"),
        ("Fortalecer la cooperación.", "fortalecer", "mandate"),
        ("Promover el contacto con otros foros.", "promover", "mandate"),
    ],
)
def test_kind_table(text, lead_verb, kind):
    assert classify(text) == (lead_verb, kind)


@pytest.mark.parametrize("text", ["Contracting of the Coordinator will be approved.", "La contratación será aprobada."])
def test_no_verb_is_unknown(text):
    assert classify(text) is None


def test_unknown_lead_verb_is_a_mandate_with_a_warning():
    draft = parse_declaration("DECISIONS\n\n1. Ponder the future of migration.\n2. Thank Canada.")
    first = draft.decisions[0]
    assert (first.lead_verb, first.kind) == ("ponder", "mandate")
    assert "decision 1: unknown lead verb 'ponder', classified as mandate" in draft.warnings
    assert not any("decision 2" in warning for warning in draft.warnings)


def test_sub_items_inherit_the_parent_kind_without_a_verb_of_their_own():
    text = "DECISIONS\n\n1. Thank the following delegations:\na) Canada, for its offer;\nb) Urge Mexico to act."
    parent = parse_declaration(text).decisions[0]
    assert [(c.kind, c.lead_verb) for c in parent.children] == [("acknowledgement", ""), ("mandate", "urge")]
