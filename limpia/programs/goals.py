"""Each national goal's indicator, computed from the records (domain.md §12), with the records it counted.

A goal's value is one SQL query; its drill-down lists exactly the rows that query counted. An indicator
that needs records not kept yet answers None ("no data yet"), never a made-up figure.
"""

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DateField, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from limpia.agreements.choices import AdhesionStatus, AgreementType, Stage
from limpia.agreements.models import Adhesion, Agreement
from limpia.audits.models import Certificate
from limpia.programs import calculations
from limpia.programs.choices import TRAINING_KINDS, CaseStatus, Indicator, ParticipantType
from limpia.programs.models import (
    Activity,
    Attendance,
    Call,
    FundingLine,
    NationalGoal,
    Participant,
    ParticipantCount,
    RegionalCommittee,
    SuccessCase,
)  # fmt: skip
from limpia.registry.choices import SizeClass
from limpia.registry.models import Company, Installation, Region

ADHERED = [AdhesionStatus.APPROVED, AdhesionStatus.WITHDRAWN]  # withdrawn ones had adhered
SMES = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM]
NOT_IN_FORCE = [Stage.WITHDRAWN]
# The day an installation adhered: its approval, or the signature for adhesions recorded without one.
ADHERED_ON = Coalesce(Cast("decided_at", DateField()), F("agreement__signed_on"))


@dataclass
class Measure:
    """A goal's computed value and the records behind it (a queryset, or extra tables for counts)."""

    value: Decimal | None
    records: QuerySet | None = None
    columns: list = field(default_factory=list)
    extra: list = field(default_factory=list)  # (title, queryset, columns) of further counted records

    @property
    def has_data(self) -> bool:
        return self.value is not None


def _in_period(goal: NationalGoal, name: str) -> Q:
    return Q(**{f"{name}__gte": goal.starts_on, f"{name}__lte": goal.ends_on})


def _region(goal: NationalGoal, name: str) -> Q:
    return Q(**{name: goal.region_id}) if goal.region_id else Q()


def _count(records: QuerySet, columns: list) -> Measure:
    return Measure(Decimal(records.count()), records, columns)


COMPANY_COLUMNS = [(_("RUT"), "rut"), (_("Company"), "legal_name"), (_("Size"), "get_size_class_display")]
AGREEMENT_COLUMNS = [(_("Code"), "code"), (_("Agreement"), "name"), (_("Signed on"), "signed_on"),
                     (_("Stage"), "get_stage_display")]  # fmt: skip


def _adhesions(goal: NationalGoal) -> QuerySet:
    return Adhesion.objects.filter(_region(goal, "installation__region_id"), status__in=ADHERED)


def new_companies(goal: NationalGoal) -> Measure:
    """Companies whose first adhesion to any agreement falls in the period."""
    first = _adhesions(goal).values("company_id").annotate(first=Min(ADHERED_ON))
    ids = first.filter(first__gte=goal.starts_on, first__lte=goal.ends_on).values("company_id")
    return _count(Company.objects.filter(pk__in=ids).order_by("legal_name"), COMPANY_COLUMNS)


def _new_agreement_adhesions(goal: NationalGoal) -> QuerySet:
    return _adhesions(goal).filter(_in_period(goal, "agreement__signed_on"))


def new_companies_new_agreements(goal: NationalGoal) -> Measure:
    """Companies adhering to agreements signed in the period."""
    ids = _new_agreement_adhesions(goal).values("company_id")
    return _count(Company.objects.filter(pk__in=ids).order_by("legal_name"), COMPANY_COLUMNS)


def smes_certified(goal: NationalGoal) -> Measure:
    """Micro, small and medium companies granted a certificate in the period."""
    certificates = Certificate.objects.filter(_in_period(goal, "issued_on"), _region(goal, "installation__region_id"))
    records = Company.objects.filter(pk__in=certificates.values("company_id"), size_class__in=SMES)
    return _count(records.order_by("legal_name"), COMPANY_COLUMNS)


def certified_share(goal: NationalGoal) -> Measure:
    """Of the companies adhering to agreements signed in the period, the share certified in one of them."""
    adhesions = _new_agreement_adhesions(goal)
    certified = Certificate.objects.filter(company_id=OuterRef("pk"), agreement_id__in=adhesions.values("agreement_id"))
    records = (Company.objects.filter(pk__in=adhesions.values("company_id"))
               .annotate(certified=Exists(certified)).order_by("-certified", "legal_name"))  # fmt: skip
    counts = records.aggregate(whole=Count("pk"), part=Count("pk", filter=Q(certified=True)))
    value = calculations.share_percent(counts["part"], counts["whole"])
    return Measure(value, records, [*COMPANY_COLUMNS, (_("Certified"), "certified")])


COMMITTEE_COLUMNS = [(_("Region"), "region"), (_("Constituted on"), "constituted_on"),
                     (_("Executive secretariat"), "secretariat")]  # fmt: skip


def regions_with_committee(goal: NationalGoal) -> Measure:
    """Regions whose committee met at least once in the period (an operating committee)."""
    met = Q(meetings__held_on__gte=goal.starts_on, meetings__held_on__lte=goal.ends_on)
    records = RegionalCommittee.objects.filter(met, _region(goal, "region_id")).distinct().select_related("region")
    return _count(records.annotate(meetings_in_period=Count("meetings", filter=met)).order_by("region__order"),
                  [*COMMITTEE_COLUMNS, (_("Meetings in the period"), "meetings_in_period")])  # fmt: skip


def regions_with_program(goal: NationalGoal) -> Measure:
    """Regions whose committee runs a clean-production program with a technology transfer centre."""
    records = RegionalCommittee.objects.filter(_region(goal, "region_id"), constituted_on__lte=goal.ends_on)
    records = records.exclude(program="").exclude(transfer_centre="").select_related("region")
    return _count(records.order_by("region__order"), [*COMMITTEE_COLUMNS, (_("Program"), "program"),
                                                      (_("Transfer centre"), "transfer_centre")])  # fmt: skip


def financing_lines(goal: NationalGoal) -> Measure:
    """Funding lines whose first call opened in the period."""
    first = Call.objects.values("line_id").annotate(first=Min("opens_on"))
    ids = first.filter(first__gte=goal.starts_on, first__lte=goal.ends_on).values("line_id")
    records = FundingLine.objects.filter(pk__in=ids).annotate(first_call=Min("calls__opens_on")).order_by("name")
    return _count(records, [(_("Line"), "name"), (_("Source"), "get_source_display"),
                            (_("First call"), "first_call")])  # fmt: skip


def _agreements(goal: NationalGoal, kind: str) -> QuerySet:
    region = Q(regions=goal.region_id) | Q(national_scope=True) if goal.region_id else Q()
    return Agreement.objects.filter(region, kind=kind).exclude(stage__in=NOT_IN_FORCE).distinct()


def community_agreements(goal: NationalGoal) -> Measure:
    """Company–community (pre-investment) agreements signed in the period."""
    records = _agreements(goal, AgreementType.PRE_INVESTMENT).filter(_in_period(goal, "signed_on"))
    return _count(records.order_by("signed_on"), AGREEMENT_COLUMNS)


def territories(goal: NationalGoal) -> Measure:
    """Territories (watersheds included) under a territorial agreement signed by the end of the period and
    not ended before it began."""
    records = _agreements(goal, AgreementType.TERRITORIAL).filter(signed_on__lte=goal.ends_on)
    return _count(records.order_by("signed_on"), [*AGREEMENT_COLUMNS, (_("Basin"), "basin")])


def _activities(goal: NationalGoal, kinds=None) -> QuerySet:
    qs = Activity.objects.filter(_in_period(goal, "held_on"), _region(goal, "region_id"))
    return qs.filter(kind__in=kinds) if kinds else qs


PARTICIPANT_COLUMNS = [(_("Person"), "full_name"), (_("Type"), "get_kind_display"),
                       (_("Activities"), "activities")]  # fmt: skip
COUNT_COLUMNS = [(_("Activity"), "activity"), (_("Date"), "activity__held_on"), (_("Type"), "get_kind_display"),
                 (_("Participants"), "count")]  # fmt: skip


def _people(goal: NationalGoal, activities: QuerySet, kind: str | None) -> Measure:
    """Named people counted once each however many activities they attended, plus the counted ones."""
    attended = Attendance.objects.filter(activity__in=activities.values("pk"))
    named = Participant.objects.filter(pk__in=attended.values("participant_id"))
    counts = ParticipantCount.objects.filter(activity__in=activities.values("pk"))
    if kind:
        named, counts = named.filter(kind=kind), counts.filter(kind=kind)
    named = named.annotate(activities=Count("attendance", filter=Q(attendance__activity__in=activities.values("pk"))))
    value = Decimal(named.count() + (counts.aggregate(total=Sum("count"))["total"] or 0))
    extra = [(_("Participants counted, not named"), counts.select_related("activity").order_by("activity__held_on"),
              COUNT_COLUMNS)]  # fmt: skip
    return Measure(value, named.order_by("full_name"), PARTICIPANT_COLUMNS, extra)


def micro_entrepreneurs(goal: NationalGoal) -> Measure:
    """Micro-entrepreneurs reached by any activity in the period."""
    return _people(goal, _activities(goal), ParticipantType.MICRO_ENTREPRENEUR)


def people_trained(goal: NationalGoal) -> Measure:
    """People in trainings, workshops, scholarships and internships of the period (of the goal's type, if any)."""
    return _people(goal, _activities(goal, TRAINING_KINDS), goal.participant_type or None)


INSTALLATION_COLUMNS = [(_("Installation"), "name"), (_("Company"), "company"), (_("Region"), "region")]


def reporting_installations(goal: NationalGoal) -> Measure:
    """Installations with sustainability-indicator figures for a year of the period."""
    from limpia.mrv import queries as mrv

    version = mrv.current_version()
    if version is None:
        return Measure(None)
    figures = mrv.figures(version, accepted_only=False).filter(year__gte=goal.starts_on.year,
                                                                year__lte=goal.ends_on.year)  # fmt: skip
    records = Installation.objects.filter(_region(goal, "region_id"), pk__in=figures.values("installation_id"))
    return _count(records.select_related("company", "region").order_by("name"), INSTALLATION_COLUMNS)


def success_cases(goal: NationalGoal) -> Measure:
    records = SuccessCase.objects.filter(_in_period(goal, "published_on"), status=CaseStatus.PUBLISHED)
    records = records.filter(_region(goal, "company__comuna__region_id")).select_related("company", "agreement")
    return _count(records.order_by("published_on"), [(_("Case"), "title"), (_("Company"), "company"),
                                                     (_("Published on"), "published_on")])  # fmt: skip


@dataclass(frozen=True)
class ReductionRow:
    installation: object
    year: int
    reduction_t: Decimal
    counted: bool


class ReductionRows(Sequence):
    """The installation-years of a reductions goal, named only for the slice shown (a page of the drill-down)."""

    def __init__(self, items: list):
        self.items = items  # sorted by year, then largest reduction first

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        chosen = self.items[index] if isinstance(index, slice) else [self.items[index]]
        names = Installation.objects.in_bulk({i.installation_id for i in chosen})
        rows = [ReductionRow(names[i.installation_id], i.year, i.reduction_t.quantize(Decimal("0.01")), i.counted)
                for i in chosen]  # fmt: skip
        return rows if isinstance(index, slice) else rows[0]


def reduced(first_year: int, last_year: int, region_id: int | None = None) -> tuple[Decimal | None, list]:
    """Accepted reductions against the baselines in those years (claims elsewhere left out): the APL total
    and the installation-years behind it; (None, []) without figures."""
    from limpia.mrv import queries as mrv

    version = mrv.current_version()
    if version is None:
        return None, []
    qs = mrv.figures(version).filter(year__gte=first_year, year__lte=last_year)
    if region_id:
        qs = qs.filter(installation__region_id=region_id)
    items = _reductions(qs, version)
    if not items:
        return None, []
    return sum((i.reduction_t for i in items if i.counted), Decimal(0)).quantize(Decimal("0.1")), items


def tco2e_reduced(goal: NationalGoal) -> Measure:
    """Accepted reductions against the baselines in the years of the period, claims elsewhere left out."""
    total, items = reduced(goal.starts_on.year, goal.ends_on.year, goal.region_id)
    if total is None:
        return Measure(None)
    return Measure(total, ReductionRows(items), [(_("Installation"), "installation"), (_("Year"), "year"),
                                 (_("Reduction (t CO2e)"), "reduction_t"), (_("Counted"), "counted")])  # fmt: skip


def _reductions(qs: QuerySet, version) -> list:
    """The installation-years' reductions, kept an hour for the same inputs: the figures (a recalculation writes
    new rows), the claims and the baselines (every change of a diagnosis adds a history row) name the key."""
    import hashlib

    from django.core.cache import cache

    from limpia.agreements.models import InitialDiagnosis
    from limpia.mrv import queries as mrv
    from limpia.mrv.models import Claim

    marks = [qs.aggregate(m=Max("pk"), n=Count("pk")), Claim.objects.aggregate(m=Max("pk"), n=Count("pk")),
             InitialDiagnosis.history.aggregate(m=Max("history_id"))]  # fmt: skip
    key = "goals:reductions:" + hashlib.sha256(f"{version.pk}{marks}{qs.query}".encode()).hexdigest()
    items = cache.get(key)
    if items is None:
        items = sorted(mrv.reductions(qs), key=lambda i: (i.year, -i.reduction_t))
        cache.set(key, items, 3600)
    return items


INDICATORS: dict[str, Callable[[NationalGoal], Measure]] = {
    Indicator.NEW_COMPANIES: new_companies,
    Indicator.NEW_COMPANIES_NEW_AGREEMENTS: new_companies_new_agreements,
    Indicator.SMES_CERTIFIED: smes_certified,
    Indicator.CERTIFIED_SHARE: certified_share,
    Indicator.REGIONS_WITH_COMMITTEE: regions_with_committee,
    Indicator.REGIONS_WITH_PROGRAM: regions_with_program,
    Indicator.FINANCING_LINES: financing_lines,
    Indicator.COMMUNITY_AGREEMENTS: community_agreements,
    Indicator.TERRITORIES: territories,
    Indicator.MICRO_ENTREPRENEURS: micro_entrepreneurs,
    Indicator.PEOPLE_TRAINED: people_trained,
    Indicator.REPORTING_INSTALLATIONS: reporting_installations,
    Indicator.SUCCESS_CASES: success_cases,
    Indicator.TCO2E_REDUCED: tco2e_reduced,
}
PERCENT = {Indicator.CERTIFIED_SHARE}


def measure(goal: NationalGoal, region: Region | None = None) -> Measure:
    """The goal's value and records; those of one region for a national goal measured in `region`."""
    if region is not None and goal.region_id is None:
        goal = in_region(goal, region)
    return INDICATORS[goal.indicator](goal)


@dataclass
class GoalStatus:
    """A goal's value and pace; for a national goal seen from a region, the region's value and its contribution
    (its share of the national value) instead: the target and its pace belong to the whole country."""

    goal: NationalGoal
    measure: Measure
    pace: calculations.Pace | None
    region: Region | None = None  # the region a national goal is seen from
    national_value: Decimal | None = None
    contribution: Decimal | None = None  # percent of the national value; None for a rate (not additive)

    @property
    def percent_unit(self) -> bool:
        return self.goal.indicator in PERCENT

    @property
    def regional_view(self) -> bool:
        return self.region is not None


def in_region(goal: NationalGoal, region: Region) -> NationalGoal:
    """A copy of a national goal that counts the records of one region (the goal itself is left as it is)."""
    local = copy.copy(goal)
    local.region_id, local.region = region.pk, region
    return local


def status(goal: NationalGoal, today: date, region: Region | None = None) -> GoalStatus:
    """The goal with its value and, when it has one, its progress and pace. Seen from `region`, a national goal
    shows the region's value and contribution and no pace (the pace needed is the country's, not the region's);
    a regional goal keeps its own value and pace whatever region is chosen."""
    if region is not None and goal.region_id is None:
        found, national = measure(in_region(goal, region)), measure(goal)
        share = None if goal.indicator in PERCENT else calculations.contribution_percent(found.value, national.value)
        return GoalStatus(goal, found, None, region, national.value, share)
    found = measure(goal)
    pace = None
    if found.has_data:
        pace = calculations.pace(found.value, goal.baseline, goal.target, goal.starts_on, goal.ends_on, today)
    return GoalStatus(goal, found, pace)
