"""Clean Production Agreements: the agreement, its terms and calendar, goals and actions, parties,
adhesion of installations and their initial diagnosis, committee meetings (domain.md §4–§8)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from limpia.agreements import calculations
from limpia.agreements.choices import (
    AdhesionStatus,
    AgreementType,
    Anchor,
    ClockStart,
    DocumentKind,
    DueKind,
    Stage,
    TermUnit,
)  # fmt: skip
from limpia.core.history import recorded_history
from limpia.core.models import StoredFile, TimeStampedModel
from limpia.registry.choices import SizeClass
from limpia.registry.models import Agency, Association, Company, Comuna, ContactPerson, Installation, Region, Sector

TERMS_MESSAGES = {
    "exactly_one_final_audit": _("The calendar needs exactly one final audit."),
    "follow_up_after_final": _("No follow-up audit may come after the final audit."),
    "final_after_maximum": _("The final audit falls after the maximum time to start final certification."),
    "maximum_below_implementation": _(
        "The maximum time to start certification must be at least the implementation period."
    ),
    "net_below_maximum_plus_adhesion": _("The net maximum must be at least the maximum plus the adhesion period."),
}


class Agreement(TimeStampedModel):
    """A Clean Production Agreement (APL) with its terms (domain.md §6)."""

    code = models.CharField(max_length=30, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=250, verbose_name=_("name"))
    kind = models.CharField(max_length=20, choices=AgreementType.choices, verbose_name=_("type"))
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INTEREST, verbose_name=_("stage"))
    sectors = models.ManyToManyField(Sector, related_name="agreements", verbose_name=_("sectors"))
    national_scope = models.BooleanField(default=True, verbose_name=_("national scope"))
    regions = models.ManyToManyField(Region, blank=True, related_name="agreements", verbose_name=_("regions"))
    basin = models.CharField(max_length=120, blank=True, verbose_name=_("basin (watershed agreements)"))
    comunas = models.ManyToManyField(Comuna, blank=True, related_name="agreements", verbose_name=_("comunas"))
    associations = models.ManyToManyField(
        Association, blank=True, related_name="agreements", verbose_name=_("signatory associations")
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="agreements", verbose_name=_("signatory agencies")
    )
    # Terms (the ASCC's parameters).
    clock_start = models.CharField(
        max_length=20,
        choices=ClockStart.choices,
        default=ClockStart.SIGNATURE,
        verbose_name=_("implementation clock starts at"),
    )
    adhesion_value = models.PositiveIntegerField(default=90, verbose_name=_("adhesion period"))
    adhesion_unit = models.CharField(
        max_length=20, choices=TermUnit.choices, default=TermUnit.CALENDAR_DAYS, verbose_name=_("adhesion period unit")
    )
    implementation_months = models.PositiveIntegerField(default=18, verbose_name=_("implementation period (months)"))
    max_certification_months = models.PositiveIntegerField(
        default=18, verbose_name=_("maximum time to start final certification (months)")
    )
    net_max_months = models.PositiveIntegerField(default=24, verbose_name=_("net maximum from signature (months)"))
    validity_years = models.PositiveIntegerField(default=3, verbose_name=_("agreement validity (years)"))
    certificate_validity_years = models.PositiveIntegerField(default=3, verbose_name=_("certificate validity (years)"))
    extension_allowed = models.BooleanField(default=True, verbose_name=_("extension (prórroga) allowed"))
    has_public_consultation = models.BooleanField(default=False, verbose_name=_("has a public consultation"))
    requires_agency_validation = models.BooleanField(default=False, verbose_name=_("requires validation by agencies"))
    certify_above_75_with_plan = models.BooleanField(
        default=False,
        verbose_name=_("certify above 75 % with a corrective plan"),
        help_text=_("A 2007 practice (domain.md §9): off by default; the gaps close within the auditor's deadline."),
    )
    standard_levels = models.JSONField(
        default=list,
        blank=True,
        verbose_name=_("standard levels"),
        help_text=_('Standards only, lowest first: [{"level": "Bronce", "threshold": "0.60"}, …]'),
    )
    roll_to_business_day = models.BooleanField(
        default=False,
        verbose_name=_("due dates on a holiday move to the next business day"),
    )
    signed_on = models.DateField(null=True, blank=True, verbose_name=_("signed on"))
    clock_started_on = models.DateField(null=True, blank=True, verbose_name=_("implementation clock started on"))
    certified_on = models.DateField(null=True, blank=True, verbose_name=_("certification ceremony on"))
    history = recorded_history()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "code"]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["kind"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", args=[self.pk])

    def term_rules(self) -> tuple[calculations.TermRule, ...]:
        """The calendar rules, plus the close of the final audit window: the maximum time to start
        final certification, counted from the implementation clock (domain.md §6)."""
        window = calculations.TermRule(DueKind.FINAL_AUDIT_CLOSE, self.max_certification_months)
        return (*(t.as_rule() for t in self.terms.all()), window)

    def terms_spec(self, rules=None) -> calculations.Terms:
        return calculations.Terms(
            adhesion_value=self.adhesion_value, adhesion_unit=self.adhesion_unit,
            implementation_months=self.implementation_months, max_certification_months=self.max_certification_months,
            net_max_months=self.net_max_months,
            rules=tuple(t.as_rule() for t in self.terms.all()) if rules is None else rules,
        )  # fmt: skip

    def anchors(self) -> calculations.Anchors:
        return calculations.Anchors(
            signature=self.signed_on, clock_start=self.clock_started_on, certification=self.certified_on
        )

    def check_terms(self, rules=None) -> None:
        problems = calculations.terms_problems(self.terms_spec(rules))
        if problems:
            raise ValidationError({field: TERMS_MESSAGES[key] for field, key in problems.items()})

    def level_thresholds(self) -> tuple[list[str], dict]:
        """The standard's levels, lowest first, and each level's points threshold (a share, 0–1)."""
        from decimal import Decimal

        order = [str(item["level"]) for item in self.standard_levels or []]
        return order, {str(item["level"]): Decimal(str(item["threshold"])) for item in self.standard_levels or []}

    def clean(self):
        super().clean()
        try:
            order, thresholds = self.level_thresholds()
        except (KeyError, TypeError, ArithmeticError, ValueError):
            raise ValidationError(
                {"standard_levels": _('Write the levels as [{"level": "Bronce", "threshold": "0.60"}, …].')}
            ) from None
        if len(set(order)) != len(order) or any(not 0 < t <= 1 for t in thresholds.values()):
            raise ValidationError(
                {"standard_levels": _("Each level appears once, with a threshold above 0 and at most 1.")}
            )

    @property
    def adhesion_deadline(self):
        if self.signed_on is None:
            return None
        return calculations.add_term(self.signed_on, self.adhesion_value, self.adhesion_unit)


class Term(models.Model):
    """One rule of the agreement's calendar: `kind` falls `value` `unit` after `anchor`."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="terms", verbose_name=_("agreement")
    )
    kind = models.CharField(max_length=30, choices=DueKind.choices, verbose_name=_("what is due"))
    value = models.PositiveIntegerField(verbose_name=_("value"))
    unit = models.CharField(max_length=20, choices=TermUnit.choices, default=TermUnit.MONTHS, verbose_name=_("unit"))
    anchor = models.CharField(max_length=30, default=Anchor.CLOCK_START, verbose_name=_("counted from"))
    repeat = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)], verbose_name=_("times"))
    history = recorded_history()

    class Meta:
        verbose_name = _("calendar term")
        verbose_name_plural = _("calendar terms")
        ordering = ["agreement", "kind", "value"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value} {self.get_unit_display()}"

    def clean(self):
        super().clean()
        if self.anchor not in Anchor.values + DueKind.values:
            raise ValidationError({"anchor": _("Unknown anchor «%(a)s».") % {"a": self.anchor}})

    def as_rule(self) -> calculations.TermRule:
        return calculations.TermRule(self.kind, self.value, self.unit, self.anchor, self.repeat)


class Extension(models.Model):
    """A prórroga: moves the due dates of some kinds; the dates before it stay visible."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("agreement")
    )
    value = models.PositiveIntegerField(verbose_name=_("value"))
    unit = models.CharField(max_length=20, choices=TermUnit.choices, default=TermUnit.MONTHS, verbose_name=_("unit"))
    kinds = models.JSONField(default=list, blank=True, verbose_name=_("affected dates (all when empty)"))
    reason = models.TextField(verbose_name=_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(auto_now_add=True, verbose_name=_("granted at"))
    history = recorded_history()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["granted_at"]

    def __str__(self):
        return f"+{self.value} {self.get_unit_display()}: {self.reason[:60]}"

    def as_extension(self) -> calculations.Extension:
        return calculations.Extension(self.value, self.unit, frozenset(self.kinds or []))


class StageChange(models.Model):
    """One step of the timeline: who moved the agreement, when, from which stage to which, and why."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("agreement")
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True, verbose_name=_("from"))
    to_stage = models.CharField(max_length=20, choices=Stage.choices, verbose_name=_("to"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("at"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


def document_path(instance, filename: str) -> str:
    from limpia.core.files import content_name

    return content_name(f"agreements/{instance.agreement_id}", instance)


class AgreementDocument(StoredFile):
    """A document of the agreement; served only through a view that checks scope."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    file = models.FileField(upload_to=document_path, verbose_name=_("file"))
    history = recorded_history()

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:document-download", args=[self.pk])


class CommitteeMember(models.Model):
    """A member of the agreement's coordinating committee (association + agencies + ASCC)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="committee", verbose_name=_("agreement")
    )
    full_name = models.CharField(max_length=150, verbose_name=_("full name"))
    institution = models.CharField(max_length=200, verbose_name=_("institution"))
    role = models.CharField(max_length=120, blank=True, verbose_name=_("role in the committee"))
    history = recorded_history()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["institution", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.institution})"


class Meeting(models.Model):
    """A coordinating committee meeting, with agenda, minutes and attendance."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("agreement")
    )
    held_on = models.DateField(verbose_name=_("date"))
    agenda = models.TextField(verbose_name=_("agenda"))
    minutes = models.TextField(blank=True, verbose_name=_("minutes"))
    attendees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings", verbose_name=_("attendance")
    )
    history = recorded_history()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.agreement.code} {self.held_on:%d-%m-%Y}"


class Goal(models.Model):
    """A thematic goal (meta) of the agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="goals", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    title = models.CharField(max_length=250, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    history = recorded_history()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="unique_goal_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Action(models.Model):
    """A concrete commitment under a goal, with deadline, verification means and applicability (§7)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal"))
    number = models.CharField(max_length=10, verbose_name=_("number"))
    text = models.TextField(verbose_name=_("action"))
    verification_means = models.TextField(verbose_name=_("verification means"))
    deadline_value = models.PositiveIntegerField(verbose_name=_("deadline"))
    deadline_unit = models.CharField(
        max_length=20, choices=TermUnit.choices, default=TermUnit.MONTHS, verbose_name=_("deadline unit")
    )
    reference_value = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, verbose_name=_("reference value")
    )
    reference_unit = models.CharField(max_length=30, blank=True, verbose_name=_("reference unit"))
    installation_kinds = models.JSONField(default=list, blank=True, verbose_name=_("applies to installation kinds"))
    size_classes = models.JSONField(default=list, blank=True, verbose_name=_("applies to company sizes"))
    activity_prefixes = models.JSONField(default=list, blank=True, verbose_name=_("applies to activity codes"))
    criteria_text = models.TextField(blank=True, verbose_name=_("other applicability criteria"))
    matters = models.JSONField(default=list, blank=True, verbose_name=_("matters"))
    sdgs = models.JSONField(default=list, blank=True, verbose_name=_("SDGs"))
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True, verbose_name=_("points"))
    level = models.CharField(max_length=40, blank=True, verbose_name=_("level"))
    mandatory_for_level = models.BooleanField(default=False, verbose_name=_("mandatory for the level"))
    history = recorded_history()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal__number", "number"]
        constraints = [models.UniqueConstraint(fields=["goal", "number"], name="unique_action_number")]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    def clean(self):
        super().clean()
        unknown = set(self.size_classes or []) - set(SizeClass.values)
        if unknown:
            raise ValidationError(
                {"size_classes": _("Unknown size classes: %(s)s.") % {"s": ", ".join(sorted(unknown))}}
            )

    @property
    def criteria(self) -> calculations.Criteria:
        return calculations.Criteria(
            tuple(self.installation_kinds or ()), tuple(self.size_classes or ()), tuple(self.activity_prefixes or ())
        )

    @property
    def is_differentiated(self) -> bool:
        """An action only for small companies (the 2010 policy's differentiated goals)."""
        return bool(self.size_classes) and set(self.size_classes) <= {SizeClass.MICRO, SizeClass.SMALL}


class Adhesion(models.Model):
    """An installation's adhesion to an agreement, requested by its company (§8)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="adhesions", verbose_name=_("agreement")
    )
    installation = models.ForeignKey(
        Installation, on_delete=models.PROTECT, related_name="adhesions", verbose_name=_("installation")
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="adhesions", verbose_name=_("company"))
    status = models.CharField(
        max_length=20, choices=AdhesionStatus.choices, default=AdhesionStatus.REQUESTED, verbose_name=_("status")
    )
    size_class_at_adhesion = models.CharField(
        max_length=10, choices=SizeClass.choices, blank=True, verbose_name=_("company size at adhesion")
    )
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    history = recorded_history()

    class Meta:
        verbose_name = _("adhesion")
        verbose_name_plural = _("adhesions")
        ordering = ["agreement", "company__legal_name", "installation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "installation"],
                condition=models.Q(status__in=["requested", "approved"]),
                name="one_active_adhesion_per_installation",
            )
        ]

    def __str__(self):
        return f"{self.installation} → {self.agreement.code}"

    def get_absolute_url(self):
        return reverse("agreements:adhesion-detail", args=[self.pk])


class InitialDiagnosis(models.Model):
    """The baseline of an adhered installation (§8), due by the calendar's initial-diagnosis date."""

    adhesion = models.OneToOneField(
        Adhesion, on_delete=models.CASCADE, related_name="diagnosis", verbose_name=_("adhesion")
    )
    due_on = models.DateField(null=True, blank=True, verbose_name=_("due on"))
    person_in_charge = models.ForeignKey(
        ContactPerson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person in charge"),
    )
    production = models.DecimalField(
        max_digits=16, decimal_places=4, null=True, blank=True, verbose_name=_("production")
    )
    production_unit = models.CharField(max_length=30, blank=True, verbose_name=_("production unit"))
    energy_kwh = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, verbose_name=_("energy (kWh)")
    )
    water_m3 = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True, verbose_name=_("water (m³)"))
    waste_t = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True, verbose_name=_("waste (t)"))
    emissions_tco2e = models.DecimalField(
        max_digits=16, decimal_places=3, null=True, blank=True, verbose_name=_("emissions (tCO2e)")
    )
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("completed on"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    history = recorded_history()

    class Meta:
        verbose_name = _("initial diagnosis")
        verbose_name_plural = _("initial diagnoses")

    def __str__(self):
        return f"{self.adhesion.installation} ({self.adhesion.agreement.code})"
