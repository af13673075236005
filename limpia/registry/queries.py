"""Scope rules of the registry (see limpia.core.scoping) and its read queries."""

import re

from django.db.models import Count, Q, QuerySet

from limpia.core.scoping import NOTHING, VIEW, Scopes, scope_rule
from limpia.registry.choices import MembershipState
from limpia.registry.models import (
    ActivityDivision,
    ActivitySection,
    Agency,
    Association,
    Company,
    Comuna,
    ContactPerson,
    EconomicActivity,
    Installation,
    Membership,
    Province,
    Region,
    Sector,
)


def _reference(scopes: Scopes, action: str) -> Q:
    """Territory and activity codes: readable by every signed-in user, changed by staff only."""
    return Q() if scopes.authenticated and action == VIEW else NOTHING


for _model in (Region, Province, Comuna, ActivitySection, ActivityDivision, EconomicActivity, Sector):
    scope_rule(_model)(_reference)


def member_company_ids(association_ids) -> QuerySet:
    """The companies that accepted membership of the associations: a request alone widens nothing."""
    return Membership.objects.accepted().filter(association_id__in=association_ids).values("company_id")


@scope_rule(Company)
def company_rule(s: Scopes, action: str) -> Q:
    """Own company; companies of the coordinator's regions; members of the association (view only)."""
    q = Q(pk__in=s.company_ids)
    if s.region_ids:
        q |= Q(comuna__region_id__in=s.region_ids)
        q |= Q(pk__in=Installation.objects.filter(region_id__in=s.region_ids).values("company_id"))
    if action == VIEW and s.association_ids:
        q |= Q(pk__in=member_company_ids(s.association_ids))
    return q


@scope_rule(Installation)
def installation_rule(s: Scopes, action: str) -> Q:
    q = Q(company_id__in=s.company_ids) | Q(region_id__in=s.region_ids)
    if action == VIEW and s.association_ids:
        q |= Q(company_id__in=member_company_ids(s.association_ids))
    return q


@scope_rule(Association)
def association_rule(s: Scopes, action: str) -> Q:
    """Associations are public actors: every signed-in user reads them; their coordinators edit them."""
    if action == VIEW:
        return Q() if s.authenticated else NOTHING
    return Q(pk__in=s.association_ids)


@scope_rule(Agency)
def agency_rule(s: Scopes, action: str) -> Q:
    if action == VIEW:
        return Q() if s.authenticated else NOTHING
    return Q(pk__in=s.agency_ids)


@scope_rule(Membership)
def membership_rule(s: Scopes, action: str) -> Q:
    """The association requests and withdraws; the company reads (and decides, see services.decide_membership)."""
    q = Q(association_id__in=s.association_ids)
    if action == VIEW:
        q |= Q(company_id__in=s.company_ids)
    return q


def pending_memberships(qs: QuerySet) -> QuerySet:
    """Requests still waiting for the company's answer, oldest first."""
    return (
        qs.filter(state=MembershipState.REQUESTED)
        .select_related("association", "company")
        .order_by("requested_at", "pk")
    )


@scope_rule(ContactPerson)
def contact_rule(s: Scopes, action: str) -> Q:
    """Personal data: only the people of organizations in the user's own scope."""
    return (
        Q(company__in=Company.objects.filter(company_rule(s, action)))
        | Q(association_id__in=s.association_ids)
        | Q(agency_id__in=s.agency_ids)
    )


SEARCH_MIN_CHARS = 3
SEARCH_RESULTS = 10


def company_search(text: str) -> QuerySet:
    """Companies whose RUT starts with, or whose name contains, `text`: RUT and name only, as the public
    directory shows them; nothing under three characters, ten at most (a picker, not a way to list the registry)."""
    text = text.strip()
    if len(text) < SEARCH_MIN_CHARS:
        return Company.objects.none()
    digits = re.sub(r"[^0-9kK]", "", text)
    body = digits[:-1] if "-" in text else digits
    q = Q(legal_name__icontains=text) | Q(trade_name__icontains=text)
    if len(body) >= SEARCH_MIN_CHARS:
        q |= Q(rut__startswith=body)
    return Company.objects.filter(q).only("rut", "legal_name").order_by("legal_name", "pk")[:SEARCH_RESULTS]


def companies_with_counts(qs: QuerySet) -> QuerySet:
    return (
        qs.select_related("comuna__region")
        .annotate(installation_count=Count("installations", distinct=True))
        .order_by("legal_name", "pk")
    )


def installations_listing(qs: QuerySet) -> QuerySet:
    return qs.select_related("company", "comuna", "region", "activity")
