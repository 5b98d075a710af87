from decisions.models.actions import Action, ProgressUpdate
from decisions.models.changes import ChangeEntry
from decisions.models.documents import DecisionDocument, Document
from decisions.models.evidence import Evidence
from decisions.models.freshness import RecordVersion, ScopeVersion
from decisions.models.items import Decision, DecisionLink, DecisionParty, Theme, item_citation, item_reference
from decisions.models.meetings import Meeting, Participation
from decisions.models.reminders import ReminderLog
from decisions.models.rounds import PacketAnswer, ReportingRound, ReportSnapshot
from decisions.models.seeding import SeededRecord
from decisions.models.theme_facts import ItemThemeFact

__all__ = [
    "Action",
    "ChangeEntry",
    "Decision",
    "DecisionDocument",
    "DecisionLink",
    "DecisionParty",
    "Document",
    "Evidence",
    "ItemThemeFact",
    "Meeting",
    "Participation",
    "ProgressUpdate",
    "RecordVersion",
    "PacketAnswer",
    "ReminderLog",
    "ReportingRound",
    "ReportSnapshot",
    "ScopeVersion",
    "SeededRecord",
    "Theme",
    "item_citation",
    "item_reference",
]
