"""Accounts made with a one-time password choose their own before anything else."""

from django.contrib.auth import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from members.services import password_change_pending

SESSION_FLAG = "rcm_password_change_required"
# What such a user may still reach: the form itself, leaving, the language switch, and files the page needs.
ALLOWED_URL_NAMES = {"password_change", "password_change_done", "logout", "set_language", "admin:logout"}


@receiver(user_logged_in)
def remember_a_required_password_change(sender, request, user, **kwargs) -> None:
    """Looked up once, at login, and kept in the session: no query on every request."""
    if request is not None and hasattr(request, "session"):
        if password_change_pending(user=user):
            request.session[SESSION_FLAG] = True
        else:
            request.session.pop(SESSION_FLAG, None)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = request.session.get(SESSION_FLAG) and request.user.is_authenticated
        if pending and _url_name(request) not in ALLOWED_URL_NAMES:
            return redirect("password_change")
        return self.get_response(request)


def _url_name(request) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
