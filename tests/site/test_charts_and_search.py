"""Charts drawn on the server, and search on both databases."""

import re
from collections import Counter

import pytest

from decisions.models import Action, Decision
from decisions.selectors.search import action_search, decision_search
from decisions.site.charts import DECISION_STATUSES, ChartRow, stacked_bars, status_bars


def test_a_bar_chart_carries_its_numbers_and_its_words():
    chart = status_bars("Status <all>", Counter({"noted": 7, "not_started": 10}), DECISION_STATUSES)
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    assert "Status &lt;all&gt;" in svg and "<all>" not in svg
    assert "Noted: 7; Not started: 10" in svg
    assert [s.value for s in chart.statuses] == ["noted", "not_started"]
    assert chart.table[0][1] == [7, 10]


def test_a_stacked_chart_escapes_labels_and_totals_rows():
    rows = [ChartRow(label='<script>alert("x")</script>', counts={"implemented": 2, "in_progress": 1})]
    chart = stacked_bars("By theme", rows, DECISION_STATUSES)
    assert "<script>" not in str(chart.svg)
    assert chart.rows[0].total == 3 and chart.totals == [1, 2]


def test_long_labels_wrap_onto_lines_instead_of_being_cut():
    long = "Regional and international cooperation on the protection of migrants"
    rows = [ChartRow(label=long, counts={"implemented": 2}), ChartRow(label="Short", counts={"in_progress": 1})]
    svg = str(stacked_bars("By theme", rows, DECISION_STATUSES).svg)
    assert "…" not in svg
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert " ".join(lines[:-1]) == long and lines[-1] == "Short"
    assert all(len(line) <= 34 for line in lines)
    height = int(re.search(r'height="(\d+)"', svg).group(1))
    assert height > 4 + 2 * 26  # the wrapped row is taller, so the rows below do not overlap it


def test_an_empty_chart_does_not_break():
    assert "<svg" in str(stacked_bars("Nothing", [], DECISION_STATUSES).svg)
    assert "<svg" in str(status_bars("Nothing", Counter(), DECISION_STATUSES).svg)


@pytest.mark.django_db
def test_search_decisions_and_actions(ix_meeting):
    found = decision_search(queryset=Decision.objects.all(), query="remittances")
    assert [d.number for d in found] == ["13"]
    assert decision_search(queryset=Decision.objects.all(), query="smuggling trafficking").count() >= 3
    assert decision_search(queryset=Decision.objects.all(), query="").count() == Decision.objects.count()
    assert action_search(queryset=Action.objects.all(), query="seminar").count() == 1
    assert action_search(queryset=Action.objects.all(), query="seminario").count() == 1  # the Spanish title
    assert decision_search(queryset=Decision.objects.all(), query="'; drop table --").count() == 0


@pytest.mark.django_db
def test_a_citation_finds_its_item_on_the_site_and_in_the_api(client, ix_meeting):
    assert [d.reference for d in decision_search(queryset=Decision.objects.all(), query="IX D15.a")] == ["D15.a"]
    assert [a.decision.reference for a in action_search(queryset=Action.objects.all(), query="D6")] == ["D6"]
    content = client.get("/search/", {"q": "IX 2004 · D15.a"}).content.decode()
    assert "/meetings/ix-panama-city-2004/D15.a/" in content
    rows = client.get("/api/v1/decisions/", {"q": "C3"}).json()["results"]
    assert [row["reference"] for row in rows] == ["C3"]
