"""Scope rules of audits and certificates (see limpia.core.scoping), and compliance by SQL aggregates."""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from limpia.agreements.models import Agreement
from limpia.agreements.queries import agreement_rule
from limpia.audits import calculations
from limpia.audits.calculations import Mode, Ratio
from limpia.audits.choices import AuditorStatus, LineState, ValidationState
from limpia.audits.models import (
    Assignment,
    Audit,
    AuditLine,
    Auditor,
    AuditorDocument,
    AuditorRelation,
    Certificate,
    CertificateBatch,
    Evidence,
    Survey,
)  # fmt: skip
from limpia.core.scoping import CHANGE, NOTHING, VIEW, Scopes, scope_rule
from limpia.registry.models import Membership


@scope_rule(Auditor)
def auditor_rule(s: Scopes, action: str) -> Q:
    """The registry is read by every signed-in user (approved auditors); an applicant reads their own
    record and, while under review, completes it. Decisions are national staff's."""
    own = Q(user_id=s.user_id) if s.user_id else NOTHING
    if action == VIEW:
        return own | (Q(status=AuditorStatus.APPROVED) if s.authenticated else NOTHING)
    return own & Q(status=AuditorStatus.APPLIED)


for _model in (AuditorDocument, AuditorRelation):
    scope_rule(_model)(lambda s, action: Q(auditor__user_id=s.user_id) if s.user_id else NOTHING)


def _agreement_readers(s: Scopes) -> Scopes:
    """The roles that read an agreement's audits as a whole: its region, signatory association and agencies
    (a company reads only its installations' part; an auditor only their assignments)."""
    return replace(s, company_ids=frozenset())


@scope_rule(Audit)
def audit_rule(s: Scopes, action: str) -> Q:
    agreements = Agreement.objects.filter(agreement_rule(_agreement_readers(s), action))
    q = Q(agreement__in=agreements)
    if action == VIEW:
        q |= Q(pk__in=Assignment.objects.filter(_own_assignments(s)).values("audit_id"))
    return q


def _own_assignments(s: Scopes) -> Q:
    q = Q(company_id__in=s.company_ids) if s.company_ids else NOTHING
    return q | Q(auditor__user_id=s.user_id) if s.user_id else q


@scope_rule(Assignment)
def assignment_rule(s: Scopes, action: str) -> Q:
    """Staff and regional coordinators assign; companies and auditors read their own part."""
    agreements = Agreement.objects.filter(agreement_rule(_agreement_readers(s), action))
    q = Q(audit__agreement__in=agreements)
    return q | _own_assignments(s) if action == VIEW else q


@scope_rule(AuditLine)
def line_rule(s: Scopes, action: str) -> Q:
    """Readers of the assignment read its lines; the assigned auditor fills them; staff review them."""
    agreements = Agreement.objects.filter(agreement_rule(_agreement_readers(s), action))
    q = Q(audit__agreement__in=agreements)
    if action == VIEW:
        q |= Q(assignment__in=Assignment.objects.filter(_own_assignments(s)))
    elif s.user_id:
        q |= Q(assignment__auditor__user_id=s.user_id)
    return q


@scope_rule(Evidence)
def evidence_rule(s: Scopes, action: str) -> Q:
    return Q(line__in=AuditLine.objects.filter(line_rule(s, action)))


@scope_rule(Certificate)
def certificate_rule(s: Scopes, action: str) -> Q:
    """Granting, suspending and revoking is national staff's; holders, regions and signatories read."""
    if action != VIEW:
        return NOTHING
    q = Q(company_id__in=s.company_ids) | Q(installation__region_id__in=s.region_ids)
    return q | Q(agreement__in=Agreement.objects.filter(agreement_rule(_agreement_readers(s), VIEW)))


@scope_rule(CertificateBatch)
def batch_rule(s: Scopes, action: str) -> Q:
    return Q(audit__in=Audit.objects.filter(audit_rule(s, CHANGE)))


@scope_rule(Survey)
def survey_rule(s: Scopes, action: str) -> Q:
    return Q(assignment__company_id__in=s.company_ids)


# --- Compliance -------------------------------------------------------------------------------------


def counted(mode: Mode) -> Q:
    """The lines that enter a figure: as filled (progress), or approved and, where required, validated."""
    if mode == Mode.PROGRESS:
        return Q()
    return Q(state=LineState.APPROVED, validation__in=[ValidationState.NOT_REQUIRED, ValidationState.ACCEPTED])


def tally(lines: QuerySet, keys: list[str], mode: Mode) -> list[dict]:
    """One SQL aggregate: per group of `keys`, the lines that apply and those that also comply."""
    base = counted(mode) & Q(applies=True)
    return list(
        lines.values(*keys)
        .annotate(applicable=Count("pk", filter=base), complying=Count("pk", filter=base & Q(complies=True)))
        .order_by(*keys)
    )


@dataclass(frozen=True)
class Row:
    """A figure of the compliance table and the filter of the lines behind it."""

    key: dict
    label: str
    detail: str
    ratio: Ratio
    lines_query: str


@dataclass(frozen=True)
class Average:
    label: str
    value: Decimal
    installations: int
    lines_query: str

    @property
    def percent(self) -> Decimal:
        return (self.value * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Compliance:
    mode: Mode
    installations: list[Row]
    actions: list[Row]
    goals: list[Row]
    companies: list[Average]
    associations: list[Average]
    agreement: Average


def _rows(lines, keys, mode, label, detail, query) -> list[Row]:
    return [
        Row(r, label(r), detail(r), Ratio(r["complying"], r["applicable"]), query(r)) for r in tally(lines, keys, mode)
    ]


def compliance(audit: Audit, mode: Mode, lines: QuerySet | None = None) -> Compliance:
    """The audit's compliance per installation, action, goal, company, association and agreement (domain.md
    §9) in a constant number of queries, whatever the number of lines. `lines` narrows it to a scope."""
    lines = AuditLine.objects.filter(audit=audit) if lines is None else lines
    suffix = f"&modo={mode.value}"
    installations = _rows(
        lines, ["assignment_id", "assignment__installation__name", "assignment__company_id",
                "assignment__company__legal_name"], mode,
        lambda r: r["assignment__installation__name"], lambda r: r["assignment__company__legal_name"],
        lambda r: f"asignacion={r['assignment_id']}{suffix}",
    )  # fmt: skip
    actions = _rows(
        lines, ["action__goal__number", "action__number", "action_id", "action__text"], mode,
        lambda r: f"{r['action__number']} {r['action__text'][:80]}", lambda r: "",
        lambda r: f"accion={r['action_id']}{suffix}",
    )  # fmt: skip
    goals = _rows(
        lines, ["action__goal__number", "action__goal_id", "action__goal__title"], mode,
        lambda r: f"{r['action__goal__number']}. {r['action__goal__title']}", lambda r: "",
        lambda r: f"meta={r['action__goal_id']}{suffix}",
    )  # fmt: skip
    return Compliance(
        mode, installations, actions, goals, _company_averages(installations, suffix),
        _association_averages(audit, installations, suffix),
        _average(audit.agreement.code, [r.ratio for r in installations], suffix.lstrip("&")),
    )  # fmt: skip


def _average(label: str, ratios: list[Ratio], query: str) -> Average:
    return Average(label, calculations.average(ratios), len(ratios), query)


def _company_averages(installations: list[Row], suffix: str) -> list[Average]:
    groups = defaultdict(list)
    for row in installations:
        groups[(row.key["assignment__company_id"], row.detail)].append(row.ratio)
    return [
        _average(name, ratios, f"empresa={pk}{suffix}") for (pk, name), ratios in sorted(groups.items(), key=_by_name)
    ]


def _by_name(item):
    return item[0][1]


def _association_averages(audit: Audit, installations: list[Row], suffix: str) -> list[Average]:
    """Each signatory association's mean over the installations of its member companies."""
    members = Membership.objects.filter(
        association__in=audit.agreement.associations.all(),
        company_id__in={r.key["assignment__company_id"] for r in installations},
    ).values_list("association_id", "association__name", "company_id")
    companies = defaultdict(set)
    for pk, name, company in members:
        companies[(pk, name)].add(company)
    return [
        _average(name, [r.ratio for r in installations if r.key["assignment__company_id"] in ids],
                 f"gremio={pk}{suffix}")
        for (pk, name), ids in sorted(companies.items(), key=_by_name)
    ]  # fmt: skip


@dataclass(frozen=True)
class InstallationOutcome:
    """What an installation of a certification audit earns (domain.md §9)."""

    assignment_id: int
    ratio: Ratio
    certified: bool
    conditional: bool
    level: str | None


def outcomes(audit: Audit) -> list[InstallationOutcome]:
    """Certification outcome of every installation of the audit, from one aggregate query: 100 % of the
    approved (and validated) lines; for standards the highest level reached; optionally above 75 % with
    a corrective plan."""
    agreement = audit.agreement
    order, thresholds = agreement.level_thresholds()
    base = counted(Mode.CERTIFICATION) & Q(applies=True)
    failing = {
        f"failing_{i}": Count(
            "pk", filter=base & Q(complies=False, action__mandatory_for_level=True, action__level__in=order[: i + 1])
        )
        for i in range(len(order))
    }
    rows = (
        AuditLine.objects.filter(audit=audit)
        .values("assignment_id", "assignment__corrective_plan", "assignment__plan_deadline")
        .annotate(
            applicable=Count("pk", filter=base), complying=Count("pk", filter=base & Q(complies=True)),
            possible=Sum("action__points", filter=base), earned=Sum("action__points", filter=base & Q(complies=True)),
            **failing,
        )
        .order_by("assignment_id")
    )  # fmt: skip
    return [_outcome(r, agreement, order, thresholds) for r in rows]


def _outcome(row: dict, agreement, order, thresholds) -> InstallationOutcome:
    ratio = Ratio(row["complying"], row["applicable"])
    if order:
        share = Decimal(row["earned"] or 0) / row["possible"] if row["possible"] else Decimal(0)
        failing = {level: row[f"failing_{i}"] for i, level in enumerate(order)}
        level = calculations.level_reached(share, failing, thresholds, order)
        return InstallationOutcome(row["assignment_id"], ratio, level is not None, False, level)
    has_plan = bool(row["assignment__corrective_plan"].strip() and row["assignment__plan_deadline"])
    result = calculations.certify(ratio, allow_75_with_plan=agreement.certify_above_75_with_plan, has_plan=has_plan)
    return InstallationOutcome(row["assignment_id"], ratio, result.certified, result.conditional, None)


def state_counts(lines: QuerySet) -> list[tuple[str, str, int]]:
    """(state, label, lines) in the lifecycle's order, from one query."""
    counts = dict(lines.values_list("state").annotate(n=Count("pk")).order_by())
    return [(state, label, counts[state]) for state, label in LineState.choices if state in counts]


def auditor_ratings(auditors: QuerySet) -> QuerySet:
    """Auditors with their survey count and mean score (1–5) over the three questions."""
    from django.db.models import Avg, F

    return auditors.annotate(
        survey_count=Count("surveys", distinct=True),
        rating=Avg((F("surveys__punctuality") + F("surveys__clarity") + F("surveys__professionalism")) / 3.0),
    )
