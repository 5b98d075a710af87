from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Decisions and follow-up")

    def ready(self) -> None:
        from decisions.freshness import connect_signals

        connect_signals()
