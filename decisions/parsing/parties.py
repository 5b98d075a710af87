"""Who a text names: an alias table (pure data) and a matcher that turns mentions into party codes.

Codes are the project's party codes: ISO 3166 alpha-2 for states, short stable codes for the rest.
Aliases are plain text with two conventions, so the table stays readable data:
- a hyphen matches any spacing of it ("Pro-Tempore" matches "Pro - Tempore" and "Pro Tempore");
- "…" stands for a few words in between ("Special Rapporteur … Migrants").
An alias without lowercase letters is an acronym and matches case-sensitively; names match in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .text import word_set

PARTY_ALIASES: dict[str, list[str]] = {
    # Member states.
    "BZ": ["Belize", "Belice"],
    "CA": ["Canada", "Canadá"],
    "CR": ["Costa Rica"],
    "DO": ["Dominican Republic", "República Dominicana", "Rep. Dominicana"],
    "SV": ["El Salvador"],
    "GT": ["Guatemala"],
    "HN": ["Honduras"],
    "MX": ["Mexico", "México"],
    "NI": ["Nicaragua"],
    "PA": ["Panama", "Panamá"],
    "US": [
        "United States of America",
        "United States",
        "Estados Unidos de América",
        "Estados Unidos",
        "EE.UU.",
        "EE. UU.",
        "EEUU",
        "U.S.A.",
        "U.S.",
        "USA",
    ],
    # Observer states.
    "AR": ["Republic of Argentina", "Argentine Republic", "República Argentina", "Argentina"],
    "CO": ["Colombia"],
    "EC": ["Ecuador"],
    "JM": ["Jamaica"],
    "PE": ["Peru", "Perú"],
    "UY": ["Eastern Republic of Uruguay", "República Oriental del Uruguay", "Uruguay"],
    # International organisations.
    "UNHCR": [
        "UN High Commissioner for Refugees",
        "United Nations High Commissioner for Refugees",
        "Alto Comisionado de las Naciones Unidas para los Refugiados",
        "UNHCR",
        "ACNUR",
    ],
    "ECLAC-CELADE": [
        "Economic Commission for Latin America and the Caribbean",
        "Comisión Económica para América Latina y el Caribe",
        "ECLAC/CELADE",
        "ECLAC-CELADE",
        "CEPAL/CELADE",
        "CEPAL-CELADE",
        "ECLAC",
        "CEPAL",
        "CELADE",
    ],
    "IOM": [
        "International Organization for Migration",
        "Organización Internacional para las Migraciones",
        "IOM",
        "OIM",
    ],
    "UNSR-MIGRANTS": [
        "UN Special Rapporteur … Migrants",
        "United Nations Special Rapporteur … Migrants",
        "Special Rapporteur … Migrants",
        "Relator Especial … Migrantes",
        "Relatora Especial … Migrantes",
    ],
    "SICA": [
        "Central American Integration System",
        "Sistema de la Integración Centroamericana",
        "SICA",
    ],
    "OAS": ["Organization of American States", "Organización de los Estados Americanos", "OAS", "OEA"],
    "GCIM": [
        "Global Commission for International Migration",
        "Global Commission on International Migration",
        "Comisión Mundial sobre las Migraciones Internacionales",
        "GCIM",
    ],
    "IACHR": [
        "Inter-American Commission on Human Rights",
        "Comisión Interamericana de Derechos Humanos",
        "IACHR",
        "CIDH",
    ],
    "ILO": [
        "International Labour Organization",
        "International Labor Organization",
        "Organización Internacional del Trabajo",
        "ILO",
        "OIT",
    ],
    "UNFPA": ["United Nations Population Fund", "Fondo de Población de las Naciones Unidas", "UNFPA"],
    "UNICEF": ["United Nations Children's Fund", "Fondo de las Naciones Unidas para la Infancia", "UNICEF"],
    "UNDP": [
        "United Nations Development Programme",
        "United Nations Development Program",
        "Programa de las Naciones Unidas para el Desarrollo",
        "UNDP",
        "PNUD",
    ],
    "UNODC": [
        "United Nations Office on Drugs and Crime",
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "UNODC",
    ],
    # Civil society.
    "RNCOM": [
        "Regional Network of Civil Organizations for Migration",
        "Red Regional de Organizaciones Civiles para las Migraciones",
        "RNCOM",
        "RROCM",
    ],
    # Another regional process. Its Presidency Pro-Tempore is SACM's, not the RCM's PPT: the longer
    # alias wins, so "Presidency Pro-Tempore of the South American Conference…" never reads as PPT.
    "SACM": [
        "Presidency Pro-Tempore of the South American Conference on Migration",
        "Presidencia Pro-Tempore de la Conferencia Sudamericana sobre Migraciones",
        "South American Conference on Migration",
        "Conferencia Sudamericana sobre Migraciones",
        "SACM",
        "CSM",
    ],
    # RCM bodies.
    "TS": [
        "RCM Technical Secretariat",
        "Technical Secretariat",
        "Technical Support Unit",
        "Secretaría Técnica",
        "Unidad de Apoyo Técnico",
        "TSU",
        "TS",
        "ST",
    ],
    "PPT": ["Presidency Pro-Tempore", "Pro-Tempore Presidency", "Presidencia Pro-Tempore", "PPT"],
    "RCGM": [
        "Regional Consultation Group on Migration",
        "Grupo Regional de Consulta sobre Migración",
        "RCGM",
        "GRCM",
    ],
}

STATE_CODES = word_set("BZ CA CR DO SV GT HN MX NI PA US AR CO EC JM PE UY")
CIVIL_SOCIETY_CODES = frozenset({"RNCOM"})

# How many words "…" may stand for: enough for "for the Protection of the Rights of".
_GAP_WORDS = 12


@dataclass(frozen=True)
class Mention:
    code: str
    text: str  # as written in the text
    start: int
    end: int


def find_parties(text: str) -> list[str]:
    """Party codes the text names, in order of first mention, without duplicates."""
    codes: list[str] = []
    for mention in find_mentions(text):
        if mention.code not in codes:
            codes.append(mention.code)
    return codes


def find_mentions(text: str) -> list[Mention]:
    """Every alias occurrence, longest alias first where two start at the same place."""
    pattern, codes_by_group = _compiled()
    mentions = []
    for match in pattern.finditer(text):
        group = match.lastgroup or ""
        mentions.append(Mention(codes_by_group[group], match.group(), match.start(), match.end()))
    return mentions


def state_name_to_code(name: str) -> str | None:
    """The ISO code of a state named exactly (bar an article), e.g. for a header's country."""
    cleaned = re.sub(r"^(?:the|la|el)\s+", "", name.strip(), flags=re.IGNORECASE)
    for mention in find_mentions(cleaned):
        if mention.code in STATE_CODES and mention.start == 0 and mention.end == len(cleaned):
            return mention.code
    return None


@cache
def _compiled() -> tuple[re.Pattern[str], dict[str, str]]:
    entries = [(alias, code) for code, aliases in PARTY_ALIASES.items() for alias in aliases]
    # Longest first, so "United States of America" beats "United States" at the same position.
    entries.sort(key=lambda entry: len(entry[0]), reverse=True)
    codes_by_group: dict[str, str] = {}
    alternatives = []
    for index, (alias, code) in enumerate(entries):
        group = f"p{index}"
        codes_by_group[group] = code
        alternatives.append(f"(?P<{group}>{_alias_pattern(alias)})")
    # "/" counts as part of a word so that "ECLAC/CELADE" is one name, never "ECLAC" then "CELADE".
    pattern = r"(?<![\w/])(?:" + "|".join(alternatives) + r")(?![\w/])"
    return re.compile(pattern), codes_by_group


def _alias_pattern(alias: str) -> str:
    parts = []
    for piece in re.split(r"(\s*…\s*|-|\s+)", alias):
        if not piece:
            continue
        if "…" in piece:
            parts.append(rf"(?:\s+\S+){{0,{_GAP_WORDS}}}?\s+")
        elif piece == "-":
            parts.append(r"(?:\s*-\s*|\s+)")
        elif piece.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(piece))
    body = "".join(parts)
    is_acronym = not any(char.islower() for char in alias)
    return body if is_acronym else f"(?i:{body})"
