"""An invalid or revoked token is a 401 problem, whatever else is wrong with the request: a failure that
happens before authentication (an unknown format, a method the route lacks) must not become a 500."""

import pytest
from rest_framework.test import APIClient

from members.models import ApiKey
from tests.api.test_protocol import assert_problem
from tests.factories import api_key_for

REQUESTS = [
    ("get", "/api/v1/decisions/?format=xml", {}),
    ("get", "/api/v1/decisions/", {"HTTP_ACCEPT": "application/xml"}),
    ("get", "/api/v1/meetings/ix-panama-city-2004/", {"HTTP_ACCEPT": "application/xml"}),
    ("get", "/api/v1/stats/?format=xml", {}),
    ("put", "/api/v1/meetings/ix-panama-city-2004/decisions/", {}),
    ("delete", "/api/v1/meetings/ix-panama-city-2004/decisions/D15/", {}),
    ("post", "/api/v1/themes/", {}),
    ("get", "/api/v1/decisions/", {}),
]


@pytest.fixture
def revoked_token(ts_user):
    key = api_key_for(ts_user)
    ApiKey.objects.filter(owner=ts_user).delete()
    return key


@pytest.mark.parametrize("kind", ["invalid", "revoked"])
def test_a_bad_token_is_a_401_problem_never_a_500(ix_meeting, revoked_token, kind):
    """Failed before the fix: all but the last request answered 500 text/html."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {revoked_token if kind == 'revoked' else 'not-a-token'}")
    for method, path, extra in REQUESTS:
        response = getattr(client, method)(path, **extra)
        body = assert_problem(response, 401, "not-authenticated")
        assert response["WWW-Authenticate"] == "Token" and body["detail"], (method, path)


def test_without_credentials_the_same_requests_keep_their_own_answer(api, ix_meeting):
    assert api.get("/api/v1/decisions/?format=xml").status_code == 400
    assert api.get("/api/v1/decisions/", HTTP_ACCEPT="application/xml").status_code == 406
    assert api.put("/api/v1/meetings/ix-panama-city-2004/decisions/").status_code == 405
