"""Which fields exist per language (django-modeltranslation), and change history (django-simple-history).

History is registered here, after the translated fields exist, so that every language's text is recorded.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from members.models import Membership, Party, Representative


@register(Party)
class PartyTranslation(TranslationOptions):
    fields = ("name", "acronym")


simple_history.register(Party, app="members")
simple_history.register(Membership, app="members")
simple_history.register(Representative, app="members")
