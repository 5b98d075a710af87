"""A small record for "in force after meeting n": three published meetings (2002, 2004, 2006) and a draft one
(2003), with an item for every case of the rule. Built through the services, so every stored status is right.

After M1 (2002)   in force: D1 (two themes), D5 (ongoing), D6, D7, D8 with D8.a, D9 (no theme), D10, D11
                  out: D2 (implemented), D3 (cancelled), D4 (noted), D8.b (implemented)
After M2 (2004)   M2·D1 amends M1·D7; D11 still in progress then (completed in 2005); D10 in force for the public
                  (the draft that supersedes it is the Secretariat's), out for the Secretariat
After M3 (2006)   M3·D1 supersedes M1·D6 (out); D11 implemented (out)
"""

import datetime
from dataclasses import dataclass

from decisions.models import Action, Decision, Meeting, Theme
from decisions.services.actions import action_create, action_record_progress
from decisions.services.decisions import decision_link_create
from members.models import Party
from tests.factories import DecisionFactory, MeetingFactory, PartyFactory

D = datetime.date
SECRET = "Secret-internal-step"


@dataclass
class World:
    m1: Meeting
    m2: Meeting
    m3: Meeting
    draft: Meeting
    items: dict[str, Decision]
    party: Party


def _meeting(slug: str, ordinal: int, start: datetime.date, published: bool = True) -> Meeting:
    return MeetingFactory(
        slug=slug,
        ordinal=ordinal,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        is_published=published,
    )


def _item(meeting: Meeting, number: str, *, kind: str = "mandate", parent=None, themes=(), text: str = "") -> Decision:
    decision = DecisionFactory(
        meeting=meeting,
        number=number,
        parent=parent,
        position=(parent.position * 10 if parent else 0) + (ord(number) if number.isalpha() else int(number)),
        kind=kind,
        lead_verb="thank" if kind == "acknowledgement" else "urge",
        text_en=text or f"{meeting.slug} item {number} text.",
    )
    if themes:
        decision.themes.set(themes)
    return decision


def _action(decision: Decision, party: Party, *history: tuple[datetime.date, str], **options) -> Action:
    action = action_create(decision=decision, responsible=party, title_en=f"Step on {decision}", **options)
    for day, status in history:
        action = Action.objects.get(pk=action.pk)
        action_record_progress(action=action, by=None, date=day, status=status)
    return action


def build_world() -> World:
    alpha = Theme.objects.create(slug="alpha", name_en="Alpha", name_es="Alfa")
    beta = Theme.objects.create(slug="beta", name_en="Beta", name_es="Beta")
    party = PartyFactory()
    m1 = _meeting("m1-2002", 901, D(2002, 5, 1))
    draft = _meeting("draft-2003", 902, D(2003, 5, 1), published=False)
    m2 = _meeting("m2-2004", 903, D(2004, 5, 1))
    m3 = _meeting("m3-2006", 904, D(2006, 5, 1))
    items = {}
    items["D1"] = _item(m1, "1", themes=[alpha, beta], text="=HYPERLINK(evil) in force in two themes.")
    _action(items["D1"], party, visibility=Action.Visibility.SECRETARIAT)
    Action.objects.filter(decision=items["D1"]).update(title_en=SECRET)
    items["D2"] = _item(m1, "2", themes=[alpha])
    _action(items["D2"], party, (D(2002, 5, 2), "completed"))
    items["D3"] = _item(m1, "3", themes=[alpha])
    _action(items["D3"], party, (D(2002, 5, 2), "cancelled"))
    items["D4"] = _item(m1, "4", kind="acknowledgement", themes=[alpha])
    items["D5"] = _item(m1, "5", themes=[beta])
    _action(items["D5"], party, (D(2002, 5, 2), "ongoing"))
    items["D6"] = _item(m1, "6", themes=[alpha])
    items["D7"] = _item(m1, "7", themes=[alpha])
    items["D8"] = _item(m1, "8", themes=[beta])
    items["D8.a"] = _item(m1, "a", parent=items["D8"])
    items["D8.b"] = _item(m1, "b", parent=items["D8"])
    _action(items["D8.a"], party)
    _action(items["D8.b"], party, (D(2002, 5, 2), "completed"))
    items["D9"] = _item(m1, "9")
    items["D10"] = _item(m1, "10", themes=[beta])
    items["D11"] = _item(m1, "11", themes=[beta])
    _action(items["D11"], party, (D(2003, 1, 10), "in_progress"), (D(2005, 1, 10), "completed"))
    items["draft·D1"] = _item(draft, "1", themes=[beta])
    decision_link_create(source=items["draft·D1"], target=items["D10"], relation="supersedes")
    items["M2·D1"] = _item(m2, "1", themes=[alpha])
    decision_link_create(source=items["M2·D1"], target=items["D7"], relation="amends", note="deadline moved")
    items["M3·D1"] = _item(m3, "1", themes=[alpha])
    decision_link_create(source=items["M3·D1"], target=items["D6"], relation="supersedes")
    return World(m1=m1, m2=m2, m3=m3, draft=draft, items=items, party=party)
