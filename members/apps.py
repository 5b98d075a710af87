from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and parties")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from members.language import remember_on_login

        user_logged_in.connect(remember_on_login, dispatch_uid="members-remember-language-on-login")
