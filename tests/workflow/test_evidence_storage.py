"""Evidence files reach the disk only with a report that is kept: a refused report writes nothing, and the
files of a transaction that rolls back are removed with it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from decisions.models import Evidence, ProgressUpdate
from decisions.services.reports import report_submit

PDF = b"%PDF-1.4\n%evidence\n"


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file())


def submit(action, by, **kwargs):
    return report_submit(
        action=action, by=by, date=action.decision.meeting.end_date, note="Draft law sent to Congress.", **kwargs
    )


@pytest.mark.django_db
def test_a_report_refused_for_a_bad_link_writes_no_file(mx_action, focal_mx, private_media):
    with pytest.raises(ValidationError):
        submit(mx_action, focal_mx, files=[SimpleUploadedFile("law.pdf", PDF)], links=["not a link"])
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_the_files_of_a_rolled_back_report_are_removed(mx_action, focal_mx, private_media):
    class LaterFailure(Exception):
        pass

    with pytest.raises(LaterFailure), transaction.atomic():
        submit(mx_action, focal_mx, files=[SimpleUploadedFile("law.pdf", PDF)])
        assert len(stored_files(private_media)) == 1  # written while the transaction is open
        raise LaterFailure
    assert stored_files(private_media) == []
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_files_of_a_committed_report_stay(mx_action, focal_mx, private_media):
    update = submit(mx_action, focal_mx, files=[SimpleUploadedFile("law.pdf", PDF)])
    [evidence] = update.evidence.all()
    assert stored_files(private_media) == [private_media / evidence.file.name]
