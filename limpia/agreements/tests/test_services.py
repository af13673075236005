"""Lifecycle, terms, adhesion and diagnosis services: every refusal names its reason and changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from limpia.agreements import services
from limpia.agreements.choices import AdhesionStatus, ClockStart, DocumentKind, DueKind, Stage
from limpia.agreements.models import Adhesion, Agreement, StageChange, Term
from limpia.agreements.queries import agreement_calendar, applicable_actions
from limpia.agreements.tests.world import make_agreement, pdf, sign
from limpia.core.errors import BusinessRuleError
from limpia.registry.models import Installation

pytestmark = pytest.mark.django_db


def _snapshot(agreement):
    agreement = Agreement.objects.get(pk=agreement.pk)
    return (
        agreement.stage, agreement.signed_on, StageChange.objects.filter(agreement=agreement).count(),
        list(Term.objects.filter(agreement=agreement).values_list("kind", "value")),
        agreement.history.count(),
    )  # fmt: skip


def _refused(callable_, subject, fragment, **kwargs):
    before = _snapshot(subject)
    with pytest.raises((BusinessRuleError, ValidationError)) as caught:
        callable_(**kwargs)
    message = caught.value.message if isinstance(caught.value, BusinessRuleError) else str(caught.value.messages)
    assert fragment in message
    assert _snapshot(subject) == before, "a refused request changed the database"


@pytest.mark.parametrize(("stage", "target", "fragment"), [
    (Stage.INTEREST, Stage.SIGNATURE, "no puede pasar a «Firma»"),
    (Stage.INTEREST, Stage.IMPLEMENTATION, "no puede pasar a «Implementación»"),
    (Stage.INTEREST, Stage.TERMINATED, "no puede pasar a «Terminado»"),
    (Stage.NEGOTIATION, Stage.CONSULTATION, "no puede pasar a «Consulta pública»"),
    (Stage.ADHESION, Stage.WITHDRAWN, "no puede pasar a «Retirado»"),
    (Stage.CLOSED, Stage.INTEREST, "no puede pasar a «Manifestación de interés»"),
    (Stage.INTEREST, "inventada", "no puede pasar a «inventada»"),
])  # fmt: skip
def test_every_invalid_transition_is_refused_with_its_reason(world, stage, target, fragment):
    agreement = make_agreement(world)
    Agreement.objects.filter(pk=agreement.pk).update(stage=stage)
    agreement.refresh_from_db()
    _refused(services.transition, agreement, fragment, agreement=agreement, to=target, by=world.users["staff"])


def test_signature_needs_signed_text_association_and_agency(world):
    staff = world.users["staff"]
    agreement = make_agreement(world, associations=[], agencies=[])
    Agreement.objects.filter(pk=agreement.pk).update(stage=Stage.NEGOTIATION)
    agreement.refresh_from_db()
    _refused(services.transition, agreement, "texto firmado", agreement=agreement, to=Stage.SIGNATURE, by=staff)
    services.add_document(agreement, by=staff, upload=pdf(), kind=DocumentKind.SIGNED_TEXT, title="Texto")
    _refused(services.transition, agreement, "asociación", agreement=agreement, to=Stage.SIGNATURE, by=staff)
    agreement.associations.set([world.a.association])
    _refused(services.transition, agreement, "organismo", agreement=agreement, to=Stage.SIGNATURE, by=staff)
    agreement.agencies.set([world.a.agency])
    services.transition(agreement, to=Stage.SIGNATURE, by=staff, on=date(2026, 3, 2), comment="Ceremonia")
    agreement.refresh_from_db()
    assert (agreement.stage, agreement.signed_on, agreement.clock_started_on) == (
        "signature",
        date(2026, 3, 2),
        date(2026, 3, 2),
    )
    last = agreement.stage_changes.last()
    assert (last.from_stage, last.to_stage, last.by, last.comment) == ("negotiation", "signature", staff, "Ceremonia")


def test_implementation_needs_an_approved_adhesion(world):
    agreement = sign(world, make_agreement(world))
    _refused(services.transition, agreement, "adhesión aprobada", agreement=agreement, to=Stage.IMPLEMENTATION,
             by=world.users["staff"])  # fmt: skip


def test_withdrawal_needs_a_reason_and_roles_are_guarded(world):
    agreement = make_agreement(world)
    _refused(services.transition, agreement, "motivo", agreement=agreement, to=Stage.WITHDRAWN, by=world.users["staff"])
    for role in ["association", "company", "auditor", "validator"]:
        _refused(services.transition, agreement, "No puede modificar", agreement=agreement, to=Stage.ADMISSIBILITY,
                 by=world.users[role])  # fmt: skip
    services.transition(agreement, to=Stage.ADMISSIBILITY, by=world.users["regional"])
    other = make_agreement(world, side="b", code="APL-Y")
    _refused(services.transition, other, "No puede modificar", agreement=other, to=Stage.ADMISSIBILITY,
             by=world.users["regional"])  # fmt: skip


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"max_certification_months": 12, "implementation_months": 12}, "después del plazo máximo"),
    ({"implementation_months": 24}, "al menos el período de implementación"),
    ({"net_max_months": 19}, "plazo neto máximo"),
])  # fmt: skip
def test_inconsistent_terms_are_refused_and_nothing_changes(world, fields, fragment):
    agreement = make_agreement(world)
    _refused(services.update_agreement, agreement, fragment, agreement=agreement, by=world.users["staff"], **fields)


FINAL = {"kind": DueKind.FINAL_AUDIT, "value": 18}


@pytest.mark.parametrize(("terms", "fragment"), [
    ([{"kind": DueKind.INITIAL_DIAGNOSIS, "value": 2}], "exactamente una auditoría final"),
    ([FINAL, {"kind": DueKind.FINAL_AUDIT, "value": 12}], "exactamente una"),
    ([FINAL, {"kind": DueKind.FOLLOW_UP_AUDIT, "value": 20}], "después de la auditoría final"),
])  # fmt: skip
def test_inconsistent_calendars_are_refused_and_the_old_one_stays(world, terms, fragment):
    agreement = make_agreement(world)
    _refused(services.set_terms, agreement, fragment, agreement=agreement, by=world.users["staff"], terms=terms)


def test_adhesion_window_size_and_diagnosis(world):
    agreement = sign(world, make_agreement(world, clock_start=ClockStart.ADHESION_APPROVAL))
    company = world.users["company"]
    installation = world.a.installation
    late = date(2026, 6, 1)
    with pytest.raises(BusinessRuleError, match="terminó el 31-05-2026"):
        services.request_adhesion(agreement, installations=[installation], by=company, today=late)
    [adhesion] = services.request_adhesion(agreement, installations=[installation], by=company, today=date(2026, 4, 1))
    assert adhesion.size_class_at_adhesion == "small" and adhesion.status == AdhesionStatus.REQUESTED
    with pytest.raises(BusinessRuleError, match="ya adhirió"):
        services.request_adhesion(agreement, installations=[installation], by=company, today=date(2026, 4, 1))
    with pytest.raises(BusinessRuleError, match="No puede adherir"):
        services.request_adhesion(agreement, installations=[world.b.installation], by=company, today=date(2026, 4, 1))
    with pytest.raises(BusinessRuleError, match="No puede decidir"):
        services.decide_adhesion(adhesion, by=world.users["validator"], approve=True)
    with pytest.raises(BusinessRuleError, match="propia adhesión"):
        services.decide_adhesion(adhesion, by=company, approve=True)
    with pytest.raises(BusinessRuleError, match="motivo"):
        services.decide_adhesion(adhesion, by=world.users["association"], approve=False)
    services.decide_adhesion(adhesion, by=world.users["association"], approve=True, today=date(2026, 4, 10))
    agreement.refresh_from_db()
    assert agreement.clock_started_on == date(2026, 4, 10), "the clock starts at the first approval"
    assert adhesion.diagnosis.due_on == date(2026, 6, 10), "initial diagnosis at month 2 of the clock"
    services.record_diagnosis(adhesion.diagnosis, by=company, energy_kwh=125000, water_m3=3400)
    assert adhesion.diagnosis.completed_on is not None
    services.withdraw_adhesion(adhesion, by=company, reason="Cierre de la planta")
    assert Adhesion.objects.get(pk=adhesion.pk).history.filter(history_change_reason="Cierre de la planta").exists()


def test_applicable_actions_follow_the_criteria(world):
    agreement = sign(world, make_agreement(world))
    [adhesion] = services.request_adhesion(agreement, installations=[world.a.installation], by=world.users["company"],
                                           today=date(2026, 3, 10))  # fmt: skip
    assert [a.number for a in applicable_actions(adhesion)] == ["1.1", "1.3"]
    machine = Installation.objects.create(
        company=world.a.company, name="Caldera 1", kind="machine", comuna=world.a.installation.comuna
    )
    [second] = services.request_adhesion(
        agreement, installations=[machine], by=world.users["company"], today=date(2026, 3, 10)
    )
    assert [a.number for a in applicable_actions(second)] == ["1.1", "1.2", "1.3"]


def test_an_extension_moves_dates_and_keeps_the_old_ones(world):
    agreement = sign(world, make_agreement(world))
    with pytest.raises(BusinessRuleError, match="motivo"):
        services.grant_extension(
            agreement, by=world.users["staff"], value=3, unit="months", kinds=["final_audit"], reason=""
        )
    services.grant_extension(agreement, by=world.users["staff"], value=3, unit="months", kinds=["final_audit"],
                             reason="Sequía 2026")  # fmt: skip
    calendar = agreement_calendar(agreement)
    final = next(e for e in calendar if e.kind == "final_audit")
    assert (final.before_extension, final.day, final.moved) == (date(2027, 9, 2), date(2027, 12, 2), True)
    assert [e.moved for e in calendar if e.kind == "follow_up_audit"] == [False, False], "other dates stay"
    agreement.extension_allowed = False
    with pytest.raises(BusinessRuleError, match="no permiten"):
        services.grant_extension(agreement, by=world.users["staff"], value=1, unit="months", reason="Otra")


def test_documents_are_sniffed_and_fingerprinted(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = make_agreement(world)
    fake = SimpleUploadedFile("texto.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="no se acepta"):
        services.add_document(agreement, by=world.users["staff"], upload=fake, kind="signed_text", title="Falso")
    document = services.add_document(agreement, by=world.users["staff"], upload=pdf(), kind="minutes", title="Acta 1")
    assert document.mime_type == "application/pdf" and len(document.sha256) == 64 and document.size > 0
    assert document.file.name.endswith(f"{document.sha256}.pdf")


@pytest.mark.parametrize("kind", ["productive", "pre_investment", "territorial"])
def test_every_transition_outside_the_lifecycle_is_refused_and_changes_nothing(world, kind):
    """All stage × target pairs the lifecycle does not allow, for three instrument types."""
    from limpia.agreements import lifecycle

    agreement = make_agreement(world, kind=kind)
    refused = 0
    for stage in Stage:
        Agreement.objects.filter(pk=agreement.pk).update(stage=stage)
        agreement.refresh_from_db()
        allowed = lifecycle.allowed_targets(kind, stage, consultation=False, validation=False)
        for target in Stage:
            if target in allowed:
                continue
            before = _snapshot(agreement)
            with pytest.raises(BusinessRuleError, match="no puede pasar a"):
                services.transition(agreement, to=target, by=world.users["staff"], comment="prueba")
            assert _snapshot(agreement) == before
            refused += 1
    assert refused > 250


def test_documents_over_the_size_limit_are_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 20
    agreement = make_agreement(world)
    with pytest.raises(ValidationError, match="el límite es"):
        services.add_document(agreement, by=world.users["staff"], upload=pdf(), kind="minutes", title="Acta grande")
    assert not agreement.documents.exists()
