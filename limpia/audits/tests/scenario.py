"""A hand-computed audit on the world's agreement A (domain.md §9), built through the services.

Installations P1 (Planta A) and P2 (Planta A2), both of company A; actions 1.1 and 1.3 (goal 1) and 2.1
(goal 2) apply to both: six lines; the audit requires agency validation.

    line      P1                               P2
    1.1       applies, complies, approved, ✓   applies, complies, approved, ✓
    1.3       does not apply (reason), approved, ✓   applies, complies, still in review
    2.1       applies, does not comply, approved, ✓   applies, complies, approved, awaiting validation

Certification mode: P1 = 1/2 = 50 %, P2 = 1/1 = 100 %; goal 1 = 2/2, goal 2 = 0/1; company A and
association A and the agreement = (50 + 100) / 2 = 75 %. Progress mode: P1 = 1/2, P2 = 3/3.
"""

from dataclasses import dataclass

from django.utils import timezone

from limpia.agreements import services as agreement_services
from limpia.agreements.models import Adhesion
from limpia.audits import services
from limpia.audits.choices import AuditKind
from limpia.registry.models import Installation


@dataclass
class Scenario:
    audit: object
    p1: object
    p2: object
    lines: dict


def build(world) -> Scenario:
    staff, auditor, validator = world.users["staff"], world.users["auditor"], world.users["validator"]
    a = world.a
    goal2 = agreement_services.create_goal(a.agreement, by=staff, number=2, title="Residuos")
    agreement_services.create_action(goal2, by=staff, number="2.1", text="Acción 2.1", verification_means="Registro",
                                     deadline_value=6)  # fmt: skip
    second = Installation.objects.create(company=a.company, name="Planta A2", comuna=a.installation.comuna)
    Adhesion.objects.create(agreement=a.agreement, installation=second, company=a.company, status="approved",
                            size_class_at_adhesion="small", requested_by=staff, decided_at=timezone.now())  # fmt: skip
    audit = services.open_audit(a.agreement, by=staff, kind=AuditKind.FOLLOW_UP, requires_validation=True)
    services.assign_auditor(audit.assignments.all(), by=staff, auditor=a.auditor)
    lines = {(line.assignment.installation.name, line.action.number): line
             for line in audit.lines.select_related("assignment__installation", "action", "audit")}  # fmt: skip
    today = timezone.localdate()
    answers = {
        ("Planta A", "1.1"): (True, True, ""), ("Planta A", "1.3"): (False, None, "No tiene calderas"),
        ("Planta A", "2.1"): (True, False, ""), ("Planta A2", "1.1"): (True, True, ""),
        ("Planta A2", "1.3"): (True, True, ""), ("Planta A2", "2.1"): (True, True, ""),
    }  # fmt: skip
    for key, (applies, complies, reason) in answers.items():
        services.fill_line(lines[key], by=auditor, applies=applies, complies=complies, reason=reason,
                           evidence_date=today)  # fmt: skip
    for key in answers:
        if key != ("Planta A2", "1.3"):
            services.review_line(lines[key], by=staff, decision="approve")
    for key in answers:
        if key not in {("Planta A2", "1.3"), ("Planta A2", "2.1")}:
            services.validate_line(lines[key], by=validator, accept=True)
    p1, p2 = (audit.assignments.get(installation__name=name) for name in ("Planta A", "Planta A2"))
    return Scenario(audit, p1, p2, lines)
