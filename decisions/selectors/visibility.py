"""What each reader may see: the one place that turns a user into their *scope* and a scope into querysets of
visible records.

- the public sees published meetings, public actions and validated public progress updates;
- member-state users (delegates, focal points) also see what is marked for member states, and a focal
  point sees the reports of their own party whatever their review state, and the Secretariat's review
  comments on them (so they know why a report was returned);
- the Secretariat sees everything, drafts, unreviewed reports and Secretariat-only notes included.
  "Secretariat only" means the Secretariat alone: no focal point reads those, not even their own party's.

A `ReaderScope` holds every fact about a reader that changes what they may see, and nothing else. Pages,
feeds, exports and the API read through the querysets below, which take the scope; every cache key, ETag and
`Vary` decision is made from the same scope (`scope.key`, decisions/caching/), so what is shown and how
it is cached cannot disagree. Two readers with equal scopes see exactly the same thing.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Value

from decisions.models import Action, Decision, ItemThemeFact, Meeting, ProgressUpdate
from decisions.models.actions import Visibility
from members.roles import AnyUser, Audience, Role, audience_for, has_role, party_of

VISIBILITIES_BY_AUDIENCE = {
    Audience.PUBLIC: (Visibility.PUBLIC,),
    Audience.MEMBERS: (Visibility.PUBLIC, Visibility.MEMBERS),
    Audience.SECRETARIAT: (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT),
}

# The request headers a reader's scope is read from (a session cookie or an API token): every response that
# depends on the scope varies on them.
SCOPE_HEADERS = ("Authorization", "Cookie")


@dataclass(frozen=True, slots=True)
class ReaderScope:
    """Every fact about a reader that changes what they may see.

    `audience` decides which visibilities they read (and whether they see drafts, unreviewed reports and
    officials' names); `reports_of` is the party whose reports they read in every review state, with the
    review comments: a focal point's party, None for everyone else (a delegate of the same party sees what any
    delegate sees)."""

    audience: Audience
    reports_of: int | None = None

    @property
    def is_secretariat(self) -> bool:
        return self.audience == Audience.SECRETARIAT

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def visibilities(self) -> tuple[str, ...]:
        return tuple(str(v) for v in VISIBILITIES_BY_AUDIENCE[self.audience])

    @property
    def shows_author_names(self) -> bool:
        """Officials' names are not published: the public reads reports without them."""
        return not self.is_public

    def reads_review_comment_of(self, update: ProgressUpdate) -> bool:
        """The Secretariat's comment on a report is for the Secretariat and the focal points of the party
        whose report it is (why it was returned, what was checked), never for the public or other parties."""
        return self.is_secretariat or (self.reports_of is not None and update.action.responsible_id == self.reports_of)

    @property
    def reads_reports_in_review(self) -> bool:
        """Whether any report awaiting the Secretariat's review is for this reader: the Secretariat's, and the
        focal points' of the party reporting."""
        return self.is_secretariat or self.reports_of is not None

    def reads_self_reports_of(self, party_id: int | None) -> bool:
        """What a party reported and the Secretariat has not validated yet (its pending reports, whether it
        answered a reporting round) is for the Secretariat and that party's focal points — the readers of its
        reports in every review state. Delegates share one scope whatever their party, so they do not."""
        return self.is_secretariat or (self.reports_of is not None and party_id == self.reports_of)

    @property
    def parts(self) -> tuple[tuple[str, str], ...]:
        """The scope as named facts, in a fixed order; what `key` is made of."""
        parts = [("audience", self.audience.name.lower())]
        if self.reports_of is not None:
            parts.append(("reports-of", str(self.reports_of)))
        return tuple(parts)

    @property
    def key(self) -> str:
        """A stable string naming the scope, e.g. `audience=members;reports-of=12`: equal for two readers
        exactly when they see the same. Cache keys and ETags are made from it."""
        return self.key_with()

    def key_with(self, **narrowing) -> str:
        """The key of this scope narrowed by more facts (a meeting, a party…), for caches that hold only part
        of what the reader sees: `scope.key_with(meeting="ix-panama-city-2004")`."""
        extra = tuple((name.replace("_", "-"), str(value)) for name, value in sorted(narrowing.items()))
        return ";".join(f"{name}={value}" for name, value in self.parts + extra)


PUBLIC_SCOPE = ReaderScope(Audience.PUBLIC)

# What the reads below take: a scope already read, or the user to read it from.
Reader = ReaderScope | AnyUser


def scope_get(*, user: AnyUser) -> ReaderScope:
    """The reader's scope, read once per user object (a request's user: role and party do not change
    during a request)."""
    if user is None:
        return PUBLIC_SCOPE
    scope = getattr(user, "_rcm_scope", None)
    if scope is None:
        scope = _read_scope(user)
        user._rcm_scope = scope
    return scope


def _read_scope(user) -> ReaderScope:
    audience = audience_for(user=user)
    if audience != Audience.MEMBERS or not has_role(user=user, role=Role.FOCAL_POINT):
        # The Secretariat reads every party's reports already; delegates read what any delegate reads.
        return PUBLIC_SCOPE if audience == Audience.PUBLIC else ReaderScope(audience)
    party = party_of(user=user)
    return ReaderScope(audience, party.pk if party is not None else None)


def scope_resolve(*, reader: Reader) -> ReaderScope:
    """A scope as given, or a user's scope: the querysets below take either, and always decide from the scope."""
    return reader if isinstance(reader, ReaderScope) else scope_get(user=reader)


def visibility_list(*, reader: Reader) -> list[str]:
    return list(scope_resolve(reader=reader).visibilities)


def meeting_list_visible(*, reader: Reader) -> QuerySet[Meeting]:
    if scope_resolve(reader=reader).is_secretariat:
        return Meeting.objects.all()
    return Meeting.objects.published()


def decision_list_visible(*, reader: Reader) -> QuerySet[Decision]:
    return Decision.objects.filter(meeting_publication_filter(reader=reader))


def meeting_publication_filter(*, reader: Reader) -> Q:
    """Which items the reader may see, as a condition on a row's copy of its meeting's publication
    (`meeting_is_published`): every one for the Secretariat, those of published meetings for everyone else —
    `decision_list_visible`'s one rule, for the rows that keep facts about items (`item_theme_facts_visible`).
    Compared with a value, not as a bare column: SQLite seeks no index by a truth test."""
    if scope_resolve(reader=reader).is_secretariat:
        return Q()
    return Q(meeting_is_published=Value(True))


def item_theme_facts_visible(*, reader: Reader) -> QuerySet[ItemThemeFact]:
    """The theme facts (decisions/models/theme_facts.py) of the items the reader may see."""
    return ItemThemeFact.objects.filter(meeting_publication_filter(reader=reader))


def action_list_visible(*, reader: Reader) -> QuerySet[Action]:
    return Action.objects.filter(action_filter_visible(reader=reader))


def action_filter_visible(*, reader: Reader, path: str = "") -> Q:
    """Which actions the reader may see, as a condition on the action `path` reaches ("action__" from one of its
    updates): `action_list_visible`'s one rule, for a join rather than a subquery of every visible action."""
    scope = scope_resolve(reader=reader)
    visible = Q(**{f"{path}visibility__in": scope.visibilities})
    if not scope.is_secretariat:
        # Its meeting's publication, kept on the action (models/update_facts.py): no join to count or order.
        visible &= Q(**{f"{path}meeting_is_published": True})
    return visible


def update_list_visible(*, reader: Reader) -> QuerySet[ProgressUpdate]:
    """Validated updates the reader's audience may see; the Secretariat sees every review state, and a
    focal point also sees their own party's submitted and returned reports."""
    scope = scope_resolve(reader=reader)
    # The action's visibility read through the join: `action__in=action_list_visible(…)` made SQLite list every
    # visible action to read one update (10 ms at ten times the RCM's history, on every progress report's answer).
    return ProgressUpdate.objects.filter(action_filter_visible(reader=scope, path="action__")).filter(
        updates_filter_visible(reader=scope)
    )


def updates_filter_visible(*, reader: Reader) -> Q:
    """Which updates of an action the reader may see: `update_list_visible` without its check that the action is
    visible, for a subquery on the updates of an action already read from `action_list_visible` (one index seek per
    action instead of a join over every visible action)."""
    scope = scope_resolve(reader=reader)
    if scope.is_secretariat:
        return Q()
    # An update's own visibility always holds; a focal point's party adds review states, never visibilities.
    readable = Q(review_state=ProgressUpdate.Review.VALIDATED)
    if scope.reports_of is not None:
        readable |= Q(action__responsible_id=scope.reports_of)
    return Q(visibility__in=scope.visibilities) & readable
