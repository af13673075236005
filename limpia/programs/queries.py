"""Scope rules of the programs (see limpia.core.scoping) and their read queries."""

from datetime import date
from decimal import Decimal

from django.db.models import Expression, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate

from limpia.agreements.models import Agreement
from limpia.agreements.queries import agreement_rule
from limpia.core.scoping import NOTHING, VIEW, Scopes, scope_rule
from limpia.programs import calculations
from limpia.programs.choices import CaseStatus, Currency, ExpenseStatus
from limpia.programs.models import (
    Activity,
    AgendaGoal,
    Application,
    Call,
    CommitteeMeeting,
    CommitteeMembership,
    FundingLine,
    InvestmentProject,
    NationalGoal,
    RegionalCommittee,
    SuccessCase,
    Territory,
    UFValue,
)  # fmt: skip

# Who consults the inspection view: agency validators (enforcement), regional coordinators and national staff.
INSPECTORS = frozenset({"national_staff", "regional_coordinator", "agency_validator"})


def _read_all(s: Scopes, action: str) -> Q:
    """Policy records every signed-in user reads; national staff change them."""
    return Q() if action == VIEW and s.authenticated else NOTHING


for _model in (NationalGoal, FundingLine, Call):
    scope_rule(_model)(_read_all)


def _of_region(prefix: str):
    """Read by every signed-in user; changed by national staff and the region's coordinators."""

    def rule(s: Scopes, action: str) -> Q:
        if action == VIEW and s.authenticated:
            return Q()
        return Q(**{f"{prefix}__in": s.region_ids}) if s.region_ids else NOTHING

    return rule


for _model, _prefix in [
    (RegionalCommittee, "region_id"),
    (CommitteeMembership, "committee__region_id"),
    (CommitteeMeeting, "committee__region_id"),
    (AgendaGoal, "committee__region_id"),
    (Activity, "region_id"),
]:
    scope_rule(_model)(_of_region(_prefix))


@scope_rule(Application)
def application_rule(s: Scopes, action: str) -> Q:
    """The applicant company or association reads its own; regional coordinators those of their regions'
    companies, associations and agreements, which they evaluate with national staff."""
    regional = (
        Q(company__comuna__region_id__in=s.region_ids)
        | Q(association__comuna__region_id__in=s.region_ids)
        | Q(agreement__regions__in=s.region_ids)
    )
    q = Q(pk__in=Application.objects.filter(regional).values("pk")) if s.region_ids else NOTHING
    if action == VIEW:
        q |= Q(company_id__in=s.company_ids) | Q(association_id__in=s.association_ids)
    return q


@scope_rule(SuccessCase)
def case_rule(s: Scopes, action: str) -> Q:
    """Published cases are read by everyone signed in; drafts by their company, association and region.
    The company changes its own (its service keeps it to drafts); the region's coordinators review."""
    own = Q(company_id__in=s.company_ids) | Q(company__comuna__region_id__in=s.region_ids)
    if action != VIEW:
        return own
    if not s.authenticated:
        return NOTHING
    return own | Q(status=CaseStatus.PUBLISHED) | _of_agreement(s, VIEW)


def _of_agreement(s: Scopes, action: str) -> Q:
    return Q(agreement__in=Agreement.objects.filter(agreement_rule(s, action)).values("pk"))


for _model in (Territory, InvestmentProject):
    scope_rule(_model)(_of_agreement)


# --- Money ----------------------------------------------------------------------------------------------------

CENTS = Decimal("0.01")


def uf_quote(day: date) -> tuple[date, Decimal] | None:
    """(day used, value) of the UF for `day`: its own value or, when none is loaded, the nearest earlier one;
    None when nothing is loaded on or before it."""
    return UFValue.objects.filter(day__lte=day).order_by("-day").values_list("day", "value").first()


def with_uf(qs: QuerySet, day: str | Expression) -> QuerySet:
    """`qs` with the UF its rows' amounts are converted at, in the same query: `uf_for` (the row's day),
    `uf_date` and `uf_value` (that day's UF or the nearest earlier one loaded; null when there is none)."""
    loaded = UFValue.objects.filter(day__lte=OuterRef("uf_for")).order_by("-day")
    return qs.annotate(uf_for=F(day) if isinstance(day, str) else day).annotate(
        uf_date=Subquery(loaded.values("day")[:1]), uf_value=Subquery(loaded.values("value")[:1]))  # fmt: skip


def applications_in_pesos(qs: QuerySet) -> QuerySet:
    """Applications with the amount they stand for (`amount_of_record`: the award, else the amount requested)
    and the UF of its day: the day it was awarded, else the day it was submitted (America/Santiago)."""
    qs = qs.annotate(amount_of_record=Coalesce("awarded", "requested"))
    return with_uf(qs, Coalesce("awarded_on", TruncDate("created_at")))


def pesos(amount: Decimal, currency: str, row) -> calculations.InPesos | None:
    """A row's `amount` in pesos at the UF annotated by `with_uf`; None for UF without a value loaded."""
    # SQLite hands computed decimals back unrounded; amounts and UF values have two decimals.
    amount = amount.quantize(CENTS)
    if currency != Currency.UF:
        return calculations.InPesos(amount)
    if row.uf_value is None:
        return None
    return calculations.in_pesos(amount, row.uf_date, row.uf_value.quantize(CENTS))


def amount_reported(application: Application) -> Decimal:
    """What the project has reported spending in expense reports not rejected (submitted or approved)."""
    found = application.expenses.exclude(status=ExpenseStatus.REJECTED).aggregate(total=Sum("amount"))["total"]
    return found or Decimal(0)
