"""Scope rules of audits and certificates (see limpia.core.scoping), and compliance by SQL aggregates."""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from limpia.agreements.models import Agreement
from limpia.agreements.queries import agreement_rule
from limpia.audits import calculations
from limpia.audits.calculations import Mode, Ratio
from limpia.audits.choices import AuditorStatus, CertificateState, LineState, ReviewDecision, ValidationState
from limpia.audits.models import (
    Assignment,
    Audit,
    AuditLine,
    Auditor,
    AuditorDocument,
    AuditorRelation,
    Certificate,
    CertificateBatch,
    CertificateReview,
    Evidence,
    Survey,
)  # fmt: skip
from limpia.core.scoping import CHANGE, NOTHING, VIEW, Scopes, scope_rule, scopes_for
from limpia.registry.models import Membership


@scope_rule(Auditor)
def auditor_rule(s: Scopes, action: str) -> Q:
    """The registry is read by every signed-in user (approved auditors); an applicant reads their own
    record and, while under review, completes it. Decisions are national staff's."""
    own = Q(user_id=s.user_id) if s.user_id else NOTHING
    if action == VIEW:
        return own | (Q(status=AuditorStatus.APPROVED) if s.authenticated else NOTHING)
    return own & Q(status=AuditorStatus.APPLIED)


def sees_auditor_details(user, auditor: Auditor) -> bool:
    """Everyone signed in reads an auditor's name, registry status and competent sectors; the RUT, e-mail,
    profession, ratings, review notes, documents and declared relations are for the auditor and national staff."""
    scopes = scopes_for(user)
    return scopes.national or (scopes.user_id is not None and auditor.user_id == scopes.user_id)


def nameable_agreements(user, text: str = "") -> QuerySet:
    """Agreements an auditor may name in a declared relation: the public ones (signed, published) and those
    in the user's own scope, found by code or name."""
    from limpia.core.scoping import scope
    from limpia.portal.queries import published_agreements

    visible = Agreement.objects.filter(Q(pk__in=published_agreements().values("pk")) | Q(pk__in=scope(Agreement, user)))
    text = text.strip()
    return visible.filter(Q(code__icontains=text) | Q(name__icontains=text)) if text else visible


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


@scope_rule(CertificateReview)
def certificate_review_rule(s: Scopes, action: str) -> Q:
    """Reviews of certificates under the corrected rule are national staff's (who see everything)."""
    return NOTHING


@scope_rule(CertificateBatch)
def batch_rule(s: Scopes, action: str) -> Q:
    return Q(audit__in=Audit.objects.filter(audit_rule(s, CHANGE)))


@scope_rule(Survey)
def survey_rule(s: Scopes, action: str) -> Q:
    return Q(assignment__company_id__in=s.company_ids)


# --- Compliance -------------------------------------------------------------------------------------


ACCEPTED = Q(state=LineState.APPROVED, validation__in=[ValidationState.NOT_REQUIRED, ValidationState.ACCEPTED])
UNDECIDED = Q(state__in=[LineState.PENDING, LineState.IN_REVIEW, LineState.OBSERVED]) | Q(
    state=LineState.APPROVED, validation=ValidationState.PENDING
)


def counted(mode: Mode) -> Q:
    """The lines behind a figure: every line of the group in both modes. In certification mode none leaves
    the figure unnoticed: an undecided line blocks, a rejected or refused one lowers it, and an approved
    "does not apply" is shown as left out (calculations.in_figure)."""
    return Q()


def applicable(mode: Mode) -> Q:
    """The denominator (calculations.in_figure): lines that apply; certifying, every line but an accepted
    "does not apply"."""
    if mode == Mode.PROGRESS:
        return Q(applies=True)
    return Q(applies=True) | Q(applies__isnull=True) | ~ACCEPTED


def complying(mode: Mode) -> Q:
    """The numerator (calculations.complying): lines that apply and comply; certifying, also accepted."""
    q = Q(applies=True, complies=True)
    return q if mode == Mode.PROGRESS else q & ACCEPTED


def _counts(mode: Mode) -> dict:
    counts = {"applicable": Count("pk", filter=applicable(mode)), "complying": Count("pk", filter=complying(mode))}
    if mode == Mode.CERTIFICATION:
        counts["open"] = Count("pk", filter=UNDECIDED)
    return counts


def ratio_of(row: dict) -> Ratio:
    return Ratio(row["complying"], row["applicable"], row.get("open", 0))


def tally(lines: QuerySet, keys: list[str], mode: Mode) -> list[dict]:
    """One SQL aggregate: per group of `keys`, the lines in the denominator, those that comply and, certifying,
    those still undecided."""
    return list(lines.values(*keys).annotate(**_counts(mode)).order_by(*keys))


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
    value: Decimal | None  # None: no installation of the group has anything applicable ("no aplica")
    installations: int
    lines_query: str

    @property
    def percent(self) -> Decimal | None:
        return None if self.value is None else (self.value * 100).quantize(Decimal("0.1"))


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
        Row(r, label(r), detail(r), ratio_of(r), query(r)) for r in tally(lines, keys, mode)
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
    return Average(label, calculations.average(ratios), sum(1 for r in ratios if r.applicable), query)


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
    """Each signatory association's mean over the installations of its member companies (accepted members
    only: a pending request puts no company in an association's figures)."""
    members = Membership.objects.accepted().filter(
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

    @property
    def blocked(self) -> bool:
        return self.ratio.blocked


def outcomes(audit: Audit, assignments: list[int] | None = None) -> list[InstallationOutcome]:
    """Certification outcome of every installation of the audit (or of `assignments`), from one aggregate
    query: 100 % in certification mode; for standards the highest level reached; optionally above 75 % with
    a corrective plan; never while a line is undecided."""
    agreement = audit.agreement
    order, thresholds = agreement.level_thresholds()
    counts = _counts(Mode.CERTIFICATION)
    base, earning = applicable(Mode.CERTIFICATION), complying(Mode.CERTIFICATION)
    failing = {
        f"failing_{i}": Count(
            "pk", filter=base & ~earning & Q(action__mandatory_for_level=True, action__level__in=order[: i + 1])
        )
        for i in range(len(order))
    }
    lines = AuditLine.objects.filter(audit=audit)
    if assignments is not None:
        lines = lines.filter(assignment_id__in=assignments)
    rows = (
        lines.values("assignment_id", "assignment__corrective_plan", "assignment__plan_deadline")
        .annotate(
            **counts, possible=Sum("action__points", filter=base), earned=Sum("action__points", filter=earning),
            **failing,
        )
        .order_by("assignment_id")
    )  # fmt: skip
    return [_outcome(r, agreement, order, thresholds) for r in rows]


def _outcome(row: dict, agreement, order, thresholds) -> InstallationOutcome:
    ratio = ratio_of(row)
    if order:
        share = Decimal(row["earned"] or 0) / row["possible"] if row["possible"] else Decimal(0)
        failing = {level: row[f"failing_{i}"] for i, level in enumerate(order)}
        level = None if ratio.blocked else calculations.level_reached(share, failing, thresholds, order)
        return InstallationOutcome(row["assignment_id"], ratio, level is not None, False, level)
    has_plan = bool(row["assignment__corrective_plan"].strip() and row["assignment__plan_deadline"])
    result = calculations.certify(ratio, allow_75_with_plan=agreement.certify_above_75_with_plan, has_plan=has_plan)
    return InstallationOutcome(row["assignment_id"], ratio, result.certified, result.conditional, None)


@dataclass(frozen=True)
class CertificateCheck:
    """A certificate against the corrected rule (domain.md §9): what its installation earns today from the
    lines of the audit that granted it, and the lines behind any difference."""

    certificate: Certificate
    outcome: InstallationOutcome | None  # None: the installation has no lines in that audit
    lines: list  # the lines that are not approved-and-complying (rejected, refused, undecided or failing)

    @property
    def holds(self) -> bool:
        """The stored figure is what the rule gives today, and the certificate is still earned."""
        o = self.outcome
        return bool(o and o.certified and o.ratio.percent == self.certificate.compliance
                    and (o.level or "") == self.certificate.level and o.conditional == self.certificate.conditional)

    @property
    def percent(self) -> Decimal | None:
        return self.outcome.ratio.percent if self.outcome else None


def certificate_checks(certificates: QuerySet) -> list[CertificateCheck]:
    """Each certificate with its recomputed outcome: one aggregate query per audit that granted them, one for
    the installations' assignments and one for the lines behind the stale ones."""
    certificates = list(certificates.select_related("agreement", "installation", "company", "audit__agreement"))
    keys = Assignment.objects.filter(audit__in={c.audit_id for c in certificates}).values_list(
        "audit_id", "installation_id", "pk"
    )
    assignment_of = {(audit, installation): pk for audit, installation, pk in keys}
    results = {}
    for audit in {c.audit_id: c.audit for c in certificates}.values():
        results |= {o.assignment_id: o for o in outcomes(audit)}
    checks = [
        CertificateCheck(c, results.get(assignment_of.get((c.audit_id, c.installation_id))), [])
        for c in certificates
    ]
    return _with_lines(checks, assignment_of)


def _with_lines(checks: list[CertificateCheck], assignment_of: dict) -> list[CertificateCheck]:
    """The lines behind each stale check: in the figure but not complying in certification mode."""
    stale = {
        assignment_of.get((c.certificate.audit_id, c.certificate.installation_id)): c for c in checks if not c.holds
    }
    behind = (
        AuditLine.objects.filter(assignment_id__in=[pk for pk in stale if pk])
        .filter(applicable(Mode.CERTIFICATION)).exclude(complying(Mode.CERTIFICATION))
        .select_related("action").order_by("assignment_id", "action__goal__number", "action__number")
    )  # fmt: skip
    for line in behind:
        stale[line.assignment_id].lines.append(line)
    return checks


def stale_certificates(certificates: QuerySet | None = None) -> list[CertificateCheck]:
    """Valid certificates whose stored compliance no longer holds and that staff have not yet confirmed."""
    certificates = Certificate.objects.all() if certificates is None else certificates
    pending = certificates.filter(state=CertificateState.VALID).exclude(reviews__decision=ReviewDecision.CONFIRMED)
    return [check for check in certificate_checks(pending.order_by("agreement__code", "number")) if not check.holds]


def undecided_actions(audit: Audit, assignments: list[int], limit: int = 5) -> dict[int, list[str]]:
    """Per installation in audit, the action numbers of its first undecided lines (one query)."""
    found = defaultdict(list)
    rows = (
        AuditLine.objects.filter(UNDECIDED, audit=audit, assignment_id__in=assignments)
        .order_by("assignment_id", "action__goal__number", "action__number")
        .values_list("assignment_id", "action__number")
    )  # fmt: skip
    for assignment, number in rows:
        found[assignment].append(number)
    return {pk: numbers[:limit] + (["…"] if len(numbers) > limit else []) for pk, numbers in found.items()}


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
