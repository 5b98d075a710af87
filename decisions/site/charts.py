"""Charts drawn on the server as inline SVG: no JavaScript, no request to anyone, readable when printed. Each
chart carries a title and a description for assistive technology, and pages print the same numbers in a
table beside it (`_chart.html`), so colour is never the only way to read them."""

import textwrap
from dataclasses import dataclass
from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from decisions.rules.status import ActionStatus, DecisionStatus
from decisions.selectors.pages.dashboard_panels import Breakdown

# Fills that keep 3:1 against the white page and 4.5:1 under white labels (WCAG 1.4.3 and 1.4.11).
COLOURS = {
    DecisionStatus.NOTED: "#56657a",
    DecisionStatus.NOT_STARTED: "#8a5300",
    DecisionStatus.IN_PROGRESS: "#1a62a8",
    DecisionStatus.IMPLEMENTED: "#2b6e2f",
    ActionStatus.COMPLETED: "#2b6e2f",
    DecisionStatus.ONGOING: "#6a3fa0",
    DecisionStatus.CANCELLED: "#6e6e6e",
    DecisionStatus.SUPERSEDED: "#3f3f3f",
}
DECISION_STATUSES = list(DecisionStatus)
ACTION_STATUSES = list(ActionStatus)

WIDTH = 640
ROW_HEIGHT = 26
CHAR_WIDTH = 8  # generous, for 13px system fonts: enough to size the label column
MAX_LABEL = 34
MAX_LABEL_LINES = 3
LINE_HEIGHT = 15
BAR_HEIGHT = 18
_ids = count(1)


# A chart's row: a label, its link and how many items are in each status — what the reports compute.
ChartRow = Breakdown


@dataclass
class Chart:
    """A chart and its numbers: `svg` for the eye, `rows` and `statuses` for the table."""

    title: str
    svg: SafeString
    rows: list[ChartRow]
    statuses: list  # the statuses shown, in order, each with .value and .label

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts.get(s, 0) for row in self.rows) for s in self.statuses]

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(COLOURS[s], s.label) for s in self.statuses]

    @property
    def table(self) -> list[tuple[ChartRow, list[int]]]:
        return [(row, [row.counts.get(s, 0) for s in self.statuses]) for row in self.rows]


def _label_width(labels, width: int) -> int:
    longest = max([len(str(label)) for label in labels] + [4])
    return int(min(min(longest, MAX_LABEL) * CHAR_WIDTH + 16, width * 0.45))


def _wrap(text: str, limit: int = MAX_LABEL) -> list[str]:
    """A label in lines of at most `limit` characters, broken between words, so a long theme or meeting name
    is read whole instead of cut ("Regional and international cooper…"); past three lines the last one ends
    with an ellipsis (the table beside the chart always has the whole label)."""
    lines = textwrap.wrap(str(text), limit, break_long_words=True) or [""]
    if len(lines) > MAX_LABEL_LINES:
        last = " ".join(lines[MAX_LABEL_LINES - 1 :])
        lines = lines[: MAX_LABEL_LINES - 1] + [last[: limit - 1] + "…"]
    return lines


def _label(x: int, y: int, lines: list[str]) -> str:
    """A right-aligned label of one or more lines, the first on the bar's baseline."""
    spans = "".join(
        format_html('<tspan x="{x}" dy="{dy}">{line}</tspan>', x=x, dy=0 if index == 0 else LINE_HEIGHT, line=line)
        for index, line in enumerate(lines)
    )
    return format_html(
        '<text x="{x}" y="{y}" text-anchor="end" class="chart-label">{spans}</text>',
        x=x,
        y=y,
        spans=mark_safe(spans),  # noqa: S308 - built with format_html
    )


def _svg(title: str, description: str, width: int, height: int, body: list[str], key: str = "") -> SafeString:
    # A chart drawn from kept data (a frozen report) is named by its `key`, so the page is the same bytes each
    # time; the others are numbered in the order they are drawn, which keeps ids unique on any page.
    uid = f"chart-{key}" if key else f"chart{next(_ids)}"
    # Drawn at its own size (shrunk, never stretched, by CSS), so its text stays the size of the page's. The
    # text size is said in the drawing too (the site's CSS says the same): the PDF's renderer lays out an SVG
    # without the page's stylesheet, and CHAR_WIDTH sizes the label column for this size.
    head = format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-size="13" role="img" '
        'aria-labelledby="{u}-t {u}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{u}-t">{t}</title><desc id="{u}-d">{d}</desc>',
        w=width,
        h=height,
        u=uid,
        t=title,
        d=description,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every part is built with format_html


def status_bars(title: str, counts: dict, statuses: list, *, width: int = 420, key: str = "") -> Chart:
    """One bar per status, longest = the most common; the count at the end of each bar."""
    shown = [s for s in statuses if counts.get(s, 0)] or statuses[:1]
    largest = max([counts.get(s, 0) for s in shown] + [1])
    label_width = _label_width([s.label for s in shown], width)
    scale = (width - label_width - 40) / largest
    body = []
    for index, status in enumerate(shown):
        y = index * ROW_HEIGHT + 4
        value = counts.get(status, 0)
        body.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" rx="2"></rect>'
                '<text x="{vx}" y="{ty}" class="chart-value">{value}</text>',
                lx=label_width - 8,
                ty=y + 14,
                label=status.label,
                x=label_width,
                y=y,
                w=round(value * scale, 1),
                h=BAR_HEIGHT,
                fill=COLOURS[status],
                vx=round(label_width + value * scale + 6, 1),
                value=value,
            )
        )
    description = "; ".join(f"{s.label}: {counts.get(s, 0)}" for s in shown)
    svg = _svg(title, description, width, len(shown) * ROW_HEIGHT + 8, body, key)
    return Chart(title=title, svg=svg, rows=[ChartRow(label="", counts=dict(counts))], statuses=shown)


def report_status_charts(*, meetings) -> dict[str, Chart]:
    """The status chart of each meeting of an implementation report (`MeetingReport`s), by the meeting's slug:
    drawn from the report's own numbers, live or frozen, and named after the meeting."""
    return {
        meeting.slug: status_bars(
            _("Status of the decisions of %(meeting)s") % {"meeting": meeting.short_label},
            dict(meeting.status_rows),
            DECISION_STATUSES,
            key=f"report-{meeting.slug}",
        )
        for meeting in meetings
    }


def stacked_bars(title: str, rows: list[ChartRow], statuses: list, *, width: int = WIDTH) -> Chart:
    """One stacked bar per row (a meeting, a theme), segments in status order, each labelled with its count
    when it is wide enough. The legend is HTML beside the chart (`_chart.html`), so it wraps on a phone."""
    shown = [s for s in statuses if any(row.counts.get(s, 0) for row in rows)]
    largest = max([row.total for row in rows] + [1])
    label_width = _label_width([row.label for row in rows], width)
    scale = (width - label_width - 40) / largest
    body = []
    top = 4
    y = top
    for row in rows:
        lines = _wrap(row.label)
        body.append(_label(label_width - 8, y + 14, lines))
        x = label_width
        for status in shown:
            value = row.counts.get(status, 0)
            if not value:
                continue
            span = value * scale
            body.append(_segment(x, y, span, status, value))
            x += span
        body.append(
            format_html(
                '<text x="{x}" y="{y}" class="chart-value">{v}</text>', x=round(x + 6, 1), y=y + 14, v=row.total
            )
        )
        y += max(ROW_HEIGHT, (len(lines) - 1) * LINE_HEIGHT + ROW_HEIGHT)
    description = " · ".join(
        f"{row.label}: " + ", ".join(f"{s.label} {row.counts.get(s, 0)}" for s in shown if row.counts.get(s, 0))
        for row in rows
    )
    svg = _svg(title, description, width, y + 4, body)
    return Chart(title=title, svg=svg, rows=rows, statuses=shown)


def count_bar(counts: dict, statuses: list, *, width: int = 260) -> Chart | None:
    """One bar split by status, for a card: the count of each status inside its segment when it fits, and the
    same numbers in words for assistive technology (and in the card's text). None when there is nothing."""
    shown = [s for s in statuses if counts.get(s, 0)]
    total = sum(counts.get(s, 0) for s in shown)
    if not total:
        return None
    scale = width / total
    body, x = [], 0.0
    for status in shown:
        span = counts[status] * scale
        body.append(_segment(x, 0, span, status, counts[status]))
        x += span
    description = " · ".join(f"{s.label} {counts[s]}" for s in shown)
    row = ChartRow(label="", counts=dict(counts))
    return Chart(
        title=description, svg=_svg(description, description, width, BAR_HEIGHT, body), rows=[row], statuses=shown
    )


def _segment(x: float, y: int, width: float, status, value: int) -> str:
    label = ""
    if width >= 18:
        label = format_html(
            '<text x="{x}" y="{y}" text-anchor="middle" class="chart-inside">{v}</text>',
            x=round(x + width / 2, 1),
            y=y + 13,
            v=value,
        )
    return format_html(
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#fff" stroke-width="1">'
        "<title>{status}: {v}</title></rect>{label}",
        x=round(x, 1),
        y=y,
        w=round(width, 1),
        h=BAR_HEIGHT,
        fill=COLOURS[status],
        status=status.label,
        v=value,
        label=label,
    )
