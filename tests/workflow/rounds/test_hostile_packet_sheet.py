"""The packet spreadsheet against every text payload family of the hostile-input catalogue, sent inside the
workbook's answer cells (tests/security/hostile/surfaces.py points here): each is kept as typed or refused naming
the row, the preview page never makes one live, and a stored payload comes back in the next download as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from decisions.models import PacketAnswer
from tests.security.hostile.catalogue import PAYLOADS
from tests.security.hostile.exercise import stored_as_sent
from tests.security.hostile.inert import assert_inert_html

pytestmark = pytest.mark.django_db
EVERY_PAYLOAD = [
    (family, payload) for family, payloads in PAYLOADS.items() for payload in payloads if isinstance(payload, str)
]


def _workbook_with(client, round, column: str, value: str) -> bytes | None:
    data = client.get(reverse("workflow:packet-sheet", args=[round.pk])).content
    book = load_workbook(io.BytesIO(data))
    sheet = book["packet"]
    try:
        sheet[f"{column}2"] = value
    except IllegalCharacterError:
        return None  # a control character no XLSX can hold: a spreadsheet program cannot send it either
    sheet[f"{column}2"].data_type = "s"  # typed as text, as a spreadsheet program stores what was typed
    if column != "H":
        sheet["H2"] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_every_payload_in_every_answer_cell(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    action = mx_actions[0]
    for family, payload in EVERY_PAYLOAD:
        for column in ("G", "H", "I"):  # new status, note, evidence link
            where = f"{family} in {column}: {payload[:40]!r}"
            data = _workbook_with(client, open_round, column, payload)
            if data is None:
                continue
            file = io.BytesIO(data)
            file.name = "packet.xlsx"
            response = client.post(reverse("workflow:packet-sheet-upload", args=[open_round.pk]), {"file": file})
            assert response.status_code in (200, 400), where
            assert_inert_html(response.content.decode(), where)
            token = response.context.get("token") if response.context else ""
            if not token:
                continue
            done = client.post(reverse("workflow:packet-sheet-confirm", args=[open_round.pk]), {"token": token})
            assert done.status_code in (302, 400), where
            assert_inert_html(client.get(reverse("workflow:packet", args=[open_round.pk])).content.decode(), where)
            stored = PacketAnswer.objects.filter(round=open_round, action=action).first()
            if done.status_code == 302 and column == "H":
                assert stored_as_sent(stored.note, payload), where
            if done.status_code == 302 and column == "I" and stored.evidence_url:
                assert stored.evidence_url.startswith(("http://", "https://")), where
            if stored is not None and column == "H":
                again = load_workbook(
                    io.BytesIO(client.get(reverse("workflow:packet-sheet", args=[open_round.pk])).content)
                )
                assert again["packet"]["H2"].data_type != "f", where  # stored text never comes back as a formula
