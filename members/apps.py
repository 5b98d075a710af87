from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and parties")

    def ready(self) -> None:
        # Connects the login signal that remembers an account's one-time password in the session.
        from members import middleware  # noqa: F401
