"""Reads about parties and membership, shared by pages, the API, services and commands."""

import datetime

from django.db.models import Q, QuerySet

from members.models import Membership, Party


def member_states_on(day: datetime.date) -> QuerySet[Party]:
    """The states that were members of the Conference on that day (membership, not attendance)."""
    return (
        # One filter() call, so that all three conditions hold for the same membership row.
        Party.objects.filter(
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day),
            kind=Party.Kind.STATE,
            memberships__role=Membership.Role.MEMBER,
            memberships__start_date__lte=day,
        )
        .distinct()
        .order_by("name")
    )
