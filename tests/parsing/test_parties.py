"""The alias table and the matcher: codes, longest match first, whole words, case-sensitive acronyms."""

from __future__ import annotations

import pytest

from decisions.parsing.parties import PARTY_ALIASES, find_parties
from decisions.parsing.text import word_set

EXPECTED_CODES = word_set(
    "BZ CA CR DO SV GT HN MX NI PA US AR CO EC JM PE UY UNHCR ECLAC-CELADE IOM UNSR-MIGRANTS SICA OAS GCIM "
    "IACHR ILO UNFPA UNICEF UNDP UNODC RNCOM SACM TS PPT RCGM"
)


def test_the_table_has_exactly_the_agreed_codes():
    assert set(PARTY_ALIASES) == EXPECTED_CODES
    assert all(isinstance(alias, str) and alias for aliases in PARTY_ALIASES.values() for alias in aliases)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Belize and Belice", ["BZ"]),
        ("Canadá", ["CA"]),
        ("the Dominican Republic", ["DO"]),
        ("la República Dominicana", ["DO"]),
        ("México y Panamá", ["MX", "PA"]),
        ("the United States of America", ["US"]),
        ("los Estados Unidos de América", ["US"]),
        ("the Government of the Republic of Argentina", ["AR"]),
        ("Jamaica and Perú", ["JM", "PE"]),
        ("the Eastern Republic of Uruguay", ["UY"]),
        ("la República Oriental del Uruguay", ["UY"]),
        ("the UN High Commissioner for Refugees (UNHCR)", ["UNHCR"]),
        ("el ACNUR", ["UNHCR"]),
        ("the Economic Commission for Latin America and the Caribbean (ECLAC/CELADE)", ["ECLAC-CELADE"]),
        ("la CEPAL", ["ECLAC-CELADE"]),
        ("CELADE", ["ECLAC-CELADE"]),
        ("the International Organization for Migration (IOM)", ["IOM"]),
        ("la OIM", ["IOM"]),
        (
            "the United Nations Special Rapporteur for the Protection of the Rights of Migrants",
            ["UNSR-MIGRANTS"],
        ),
        ("the UN Special Rapporteur on the human rights of migrants", ["UNSR-MIGRANTS"]),
        ("la Relatora Especial sobre los Derechos Humanos de los Migrantes", ["UNSR-MIGRANTS"]),
        ("the Central American Integration System (SICA)", ["SICA"]),
        ("el Sistema de la Integración Centroamericana", ["SICA"]),
        ("the Organization of American States (OAS)", ["OAS"]),
        ("la OEA", ["OAS"]),
        ("the Global Commission for International Migration", ["GCIM"]),
        ("the Global Commission on International Migration", ["GCIM"]),
        ("la Comisión Mundial sobre las Migraciones Internacionales", ["GCIM"]),
        ("the CIDH and the OIT", ["IACHR", "ILO"]),
        ("UNFPA, UNICEF, PNUD and UNODC", ["UNFPA", "UNICEF", "UNDP", "UNODC"]),
        ("the Regional Network of Civil Organizations for Migration (RNCOM)", ["RNCOM"]),
        ("la Red Regional de Organizaciones Civiles para las Migraciones (RROCM)", ["RNCOM"]),
        ("the South American Conference on Migration", ["SACM"]),
        ("la Conferencia Sudamericana sobre Migraciones", ["SACM"]),
        ("the RCM Technical Secretariat (TS)", ["TS"]),
        ("the Technical Support Unit (TSU)", ["TS"]),
        ("la Secretaría Técnica", ["TS"]),
        ("the Presidency Pro-Tempore", ["PPT"]),
        ("the Presidency Pro - Tempore", ["PPT"]),
        ("the Presidency Pro Tempore", ["PPT"]),
        ("la Presidencia Pro Tempore", ["PPT"]),
        ("the PPT", ["PPT"]),
        ("the Regional Consultation Group on Migration (RCGM)", ["RCGM"]),
        ("el GRCM", ["RCGM"]),
    ],
)
def test_aliases(text, codes):
    assert find_parties(text) == codes


def test_the_presidency_of_the_south_american_conference_is_not_the_rcm_ppt():
    text = (
        "Thank the Presidency Pro-Tempore of the South American Conference on Migration, held by the "
        "Eastern Republic of Uruguay, for its participation"
    )
    assert find_parties(text) == ["SACM", "UY"]


def test_order_of_first_mention_without_duplicates():
    assert find_parties("Mexico, Canada, the IOM and Mexico again, and Canadá") == ["MX", "CA", "IOM"]


def test_longest_match_first():
    assert find_parties("the United States of America") == ["US"]
    assert find_parties("ECLAC/CELADE") == ["ECLAC-CELADE"]


@pytest.mark.parametrize(
    "text",
    [
        "its status as a state",  # "ts" and "ST" are acronyms, matched case-sensitively
        "the oas of the desert",
        "the IOMX project",  # whole words only
        "Panamanian and Mexican officials",
        "the Presidency of the Council",
        "the Technical Committee",
    ],
)
def test_no_false_matches(text):
    assert find_parties(text) == []


def test_names_match_in_any_case():
    assert find_parties("MEXICO and the technical secretariat") == ["MX", "TS"]
