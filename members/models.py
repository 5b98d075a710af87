"""Parties (who can attend, be addressed or be responsible) and their membership over time."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from rcm.constraints import ChecksDecidedInPython
from rcm.versioning import Versioned


class PartyKind(models.TextChoices):
    STATE = "state", _("State")
    ORGANISATION = "organisation", _("International organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    REGIONAL_PROCESS = "regional_process", _("Other regional process")
    RCM_BODY = "rcm_body", _("RCM body")


class Party(ChecksDecidedInPython, Versioned):
    """A state, an international organisation, a civil-society network, another process or an RCM body."""

    Kind = PartyKind

    # A stable code that declarations, imports and URLs use: ISO alpha-2 for states, an acronym otherwise.
    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    # Other names the texts use (English and Spanish), one per line; the importer matches on them.
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("Other names, one per line."))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PartyKind.values), name="party_kind_valid"),
            # Only states carry a country, and a country is one party.
            models.CheckConstraint(condition=Q(kind="state") | Q(country=""), name="party_country_only_for_states"),
            models.UniqueConstraint(fields=["country"], condition=~Q(country=""), name="party_country_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_label(self) -> str:
        return self.acronym or self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class MembershipStartPrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month (the date is its first day)")
    YEAR = "year", _("Year (the date is 1 January)")
    BY_DATE = "by_date", _("On or before this date (first attested then)")


class Membership(ChecksDecidedInPython, Versioned):
    """That a party belonged to the RCM in a role, from a date, until a date (open-ended while current)."""

    Role = MembershipRole
    StartPrecision = MembershipStartPrecision

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    start_date = models.DateField(_("start date"))
    # Accession dates are often known only to the month or year, or only as "already a member by then";
    # the precision says so instead of inventing a day.
    start_precision = models.CharField(
        _("precision of the start date"),
        max_length=8,
        choices=MembershipStartPrecision.choices,
        default=MembershipStartPrecision.DAY,
    )
    start_note = models.CharField(_("note on the start"), max_length=200, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["party__name", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=Q(start_precision__in=MembershipStartPrecision.values), name="membership_precision_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(fields=["party", "role", "start_date"], name="membership_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.party} — {self.get_role_display()} ({self.start_date:%Y}–{self.end_date or ''})"

    def clean(self) -> None:
        overlapping = Membership.objects.filter(party_id=self.party_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        if self.end_date:
            overlapping = overlapping.filter(start_date__lte=self.end_date)
        if self.party_id and overlapping.exists():
            raise ValidationError(_("This period overlaps another membership of the same party."), code="overlap")


class Representative(Versioned):
    """The party a user speaks for: a focal point reports on its actions, a delegate reads for it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representative", verbose_name=_("user")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="representatives", verbose_name=_("party"))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["party__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} — {self.party}"


class PasswordChangeRequired(models.Model):
    """An account whose password somebody else chose (the one-time password printed when it was created): until
    its owner picks their own, every page they open leads to the password change form."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_change_required",
        verbose_name=_("user"),
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("password change required")
        verbose_name_plural = _("password changes required")

    def __str__(self) -> str:
        return str(self.user)


class ApiKeyScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiKey(models.Model):
    """A named API key of one user (`Authorization: Token <key>`). A user keeps one per integration, so rotating
    or revoking one leaves the others working. Only the SHA-256 digest of the key is stored: the key is shown
    once, when it is made, and whoever reads the table (or the admin) cannot act as its owner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("scope"), max_length=10, choices=ApiKeyScope.choices, default=ApiKeyScope.READ_WRITE)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ("owner_id", "name")
        constraints = [models.UniqueConstraint(fields=("owner", "name"), name="api_key_name_unique_per_owner")]

    def __str__(self) -> str:
        return _("%(name)s (API key of %(user)s)") % {"name": self.name, "user": self.owner}

    @property
    def read_only(self) -> bool:
        return self.scope == ApiKeyScope.READ


class LanguagePreference(models.Model):
    """The language a user reads the tracker in, kept so that e-mail reaches them in it too. Recorded when they
    sign in or switch the site's language; the Secretariat may set it in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference", verbose_name=_("user")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_language_display()}"
