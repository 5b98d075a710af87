from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from decisions.models import ProgressUpdate
from decisions.selectors.visibility import scope_get
from members.roles import Role, has_role, is_secretariat, party_of

register = template.Library()


@register.simple_tag
def workflow_links(user) -> list[dict]:
    """The reporting and review pages this user works in, for the site's navigation."""
    links = []
    if not user.is_authenticated:
        return links
    if party_of(user=user) is not None:  # a delegate reads the party's actions there; a focal point also reports
        links.append(
            {"url": reverse("workflow:my-actions"), "label": _("My actions"), "names": {"my-actions", "report"}}
        )
        if has_role(user=user, role=Role.FOCAL_POINT):
            links.append(
                {
                    "url": reverse("workflow:my-rounds"),
                    "label": _("My reporting rounds"),
                    "names": {"my-rounds", "packet"},
                }
            )
    if is_secretariat(user=user):
        waiting = ProgressUpdate.objects.filter(review_state=ProgressUpdate.Review.SUBMITTED).count()
        links.append(
            {
                "url": reverse("workflow:review-list"),
                "label": _("Review queue"),
                "count": waiting,
                "names": {"review-list", "review-detail"},
            }
        )
        links.append(
            {
                "url": reverse("workflow:round-list"),
                "label": _("Reporting rounds"),
                "names": {"round-list", "round-detail"},
            }
        )
    return links


@register.simple_tag
def reports_waiting(user) -> int | None:
    """How many focal points' reports wait for the Secretariat (None for anyone who does not review them)."""
    if not is_secretariat(user=user):
        return None
    return ProgressUpdate.objects.filter(review_state=ProgressUpdate.Review.SUBMITTED).count()


@register.filter
def review_comment_for(update: ProgressUpdate, user) -> str:
    """The Secretariat's comment on a report, for the readers who may read it (decisions/selectors/visibility.py)."""
    return update.review_comment if scope_get(user=user).reads_review_comment_of(update) else ""
