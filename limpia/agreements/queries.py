"""Scope rules of the agreements (see limpia.core.scoping) and their read queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from limpia.agreements import calculations
from limpia.agreements.choices import AdhesionStatus, DueKind, Stage
from limpia.agreements.models import (
    Action,
    Adhesion,
    Agreement,
    AgreementDocument,
    CommitteeMember,
    Extension,
    Goal,
    InitialDiagnosis,
    Meeting,
    Term,
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


def applicable_actions(adhesion: Adhesion) -> list[Action]:
    """The actions of the agreement that apply to this adhered installation (domain.md §7)."""
    installation = adhesion.installation
    code = installation.activity.code if installation.activity_id else ""
    actions = Action.objects.filter(goal__agreement_id=adhesion.agreement_id).select_related("goal")
    facts = {
        "installation_kind": installation.kind,
        "size_class": adhesion.size_class_at_adhesion,
        "activity_code": code,
    }
    return [a for a in actions if calculations.applies(a.criteria, **facts)]


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    label: str
    sequence: int
    day: date
    before_extension: date | None

    @property
    def moved(self) -> bool:
        return self.before_extension is not None and self.before_extension != self.day


def agreement_calendar(agreement: Agreement) -> list[CalendarEntry]:
    """Every due date of the agreement, with the date it had before any extension."""
    rules, anchors = agreement.term_rules(), agreement.anchors()
    roll = agreement.roll_to_business_day
    extensions = [e.as_extension() for e in agreement.extensions.all()]
    original = {(d.kind, d.sequence): d.day for d in calculations.due_dates(rules, anchors, roll_to_business_day=roll)}
    return [
        CalendarEntry(d.kind, str(DueKind(d.kind).label), d.sequence, d.day, original.get((d.kind, d.sequence)))
        for d in calculations.due_dates(rules, anchors, extensions=extensions, roll_to_business_day=roll)
    ]
