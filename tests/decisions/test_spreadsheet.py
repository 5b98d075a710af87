"""One rule keeps every download's cells from running as formulas (`decisions.rules.spreadsheet.formula_escape`): each
writer — the site's CSV and XLSX, the API's paged and streamed CSV, the stats CSV — applies it."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from decisions.models import Action, Theme
from decisions.rules.spreadsheet import FORMULA_STARTS, formula_escape
from decisions.services.actions import action_update

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("https://evil.example","x")'
THEME_PAYLOAD = "@SUM(1+1)"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_formula_start_gets_an_apostrophe_and_nothing_else_changes(start):
    assert formula_escape(text=f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("text", ["Plain text", "", "1+1", " =1", "'=1", "Q4 2004", "D15.a"])
def test_other_text_is_left_as_it_is(text):
    assert formula_escape(text=text) == text


@pytest.fixture
def payloads(ix_meeting):
    """The seminar's title and the health theme's name start like formulas."""
    seminar = Action.objects.get(decision__meeting=ix_meeting, decision__number="6", decision__parent__isnull=True)
    action_update(action=seminar, expected_version=seminar.version, title_en=PAYLOAD)
    Theme.objects.filter(slug="health").update(name_en=THEME_PAYLOAD)
    return ix_meeting


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("writer", "address", "column"),
    [
        ("site csv", "/actions/export.csv?party=MX", "Action"),
        ("api csv, paged", "/api/v1/actions/?format=csv&page_size=50&party=MX", "title.en"),
        ("api csv, streamed", "/api/v1/actions/?format=csv&party=MX", "title.en"),
        ("stats csv", "/api/v1/stats/?format=csv&group_by=theme", "name.en"),
    ],
)
def test_every_csv_writer_escapes_formulas(payloads, writer, address, column):
    cells = {row[column] for row in csv_rows(Client().get(address))}
    expected = "'" + (THEME_PAYLOAD if writer == "stats csv" else PAYLOAD)
    assert expected in cells, (writer, cells)
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells), writer


def test_the_xlsx_writer_escapes_formulas_and_types_every_cell_as_text(payloads):
    response = Client().get("/actions/export.xlsx?party=MX")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "'" + PAYLOAD in {cell.value for cell in cells}
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert not any(str(cell.value).startswith(FORMULA_STARTS) for cell in cells if cell.value is not None)
