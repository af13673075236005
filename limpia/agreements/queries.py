"""Scope rules of the agreements (see limpia.core.scoping) and their read queries."""

from django.db.models import Count, Q, QuerySet

from limpia.agreements.choices import AdhesionStatus, Stage
from limpia.agreements.models import (
    Action, Adhesion, Agreement, AgreementDocument, CommitteeMember, Extension, Goal, InitialDiagnosis, Meeting, Term,
)  # fmt: skip
from limpia.core.scoping import NOTHING, VIEW, Scopes, scope_rule


LINK_COLUMNS = {"regions": "region_id", "associations": "association_id", "agencies": "agency_id"}


def _through(field: str, ids) -> Q:
    """Agreements linked to `ids` through the many-to-many `field`, as a subquery (no duplicate rows)."""
    links = getattr(Agreement, field).through.objects.filter(**{f"{LINK_COLUMNS[field]}__in": ids})
    return Q(pk__in=links.values("agreement_id"))


@scope_rule(Agreement)
def agreement_rule(s: Scopes, action: str) -> Q:
    """Regional coordinators: agreements of their regions (and national ones, to read); associations and
    agencies: those they signed; companies: those they adhere to and those open for adhesion."""
    q = _through("regions", s.region_ids) if s.region_ids else NOTHING
    if action != VIEW:
        return q
    if s.region_ids:
        q |= Q(national_scope=True)
    if s.association_ids:
        q |= _through("associations", s.association_ids)
    if s.agency_ids:
        q |= _through("agencies", s.agency_ids)
    if s.company_ids:
        q |= Q(stage=Stage.ADHESION) | Q(
            pk__in=Adhesion.objects.filter(company_id__in=s.company_ids).values("agreement_id")
        )
    return q


def _of_agreement(prefix: str):
    def rule(s: Scopes, action: str) -> Q:
        return Q(**{f"{prefix}__in": Agreement.objects.filter(agreement_rule(s, action))})

    return rule


for _model, _prefix in [
    (Term, "agreement"), (Extension, "agreement"), (AgreementDocument, "agreement"), (CommitteeMember, "agreement"),
    (Meeting, "agreement"), (Goal, "agreement"), (Action, "goal__agreement"),
]:  # fmt: skip
    scope_rule(_model)(_of_agreement(_prefix))


@scope_rule(Adhesion)
def adhesion_rule(s: Scopes, action: str) -> Q:
    """Companies their own; regional coordinators those of installations in their regions; the
    signatory association and agencies those of their agreements (to read and decide)."""
    q = Q(company_id__in=s.company_ids) | Q(installation__region_id__in=s.region_ids)
    if s.association_ids:
        q |= Q(agreement__in=Agreement.objects.filter(_through("associations", s.association_ids)))
    if action == VIEW and s.agency_ids:
        q |= Q(agreement__in=Agreement.objects.filter(_through("agencies", s.agency_ids)))
    return q


@scope_rule(InitialDiagnosis)
def diagnosis_rule(s: Scopes, action: str) -> Q:
    return Q(adhesion__in=Adhesion.objects.filter(adhesion_rule(s, action)))


def agreements_listing(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related("sectors", "associations").annotate(
        adhered=Count("adhesions", filter=Q(adhesions__status=AdhesionStatus.APPROVED), distinct=True)
    )
