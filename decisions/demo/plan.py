"""The shape of a synthetic history, decided in plain Python from a seed: meetings, decisions with their kinds,
sub-items and lineage, actions and their progress logs with valid status chains. Nothing here touches the
database, so the same seed always gives the same plan."""

import datetime
import random
from dataclasses import dataclass, field

from decisions.rules.status import ACTION_TRANSITIONS, ActionStatus, DecisionKind, derive_decision_status

# Factor 1 is about the RCM's whole history.
BASE = {"meetings": 60, "decisions": 1500, "actions": 4500, "updates": 20000}
FIRST_YEAR = 1996
THEMES = 12


@dataclass
class PlannedUpdate:
    date: datetime.date
    status_before: str
    status: str  # "" for a note
    review_state: str


@dataclass
class PlannedAction:
    responsible: str  # a party code, or "*" for each member state in turn
    due_date: datetime.date | None
    due_precision: str
    updates: list[PlannedUpdate] = field(default_factory=list)

    @property
    def status(self) -> str:
        current = ActionStatus.NOT_STARTED
        for update in self.updates:
            if update.status and update.review_state == "validated":
                current = update.status
        return current


@dataclass
class PlannedDecision:
    number: str
    kind: str
    themes: list[int]
    children: list["PlannedDecision"] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    supersedes: tuple[int, int] | None = None  # (meeting index, decision index) of an earlier decision
    reiterates: tuple[int, int] | None = None

    def status(self, superseded: bool) -> str:
        statuses = [a.status for a in self.actions] + [a.status for c in self.children for a in c.actions]
        return derive_decision_status(kind=self.kind, action_statuses=statuses, superseded=superseded)


@dataclass
class PlannedMeeting:
    index: int
    kind: str
    ordinal: int
    start_date: datetime.date
    decisions: list[PlannedDecision] = field(default_factory=list)


def scaled(*, factor: float) -> dict[str, int]:
    return {name: max(1, round(count * factor)) for name, count in BASE.items()}


def plan_history(*, factor: float, seed: int, members: list[str], bodies: list[str]) -> list[PlannedMeeting]:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    sizes = scaled(factor=factor)
    meetings = _meetings(rng, sizes["meetings"])
    _decisions(rng, meetings, sizes["decisions"])
    mandates = [d for m in meetings for d in m.decisions if d.kind == DecisionKind.MANDATE]
    _actions(rng, mandates, sizes["actions"], members, bodies)
    _updates(rng, meetings, sizes["updates"])
    return meetings


def _meetings(rng: random.Random, count: int) -> list[PlannedMeeting]:
    years = max(1, (2025 - FIRST_YEAR))
    meetings, ordinals = [], {"vice_ministerial": 0, "rcgm": 0}
    for index in range(count):
        kind = "vice_ministerial" if index % 2 == 0 else "rcgm"
        ordinals[kind] += 1
        day = datetime.date(FIRST_YEAR, 3, 1) + datetime.timedelta(days=int(index * years * 365 / count))
        meetings.append(PlannedMeeting(index=index, kind=kind, ordinal=ordinals[kind], start_date=day))
    return meetings


def _decisions(rng: random.Random, meetings: list[PlannedMeeting], count: int) -> None:
    kinds = [DecisionKind.ACKNOWLEDGEMENT] * 35 + [DecisionKind.ADOPTION] * 25 + [DecisionKind.MANDATE] * 40
    for n in range(count):
        meeting = meetings[n % len(meetings)]
        decision = PlannedDecision(
            number=str(len(meeting.decisions) + 1),
            kind=rng.choice(kinds),
            themes=rng.sample(range(THEMES), k=rng.randint(1, 2)),
        )
        if rng.random() < 0.06:  # a few decisions carry lettered sub-items of the same kind
            decision.children = [PlannedDecision(number=c, kind=decision.kind, themes=[]) for c in "ab"]
        if meeting.index > 1 and rng.random() < 0.08:
            earlier = rng.randrange(0, meeting.index - 1)
            target = (earlier, rng.randrange(0, max(1, len(meetings[earlier].decisions))))
            if meetings[earlier].decisions:
                if rng.random() < 0.5:
                    decision.supersedes = target
                else:
                    decision.reiterates = target
        meeting.decisions.append(decision)


def _actions(rng, mandates, count: int, members: list[str], bodies: list[str]) -> None:
    made = 0
    for decision in mandates:
        if made >= count:
            break
        to_all = rng.random() < 0.25 and count - made >= len(members)
        responsibles = ["*"] * len(members) if to_all else [rng.choice(bodies + members)]
        for position, code in enumerate(responsibles):
            decision.actions.append(_action(rng, members[position] if code == "*" else code))
            made += 1
    # Spread what is left one by one over the mandates, so the total is exact.
    while made < count and mandates:
        decision = mandates[made % len(mandates)]
        decision.actions.append(_action(rng, rng.choice(bodies + members)))
        made += 1


def _action(rng: random.Random, code: str) -> PlannedAction:
    precision = rng.choice(["none", "year", "quarter", "day"])
    year = FIRST_YEAR + rng.randint(0, 31)
    due = {
        "none": None,
        "year": datetime.date(year, 12, 31),
        "quarter": datetime.date(year, 6, 30),
        "day": datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
    }[precision]
    return PlannedAction(responsible=code, due_date=due, due_precision=precision)


def _updates(rng: random.Random, meetings: list[PlannedMeeting], count: int) -> None:
    actions = [(m, a) for m in meetings for d in m.decisions for a in d.actions]
    if not actions:
        return
    for position in range(count):
        meeting, action = actions[position % len(actions)]
        _append_update(rng, meeting, action)


def _append_update(rng: random.Random, meeting: PlannedMeeting, action: PlannedAction) -> None:
    last = action.updates[-1].date if action.updates else meeting.start_date
    date = min(last + datetime.timedelta(days=rng.randint(10, 200)), datetime.date(2026, 6, 30))
    before = action.status
    # Notes and forward moves are common; cancelling or reinstating is rare, as in real follow-up.
    options = [*sorted(ACTION_TRANSITIONS[ActionStatus(before)]), ""]
    weights = [1 if s in (ActionStatus.CANCELLED, ActionStatus.NOT_STARTED) else 6 for s in options]
    status = rng.choices(options, weights=weights)[0]
    review = "validated" if rng.random() < 0.9 else rng.choice(["submitted", "returned"])
    action.updates.append(PlannedUpdate(date=date, status_before=before, status=status, review_state=review))
