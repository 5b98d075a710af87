"""Keeping the language each user reads the site in, so that e-mail written to them is in it too."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import LANGUAGE_QUERY_PARAMETER, set_language

from members.services import language_remember


def remember_on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    language_remember(user=user, language=getattr(request, "LANGUAGE_CODE", "") or translation.get_language())


def set_language_and_remember(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a signed-in user the choice is also kept for their e-mail."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language_remember(user=request.user, language=request.POST.get(LANGUAGE_QUERY_PARAMETER, ""))
    return response
