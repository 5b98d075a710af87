"""Status shown as a labelled badge: text and colour together, never colour alone."""

from django.utils.html import format_html


def status_badge(value: str, label: str) -> str:
    return format_html('<span class="rcm-badge rcm-badge--{}">{}</span>', value, label)


def overdue_badge(is_overdue: bool, label: str) -> str:
    return format_html('<span class="rcm-badge rcm-badge--overdue">{}</span>', label) if is_overdue else ""
