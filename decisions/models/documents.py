"""Documents that decisions endorse, approve or modify, pinned to the version and language concerned."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rcm.constraints import ChecksDecidedInPython
from rcm.versioning import Versioned


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    GUIDELINES = "guidelines", _("Guidelines")
    FRAMEWORK = "framework", _("Framework")
    STRATEGY = "strategy", _("Strategy or position paper")
    TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
    BUDGET = "budget", _("Budget")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Document(ChecksDecidedInPython, Versioned):
    Kind = DocumentKind

    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    language = models.CharField(_("language of this version"), max_length=8, default="en")
    version = models.CharField(_("version"), max_length=60, blank=True)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    # Where the document came from when that meeting is not (yet) in the tracker, e.g. "approved at the VII Meeting".
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    approved_at = models.ForeignKey(
        "decisions.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_documents",
        verbose_name=_("approved at"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_valid")]

    def __str__(self) -> str:
        return self.title


class DecisionDocumentRelation(models.TextChoices):
    ENDORSES = "endorses", _("endorses")
    APPROVES = "approves", _("approves")
    MODIFIES = "modifies", _("modifies")
    REFERS_TO = "refers_to", _("refers to")


class DecisionDocument(ChecksDecidedInPython, Versioned):
    Relation = DecisionDocumentRelation

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.CASCADE, related_name="document_links", verbose_name=_("decision")
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="decision_links", verbose_name=_("document")
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)

    class Meta:
        verbose_name = _("document of a decision")
        verbose_name_plural = _("documents of decisions")
        ordering = ["decision", "document__title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation__in=DecisionDocumentRelation.values), name="decision_document_relation_valid"
            ),
            models.UniqueConstraint(fields=["decision", "document", "relation"], name="decision_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.get_relation_display()} {self.document}"
