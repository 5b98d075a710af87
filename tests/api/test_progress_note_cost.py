"""What a progress note costs the worker that records it: the mixed run of `make bench` records one every 200 ms
beside readers, who wait while it runs (docs/performance.md)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.roles import Role
from tests.factories import ActionFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_a_progress_note_through_the_api_is_bounded(client, django_assert_max_num_queries):
    client.force_login(user_with_role(Role.SECRETARIAT))
    action = ActionFactory()
    body = json.dumps({"note": "Met the focal points."})
    # 38 queries once: its four check constraints took twelve of them, and the checks that its keys exist three
    # (rcm/constraints.py).
    with django_assert_max_num_queries(23), CaptureQueriesContext(connection) as captured:
        response = client.post(f"/api/v1/actions/{action.pk}/progress/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    # The answer's evidence is read from its own table: ordered by the update's own order, it joined five.
    (evidence,) = [query["sql"] for query in captured if 'FROM "decisions_evidence"' in query["sql"]]
    assert "JOIN" not in evidence
