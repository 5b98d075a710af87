"""The packet as a spreadsheet, round trip, as a focal point does it: download, edit in a spreadsheet program
(openpyxl here), upload, read the preview, confirm. Every bad file is refused with its row and reason, and
nothing is recorded until the confirmation — then everything at once, or nothing."""

import html
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from decisions.models import PacketAnswer, ReportingRound
from decisions.services.packet_sheet import packet_sheet_export
from decisions.services.rounds import packet_answer_save, packet_submit, round_open
from members.models import Party
from tests.workflow.rounds.support import make_round

pytestmark = pytest.mark.django_db

STATUS, NOTE, EVIDENCE = "G", "H", "I"


def download(client, round, **extra) -> bytes:
    response = client.get(reverse("workflow:packet-sheet", args=[round.pk]), **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def edited(data: bytes, edit) -> bytes:
    """The workbook after `edit(sheet, book)`, saved as a spreadsheet program would save it."""
    book = load_workbook(io.BytesIO(data))
    edit(book["packet"], book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, round, data: bytes, name="packet.xlsx", **extra):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("workflow:packet-sheet-upload", args=[round.pk]), {"file": file}, **extra)


def confirm(client, round, response):
    token = response.context["token"]
    assert token
    return client.post(reverse("workflow:packet-sheet-confirm", args=[round.pk]), {"token": token})


def nothing_recorded(response, *reasons):
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Nothing was recorded." in page
    for reason in reasons:
        assert reason in page, reason
    assert not PacketAnswer.objects.exists()


@pytest.fixture
def mx_client(client, focal_mx, open_round):
    client.force_login(focal_mx)
    return client


def test_the_download_locks_all_but_the_answers_and_lists_the_statuses(mx_client, open_round, mx_actions):
    book = load_workbook(io.BytesIO(download(mx_client, open_round)))
    sheet = book["packet"]
    header = [cell.value for cell in sheet[1]]
    assert header[:9] == [
        "Action number", "Meeting", "Decision", "Action", "Current status", "Answer state", "New status", "Note",
        "Evidence link",
    ]  # fmt: skip
    assert [sheet.cell(row=n, column=1).value for n in range(2, 6)] == [action.pk for action in mx_actions]
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and sheet["D2"].protection.locked and sheet["K2"].protection.locked
    assert not any(sheet[f"{column}2"].protection.locked for column in (STATUS, NOTE, EVIDENCE))
    assert sheet.column_dimensions["J"].hidden and sheet.column_dimensions["K"].hidden
    assert book["rcm"].sheet_state == "hidden"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and "G2:G5" in str(validation.sqref)
    choices = [row[1] for row in book["rcm"].iter_rows(values_only=True) if row[1]]
    assert choices == ["Not started", "In progress", "Completed", "Ongoing", "Cancelled",
                       "No change since the last report"]  # fmt: skip


def test_a_round_trip_with_no_edit_records_nothing(mx_client, open_round, mx_actions, focal_mx_b):
    draft = packet_answer_save(
        round=open_round, action=mx_actions[1], by=focal_mx_b, kind="note", note="=SUM(A1) is text", expected_version=0
    )
    response = upload(mx_client, open_round, download(mx_client, open_round))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [row.outcome for row in preview.rows] == ["unchanged"] * 4
    assert response.context["token"] == ""
    assert "there is nothing to record" in response.content.decode()
    assert PacketAnswer.objects.get().revision == draft.revision


@pytest.mark.parametrize("downloaded_with_a_draft", [False, True], ids=["blank", "with-a-draft"])
def test_a_row_left_as_downloaded_keeps_the_answer_saved_since(
    mx_client, open_round, mx_actions, focal_mx_b, downloaded_with_a_draft
):
    """Another focal point answered an action online after the download; the file leaves that row as it was and
    answers another: the untouched row is "unchanged" (their answer stands) and the file is not refused for it."""
    version = 0
    if downloaded_with_a_draft:
        kept = packet_answer_save(
            round=open_round, action=mx_actions[0], by=focal_mx_b, kind="note", note="First draft", expected_version=0
        )
        version = kept.revision
    exported = download(mx_client, open_round)
    since = packet_answer_save(
        round=open_round, action=mx_actions[0], by=focal_mx_b, kind="new_status", status="in_progress",
        note="Saved online since the download", expected_version=version,
    )  # fmt: skip

    def edit(sheet, _book):
        sheet[f"{NOTE}3"] = "Terms of reference drafted."

    response = upload(mx_client, open_round, edited(exported, edit))
    assert response.status_code == 200
    assert [row.outcome for row in response.context["preview"].rows] == [
        "unchanged",
        "record",
        "unchanged",
        "unchanged",
    ]
    assert confirm(mx_client, open_round, response).status_code == 302
    answers = {answer.action_id: answer for answer in PacketAnswer.objects.all()}
    assert answers[mx_actions[0].pk].revision == since.revision
    assert answers[mx_actions[0].pk].note == "Saved online since the download"
    assert answers[mx_actions[1].pk].note == "Terms of reference drafted."


def test_edited_rows_are_recorded_as_drafts_on_confirm_only(mx_client, open_round, mx_actions, focal_mx):
    def edit(sheet, _book):
        sheet[f"{STATUS}2"] = "In progress"
        sheet[f"{NOTE}2"] = "Workshop held in May."
        sheet[f"{NOTE}3"] = "Terms of reference drafted."
        sheet[f"{EVIDENCE}3"] = "example.org/tor"
        sheet[f"{STATUS}4"] = "No change since the last report"

    response = upload(mx_client, open_round, edited(download(mx_client, open_round), edit))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 to record, 1 unchanged, 0 refused." in page and "Will be recorded as a draft" in page
    assert not PacketAnswer.objects.exists()  # the preview records nothing
    done = confirm(mx_client, open_round, response)
    assert done.status_code == 302 and done["Location"] == reverse("workflow:packet", args=[open_round.pk])
    answers = {answer.action_id: answer for answer in PacketAnswer.objects.all()}
    assert (answers[mx_actions[0].pk].kind, answers[mx_actions[0].pk].status) == ("new_status", "in_progress")
    assert answers[mx_actions[0].pk].note == "Workshop held in May."
    assert (answers[mx_actions[1].pk].kind, answers[mx_actions[1].pk].evidence_url) == (
        "note",
        "https://example.org/tor",
    )
    assert answers[mx_actions[2].pk].kind == "no_change"
    assert {answer.state for answer in answers.values()} == {"draft"}
    assert all(answer.author == focal_mx for answer in answers.values())
    again = confirm(mx_client, open_round, response)  # the token is spent with its file
    assert again.status_code == 400 and PacketAnswer.objects.count() == 3


def _formula(sheet, _book):
    sheet[f"{NOTE}3"] = '=HYPERLINK("http://evil.example")'


def _unknown_status(sheet, _book):
    sheet[f"{STATUS}2"] = "Finished-ish"


def _broken_signature(sheet, _book):
    sheet["K4"] = sheet["K4"].value[:-3] + "abc"
    sheet[f"{NOTE}4"] = "edited"


def _changed_id(sheet, _book):
    sheet["A5"] = sheet["A2"].value
    sheet[f"{NOTE}5"] = "edited"


def _changed_version(sheet, _book):
    sheet["J2"] = 7
    sheet[f"{NOTE}2"] = "edited"


def _added_row(sheet, _book):
    sheet.append([999999, "", "", "", "", "", "Completed", "made up", "", 0, ""])


def _not_allowed(sheet, _book):
    sheet[f"{STATUS}2"] = "Not started"  # the action's status already: no change of status


@pytest.mark.parametrize(
    ("edit", "row", "reason"),
    [
        (_formula, 3, "A formula in “Note”"),
        (_unknown_status, 2, "“Finished-ish” is not a status of the list."),
        (_broken_signature, 4, "The row's signature does not match"),
        (_changed_id, 5, "The row's signature does not match"),
        (_changed_version, 2, "The row's signature does not match"),
        (_added_row, 6, "The row's signature does not match"),
        (_not_allowed, 2, "Choose the new status."),
    ],
)
def test_a_bad_row_is_refused_with_its_row_and_reason(mx_client, open_round, mx_actions, edit, row, reason):
    def with_a_good_row(sheet, book):
        sheet[f"{NOTE}{5 if row != 5 else 4}"] = "A good answer, not recorded either."
        edit(sheet, book)

    response = upload(mx_client, open_round, edited(download(mx_client, open_round), with_a_good_row))
    nothing_recorded(response, reason, f'id="sheet-row-{row}"', f"Row {row}")
    assert response.context["token"] == ""  # no confirmation offered while a row is refused
    assert 'name="token"' not in response.content.decode()


def _renamed(sheet, _book):
    sheet["H1"] = "Comments"


def _moved(sheet, _book):
    sheet.move_range("G1:G5", cols=5)
    sheet.move_range("H1:I5", cols=-1)


def _deleted(sheet, _book):
    sheet.delete_cols(5)


def _extra_column(sheet, _book):
    sheet["L1"] = "My column"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (_renamed, "Column H is “Comments” where “Note” was expected"),
        (_moved, "Column G is “Note” where “New status” was expected"),
        (_deleted, "Column E is “Answer state” where “Current status” was expected"),
        (_extra_column, "Column L (“My column”) was added"),
    ],
)
def test_a_changed_column_refuses_the_file(mx_client, open_round, mx_actions, edit, reason):
    def with_an_answer(sheet, book):
        sheet[f"{NOTE}2"] = "typed"
        edit(sheet, book)

    nothing_recorded(upload(mx_client, open_round, edited(download(mx_client, open_round), with_an_answer)), reason)


def test_another_partys_or_rounds_file_is_refused_whole(mx_client, open_round, ts, ix_meeting, mx_actions):
    costa_rica = Party.objects.get(code="CR")
    theirs = edited(packet_sheet_export(round=open_round, party=costa_rica), lambda s, b: None)
    nothing_recorded(upload(mx_client, open_round, theirs), "This spreadsheet is the packet of Costa Rica")
    other = round_open(round=make_round(ts, [ix_meeting], title="Another round"), by=ts)
    mine_for_other = edited(download(mx_client, other), lambda sheet, b: sheet.__setitem__(f"{NOTE}2", "typed"))
    nothing_recorded(upload(mx_client, open_round, mine_for_other), "another reporting round")


def test_a_row_pasted_from_another_partys_file_is_refused(mx_client, open_round, ts, ix_meeting, mx_actions):
    theirs = load_workbook(io.BytesIO(packet_sheet_export(round=open_round, party=Party.objects.get(code="CR"))))
    pasted = [cell.value for cell in theirs["packet"][2]]

    def paste(sheet, _book):
        for column, value in enumerate(pasted, start=1):
            sheet.cell(row=3, column=column, value=value)
        sheet[f"{NOTE}3"] = "typed"

    response = upload(mx_client, open_round, edited(download(mx_client, open_round), paste))
    nothing_recorded(response, "The action is not addressed to your party.", "Row 3")


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"Action number,Note\n1,hello\n", "packet.xlsx", "The file is not an XLSX spreadsheet."),
        (b"PK\x03\x04 not really a zip", "packet.xlsx", "The file is not an XLSX spreadsheet."),
        (b"", "packet.xlsx", "The file is not an XLSX spreadsheet."),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(mx_client, open_round, data, name, reason):
    nothing_recorded(upload(mx_client, open_round, data, name=name), reason)


def test_a_spreadsheet_of_another_kind_is_refused(mx_client, open_round):
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    nothing_recorded(upload(mx_client, open_round, out.getvalue()), "not a packet downloaded from the tracker")


def test_a_50_mb_file_is_refused_unread(mx_client, open_round, monkeypatch):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from decisions.services import packet_sheet
    from decisions.workflow.packet_sheet import SheetUploadForm

    def never(**_kwargs):
        raise AssertionError("a file over the limit must not be read")

    kept = []
    clean_file = SheetUploadForm.clean_file
    monkeypatch.setattr(packet_sheet, "packet_sheet_read", never)
    monkeypatch.setattr(SheetUploadForm, "clean_file", lambda form: kept.append(form.files["file"]) or clean_file(form))
    response = upload(mx_client, open_round, b"\0" * (50 * 1024 * 1024))
    nothing_recorded(response, "The file is larger than 5.0 MB")
    assert "Browsers do not keep a chosen file" in response.content.decode()
    assert isinstance(kept[0], TemporaryUploadedFile)  # on disk as it arrived, never whole in memory


def test_a_post_without_a_file_says_so(mx_client, open_round):
    response = mx_client.post(reverse("workflow:packet-sheet-upload", args=[open_round.pk]))
    nothing_recorded(response, "Choose the spreadsheet to upload.")


def test_too_many_rows_or_too_large_unpacked_is_refused(mx_client, open_round, mx_actions, monkeypatch):
    from decisions.rules import packet_sheet

    data = edited(download(mx_client, open_round), lambda sheet, b: sheet.__setitem__(f"{NOTE}2", "typed"))
    monkeypatch.setattr(packet_sheet, "MAX_ROWS", 3)
    nothing_recorded(upload(mx_client, open_round, data), "The spreadsheet has more than 3 rows")
    monkeypatch.setattr(packet_sheet, "MAX_UNPACKED_BYTES", 1000)
    nothing_recorded(upload(mx_client, open_round, data), "far larger once unpacked")


def test_a_row_answered_online_after_the_download_is_refused_as_stale(mx_client, open_round, mx_actions, focal_mx_b):
    data = download(mx_client, open_round)
    packet_answer_save(
        round=open_round, action=mx_actions[0], by=focal_mx_b, kind="note", note="Beatriz's note", expected_version=0
    )
    response = upload(mx_client, open_round, edited(data, lambda sheet, b: sheet.__setitem__(f"{NOTE}2", "Mine")))
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "Nothing was recorded." in page
    assert "Beatriz saved an answer on this action after the spreadsheet was downloaded" in page
    assert "Beatriz's note" in page
    assert PacketAnswer.objects.get().note == "Beatriz's note"


def test_an_answer_given_online_between_preview_and_confirm_records_nothing(
    mx_client, open_round, mx_actions, focal_mx_b
):
    def edit(sheet, _book):
        sheet[f"{NOTE}2"] = "First"
        sheet[f"{NOTE}3"] = "Second"

    response = upload(mx_client, open_round, edited(download(mx_client, open_round), edit))
    assert response.status_code == 200 and response.context["token"]
    packet_answer_save(
        round=open_round, action=mx_actions[1], by=focal_mx_b, kind="note", note="Online", expected_version=0
    )
    done = confirm(mx_client, open_round, response)
    page = done.content.decode()
    assert done.status_code == 400 and "Nothing was recorded." in page and "Row 3" in page
    assert list(PacketAnswer.objects.values_list("note", flat=True)) == ["Online"]  # "First" was not kept


def test_a_submitted_answer_cannot_change_from_a_spreadsheet(mx_client, open_round, mx_actions, focal_mx):
    packet_answer_save(round=open_round, action=mx_actions[0], by=focal_mx, kind="no_change", expected_version=0)
    packet_submit(round=open_round, party=mx_actions[0].responsible, by=focal_mx)
    data = download(mx_client, open_round)
    assert load_workbook(io.BytesIO(data))["packet"][f"{NOTE}2"].protection.locked
    response = upload(mx_client, open_round, edited(data, lambda sheet, b: sheet.__setitem__(f"{NOTE}2", "late")))
    assert response.status_code == 400 and "it can no longer change" in response.content.decode()


def test_headers_and_statuses_in_the_readers_language(client, open_round, mx_actions, focal_mx):
    client.force_login(focal_mx)
    data = download(client, open_round, HTTP_ACCEPT_LANGUAGE="es")
    book = load_workbook(io.BytesIO(data))
    header = [cell.value for cell in book["packet"][1]]
    assert header[6:9] == ["Nuevo estado", "Nota", "Enlace a la evidencia"]
    choices = [row[1] for row in book["rcm"].iter_rows(values_only=True) if row[1]]
    assert "En curso" in choices and "Sin cambios desde el último informe" in choices
    response = upload(
        client,
        open_round,
        edited(data, lambda sheet, b: sheet.__setitem__(f"{STATUS}2", "En curso")),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 200 and "Se registrará como borrador" in response.content.decode()
    confirm(client, open_round, response)
    assert PacketAnswer.objects.get().status == "in_progress"


def test_only_the_partys_focal_points_and_with_csrf(client, open_round, delegate, focal_cr, focal_mx, ts, ix_meeting):
    urls = [reverse(name, args=[open_round.pk]) for name in ("workflow:packet-sheet", "workflow:packet-sheet-upload")]
    client.force_login(delegate)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    assert client.post(reverse("workflow:packet-sheet-confirm", args=[open_round.pk])).status_code == 403
    mexico_only = make_round(ts, [ix_meeting], parties=[Party.objects.get(code="MX")], title="Mexico only")
    round_open(round=mexico_only, by=ts)
    client.force_login(focal_cr)
    assert client.get(reverse("workflow:packet-sheet", args=[mexico_only.pk])).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(focal_mx)
    assert upload(strict, open_round, b"x").status_code == 403


def test_the_packet_page_links_to_the_spreadsheet(mx_client, open_round, mx_actions):
    page = mx_client.get(reverse("workflow:packet", args=[open_round.pk])).content.decode()
    assert "Download as a spreadsheet" in page and "Upload a filled spreadsheet" in page


def test_preview_and_confirm_take_a_bounded_number_of_queries(
    mx_client, open_round, mx_actions, django_assert_max_num_queries
):
    def edit(sheet, _book):
        for line in range(2, 6):
            sheet[f"{NOTE}{line}"] = f"Note {line}"

    data = edited(download(mx_client, open_round), edit)
    with django_assert_max_num_queries(12):  # whatever the number of rows
        response = upload(mx_client, open_round, data)
    assert response.status_code == 200
    # The preview again, then each row through packet_answer_save (its checks, row lock, savepoint, history).
    with django_assert_max_num_queries(12 + 4 * 25):
        assert confirm(mx_client, open_round, response).status_code == 302
    assert PacketAnswer.objects.count() == 4
    assert ReportingRound.objects.count() == 1
