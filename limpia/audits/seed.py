"""Synthetic auditors, audits, lines and certificates: agreements past implementation have their final audit
(closed and certified from the certification stage on); the demo association's agreement in implementation
has an open follow-up audit assigned to the demo auditor.

Certificates follow the certification rule (domain.md §9, calculations.certification). Planted, so that each
case can be shown: in the first closed final audit, one installation certified, one not certified because of a
rejected line, and one holding a certificate granted under the old rule (which dropped the rejected line: it is
listed by `limpia review_certificates`); in the first open final audit, one installation blocked by a line still
in review."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from limpia.accounts.models import User
from limpia.agreements import calculations
from limpia.agreements.choices import AdhesionStatus, Stage
from limpia.agreements.models import Action, Adhesion, Agreement
from limpia.audits import calculations as compliance
from limpia.audits.choices import AuditKind, AuditorStatus, AuditStatus, LineState, ValidationState
from limpia.audits.models import Assignment, Audit, AuditLine, Auditor, Certificate
from limpia.core.rut import make_rut
from limpia.registry.models import Sector

CERTIFIED_STAGES = {Stage.CERTIFICATION, Stage.MAINTENANCE, Stage.IMPACT, Stage.CLOSED}
AUDITED_STAGES = CERTIFIED_STAGES | {Stage.FINAL_AUDIT, Stage.VALIDATION}
AUDITORS = {"demo": 12, "national": 120, "x10": 1_200}
NAMES = [
    "Paulina Vidal", "Jorge Araya", "Camila Soto", "Matías Reyes", "Valentina Muñoz", "Felipe Castro",
    "Daniela Torres", "Ignacio Flores", "Francisca Silva", "Tomás Morales", "Javiera Rojas", "Benjamín Díaz",
]  # fmt: skip
REASON = "Datos sintéticos"
REJECTED_WHY = "Evidencia insuficiente: el registro no cubre el periodo auditado"
CERTIFIED, REJECTED, OLD_RULE, BLOCKED = "certified", "rejected", "old rule", "blocked"


def run(ctx) -> None:
    ctx.out.write("Auditorías y certificados:\n")
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    auditors = _auditors(ctx, by)
    today = timezone.localdate()
    audited = list(
        Agreement.objects.filter(stage__in=AUDITED_STAGES).prefetch_related("sectors").order_by("pk")
    ) + list(_demo_agreement())
    audits = [_audit(a, by, today) for a in audited]
    bulk_create_with_history(audits, Audit, default_user=by, default_change_reason=REASON)
    lines, certificates = _scope(ctx, audits, auditors, today)
    ctx.progress("líneas de auditoría", len(lines), len(lines))
    bulk_create_with_history(certificates, Certificate, batch_size=2000, default_user=by, default_change_reason=REASON)
    ctx.progress("certificados", len(certificates), len(certificates))


def _demo_agreement():
    """The demo association's agreement in implementation (the demo auditor's open audit)."""
    from limpia.accounts.choices import Role
    from limpia.accounts.models import RoleAssignment

    role = RoleAssignment.objects.filter(role=Role.ASSOCIATION_COORDINATOR, user__email="gremio@limpia.demo").first()
    if role is None:
        return []
    return Agreement.objects.filter(associations=role.association, stage=Stage.IMPLEMENTATION).order_by("pk")[:1]


def _auditors(ctx, by) -> list[Auditor]:
    rng, today = ctx.rng, timezone.localdate()
    demo_user = User.objects.filter(email="auditor@limpia.demo").first()
    auditors = []
    for i in range(AUDITORS[ctx.scale.name]):
        lapsed = i % 10 == 9
        name = f"{NAMES[i % len(NAMES)]} {i // len(NAMES) + 1}".removesuffix(" 1")
        auditors.append(Auditor(
            user=demo_user if i == 0 else None, full_name=name,
            rut=make_rut(9_000_000 + 7919 * i), email=f"auditor{i}@auditores.cl", profession="Ingeniero(a) ambiental",
            status=AuditorStatus.APPROVED, approved_on=today - timedelta(days=rng.randint(200, 1000)),
            valid_until=today - timedelta(days=20) if lapsed else today + timedelta(days=rng.randint(60, 900)),
        ))  # fmt: skip
    created = bulk_create_with_history(auditors, Auditor, default_user=by, default_change_reason=REASON)
    sectors = list(Sector.objects.all())
    links = []
    for i, auditor in enumerate(created):
        chosen = sectors if i == 0 else rng.sample(sectors, k=3)
        links += [Auditor.sectors.through(auditor_id=auditor.pk, sector_id=s.pk) for s in chosen]
    Auditor.sectors.through.objects.bulk_create(links)
    ctx.progress("auditores", len(created), len(created))
    return [a for a in created if a.valid_until >= today]


def _audit(agreement: Agreement, by, today) -> Audit:
    clock = agreement.clock_started_on or today
    final = agreement.stage in AUDITED_STAGES
    opens = calculations.add_months(clock, agreement.implementation_months if final else 9)
    closed = agreement.stage in CERTIFIED_STAGES
    closed_on = min(min(opens, today) + timedelta(days=60), today, agreement.certified_on or today)
    closed_at = timezone.make_aware(datetime.combine(closed_on, time(18)))
    return Audit(
        agreement=agreement, kind=AuditKind.FINAL if final else AuditKind.FOLLOW_UP, number=1, opened_by=by,
        opens_on=min(opens, today), closes_on=min(opens, today) + timedelta(days=60), for_certification=final,
        requires_validation=final and agreement.requires_agency_validation,
        status=AuditStatus.CLOSED if closed else AuditStatus.OPEN,
        closed_by=by if closed else None, closed_at=closed_at if closed else None,
    )  # fmt: skip


def _scope(ctx, audits, auditors, today):
    rng = ctx.rng
    actions = {}
    for action in Action.objects.filter(goal__agreement__in=[a.agreement_id for a in audits]).select_related("goal"):
        actions.setdefault(action.goal.agreement_id, []).append(action)
    adhesions = {}
    for adhesion in Adhesion.objects.filter(
        agreement__in=[a.agreement_id for a in audits], status=AdhesionStatus.APPROVED
    ).select_related("installation__activity"):
        adhesions.setdefault(adhesion.agreement_id, []).append(adhesion)
    demo_auditor = auditors[0]
    assignments = []
    for audit in audits:
        pool = [demo_auditor] if audit.kind == AuditKind.FOLLOW_UP else auditors
        for adhesion in adhesions.get(audit.agreement_id, []):
            auditor = rng.choice(pool)
            assignments.append(Assignment(audit=audit, adhesion=adhesion, installation_id=adhesion.installation_id,
                                          company_id=adhesion.company_id, auditor=auditor))  # fmt: skip
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    planted = _planted(audits, assignments)
    lines, certificates = [], []
    numbers = {}
    for assignment in assignments:
        made = _lines(rng, assignment, actions.get(assignment.audit.agreement_id, []), today)
        case = planted.get(assignment.pk)
        if case:
            _plant(made, case)
        lines += made
        earned = compliance.certification([_pure(line) for line in made]).certified or case == OLD_RULE
        if assignment.audit.status == AuditStatus.CLOSED and made and earned:
            numbers[assignment.audit.agreement_id] = numbers.get(assignment.audit.agreement_id, 0) + 1
            certificates.append(_certificate(assignment, numbers[assignment.audit.agreement_id], today))
    AuditLine.objects.bulk_create(lines, batch_size=5000)
    return lines, certificates


def _lines(rng, assignment, actions, today) -> list[AuditLine]:
    audit, adhesion = assignment.audit, assignment.adhesion
    installation = adhesion.installation
    facts = {"installation_kind": installation.kind, "size_class": adhesion.size_class_at_adhesion,
             "activity_code": installation.activity.code if installation.activity_id else ""}  # fmt: skip
    closed, good = audit.status == AuditStatus.CLOSED, rng.random() < 0.7
    made = []
    for action in actions:
        if not calculations.applies(action.criteria, **facts):
            continue
        line = AuditLine(audit=audit, assignment=assignment, action=action)
        if closed or rng.random() < 0.4:
            applies = rng.random() < 0.93
            line.applies, line.complies = applies, (good or rng.random() < 0.85) if applies else None
            line.not_applicable_reason = "" if applies else "La instalación no tiene el proceso"
            line.evidence_date = min(audit.opens_on + timedelta(days=rng.randint(0, 40)), today)
            line.state = LineState.APPROVED if closed else LineState.IN_REVIEW
            line.validation = ValidationState.ACCEPTED if closed and audit.requires_validation else line.validation
        made.append(line)
    return made


def _planted(audits, assignments) -> dict[int, str]:
    """The assignments that show each case of the certification rule (see the module's docstring)."""
    finals = [a for a in audits if a.kind == AuditKind.FINAL]
    closed = next((a for a in finals if a.status == AuditStatus.CLOSED), None)
    still_open = next((a for a in finals if a.status == AuditStatus.OPEN), None)
    planted = {}
    for audit, cases in ((closed, [CERTIFIED, REJECTED, OLD_RULE]), (still_open, [BLOCKED])):
        scope = [a for a in assignments if a.audit is audit]
        planted |= {assignment.pk: case for assignment, case in zip(scope, cases, strict=False)}
    return planted


def _plant(made: list[AuditLine], case: str) -> None:
    """Every line applies, complies and is approved (validated where required); the last one is rejected
    (REJECTED, OLD_RULE) or still in review (BLOCKED)."""
    for line in made:
        line.applies, line.complies, line.not_applicable_reason = True, True, ""
        line.evidence_date = line.evidence_date or line.audit.opens_on
        line.state = LineState.APPROVED
        line.validation = ValidationState.ACCEPTED if line.audit.requires_validation else ValidationState.NOT_REQUIRED
    if case != CERTIFIED and made:
        last = made[-1]
        last.validation = ValidationState.NOT_REQUIRED
        last.state = LineState.IN_REVIEW if case == BLOCKED else LineState.REJECTED
        last.review_comments = "" if case == BLOCKED else REJECTED_WHY


def _pure(line: AuditLine) -> compliance.Line:
    return compliance.Line(
        installation="", action="", goal="", applies=line.applies, complies=line.complies,
        approved=line.state == LineState.APPROVED, rejected=line.state == LineState.REJECTED,
        validation_required=line.validation != ValidationState.NOT_REQUIRED,
        validation_accepted=line.validation == ValidationState.ACCEPTED,
        validation_refused=line.validation == ValidationState.REJECTED,
    )  # fmt: skip


def _certificate(assignment, number: int, today) -> Certificate:
    audit = assignment.audit
    agreement = audit.agreement
    issued = agreement.certified_on or audit.closes_on
    valid_until = calculations.add_months(issued, 12 * agreement.certificate_validity_years)
    return Certificate(
        number=f"{agreement.code}-C{number:05d}", agreement=agreement, installation_id=assignment.installation_id,
        company_id=assignment.company_id, audit=audit, compliance=100, issued_on=issued, valid_until=valid_until,
        state="valid" if valid_until >= today else "expired",
    )  # fmt: skip
