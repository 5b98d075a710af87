"""The rounds API's writes against every payload family of the hostile-input catalogue (the answer's address
holds the round and the action, which the catalogue's generic drivers do not make: tests/security/hostile/
surfaces.py points here). Each payload is stored as sent or refused naming the field; never a server error."""

import pytest

from decisions.models import PacketAnswer
from tests.api.test_rounds_api import answer_url, focal_mx_b, mx_action  # noqa: F401 - fixtures
from tests.security.hostile.catalogue import PAYLOADS
from tests.security.hostile.exercise import stored_as_sent

pytestmark = pytest.mark.django_db
EVERY_PAYLOAD = [
    (family, payload) for family, payloads in PAYLOADS.items() for payload in payloads if isinstance(payload, str)
]


def test_every_payload_in_every_field_of_an_answer(focal_mx, mx_round, mx_action):  # noqa: F811
    url = answer_url(mx_round, mx_action)
    for family, payload in EVERY_PAYLOAD:
        for field in ("kind", "status", "note", "evidence_url", "version"):
            current = PacketAnswer.objects.filter(round=mx_round, action=mx_action).first()
            body = {"kind": "note", "note": "x", "version": current.revision if current else 0} | {field: payload}
            response = focal_mx.put(url, body, format="json")
            where = f"{family} in {field}: {payload[:40]!r}"
            # A number in any script is a version; one that is not the answer's is stale (409, the other answer).
            allowed = (200, 400, 409) if field == "version" else (200, 400)
            assert response.status_code in allowed, (where, response.status_code)
            if response.status_code == 409:
                assert "current" in response.json(), where
                continue
            if response.status_code == 400:
                assert response["Content-Type"].startswith("application/problem+json"), where
                assert response.json()["errors"][0]["field"], where
                continue
            stored = PacketAnswer.objects.get(round=mx_round, action=mx_action)
            if field == "note":
                assert stored_as_sent(stored.note, payload), where
            if field == "evidence_url":
                assert stored.evidence_url.startswith(("http://", "https://")), where


def test_every_payload_sent_to_the_submission(focal_mx, mx_round):  # noqa: F811
    submit = f"/api/v1/rounds/{mx_round.pk}/packet/submit/"
    for family, payload in EVERY_PAYLOAD:
        response = focal_mx.post(submit, {"comment": payload}, format="json")
        assert response.status_code in (400, 409), (family, response.status_code)
