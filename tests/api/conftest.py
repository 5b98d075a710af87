"""Fixtures of the API tests: clients for each role, with throttling off unless a test turns it on."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from decisions.models import ReportingRound
from decisions.services.rounds import round_open, round_save
from members.models import Party
from tests.factories import api_key_for, user_with_role

NO_LIMITS = {"anon": None, "user": None, "token": None}


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.API_THROTTLE_RATES = dict(NO_LIMITS)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def client_for(user) -> APIClient:
    """A client that authenticates the way scripts do: with an API key of the user's (a fresh one each call)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


@pytest.fixture
def ts_user(db):
    return user_with_role("Secretariat", username="ts-officer")


@pytest.fixture
def ts(ts_user):
    return client_for(ts_user)


@pytest.fixture
def mexico(ix_meeting):
    return Party.objects.get(code="MX")


@pytest.fixture
def focal_mx_user(mexico):
    return user_with_role("Focal point", party=mexico, username="focal-mx")


@pytest.fixture
def focal_mx(focal_mx_user):
    return client_for(focal_mx_user)


@pytest.fixture
def focal_cr_user(ix_meeting):
    return user_with_role("Focal point", party=Party.objects.get(code="CR"), username="focal-cr")


@pytest.fixture
def focal_cr(focal_cr_user):
    return client_for(focal_cr_user)


@pytest.fixture
def delegate_user(ix_meeting):
    return user_with_role("Delegate", party=Party.objects.get(code="GT"), username="delegate-gt")


@pytest.fixture
def delegate(delegate_user):
    return client_for(delegate_user)


@pytest.fixture
def inactive_user(db):
    return user_with_role("Secretariat", username="former-officer", is_active=False)


@pytest.fixture
def mx_round(ts_user, ix_meeting, mexico):
    """Opened; Mexico and Costa Rica must answer."""
    today = timezone.localdate()
    round = ReportingRound(
        title_en="Report to the X Meeting",
        title_es="Informe a la X Reunión",
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
    )
    parties = list(Party.objects.filter(code__in=["MX", "CR"]))
    return round_open(round=round_save(round=round, meetings=[ix_meeting], parties=parties, by=ts_user), by=ts_user)
