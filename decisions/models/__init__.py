from decisions.models.actions import Action, ProgressUpdate
from decisions.models.documents import DecisionDocument, Document
from decisions.models.items import Decision, DecisionLink, DecisionParty, Theme
from decisions.models.meetings import Meeting, Participation

__all__ = [
    "Action",
    "Decision",
    "DecisionDocument",
    "DecisionLink",
    "DecisionParty",
    "Document",
    "Meeting",
    "Participation",
    "ProgressUpdate",
    "Theme",
]
