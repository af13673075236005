"""Scope rules of the programs (see limpia.core.scoping) and their read queries."""

from django.db.models import Q

from limpia.agreements.models import Agreement
from limpia.agreements.queries import agreement_rule
from limpia.core.scoping import NOTHING, VIEW, Scopes, scope_rule
from limpia.programs.choices import CaseStatus
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
