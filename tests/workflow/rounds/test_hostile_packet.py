"""The country packet against every payload family of the hostile-input catalogue (its fields are named by
their action, so the catalogue's generic drivers cannot reach them: tests/security/hostile/surfaces.py points
here). Each payload is kept as typed or refused naming the row; nothing is ever live on the page."""

import pytest
from django.urls import reverse

from decisions.models import PacketAnswer
from tests.security.hostile.catalogue import PAYLOADS
from tests.security.hostile.exercise import stored_as_sent
from tests.security.hostile.inert import assert_inert_html

pytestmark = pytest.mark.django_db
# The text payloads (files and preconditions are aimed at fields the packet does not have).
EVERY_PAYLOAD = [
    (family, payload) for family, payloads in PAYLOADS.items() for payload in payloads if isinstance(payload, str)
]


def post_row(client, round, action, **values):
    answer = PacketAnswer.objects.filter(round=round, action=action).first()
    data = {"status": "", "note": "", "evidence_url": "", "version": answer.revision if answer else 0} | values
    body = {f"a{action.pk}-{name}": value for name, value in data.items()} | {"save_row": action.pk}
    return client.post(reverse("workflow:packet", args=[round.pk]), body)


def test_every_payload_in_every_field(client, open_round, focal_mx, mx_actions):
    client.force_login(focal_mx)
    action = mx_actions[1]
    for family, payload in EVERY_PAYLOAD:
        value = payload
        for field in ("note", "evidence_url", "status", "version"):
            response = post_row(client, open_round, action, **{field: value, "note": value if field == "note" else "x"})
            where = f"{family} in {field}: {value[:40]!r}"
            assert response.status_code in (302, 400), where
            if response.status_code == 400:
                page = response.content.decode()
                assert_inert_html(page, where)
                if "\x00" not in value:  # a NUL is refused before any form (rcm/middleware.py)
                    assert f'href="#row-{action.pk}"' in page or "not UTF-8" in page, where
                continue
            stored = PacketAnswer.objects.get(round=open_round, action=action)
            if field == "evidence_url":
                assert stored.evidence_url.startswith(("http://", "https://")), where
            if field == "note":  # kept as typed, and inert where the party's focal points read it back
                assert stored_as_sent(stored.note, value), where
                page = client.get(reverse("workflow:packet", args=[open_round.pk])).content.decode()
                assert_inert_html(page, where)
