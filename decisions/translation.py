"""Which fields exist per language (django-modeltranslation), and change history (django-simple-history).

History is registered here, after the translated fields exist, so that every language's text is recorded.
An empty translation is stored as NULL (`empty_values = None`), by the admin's forms as by the services
(rcm.records.blank_as_null), so that saving a form unchanged records no change from None to "".
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
    PacketAnswer,
    Participation,
    ProgressUpdate,
    ReportingRound,
    Theme,
)
from decisions.models.update_facts import KEPT_FIELDS


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "city")
    empty_values = None


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("note",)
    empty_values = None


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = None


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("text",)
    empty_values = None


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "description")
    empty_values = None


@register(ReportingRound)
class ReportingRoundTranslation(TranslationOptions):
    fields = ("title",)
    empty_values = None


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "origin")
    empty_values = None


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
    ReportingRound,
    PacketAnswer,
):
    # The search column is derived from the texts the history already holds: not a change anybody made.
    # The kept facts (models/update_facts.py, a decision's earliest deadline still owed) are derived from the log,
    # the meeting and the actions, which have their own.
    derived = {"search_text", *KEPT_FIELDS, *getattr(model, "kept_fields", ())}
    excluded = [field.name for field in model._meta.fields if field.name in derived]
    simple_history.register(model, app="decisions", excluded_fields=excluded)
