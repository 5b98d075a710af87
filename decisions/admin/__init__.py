"""The Secretariat's back office. Registration happens in the modules below; every write goes through
decisions.services, so the admin does exactly what the API and the commands do."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decisions.admin import actions, items, meetings  # noqa: F401

admin.site.site_header = _("RCM Decision Tracker — Secretariat")
admin.site.site_title = _("RCM Decision Tracker")
admin.site.index_title = _("Follow-up of the Conference's decisions")
