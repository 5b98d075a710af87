"""Building a reporting round for the tests, through the services."""

import datetime

from django.utils import timezone

from decisions.models import ReportingRound
from decisions.services.rounds import round_save


def make_round(ts, meetings, *, parties=None, opens_on=None, closes_on=None, title="Report to the X Meeting"):
    today = timezone.localdate()
    round = ReportingRound(
        title_en=title,
        title_es="Informe a la X Reunión",
        opens_on=opens_on or today - datetime.timedelta(days=10),
        closes_on=closes_on or today + datetime.timedelta(days=20),
    )
    return round_save(round=round, meetings=meetings, parties=parties, by=ts)
