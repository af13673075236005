"""An agreement for the two-scope world of limpia.core.tests.world: regional to region A,
signed by association A and agency A, with the egg-sector calendar and a few goals and actions."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from limpia.agreements import services
from limpia.agreements.choices import AgreementType, DocumentKind, Stage
from limpia.agreements.models import Agreement
from limpia.registry.models import Sector

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="texto.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_agreement(world, side="a", code="APL-X", **fields) -> Agreement:
    scope = getattr(world, side)
    data = {
        "code": code, "name": f"Acuerdo {code}", "kind": AgreementType.PRODUCTIVE, "national_scope": False,
        "regions": [scope.region], "sectors": [Sector.objects.get(code="fruta")],
        "associations": [scope.association], "agencies": [scope.agency], **fields,
    }  # fmt: skip
    agreement = services.create_agreement(by=world.users["staff"], **data)
    goal = services.create_goal(agreement, by=world.users["staff"], number=1, title="Eficiencia hídrica")
    for number, kinds, sizes in [("1.1", [], []), ("1.2", ["machine"], []), ("1.3", [], ["micro", "small"])]:
        services.create_action(
            goal, by=world.users["staff"], number=number, text=f"Acción {number}", verification_means="Registro",
            deadline_value=6, installation_kinds=kinds, size_classes=sizes,
        )  # fmt: skip
    return agreement


def sign(world, agreement: Agreement, on=date(2026, 3, 2)) -> Agreement:
    """Walk an agreement from expression of interest to the adhesion period."""
    staff = world.users["staff"]
    services.add_document(agreement, by=staff, upload=pdf(), kind=DocumentKind.SIGNED_TEXT, title="Texto firmado")
    for stage in [
        Stage.ADMISSIBILITY,
        Stage.RELEVANCE,
        Stage.DIAGNOSIS,
        Stage.NEGOTIATION,
        Stage.SIGNATURE,
        Stage.ADHESION,
    ]:
        services.transition(agreement, to=stage, by=staff, on=on)
    agreement.refresh_from_db()
    return agreement


def add_agreements(world) -> None:
    """Agreement A (region A) and B (region B), each in implementation with its side's installation."""
    for side, code in (("a", "APL-A"), ("b", "APL-B")):
        scope = getattr(world, side)
        agreement = sign(world, make_agreement(world, side=side, code=code))
        [adhesion] = services.request_adhesion(
            agreement, installations=[scope.installation], by=world.users["staff"], today=date(2026, 3, 10)
        )
        services.decide_adhesion(adhesion, by=world.users["staff"], approve=True, today=date(2026, 3, 11))
        services.transition(agreement, to=Stage.IMPLEMENTATION, by=world.users["staff"], on=date(2026, 6, 1))
        scope.agreement, scope.adhesion = agreement, adhesion
        scope.diagnosis = adhesion.diagnosis
        scope.document = agreement.documents.get()
        scope.action = agreement.goals.first().actions.first()
