from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and parties")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Importing the middleware connects the login signal that remembers a one-time password in the session.
        from members import middleware  # noqa: F401
        from members.language import remember_on_login

        user_logged_in.connect(remember_on_login, dispatch_uid="members-remember-language-on-login")
