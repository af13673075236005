"""The national policy around the agreements (domain.md §12–§13): goals as data, regional committees,
funding, capacity building and outreach, success cases, territorial and pre-investment agreements."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limpia.agreements.models import Agreement
from limpia.core.history import recorded_history
from limpia.core.models import StoredFile, TimeStampedModel, user_reference
from limpia.programs.choices import (
    ActivityKind,
    ActorKind,
    ApplicationStatus,
    CaseStatus,
    CommitmentStatus,
    CommitteeSector,
    Currency,
    ExpenseStatus,
    FundingSource,
    Indicator,
    LineKind,
    ParticipantType,
    ProjectStage,
)  # fmt: skip
from limpia.registry.models import Association, Company, Region

USER = settings.AUTH_USER_MODEL
POSITIVE = [MinValueValidator(Decimal(0))]


def _money(name, **extra):
    return models.DecimalField(max_digits=16, decimal_places=2, validators=POSITIVE, verbose_name=name, **extra)


# --- National goals (§12) -----------------------------------------------------------------------------------


class NationalGoal(TimeStampedModel):
    """A policy goal: an indicator computed from the records, its target, period, baseline and scope."""

    code = models.CharField(max_length=30, unique=True, verbose_name=_("code"))
    title = models.CharField(max_length=250, verbose_name=_("title"))
    policy = models.CharField(max_length=120, verbose_name=_("policy"), help_text=_("e.g. Política 2014–2018"))
    indicator = models.CharField(max_length=40, choices=Indicator.choices, verbose_name=_("indicator"))
    starts_on = models.DateField(verbose_name=_("period starts on"))
    ends_on = models.DateField(verbose_name=_("period ends on"))
    baseline = models.DecimalField(max_digits=14, decimal_places=2, default=0, verbose_name=_("baseline"))
    target = models.DecimalField(max_digits=14, decimal_places=2, validators=POSITIVE, verbose_name=_("target"))
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="goals",
        verbose_name=_("region"), help_text=_("Empty for a national goal."),
    )  # fmt: skip
    participant_type = models.CharField(
        max_length=20, choices=ParticipantType.choices, blank=True, verbose_name=_("only participants of type"),
        help_text=_("For goals that count people: leave empty to count every type."),
    )  # fmt: skip
    source = models.CharField(max_length=250, blank=True, verbose_name=_("source"))
    history = recorded_history()

    class Meta:
        verbose_name = _("national goal")
        verbose_name_plural = _("national goals")
        ordering = ["-starts_on", "code"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="goal_period_in_order")]  # fmt: skip

    def __str__(self):
        return f"{self.code} · {self.title}"

    def get_absolute_url(self):
        return reverse("programs:goal-detail", args=[self.pk])


# --- Regional committees (§13) ------------------------------------------------------------------------------


class RegionalCommittee(TimeStampedModel):
    """The clean-production committee of a region, its executive secretariat and regional program."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="committee", verbose_name=_("region"))
    constituted_on = models.DateField(null=True, blank=True, verbose_name=_("constituted on"))
    secretariat = models.CharField(max_length=200, blank=True, verbose_name=_("executive secretariat (institution)"))
    secretary = models.CharField(max_length=150, blank=True, verbose_name=_("executive secretary"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    program = models.CharField(max_length=200, blank=True, verbose_name=_("regional clean-production program"))
    transfer_centre = models.CharField(max_length=200, blank=True, verbose_name=_("technology transfer centre"))
    history = recorded_history()

    class Meta:
        verbose_name = _("regional committee")
        verbose_name_plural = _("regional committees")
        ordering = ["region__order"]

    def __str__(self):
        return str(_("Committee of %(region)s") % {"region": self.region})

    def get_absolute_url(self):
        return reverse("programs:committee-detail", args=[self.pk])


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(RegionalCommittee, on_delete=models.CASCADE, related_name="members",
                                  verbose_name=_("committee"))  # fmt: skip
    institution = models.CharField(max_length=200, verbose_name=_("institution"))
    full_name = models.CharField(max_length=150, verbose_name=_("person"))
    role = models.CharField(max_length=120, blank=True, verbose_name=_("role in the committee"))
    sector = models.CharField(max_length=20, choices=CommitteeSector.choices, verbose_name=_("sector"))
    history = recorded_history()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["sector", "institution", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.institution})"


class CommitteeMeeting(models.Model):
    committee = models.ForeignKey(RegionalCommittee, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("committee"))  # fmt: skip
    held_on = models.DateField(verbose_name=_("date"))
    agenda = models.TextField(verbose_name=_("agenda"))
    minutes = models.TextField(blank=True, verbose_name=_("minutes"))
    attendees = models.ManyToManyField(CommitteeMembership, blank=True, related_name="meetings",
                                       verbose_name=_("attendance"))  # fmt: skip
    history = recorded_history()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.committee} · {self.held_on:%d-%m-%Y}"


class AgendaGoal(models.Model):
    """A yearly goal of the regional agenda."""

    committee = models.ForeignKey(RegionalCommittee, on_delete=models.CASCADE, related_name="agenda",
                                  verbose_name=_("committee"))  # fmt: skip
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)],
                                            verbose_name=_("year"))  # fmt: skip
    title = models.CharField(max_length=250, verbose_name=_("goal"))
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("target"))
    achieved = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("achieved"))
    history = recorded_history()

    class Meta:
        verbose_name = _("regional agenda goal")
        verbose_name_plural = _("regional agenda goals")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.year}: {self.title}"


# --- Funding (§13) ------------------------------------------------------------------------------------------


class FundingLine(TimeStampedModel):
    """A funding instrument or line: a Clean Production Fund line, a CORFO instrument."""

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    source = models.CharField(max_length=10, choices=FundingSource.choices, verbose_name=_("source"))
    kind = models.CharField(max_length=20, choices=LineKind.choices, verbose_name=_("line"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    history = recorded_history()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["source", "name"]

    def __str__(self):
        return self.name


class Call(TimeStampedModel):
    """A call for applications to a funding line, with its dates and co-financing limit."""

    line = models.ForeignKey(FundingLine, on_delete=models.PROTECT, related_name="calls", verbose_name=_("line"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    opens_on = models.DateField(verbose_name=_("opens on"))
    closes_on = models.DateField(verbose_name=_("closes on"))
    cofinancing_limit = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(70),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
        verbose_name=_("co-financing limit (%)"),
    )  # fmt: skip
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.CLP,
                                verbose_name=_("currency"))  # fmt: skip
    budget = _money(_("budget"), null=True, blank=True)
    history = recorded_history()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_on"]
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                              name="call_dates_in_order")]  # fmt: skip

    def __str__(self):
        return f"{self.title} ({self.line})"

    def get_absolute_url(self):
        return reverse("programs:call-detail", args=[self.pk])


class Application(TimeStampedModel):
    """An application to a call by an agreement's association, a company or an association."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    title = models.CharField(max_length=250, verbose_name=_("project"))
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="applications", verbose_name=_("agreement"))  # fmt: skip
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="applications", verbose_name=_("company"))  # fmt: skip
    association = models.ForeignKey(Association, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="applications", verbose_name=_("association"))  # fmt: skip
    total_cost = _money(_("total project cost"))
    requested = _money(_("amount requested"))
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED,
                              verbose_name=_("status"))  # fmt: skip
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
                                verbose_name=_("evaluation score"))  # fmt: skip
    evaluation = models.TextField(blank=True, verbose_name=_("evaluation"))
    awarded = _money(_("amount awarded"), null=True, blank=True)
    awarded_on = models.DateField(null=True, blank=True, verbose_name=_("awarded on"))
    submitted_by = user_reference(_("submitted by"))
    decided_by = user_reference(_("decided by"))
    history = recorded_history()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(agreement__isnull=False) | models.Q(company__isnull=False)
            | models.Q(association__isnull=False), name="application_has_applicant")]  # fmt: skip

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:application-detail", args=[self.pk])

    @property
    def applicant(self):
        return self.company or self.association or self.agreement


class Disbursement(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="disbursements",
                                    verbose_name=_("application"))  # fmt: skip
    paid_on = models.DateField(verbose_name=_("paid on"))
    amount = _money(_("amount"))
    recorded_by = user_reference(_("recorded by"))
    history = recorded_history()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on"]

    def __str__(self):
        return f"{self.paid_on:%d-%m-%Y}: {self.amount}"


class ExpenseReport(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="expenses",
                                    verbose_name=_("application"))  # fmt: skip
    submitted_on = models.DateField(verbose_name=_("submitted on"))
    description = models.CharField(max_length=250, verbose_name=_("description"))
    amount = _money(_("amount"))
    status = models.CharField(max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED,
                              verbose_name=_("status"))  # fmt: skip
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    reviewed_by = user_reference(_("reviewed by"))
    history = recorded_history()

    class Meta:
        verbose_name = _("expense report")
        verbose_name_plural = _("expense reports")
        ordering = ["submitted_on"]

    def __str__(self):
        return self.description


class UFValue(models.Model):
    """The value of the Unidad de Fomento on a day, in pesos."""

    day = models.DateField(unique=True, verbose_name=_("date"))
    value = models.DecimalField(max_digits=10, decimal_places=2, validators=POSITIVE, verbose_name=_("value (CLP)"))

    class Meta:
        verbose_name = _("UF value")
        verbose_name_plural = _("UF values")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d-%m-%Y}: {self.value}"


# --- Capacity building and outreach (§13) -------------------------------------------------------------------


class Activity(TimeStampedModel):
    kind = models.CharField(max_length=20, choices=ActivityKind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=250, verbose_name=_("title"))
    held_on = models.DateField(verbose_name=_("date"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="activities", verbose_name=_("region"))
    organizer = models.CharField(max_length=200, verbose_name=_("organizer"))
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="activities", verbose_name=_("agreement"))  # fmt: skip
    history = recorded_history()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:activity-detail", args=[self.pk])


class Participant(models.Model):
    """A person reached by the activities; one person counts once per goal however often they attend."""

    rut = models.CharField(max_length=12, unique=True, null=True, blank=True, verbose_name=_("RUT"))
    full_name = models.CharField(max_length=150, verbose_name=_("full name"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    kind = models.CharField(max_length=20, choices=ParticipantType.choices, verbose_name=_("type"))
    history = recorded_history()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance",
                                 verbose_name=_("activity"))  # fmt: skip
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="attendance",
                                    verbose_name=_("participant"))  # fmt: skip

    history = recorded_history()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["activity", "participant"], name="attends_once")]

    def __str__(self):
        return f"{self.participant_id} @ {self.activity_id}"


class ParticipantCount(models.Model):
    """Participants of an activity counted, not named (each one is a different person)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="counts",
                                 verbose_name=_("activity"))  # fmt: skip
    kind = models.CharField(max_length=20, choices=ParticipantType.choices, verbose_name=_("type"))
    count = models.PositiveIntegerField(verbose_name=_("participants"))
    history = recorded_history()

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="one_count_per_type")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.count}"


# --- Success cases (§13) ------------------------------------------------------------------------------------


class SuccessCase(TimeStampedModel):
    title = models.CharField(max_length=200, verbose_name=_("title"))
    slug = models.SlugField(max_length=220, unique=True, verbose_name=_("address"))
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="success_cases",
                                verbose_name=_("company"))  # fmt: skip
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="success_cases",
                                  verbose_name=_("agreement"))  # fmt: skip
    summary = models.CharField(max_length=400, verbose_name=_("summary"))
    body = models.TextField(verbose_name=_("story"))
    video_url = models.URLField(blank=True, verbose_name=_("video link"))
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.DRAFT,
                              verbose_name=_("status"))  # fmt: skip
    review_notes = models.TextField(blank=True, verbose_name=_("review notes"))
    published_on = models.DateField(null=True, blank=True, verbose_name=_("published on"))
    created_by = user_reference(_("written by"))
    history = recorded_history()

    class Meta:
        verbose_name = _("success case")
        verbose_name_plural = _("success cases")
        ordering = ["-published_on", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:case-detail", args=[self.pk])

    def get_public_url(self):
        return reverse("public:case", args=[self.slug])


class CaseIndicator(models.Model):
    """A before-and-after figure of a success case, from the MRV records or written by hand."""

    case = models.ForeignKey(SuccessCase, on_delete=models.CASCADE, related_name="indicators",
                             verbose_name=_("success case"))  # fmt: skip
    label = models.CharField(max_length=120, verbose_name=_("indicator"))
    unit = models.CharField(max_length=30, blank=True, verbose_name=_("unit"))
    before = models.DecimalField(max_digits=16, decimal_places=3, verbose_name=_("before"))
    after = models.DecimalField(max_digits=16, decimal_places=3, verbose_name=_("after"))
    before_year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year before"))
    after_year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year after"))
    from_mrv = models.BooleanField(default=False, verbose_name=_("from the MRV records"))

    history = recorded_history()

    class Meta:
        verbose_name = _("case indicator")
        verbose_name_plural = _("case indicators")
        ordering = ["pk"]

    def __str__(self):
        return self.label

    @property
    def change_percent(self) -> Decimal | None:
        return (self.after - self.before) / self.before * 100 if self.before else None


def case_image_path(instance, filename: str) -> str:
    from limpia.core.files import content_name

    return content_name(f"cases/{instance.case_id}", instance)


class CaseImage(StoredFile):
    case = models.ForeignKey(SuccessCase, on_delete=models.CASCADE, related_name="images",
                             verbose_name=_("success case"))  # fmt: skip
    alt_text = models.CharField(max_length=250, verbose_name=_("description of the image"))
    file = models.FileField(upload_to=case_image_path, verbose_name=_("image"))

    history = recorded_history()

    class Meta:
        verbose_name = _("case image")
        verbose_name_plural = _("case images")
        ordering = ["pk"]


# --- Territorial and pre-investment agreements (§4, §13) ----------------------------------------------------


class Territory(TimeStampedModel):
    """What a territorial (watershed) agreement manages; its comunas and basin are the agreement's."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="territory",
                                     verbose_name=_("agreement"))  # fmt: skip
    name = models.CharField(max_length=200, verbose_name=_("territory"))
    history = recorded_history()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TerritoryActor(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="actors",
                                  verbose_name=_("territory"))  # fmt: skip
    name = models.CharField(max_length=200, verbose_name=_("actor"))
    kind = models.CharField(max_length=20, choices=ActorKind.choices, verbose_name=_("kind"))
    role = models.CharField(max_length=200, blank=True, verbose_name=_("role"))

    history = recorded_history()

    class Meta:
        verbose_name = _("territory actor")
        verbose_name_plural = _("territory actors")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class SharedResourceGoal(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="resource_goals",
                                  verbose_name=_("territory"))  # fmt: skip
    resource = models.CharField(max_length=120, verbose_name=_("shared resource"))
    goal = models.CharField(max_length=250, verbose_name=_("goal"))
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, verbose_name=_("baseline"))
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, verbose_name=_("target"))
    current = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, verbose_name=_("current"))
    unit = models.CharField(max_length=30, blank=True, verbose_name=_("unit"))

    history = recorded_history()

    class Meta:
        verbose_name = _("shared-resource goal")
        verbose_name_plural = _("shared-resource goals")
        ordering = ["resource"]

    def __str__(self):
        return f"{self.resource}: {self.goal}"


class InvestmentProject(TimeStampedModel):
    """The investment project of a pre-investment agreement and the communities it involves."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="project",
                                     verbose_name=_("agreement"))  # fmt: skip
    name = models.CharField(max_length=200, verbose_name=_("project"))
    holder = models.CharField(max_length=200, verbose_name=_("project holder"))
    stage = models.CharField(max_length=20, choices=ProjectStage.choices, verbose_name=_("project stage"))
    investment_musd = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True,
                                          validators=POSITIVE, verbose_name=_("investment (million USD)"))  # fmt: skip
    communities = models.TextField(verbose_name=_("communities involved"))
    history = recorded_history()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ParticipatoryMeeting(models.Model):
    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="meetings",
                                verbose_name=_("project"))  # fmt: skip
    held_on = models.DateField(verbose_name=_("date"))
    place = models.CharField(max_length=200, verbose_name=_("place"))
    topic = models.CharField(max_length=250, verbose_name=_("topic"))
    attendees = models.PositiveIntegerField(default=0, verbose_name=_("attendees"))
    minutes = models.TextField(blank=True, verbose_name=_("minutes"))
    history = recorded_history()

    class Meta:
        verbose_name = _("participatory meeting")
        verbose_name_plural = _("participatory meetings")
        ordering = ["-held_on"]

    def __str__(self):
        return self.topic


class Commitment(models.Model):
    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="commitments",
                                verbose_name=_("project"))  # fmt: skip
    text = models.CharField(max_length=300, verbose_name=_("commitment"))
    responsible = models.CharField(max_length=200, verbose_name=_("responsible"))
    due_on = models.DateField(null=True, blank=True, verbose_name=_("due on"))
    status = models.CharField(max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PENDING,
                              verbose_name=_("status"))  # fmt: skip
    follow_up = models.TextField(blank=True, verbose_name=_("follow-up"))
    history = recorded_history()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text
