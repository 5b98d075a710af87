"""Test data builders. Models are created directly here only to set the stage; what a test exercises it
writes through the services."""

import datetime

import factory
from django.contrib.auth import get_user_model

from decisions.models import Action, Decision, Meeting
from decisions.rules.status import DecisionKind
from decisions.services.decisions import decision_save
from members.models import Membership, Party


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n}")
    kind = Party.Kind.ORGANISATION
    name_en = factory.LazyAttribute(lambda p: f"Organisation {p.code}")


class StateFactory(PartyFactory):
    kind = Party.Kind.STATE
    code = factory.Iterator(["CR", "MX", "PA", "GT", "HN", "SV", "NI", "BZ", "CA", "US", "DO"])
    country = factory.LazyAttribute(lambda p: p.code)
    name_en = factory.LazyAttribute(lambda p: f"State {p.code}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    party = factory.SubFactory(StateFactory)
    role = Membership.Role.MEMBER
    start_date = datetime.date(1996, 3, 1)
    start_precision = Membership.StartPrecision.MONTH


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.VICE_MINISTERIAL
    ordinal = factory.Sequence(lambda n: 100 + n)
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    title_en = factory.Sequence(lambda n: f"Test meeting {n}")
    city_en = "San José"
    start_date = datetime.date(2004, 5, 20)
    end_date = datetime.date(2004, 5, 21)
    is_published = True


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    section = Decision.Section.DECISION
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"Urge the member countries to do thing {n}.")
    kind = DecisionKind.MANDATE
    lead_verb = "urge"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, so the stored status is right from the start.
        return decision_save(decision=model_class(*args, **kwargs))


class ActionFactory(factory.django.DjangoModelFactory):
    """For staging only; tests of action behaviour create actions with services.actions.action_create."""

    class Meta:
        model = Action

    decision = factory.SubFactory(DecisionFactory)
    responsible = factory.SubFactory(PartyFactory)
    title_en = factory.Sequence(lambda n: f"Action {n}")


def user_with_role(role: str | None, *, party: Party | None = None, username: str | None = None, **extra):
    """A user in one of the role groups (None: no role), linked to a party when one is given."""
    from django.contrib.auth.models import Group

    from members.models import Representative

    user = UserFactory(
        username=username
        or f"{(role or 'plain').replace(' ', '_').lower()}-{Party.objects.count()}-{get_user_model().objects.count()}",
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if party is not None:
        Representative.objects.create(user=user, party=party)
    return user


def api_key_for(user, *, name: str | None = None, **options) -> str:
    """A new API key of the user's (read-write unless `scope` says otherwise): the secret, as a client sends it
    in `Authorization: Token …`."""
    from members.api_keys import api_key_create
    from members.models import ApiKey

    name = name or f"test-{ApiKey.objects.filter(owner=user).count() + 1}"
    return api_key_create(owner=user, name=name, **options)[1]
