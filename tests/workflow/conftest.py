import pytest
from django.contrib.auth.models import AnonymousUser

from decisions.models import Action
from members.models import Party
from tests.factories import user_with_role


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def mexico(ix_meeting):
    return Party.objects.get(code="MX")


@pytest.fixture
def mx_action(mexico):
    return Action.objects.filter(responsible=mexico, decision__number="8").get()


@pytest.fixture
def focal_mx(mexico):
    return user_with_role("Focal point", party=mexico, username="focal-mx", email="focal@mx.example")


@pytest.fixture
def focal_cr(ix_meeting):
    return user_with_role("Focal point", party=Party.objects.get(code="CR"), username="focal-cr")


@pytest.fixture
def ts(ix_meeting):
    return user_with_role("Secretariat", username="ts-officer", email="ts@rcm.example")


@pytest.fixture
def delegate(ix_meeting):
    return user_with_role("Delegate", party=Party.objects.get(code="GT"), username="delegate-gt")


@pytest.fixture
def anonymous():
    return AnonymousUser()
