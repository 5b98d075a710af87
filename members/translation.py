"""Which fields exist per language (django-modeltranslation), and change history (django-simple-history).

History is registered here, after the translated fields exist, so that every language's text is recorded.
An empty translation is stored as NULL (`empty_values = None`), by the admin's forms as by the services
(rcm.records.blank_as_null), so that saving a form unchanged records no change from None to "".
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from members.models import Membership, Party, Representative


@register(Party)
class PartyTranslation(TranslationOptions):
    fields = ("name", "acronym")
    empty_values = None


simple_history.register(Party, app="members")
simple_history.register(Membership, app="members")
simple_history.register(Representative, app="members")
