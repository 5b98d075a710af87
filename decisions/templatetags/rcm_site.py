"""Template helpers of the public site: status badges, the language a text is shown in, links that keep the
current filters."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decisions.rules.status import ActionStatus, DecisionStatus

register = template.Library()

STATUS_LABELS = {**dict(ActionStatus.choices), **dict(DecisionStatus.choices)}
FALLBACKS = {"en": ("es",), "es": ("en",)}


def shown_status(item) -> str:
    return getattr(item, "shown_status", None) or item.status


@register.simple_tag
def status_badge(item, overdue=None) -> str:
    """The status as a badge with its words (never colour alone), then "Overdue" when it is."""
    status = shown_status(item)
    if overdue is None:
        overdue = getattr(item, "shown_overdue", getattr(item, "is_overdue", False))
    badge = format_html('<span class="badge badge--{}">{}</span>', status, STATUS_LABELS.get(status, status))
    if overdue:
        badge += format_html(' <span class="badge badge--overdue">{}</span>', _("Overdue"))
    return badge


@register.filter
def status_label(value: str) -> str:
    return STATUS_LABELS.get(value, value)


@register.filter
def shown_language(obj, field: str) -> str:
    """The language of the text a translated field shows: the reader's, or the one it falls back to."""
    current = (get_language() or "en")[:2]
    for code in (current, *FALLBACKS.get(current, ())):
        if getattr(obj, f"{field}_{code}", None):
            return code
    return getattr(obj, "original_language", current)


@register.simple_tag
def lang_attr(obj, field: str) -> str:
    """` lang="en"` on an element whose text is not in the page's language, nothing otherwise."""
    code = shown_language(obj, field)
    if code != (get_language() or "en")[:2]:
        return format_html(' lang="{}"', code)
    return ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one): `?{% query_with page=2 %}`."""
    data = context["request"].GET.copy()
    for key, value in changes.items():
        data.pop(key, None)
        if value not in (None, ""):
            data[key] = value
    return data.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def party_of_user(user):
    """The party a logged-in user speaks for (None for the public)."""
    from members.roles import party_of

    return party_of(user=user)
