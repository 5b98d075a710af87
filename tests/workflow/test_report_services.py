"""Focal points report, the Secretariat validates: submit → return → resubmit → validate, through services."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import Evidence, ProgressUpdate
from decisions.services.reports import report_submit, update_return, update_validate
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db(transaction=True)  # e-mails are delivered after the commit, by the worker


def submit(action, by, **kwargs):
    kwargs.setdefault("date", action.decision.meeting.end_date)
    kwargs.setdefault("note", "Draft law sent to Congress.")
    return report_submit(action=action, by=by, **kwargs)


def test_the_whole_cycle(mx_action, focal_mx, ts):
    first = submit(mx_action, focal_mx, status="completed", note="Law adopted.")
    mx_action.refresh_from_db()
    assert first.review_state == "submitted"
    assert mx_action.status == "not_started"  # nothing changes before review
    deliver_mail()
    assert [m.to for m in mail.outbox] == [["ts@rcm.example"]]
    assert "New report from Mexico" in mail.outbox[0].subject

    update_return(update=first, by=ts, comment="Attach the official gazette, please.")
    first.refresh_from_db()
    assert first.review_state == "returned"
    deliver_mail()
    assert mail.outbox[1].to == ["focal@mx.example"]
    assert "official gazette" in mail.outbox[1].body

    second = submit(
        mx_action, focal_mx, status="completed", note="Law adopted; gazette attached.", resubmission_of=first
    )
    assert second.resubmission_of == first

    update_validate(update=second, by=ts)
    second.refresh_from_db()
    mx_action.refresh_from_db()
    mx_action.decision.refresh_from_db()
    assert second.review_state == "validated" and second.reviewed_by == ts
    assert mx_action.status == "completed"
    assert mx_action.decision.status == "in_progress"  # ten other member states still owe their action
    deliver_mail()
    assert mail.outbox[-1].to == ["focal@mx.example"]


def test_a_focal_point_cannot_report_for_another_party(mx_action, focal_cr, delegate):
    for user in (focal_cr, delegate):
        with pytest.raises(PermissionDenied):
            submit(mx_action, user)
    assert not ProgressUpdate.objects.exists()


def test_the_secretariats_own_reports_are_validated_at_once(mx_action, ts):
    update = submit(mx_action, ts, status="in_progress")
    mx_action.refresh_from_db()
    assert update.review_state == "validated"
    assert mx_action.status == "in_progress"
    deliver_mail()
    assert not mail.outbox


def test_only_the_secretariat_reviews(mx_action, focal_mx):
    update = submit(mx_action, focal_mx)
    with pytest.raises(PermissionDenied):
        update_validate(update=update, by=focal_mx)


def test_a_report_is_reviewed_once(mx_action, focal_mx, ts):
    update = submit(mx_action, focal_mx)
    update_validate(update=update, by=ts)
    with pytest.raises(ValidationError) as exc:
        update_return(update=update, by=ts, comment="Too late")
    assert exc.value.code == "already_reviewed"


def test_returning_needs_a_reason(mx_action, focal_mx, ts):
    update = submit(mx_action, focal_mx)
    with pytest.raises(ValidationError):
        update_return(update=update, by=ts, comment="  ")


def test_validation_refuses_a_move_no_longer_allowed(mx_action, focal_mx, ts):
    proposal = submit(mx_action, focal_mx, status="completed")
    submit(mx_action, ts, status="cancelled")  # meanwhile the TS cancels the action
    with pytest.raises(ValidationError) as exc:
        update_validate(update=proposal, by=ts)
    assert "status" in exc.value.error_dict


def test_only_a_returned_report_can_be_resubmitted(mx_action, focal_mx):
    pending = submit(mx_action, focal_mx)
    with pytest.raises(ValidationError):
        submit(mx_action, focal_mx, resubmission_of=pending)


def test_evidence_files_and_links_are_kept(mx_action, focal_mx, private_media):
    pdf = SimpleUploadedFile("../../etc/Informe final.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    update = submit(mx_action, focal_mx, files=[pdf], links=["https://gaceta.example/ley.pdf"])
    kept = list(update.evidence.order_by("pk"))
    assert [e.original_name for e in kept] == ["Informe final.pdf", ""]
    assert kept[0].file.name.startswith("evidence/") and kept[0].file.name.endswith(".pdf")
    assert ".." not in kept[0].file.name
    assert (private_media / kept[0].file.name).read_bytes() == b"%PDF-1.7 test"
    assert kept[1].url == "https://gaceta.example/ley.pdf"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.exe", b"MZ\x90\x00", "file_type"),
        ("report.pdf", b"<html><script>alert(1)</script>", "file_content"),
        ("photo.png", b"%PDF-1.7", "file_content"),
        ("data.csv", b"a,b\x00,c", "file_content"),
        ("huge.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024), "file_size"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(mx_action, focal_mx, settings, name, content, code):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        submit(mx_action, focal_mx, files=[SimpleUploadedFile(name, content)])
    assert exc.value.error_dict["files"][0].code == code
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()


def test_javascript_links_are_refused(mx_action, focal_mx):
    with pytest.raises(ValidationError) as exc:
        submit(mx_action, focal_mx, links=["javascript:alert(1)"])
    assert "links" in exc.value.error_dict
    assert not ProgressUpdate.objects.exists()
