"""The Secretariat's back office. Registration happens in the modules below; every write goes through
decisions.services, so the admin does exactly what the API and the commands do."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decisions.admin import actions, items, meetings, rounds  # noqa: F401
from members.forms import AdminLoginForm
from rcm.admin_mixins import CheckedIdsAdmin

admin.site.login_form = AdminLoginForm

# Django's, DRF's and django-axes' admins (registered before this app's) check the ids a form sends as ours do.
for model, model_admin in list(admin.site._registry.items()):
    if not isinstance(model_admin, CheckedIdsAdmin):
        admin.site.unregister(model)
        admin.site.register(model, type(type(model_admin).__name__, (CheckedIdsAdmin, type(model_admin)), {}))
admin.site.site_header = _("RCM Decision Tracker — Secretariat")
admin.site.site_title = _("RCM Decision Tracker")
admin.site.index_title = _("Follow-up of the Conference's decisions")
