"""How many decisions or actions are in each status: one count for the dashboards, the meeting cards and pages,
party and theme pages, "how its status is derived" and the stats API. A count is a Counter keyed by the stored
status value, statuses with none left out (templates and charts walk the vocabulary in its own order)."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.db.models import Count, Q, QuerySet

from decisions.rules.status import DecisionStatus


def status_count(*, items: QuerySet | Iterable[str]) -> Counter:
    """How many of `items` are in each status. A queryset is counted by the database, one GROUP BY on the stored
    status; anything else is the statuses themselves (a status on a past day, the statuses shown), counted as
    they come."""
    if isinstance(items, QuerySet):
        return Counter(dict(items.order_by().values_list("status").annotate(n=Count("pk"))))
    return Counter(items)


def status_count_by(*, items: QuerySet, group: Sequence[str]) -> dict[tuple, Counter]:
    """`status_count` per value of the `group` columns (a meeting, a theme), in one GROUP BY."""
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for *key, status, n in items.order_by().values_list(*group, "status").annotate(n=Count("pk")):
        counts[tuple(key)][status] += n
    return counts


def status_count_columns(
    *, relation: str = "", condition: Q | None = None, statuses: Sequence[str] = DecisionStatus.values
) -> dict:
    """The same counts as columns (`n_<status>`), for many groups in one query (`annotate`: each meeting, each
    theme) or beside other aggregates (`aggregate`). `relation` reaches the counted rows from the grouped ones
    ("decisions" from a meeting); `condition` narrows them. `status_count_read` reads them back."""
    prefix = f"{relation}__" if relation else ""
    return {
        f"n_{status}": Count(relation or "pk", filter=Q(**{f"{prefix}status": status}) & (condition or Q()))
        for status in statuses
    }


def status_count_read(*, row: Mapping[str, int] | object, statuses: Sequence[str] = DecisionStatus.values) -> Counter:
    """The count of a row read with `status_count_columns` (an annotated object, or an aggregate's dict)."""
    read = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return Counter({status: n for status in statuses if (n := read(f"n_{status}"))})
