"""Audits for the two-scope world: each side's agreement gets a final audit of its installation, assigned to
an approved auditor (side A's is the world's auditor user), with a filled line, evidence and a certificate."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from limpia.accounts.choices import Role
from limpia.accounts.services import assign_role, create_user
from limpia.audits import services
from limpia.audits.choices import AuditKind
from limpia.audits.models import Certificate
from limpia.registry.models import Sector

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RUTS = {"a": "12345678-5", "b": "11111111-1"}


def evidence_file(name="evidencia.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_auditor(world, user, rut: str, name: str):
    staff = world.users["staff"]
    auditor = services.apply_auditor(
        by=staff,
        full_name=name,
        rut=rut,
        email=user.email if user else "x@y.cl",
        sectors=[Sector.objects.get(code="fruta")],
    )
    if user:
        auditor.user = user
        auditor.save()
    return services.review_auditor(auditor, by=staff, approve=True)


def add_audits(world) -> None:
    staff = world.users["staff"]
    other = create_user(email="auditor-b@prueba.cl", password="x" * 12, full_name="Auditor B")
    assign_role(other, role=Role.AUDITOR)
    for side, user in (("a", world.users["auditor"]), ("b", other)):
        scope = getattr(world, side)
        scope.auditor = make_auditor(world, user, RUTS[side], f"Auditora {side.upper()}")
        scope.auditor_document = services.add_auditor_document(
            scope.auditor, by=staff, upload=evidence_file("titulo.pdf"), kind="degree"
        )
        audit = services.open_audit(scope.agreement, by=staff, kind=AuditKind.FINAL)
        assignment = audit.assignments.get()
        services.assign_auditor([assignment], by=staff, auditor=scope.auditor)
        line = audit.lines.order_by("action__number").first()
        services.fill_line(line, by=user, applies=True, complies=True, evidence_date=timezone.localdate())
        scope.evidence = services.add_evidence(line, by=user, upload=evidence_file())
        scope.audit, scope.assignment, scope.line = audit, assignment, line
        scope.certificate = Certificate.objects.create(
            number=f"{scope.agreement.code}-C00001", agreement=scope.agreement, installation=scope.installation,
            company=scope.company, audit=audit, compliance=100, issued_on=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=3 * 365),
        )  # fmt: skip
