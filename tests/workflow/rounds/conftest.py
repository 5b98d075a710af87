"""Fixtures of the reporting-round tests: a round over the IX Meeting, opened, and two focal points of Mexico."""

import pytest

from decisions.models import Action
from decisions.services.rounds import round_open
from tests.factories import user_with_role
from tests.workflow.rounds.support import make_round


@pytest.fixture
def ix_round(ts, ix_meeting):
    """Not opened yet; every member state must answer (the default)."""
    return make_round(ts, [ix_meeting])


@pytest.fixture
def open_round(ix_round, ts):
    return round_open(round=ix_round, by=ts)


@pytest.fixture
def focal_mx_b(mexico):
    return user_with_role(
        "Focal point", party=mexico, username="focal-mx-b", email="b@mx.example", first_name="Beatriz"
    )


@pytest.fixture
def mx_actions(mexico):
    """Mexico's four actions of the IX Meeting, in the packet's order (D6, D8, D10, D14)."""
    return list(Action.objects.filter(responsible=mexico).order_by("decision__position"))
