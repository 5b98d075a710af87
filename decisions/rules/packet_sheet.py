"""A country packet as a spreadsheet, and back: writing the workbook and reading it, with no query.

The workbook has one sheet of rows (one per action) and a hidden sheet that carries the file's signed identity
(round, party, language) and the status list the "New status" column validates against. Each row carries the
action's id, the answer's revision it was exported at and a digest of the answer it showed, signed (`row_sign`)
with the round and the party, so a row copied from another file, or edited where it is locked, is recognised,
and a row left as it was downloaded is told apart from one that was answered. What a row's answer means (recorded,
unchanged, refused) is decided by decisions/services/packet_sheet.py; here a file is only read, never trusted:
a file that is not XLSX, too large once unpacked, with too many rows, or with renamed or moved columns is refused
as a whole (`SheetRefused`), and a cell holding a formula is reported with its row.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass, field

from django.core import signing
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.rules.spreadsheet import formula_escape

ROW_SALT = "decisions.packet-sheet.row"
FILE_SALT = "decisions.packet-sheet.file"
ROWS_SHEET = "packet"
META_SHEET = "rcm"
# Unpacked, a packet of 5,000 rows is about 2 MB; more than this is no packet (a "zip bomb" is refused unread).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
NOTE_MAX = 20_000

# The columns, in order: (key, header, editable). Headers are said in the reader's language.
COLUMNS = (
    ("action_id", gettext_lazy("Action number"), False),
    ("meeting", gettext_lazy("Meeting"), False),
    ("decision", gettext_lazy("Decision"), False),
    ("action", gettext_lazy("Action"), False),
    ("current_status", gettext_lazy("Current status"), False),
    ("state", gettext_lazy("Answer state"), False),
    ("status", gettext_lazy("New status"), True),
    ("note", gettext_lazy("Note"), True),
    ("evidence_url", gettext_lazy("Evidence link"), True),
    ("version", gettext_lazy("Version exported"), False),
    ("signature", gettext_lazy("Signature"), False),
)
KEYS = [key for key, _label, _editable in COLUMNS]
HIDDEN = ("version", "signature")


class SheetRefused(Exception):
    """The file as a whole cannot be read as a packet; `message` says why, in the reader's language."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class SheetIdentity:
    round_id: int
    party_id: int
    language: str


@dataclass
class SheetRow:
    """One row as read: its number in the sheet, its cells as text, and the columns that held a formula."""

    number: int
    cells: dict[str, str]
    formulas: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(self.cells.values()) and not self.formulas


@dataclass
class ExportRow:
    action_id: int
    meeting: str
    decision: str
    action: str
    current_status: str
    state: str
    status: str
    note: str
    evidence_url: str
    version: int
    locked: bool = False  # a submitted answer: final, so its cells stay locked too
    digest: str = ""  # `answer_digest` of the answer the row shows


@dataclass(frozen=True)
class SignedRow:
    """What a row's signature vouches for. `digest` is "" in a file written before rows carried one."""

    round_id: int
    party_id: int
    action_id: int
    version: int
    digest: str = ""


def answer_digest(*, kind: str, status: str, note: str, evidence_url: str) -> str:
    """A short fingerprint of an answer as the sheet shows it: equal for a row left as it was downloaded."""
    text = "\x1f".join((kind, status, note, evidence_url))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def row_sign(*, identity: SheetIdentity, action_id: int, version: int, digest: str) -> str:
    values = [identity.round_id, identity.party_id, action_id, version, digest]
    return signing.dumps(values, salt=ROW_SALT, compress=True)


def row_signature_read(*, signature: str) -> SignedRow | None:
    """What a row's signature vouches for, or None when it was altered."""
    try:
        values = signing.loads(signature, salt=ROW_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(values, list) and len(values) in (4, 5) and all(isinstance(v, int) for v in values[:4])):
        return None
    if len(values) == 5 and not isinstance(values[4], str):
        return None
    return SignedRow(*values)


def headers_get(*, language: str | None = None) -> list[str]:
    """The column headers in `language` (the active one when None)."""
    with translation.override(language or translation.get_language()):
        return [str(label) for _key, label, _editable in COLUMNS]


def packet_sheet_write(*, identity: SheetIdentity, rows: list[ExportRow], choices: list[str], title: str) -> bytes:
    """The workbook: locked but for the answer columns, which keep their text exactly (a note that starts like a
    formula is stored as text, so it comes back as it went), with the status list as a drop-down."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = ROWS_SHEET
    meta = book.create_sheet(META_SHEET)
    meta["A1"] = signing.dumps(
        {"round": identity.round_id, "party": identity.party_id, "language": identity.language}, salt=FILE_SALT
    )
    meta["A2"] = title
    for number, choice in enumerate(choices, start=1):
        meta.cell(row=number, column=2, value=choice).data_type = "s"
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    sheet.append(headers_get(language=identity.language))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    for line, row in enumerate(rows, start=2):
        values = [
            row.action_id,
            formula_escape(text=row.meeting),
            formula_escape(text=row.decision),
            formula_escape(text=row.action),
            row.current_status,
            row.state,
            row.status,
            row.note,
            row.evidence_url,
            row.version,
            row_sign(identity=identity, action_id=row.action_id, version=row.version, digest=row.digest),
        ]
        sheet.append(values)  # (`sheet.max_row` would scan every cell: quadratic on a long packet)
        for index, (_key, _label, editable) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=line, column=index)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            cell.alignment = wrap
            if editable and not row.locked:
                cell.protection = unlocked
    last = max(len(rows) + 1, 2)
    validation = DataValidation(
        type="list",
        formula1=f"'{META_SHEET}'!$B$1:$B${len(choices)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=str(_("Status")),
        error=str(_("Choose a status from the list.")),
    )
    sheet.add_data_validation(validation)
    validation.add(f"G2:G{last}")
    for letter, width in zip("ABCDEFGHIJK", (10, 28, 10, 50, 16, 12, 22, 60, 30, 8, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    for letter in ("J", "K"):
        sheet.column_dimensions[letter].hidden = True
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True  # only the unlocked answer cells can be typed in
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refuse_unreadable(data: bytes) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SheetRefused(_("The file is not an XLSX spreadsheet."), code="not_xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if "xl/workbook.xml" not in archive.namelist():
            raise SheetRefused(_("The file is not an XLSX spreadsheet."), code="not_xlsx")
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetRefused(_("The spreadsheet is far larger once unpacked than any packet."), code="too_large")


def packet_sheet_read(*, data: bytes) -> tuple[SheetIdentity, list[SheetRow]]:
    """The file's identity (checked signature) and its rows, or `SheetRefused` saying why it cannot be read."""
    from openpyxl import load_workbook

    _refuse_unreadable(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; each means the same here
        raise SheetRefused(_("The file is not an XLSX spreadsheet."), code="not_xlsx") from exc
    try:
        identity = _identity(book)
        rows = _rows(book[ROWS_SHEET], language=identity.language)
    finally:
        book.close()
    return identity, rows


def _identity(book) -> SheetIdentity:
    if META_SHEET not in book.sheetnames or ROWS_SHEET not in book.sheetnames:
        raise SheetRefused(_("This spreadsheet is not a packet downloaded from the tracker."), code="not_packet")
    token = next(book[META_SHEET].iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))[0]
    try:
        meta = signing.loads(str(token or ""), salt=FILE_SALT)
        return SheetIdentity(int(meta["round"]), int(meta["party"]), str(meta["language"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SheetRefused(
            _("This spreadsheet is not a packet downloaded from the tracker (its signature is missing or altered)."),
            code="not_packet",
        ) from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _rows(sheet, *, language: str) -> list[SheetRow]:
    lines = sheet.iter_rows()
    header = [_text(cell.value) for cell in next(lines, ())]
    _check_header(header, language)
    rows = []
    for number, cells in enumerate(lines, start=2):
        if number - 1 > MAX_ROWS:
            raise SheetRefused(
                _("The spreadsheet has more than %(n)s rows; no packet is that long.") % {"n": MAX_ROWS},
                code="too_many_rows",
            )
        values, formulas = {}, []
        for key, cell in zip(KEYS, cells, strict=False):
            if getattr(cell, "data_type", None) == "f":
                formulas.append(key)
                values[key] = ""
            else:
                values[key] = _text(getattr(cell, "value", None))
        extra = [cell for cell in cells[len(KEYS) :] if getattr(cell, "value", None) not in (None, "")]
        row = SheetRow(number, {key: values.get(key, "") for key in KEYS}, formulas)
        if extra:
            row.formulas.append("extra")  # typed beyond the last column: read as a row that was tampered with
        if not row.is_empty:
            rows.append(row)
    return rows


def _check_header(header: list[str], language: str) -> None:
    expected = headers_get(language=language)  # the file's language; the message is in the reader's
    for index, name in enumerate(expected):
        found = header[index] if index < len(header) else ""
        if found != name:
            raise SheetRefused(
                _(
                    "Column %(column)s is “%(found)s” where “%(expected)s” was expected: columns must not be "
                    "renamed, moved or deleted. Download the packet again and copy your answers into it."
                )
                % {"column": _letter(index), "found": found, "expected": name},
                code="columns",
            )
    extra = [name for name in header[len(expected) :] if name]
    if extra:
        raise SheetRefused(
            _("Column %(column)s (“%(found)s”) was added: columns must not be added.")
            % {"column": _letter(len(expected)), "found": extra[0]},
            code="columns",
        )


def _letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index] if index < 26 else str(index + 1)
