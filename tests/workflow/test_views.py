"""The focal point's pages and the Secretariat's review queue, as users reach them."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decisions.models import Evidence, ProgressUpdate
from decisions.services.reports import report_submit
from tests.mailbox import deliver_mail

pytestmark = pytest.mark.django_db


def submit(action, by, **kwargs):
    kwargs.setdefault("date", action.decision.meeting.end_date)
    kwargs.setdefault("note", "Done")
    return report_submit(action=action, by=by, **kwargs)


def report_url(action):
    return reverse("workflow:report", args=[action.pk])


def report_data(action, **overrides):
    data = {
        "status": "in_progress",
        "date": "2005-03-01",
        "note": "Bill **sent** to Congress.",
        "visibility": "public",
        "links": "https://congreso.example/bill\n",
        "version": action.version,
    }
    data.update(overrides)
    return data


def test_my_actions_lists_the_partys_actions_overdue_first(client, focal_mx, mexico, django_assert_max_num_queries):
    client.force_login(focal_mx)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workflow:my-actions"))
    actions = list(response.context["actions"])
    assert {a.responsible.code for a in actions} == {"MX"}
    assert len(actions) == 4  # the seminar (D6) and one action each for D8, D10, D14
    assert actions[0].decision.number == "6"  # overdue since 2004 comes first
    assert "Mexico" in response.content.decode()


def test_my_actions_filters_keep_working_with_bad_values(client, focal_mx):
    client.force_login(focal_mx)
    assert client.get(reverse("workflow:my-actions") + "?status=<script>&overdue=yes").status_code == 200
    response = client.get(reverse("workflow:my-actions") + "?overdue=1")
    assert [a.decision.number for a in response.context["actions"]] == ["6"]


def test_a_focal_point_submits_a_report_that_waits_for_review(client, focal_mx, mx_action, ts):
    client.force_login(focal_mx)
    pdf = SimpleUploadedFile("ley.pdf", b"%PDF-1.4 law", content_type="application/pdf")
    response = client.post(report_url(mx_action), {**report_data(mx_action), "files": [pdf]})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.review_state == "submitted"
    assert update.evidence.count() == 2
    mx_action.refresh_from_db()
    assert mx_action.status == "not_started"
    page = client.get(report_url(mx_action)).content.decode()
    assert "<strong>sent</strong>" in page  # Markdown rendered
    assert "Submitted" in page


def test_bad_input_keeps_what_was_typed(client, focal_mx, mx_action):
    client.force_login(focal_mx)
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    response = client.post(report_url(mx_action), {**report_data(mx_action, note="My long note"), "files": [exe]})
    assert response.status_code == 400
    content = response.content.decode()
    assert "accepted types" in content
    assert "My long note" in content
    assert not ProgressUpdate.objects.exists()


def test_a_future_date_is_a_form_error(client, focal_mx, mx_action):
    client.force_login(focal_mx)
    response = client.post(report_url(mx_action), report_data(mx_action, date="2999-01-01"))
    assert response.status_code == 400
    assert "future" in response.content.decode()


def test_a_stale_form_is_refused_and_says_what_changed(client, focal_mx, mx_action, ts):
    client.force_login(focal_mx)
    stale = report_data(mx_action, note="Mine")
    report_submit(
        action=mx_action, by=ts, date=mx_action.decision.meeting.end_date, note="TS: started", status="in_progress"
    )
    response = client.post(report_url(mx_action), stale)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Someone else changed this action" in content
    assert "In progress" in content and "TS: started" in content
    assert "Mine" in content
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.parametrize("who", ["focal_cr", "delegate"])
def test_others_cannot_report_on_mexicos_action(client, request, who, mx_action):
    client.force_login(request.getfixturevalue(who))
    assert client.get(report_url(mx_action)).status_code == 403
    assert client.post(report_url(mx_action), report_data(mx_action)).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, mx_action):
    for url in (reverse("workflow:my-actions"), report_url(mx_action), reverse("workflow:review-list")):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_review_queue_is_the_secretariats(client, focal_mx, delegate, ts, mx_action):
    report_submit(
        action=mx_action, by=focal_mx, date=mx_action.decision.meeting.end_date, note="Done", status="completed"
    )
    for user in (focal_mx, delegate):
        client.force_login(user)
        assert client.get(reverse("workflow:review-list")).status_code == 403
    client.force_login(ts)
    response = client.get(reverse("workflow:review-list"))
    assert response.status_code == 200
    assert len(response.context["reports"]) == 1


def test_validate_and_return_from_the_review_page(client, focal_mx, ts, mx_action, django_capture_on_commit_callbacks):
    first = report_submit(
        action=mx_action, by=focal_mx, date=mx_action.decision.meeting.end_date, note="Done", status="completed"
    )
    client.force_login(ts)
    url = reverse("workflow:review-detail", args=[first.pk])
    response = client.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 400  # a return needs a reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "return", "comment": "Which law? Add its number."})
    first.refresh_from_db()
    assert first.review_state == "returned"
    deliver_mail()
    assert "Which law?" in mail.outbox[-1].body

    client.force_login(focal_mx)
    page = client.get(report_url(mx_action) + f"?resubmit={first.pk}").content.decode()
    assert "Which law? Add its number." in page
    mx_action.refresh_from_db()
    client.post(
        report_url(mx_action), report_data(mx_action, status="completed", note="Law 123", resubmission_of=first.pk)
    )
    second = ProgressUpdate.objects.exclude(pk=first.pk).get()
    assert second.resubmission_of_id == first.pk

    client.force_login(ts)
    client.post(reverse("workflow:review-detail", args=[second.pk]), {"decision": "validate", "comment": ""})
    mx_action.refresh_from_db()
    assert mx_action.status == "completed"


def test_evidence_files_are_served_only_to_those_allowed(client, focal_mx, focal_cr, ts, mx_action, anonymous):
    pdf = SimpleUploadedFile("ley.pdf", b"%PDF-1.4 law")
    update = report_submit(
        action=mx_action, by=focal_mx, date=mx_action.decision.meeting.end_date, note="x", files=[pdf]
    )
    url = reverse("workflow:evidence", args=[Evidence.objects.get(update=update).pk])
    assert client.get(url).status_code == 404  # anonymous: an unvalidated report does not exist for them
    client.force_login(focal_cr)
    assert client.get(url).status_code == 404
    for user in (focal_mx, ts):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 law"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's


def test_a_reader_with_a_party_lands_on_my_actions_and_others_on_the_dashboard(client, focal_mx, delegate, ts):
    for user, landing in ((focal_mx, reverse("workflow:my-actions")), (delegate, reverse("workflow:my-actions"))):
        response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == landing, user.username
        client.logout()
    response = client.post(reverse("login"), {"username": ts.username, "password": PASSWORD})
    assert response["Location"] == reverse("decisions:home")
    client.logout()
    asked = reverse("decisions:grid")
    response = client.post(reverse("login") + f"?next={asked}", {"username": focal_mx.username, "password": PASSWORD})
    assert response["Location"] == asked  # a page that sent the reader to log in still wins


def test_my_actions_links_titles_flags_returns_and_offers_reporting_only_to_who_may(
    client, focal_mx, delegate, mx_action, ts
):
    from decisions.services.reports import update_return

    returned = submit(mx_action, focal_mx, status="in_progress", expected_version=mx_action.version)
    update_return(update=returned, by=ts, comment="Add the bill's number.")
    client.force_login(focal_mx)
    content = client.get(reverse("workflow:my-actions")).content.decode()
    assert f'<a href="{mx_action.get_absolute_url()}">{mx_action.title}</a>' in content
    assert "Returned: to correct" in content
    assert f"{report_url(mx_action)}?resubmit={returned.pk}" in content
    assert content.count(">Report progress<") == 3  # the three other actions of Mexico
    client.force_login(delegate)
    response = client.get(reverse("workflow:my-actions"))
    assert len(response.context["actions"]) > 0
    content = response.content.decode()
    assert "/report/" not in content and "Report progress" not in content  # a delegate reads, never reports
    for action in response.context["actions"]:
        assert client.get(action.get_absolute_url()).status_code == 200  # every title leads somewhere


def test_a_refused_report_sums_up_its_errors_on_top_focuses_there_and_names_the_file_to_choose_again(
    client, focal_mx, mx_action
):
    client.force_login(focal_mx)
    pdf = SimpleUploadedFile("informe <final>.pdf", b"%PDF-1.4 law", content_type="application/pdf")
    response = client.post(
        report_url(mx_action), {**report_data(mx_action, note="", date="2999-01-01"), "files": [pdf]}
    )
    assert response.status_code == 400
    content = response.content.decode()
    summary_at = content.index('class="error-summary"')
    assert summary_at < content.index(
        '<form method="post" enctype'
    )  # above the form, not a thousand pixels below the button
    assert "autofocus" in content[summary_at - 200 : summary_at + 200]
    assert 'href="#id_note"' in content and 'href="#id_date"' in content
    assert "choose the file again (informe &lt;final&gt;.pdf)" in content
    links = content.split('id="id_links"')[1].split("</textarea>")[0]
    assert "https://congreso.example/bill" in links  # what was typed is kept
