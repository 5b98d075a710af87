"""What each reader may see: the one place that turns a user into querysets of visible records.

Pages, feeds, exports and the API all start from these, so a reader sees the same thing everywhere:
- the public sees published meetings, public actions and validated public progress updates;
- member-state users (delegates, focal points) also see what is marked for member states, and a focal
  point sees the reports of their own party whatever their review state;
- the Secretariat sees everything, drafts and unreviewed reports included.
"""

from django.db.models import Q, QuerySet

from decisions.models import Action, Decision, Meeting, ProgressUpdate
from decisions.models.actions import Visibility
from members.roles import Audience, Role, audience_for, has_role, party_of

VISIBILITIES_BY_AUDIENCE = {
    Audience.PUBLIC: [Visibility.PUBLIC],
    Audience.MEMBERS: [Visibility.PUBLIC, Visibility.MEMBERS],
    Audience.SECRETARIAT: [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT],
}


def visibilities_for(user) -> list[str]:
    return [str(v) for v in VISIBILITIES_BY_AUDIENCE[audience_for(user)]]


def meetings_for(user) -> QuerySet[Meeting]:
    if audience_for(user) == Audience.SECRETARIAT:
        return Meeting.objects.all()
    return Meeting.objects.published()


def decisions_for(user) -> QuerySet[Decision]:
    if audience_for(user) == Audience.SECRETARIAT:
        return Decision.objects.all()
    return Decision.objects.published()


def actions_for(user) -> QuerySet[Action]:
    actions = Action.objects.filter(visibility__in=visibilities_for(user))
    if audience_for(user) != Audience.SECRETARIAT:
        actions = actions.filter(decision__meeting__is_published=True)
    return actions


def updates_for(user) -> QuerySet[ProgressUpdate]:
    """Validated updates the reader's audience may see; the Secretariat sees every review state, and a
    focal point also sees their own party's submitted and returned reports."""
    return ProgressUpdate.objects.filter(action__in=actions_for(user)).filter(readable_updates(user))


def readable_updates(user) -> Q:
    """Which updates of an action the reader may see: `updates_for` without its check that the action is
    visible, for a subquery on the updates of an action already read from `actions_for` (one index seek per
    action instead of a join over every visible action)."""
    if audience_for(user) == Audience.SECRETARIAT:
        return Q()
    readable = Q(review_state=ProgressUpdate.Review.VALIDATED, visibility__in=visibilities_for(user))
    party = party_of(user)
    if party is not None and has_role(user, Role.FOCAL_POINT):
        readable |= Q(action__responsible=party)
    return readable
