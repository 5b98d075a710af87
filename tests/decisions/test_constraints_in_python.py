"""Check constraints decided in Python (rcm/constraints.py) say what the database says of the same values."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CheckConstraint, F, Q
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from decisions.models import Action, Decision, Meeting, ProgressUpdate
from members.roles import Role
from rcm.constraints import ChecksDecidedInPython, _DecidedInPython
from tests.factories import ActionFactory, MeetingFactory, user_with_role

PROJECT_APPS = ("decisions", "members", "outbox")


def checked_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and any(isinstance(constraint, CheckConstraint) for constraint in model._meta.constraints)
    ]


CONSTRAINTS = [
    (model, constraint)
    for model in checked_models()
    for constraint in model._meta.constraints
    if isinstance(constraint, CheckConstraint)
]


def test_every_model_with_a_check_constraint_decides_it_in_python_where_it_can():
    assert CONSTRAINTS
    assert [model for model in checked_models() if not issubclass(model, ChecksDecidedInPython)] == []


def _references(condition) -> dict[str, set]:
    """The fields a condition reads, with the constants it compares each with."""
    found: dict[str, set] = {}
    for child in condition.children:
        if isinstance(child, Q):
            for name, constants in _references(child).items():
                found.setdefault(name, set()).update(constants)
            continue
        lookup, value = child
        name = lookup.split("__")[0]
        constants = found.setdefault(name, set())
        if isinstance(value, F):
            found.setdefault(value.name, set())
        elif isinstance(value, list | tuple):
            constants.update(value)
        elif isinstance(value, str | int | bool):
            constants.add(value)
    return found


def _candidates(field: models.Field, constants: set) -> list:
    """Values worth trying for a field: the constants the condition names, its choices, values near them, other
    types than the column's, and None where the column allows it."""
    values: list = []
    if isinstance(field, models.BooleanField):
        values = [True, False]
    elif isinstance(field, models.DateField):
        values = [datetime.date(2004, 5, 14), datetime.date(2004, 12, 31), datetime.date(2005, 3, 31)]
    elif isinstance(field, models.IntegerField) or field.is_relation:
        values = [0, 1, 2]
    elif isinstance(field, models.CharField | models.TextField):
        choices = [value for value, _label in field.choices or ()]
        values = [*sorted(str(c) for c in constants), *choices, "", "other", " public", "PUBLIC"]
    else:  # a file: compared by the database alone
        values = [""]
    values += (
        [5] if isinstance(field, models.CharField) else []
    )  # another type than the column's: asked of the database
    if field.null:
        values.append(None)
    return values


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=lambda value: getattr(value, "name", ""))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_python_says_what_the_database_says(model, constraint, data):
    instance = model()
    for name in _references(constraint.condition):
        field = model._meta.get_field(name)
        value = data.draw(st.sampled_from(_candidates(field, _references(constraint.condition)[name])), label=name)
        setattr(instance, field.attname, value)

    def verdict(check) -> bool:
        try:
            check.validate(model, instance, exclude=set(), using="default")
        except ValidationError as error:
            assert error.messages == [constraint.get_violation_error_message()]
            return False
        return True

    assert verdict(_DecidedInPython(constraint)) == verdict(constraint)


@pytest.mark.django_db
def test_a_progress_note_is_validated_without_asking_the_database(django_assert_num_queries):
    update = ProgressUpdate(
        action=ActionFactory(), date=datetime.date(2004, 6, 1), note="Met.", status="", status_before="not_started"
    )
    with django_assert_num_queries(0):
        update.validate_constraints()
    update.visibility = "everyone"
    with django_assert_num_queries(0), pytest.raises(ValidationError, match="progress_visibility_valid"):
        update.validate_constraints()


def _note(action, **fields) -> ProgressUpdate:
    return ProgressUpdate(
        date=datetime.date(2004, 6, 1), note="Met.", status_before="not_started", action=action, **fields
    )


@pytest.mark.django_db
def test_keys_given_as_rows_just_read_are_not_looked_up_again(django_assert_num_queries):
    action, author = ActionFactory(), user_with_role(Role.SECRETARIAT)
    note = _note(Action.objects.get(pk=action.pk), author=author, reviewed_by=author)
    with django_assert_num_queries(0):
        note.full_clean()


@pytest.mark.django_db
def test_keys_given_otherwise_are_still_looked_up():
    action = ActionFactory()
    by_id = _note(None)
    by_id.action_id = action.pk + 1000
    with pytest.raises(ValidationError, match="not a valid choice"):
        by_id.full_clean()
    never_read = ActionFactory.build(decision=action.decision, responsible=action.responsible)
    never_read.pk = action.pk + 2000
    with pytest.raises(ValidationError, match="not a valid choice"):
        _note(never_read).full_clean()


@pytest.mark.django_db
def test_a_key_whose_row_is_gone_is_still_refused():
    action = Action.objects.get(pk=ActionFactory().pk)
    action.delete()  # Django clears the instance's key
    with pytest.raises(ValidationError, match="cannot be null"):
        _note(action).full_clean()


@pytest.mark.django_db
def test_a_key_whose_choices_are_limited_is_still_looked_up(monkeypatch):
    action = Action.objects.get(pk=ActionFactory().pk)
    note = _note(action)
    monkeypatch.setattr(ProgressUpdate._meta.get_field("action").remote_field, "limit_choices_to", {"status": "x"})
    with pytest.raises(ValidationError, match="not a valid choice"):
        note.clean_fields(exclude={"author", "reviewed_by"})


@pytest.mark.django_db
def test_a_constraint_python_cannot_decide_is_still_asked_of_the_database(django_assert_num_queries):
    meeting = MeetingFactory.build(start_date=datetime.date(2004, 5, 14), end_date=datetime.date(2004, 5, 1))
    # "Ends after it starts" compares two columns (an F()): the database decides it, in a savepoint; the kind's
    # choices are decided in Python.
    checks = {
        check.constraint.name: check
        for _model, constraints in meeting.get_constraints()
        for check in constraints
        if isinstance(check, _DecidedInPython)
    }
    with django_assert_num_queries(0):
        checks["meeting_kind_valid"].validate(Meeting, meeting)
    with django_assert_num_queries(3), pytest.raises(ValidationError, match="meeting_ends_after_start"):
        checks["meeting_ends_after_start"].validate(Meeting, meeting)


# Any condition the decider may meet, on one model's columns of each kind it reads (text, nullable text, an integer,
# a boolean) and one it leaves to the database (a date), with values of the column's type and of others, and None.
COLUMNS = ("number", "text_es", "position", "meeting_is_published", "due_date")
VALUES = st.sampled_from(["", "5", "a", "A", 5, 0, 1, True, False, None, datetime.date(2004, 5, 14)])


def leaves() -> st.SearchStrategy:
    column = st.sampled_from(COLUMNS)
    exact = st.tuples(column, VALUES)
    among = st.tuples(
        column.map(lambda name: f"{name}__in"), st.lists(VALUES.filter(lambda v: v is not None), max_size=3)
    )
    isnull = st.tuples(column.map(lambda name: f"{name}__isnull"), st.booleans())
    return st.one_of(exact, among, isnull)


def conditions() -> st.SearchStrategy:
    def combined(children):
        return st.builds(
            lambda parts, connector, negated: Q(*parts, _connector=connector, _negated=negated),
            st.lists(children, min_size=1, max_size=3),
            st.sampled_from([Q.AND, Q.OR, Q.XOR]),
            st.booleans(),
        )

    return st.recursive(leaves().map(lambda leaf: Q(leaf)), combined, max_leaves=6)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(condition=conditions(), values=st.fixed_dictionaries(dict.fromkeys(COLUMNS, VALUES)))
# Three true conditions joined by XOR: true, as an odd number of them is (Django's XOR where the database has none).
# Then: "is null" of a value the column cannot hold (refused, or converted, by the database), and conditions with
# nothing in them (everything matches, negated or not).
@example(
    condition=Q(("position__isnull", False)),
    values={"number": "a", "text_es": None, "position": "a", "meeting_is_published": True, "due_date": None},
)
@example(
    condition=Q(("meeting_is_published__isnull", False)),
    values={"number": "a", "text_es": None, "position": 1, "meeting_is_published": "x", "due_date": None},
)
@example(
    condition=Q(_connector=Q.OR),
    values={"number": "a", "text_es": None, "position": 1, "meeting_is_published": True, "due_date": None},
)
@example(
    condition=~Q(),
    values={"number": "a", "text_es": None, "position": 1, "meeting_is_published": True, "due_date": None},
)
@example(
    condition=Q(("number", "a"), ("position", 1), ("meeting_is_published", True), _connector=Q.XOR),
    values={"number": "a", "text_es": None, "position": 1, "meeting_is_published": True, "due_date": None},
)
def test_any_condition_is_decided_as_the_database_decides_it(condition, values):
    instance = Decision(**values)
    constraint = CheckConstraint(condition=condition, name="any_condition")

    def verdict(check) -> str:
        try:
            check.validate(Decision, instance, exclude=set(), using="default")
        except ValidationError as error:
            violated = error.messages == [constraint.get_violation_error_message()]
            return "violated" if violated else f"refused: {error.messages}"
        except (TypeError, ValueError) as error:  # a constant the column cannot hold: refused before any query
            return f"{type(error).__name__}: {error}"
        return "satisfied"

    assert verdict(_DecidedInPython(constraint)) == verdict(constraint)
