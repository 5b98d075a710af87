from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Decisions and follow-up")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        import rcm.checks  # noqa: F401 - registers the deployment checks
        from decisions.caching.scopes import connect_signals
        from decisions.models.update_facts_triggers import facts_triggers_ensure
        from decisions.selectors.changes import connect_signals as connect_change_log
        from decisions.selectors.search import register_sqlite_fold, register_sqlite_fold_on_open_connections
        from rcm.planner import analyze_after_migrate

        connect_signals()
        connect_change_log()
        connection_created.connect(register_sqlite_fold, dispatch_uid="decisions-sqlite-fold")
        register_sqlite_fold_on_open_connections()
        # Before ANALYZE (connected after it), so a reinstall's recomputation is in the statistics too.
        post_migrate.connect(facts_triggers_ensure, sender=self, dispatch_uid="decisions-update-facts-triggers")
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="decisions-analyze-after-migrate")
