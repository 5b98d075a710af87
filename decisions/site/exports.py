"""CSV and XLSX of any filtered list of decisions or actions: the columns the list shows, the rows its filters
select (every page of them). Text that a spreadsheet would run as a formula is neutralised."""

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from decisions.rules.spreadsheet import formula_escape
from decisions.selectors.pages.lists import action_list, decision_list
from decisions.site.actions import action_filters
from decisions.site.common import today
from decisions.site.decisions import decision_filters
from decisions.site.labels import status_label, without_control_characters

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value) -> str:
    """A cell as text that no spreadsheet evaluates (`formula_escape`), without the control characters a
    worksheet cannot hold."""
    return formula_escape(text=without_control_characters("" if value is None else str(value)))


def decision_rows(request: HttpRequest):
    form, filters = decision_filters(request)
    header = [_("Meeting"), _("Item"), _("Text"), _("Kind"), _("Due"), _("Status"), _("Overdue"), _("Link")]
    rows = (
        [
            d.meeting.short_label,
            d.reference,
            d.text,
            d.get_kind_display(),
            d.due_label,
            status_label(d.status),
            _("yes") if d.is_overdue else "",
            request.build_absolute_uri(d.get_absolute_url()),
        ]
        for d in decision_list(user=request.user, params=filters, today=today())
    )
    return form, header, rows


def action_rows(request: HttpRequest):
    form, filters = action_filters(request)
    day = today()
    header = [
        _("Action"),
        _("Meeting"),
        _("Decision"),
        _("Responsible"),
        _("Due"),
        _("Status"),
        _("Overdue"),
        _("Link"),
    ]
    rows = (
        [
            a.title,
            a.decision.meeting.short_label,
            a.decision.reference,
            a.responsible.name,
            a.due_label,
            status_label(a.status),
            _("yes") if a.is_overdue_on(day) else "",
            request.build_absolute_uri(a.get_absolute_url()),
        ]
        for a in action_list(user=request.user, params=filters, today=day)
    )
    return form, header, rows


def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Lists can be downloaded as CSV or XLSX."))
    form, header, rows = decision_rows(request) if what == "decisions" else action_rows(request)
    if form.errors:
        return _refusal(form)
    rows = [[neutralise(value) for value in row] for row in rows]
    header = [str(h) for h in header]
    body = _csv(header, rows) if fmt == "csv" else _xlsx(header, rows, what)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="rcm-{what}-{today().isoformat()}.{fmt}"'
    return response


def decision_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export(request, "decisions", fmt)


def action_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export(request, "actions", fmt)


def csv_download(header: list, rows, name: str) -> HttpResponse:
    """A CSV download of these rows (a list of its own: the decisions in force after a meeting), every cell
    neutralised as in every other download."""
    body = _csv([str(h) for h in header], [[neutralise(value) for value in row] for row in rows])
    response = HttpResponse(body, content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}-{today().isoformat()}.csv"'
    return response


def _refusal(form) -> HttpResponse:
    """A download with filters it cannot use says which, rather than silently exporting something else."""
    lines = [_("This list cannot be downloaded: some filters are not valid.")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines += [f"{label}: {error}" if label else str(error) for error in errors]
    return HttpResponse(
        "\n".join(str(line) for line in lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    # A byte-order mark, so that spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(header: list[str], rows: list[list[str]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text, whatever it looks like: never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"decisions": [12, 8, 80, 14, 12, 14, 9, 50], "actions": [60, 12, 9, 28, 12, 14, 9, 50]}[title]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
