"""Reads about parties and membership, shared by pages, the API, services and commands."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet

from members.models import LanguagePreference, Membership, Party
from members.roles import AnyUser


def member_states_list(*, day: datetime.date) -> QuerySet[Party]:
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


def language_get(*, user: AnyUser) -> str:
    """The language to write to this user in: the one they read the site in, else the site's default."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    chosen = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
