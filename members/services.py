"""Writes to the register of parties and their membership."""

import datetime

from django.db import transaction

from members.models import Membership, Party
from rcm.records import upsert


@transaction.atomic
def party_upsert(
    *,
    code: str,
    kind: str,
    name_en: str,
    name_es: str = "",
    acronym_en: str = "",
    acronym_es: str = "",
    country: str = "",
    aliases: list[str] | None = None,
) -> tuple[Party, bool]:
    """Create or bring up to date the party with this code; returns it and whether anything was written."""
    return upsert(
        Party,
        lookup={"code": code},
        values={
            "kind": kind,
            "name_en": name_en,
            "name_es": name_es or None,
            "acronym_en": acronym_en or None,
            "acronym_es": acronym_es or None,
            "country": country,
            "aliases": "\n".join(aliases or []),
        },
    )


@transaction.atomic
def membership_ensure(
    *, party: Party, role: str, start_date: datetime.date, start_precision: str, start_note: str = ""
) -> tuple[Membership, bool]:
    return upsert(
        Membership,
        lookup={"party": party, "role": role, "start_date": start_date},
        values={"start_precision": start_precision, "start_note": start_note},
    )
