"""What follows from a password: its change revokes the account's API keys, and a reset is asked for
without telling whether the address is known.

Django calls every configured validator's `password_changed()` after a new password is saved — the reset
form, the change form, the admin and `changepassword` alike, and never for a mere hash upgrade at login —
so that one hook is where keys are revoked, whatever the path.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from members.services import credentials_revoke
from rcm.limits import Rate, Usage, hashed, hit


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its `password_changed` hook; it refuses no password."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk is not None:
            credentials_revoke(user=user)

    def get_help_text(self) -> str:
        return _("Changing your password revokes your API keys; make new ones afterwards.")


def password_reset_limits(*, email: str, client: str) -> list[Usage]:
    """Count one reset request against the per-address and per-client limits (the same work for a known and
    an unknown address); the refused ones are returned."""
    rates = settings.PASSWORD_RESET_RATES
    counted = []
    if rates.get("address"):
        counted.append(
            hit(rate=Rate.parse("reset-address", rates["address"]), ident=hashed(value=email.strip().lower()))
        )
    if rates.get("client"):
        counted.append(hit(rate=Rate.parse("reset-client", rates["client"]), ident=client))
    return [usage for usage in counted if not usage.allowed]


@task()
def password_reset_send(*, email: str, language: str) -> int:
    """Mail a reset link to every active account with this address (none for an unknown one), off the request:
    the request only enqueues this, so it takes as long for an address that exists as for one that does not.
    Links point at RCM_SITE_URL. Returns how many were sent."""
    site = urlsplit(settings.SITE_URL)
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    recipients = list(form.get_users(email))
    with translation.override(language):
        form.save(domain_override=site.netloc, use_https=site.scheme == "https")
    return len(recipients)
