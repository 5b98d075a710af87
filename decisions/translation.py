"""Which fields exist per language (django-modeltranslation), and change history (django-simple-history).

History is registered here, after the translated fields exist, so that every language's text is recorded.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from decisions.models import (
    Action,
    Decision,
    DecisionDocument,
    DecisionLink,
    DecisionParty,
    Document,
    Evidence,
    Meeting,
    Participation,
    ProgressUpdate,
    Theme,
)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "city")


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("note",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("text",)


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "origin")


for model in (
    Meeting,
    Participation,
    Theme,
    Decision,
    DecisionParty,
    DecisionLink,
    Document,
    DecisionDocument,
    Action,
    ProgressUpdate,
    Evidence,
):
    simple_history.register(model, app="decisions")
