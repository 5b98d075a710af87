"""`IdIn` (decisions/selectors/expressions.py) selects what `__in` selects, on SQLite and PostgreSQL alike."""

import pytest

from decisions.models import Decision
from decisions.selectors.expressions import IdIn
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pick", [[], [0], [0, 2], [2, 0, 2], "missing"])
def test_it_selects_what_in_selects(pick):
    decisions = [DecisionFactory() for _ in range(3)]
    ids = [10**9] if pick == "missing" else [decisions[index].pk for index in pick]
    expected = set(Decision.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert set(Decision.objects.filter(IdIn("id", ids)).values_list("pk", flat=True)) == expected
    # And through a relation's column, as the read models use it.
    children = set(Decision.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    assert set(Decision.objects.filter(IdIn("parent_id", ids)).values_list("pk", flat=True)) == children
