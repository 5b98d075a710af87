"""The Secretariat's back office. Registration happens in the modules below; every write goes through
decisions.services, so the admin does exactly what the API and the commands do."""

from decisions.admin import actions, items, meetings  # noqa: F401
