"""The auditor registry's rules, the lines' rules and who reaches what (domain.md §9–§10)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from limpia.agreements import services as agreement_services
from limpia.agreements.choices import Stage
from limpia.audits import services
from limpia.audits.choices import AuditorStatus, LineState, RelationKind
from limpia.audits.tests.world import make_auditor
from limpia.core.errors import BusinessRuleError
from limpia.registry.models import Sector


def _fresh_auditor(world, rut="15555555-6"):
    return make_auditor(world, None, rut, "Auditor Nuevo")


@pytest.mark.django_db
def test_a_lapsed_auditor_cannot_be_assigned(world):
    auditor = _fresh_auditor(world)
    auditor.valid_until = timezone.localdate() - timedelta(days=1)
    auditor.save()
    with pytest.raises(BusinessRuleError, match="venció") as exc:
        services.assign_auditor([world.a.assignment], by=world.users["staff"], auditor=auditor)
    assert "debe revalidarse" in exc.value.message
    world.a.assignment.refresh_from_db()
    assert world.a.assignment.auditor == world.a.auditor, "nothing changed"


@pytest.mark.django_db
def test_a_suspended_rejected_or_incompetent_auditor_cannot_be_assigned(world):
    staff = world.users["staff"]
    auditor = _fresh_auditor(world)
    services.suspend_auditor(auditor, by=staff, reason="Investigación en curso")
    with pytest.raises(BusinessRuleError, match="suspendido"):
        services.assign_auditor([world.a.assignment], by=staff, auditor=auditor)
    services.suspend_auditor(auditor, by=staff, reason="Aclarado", suspend=False)
    auditor.sectors.set([Sector.objects.get(code="mineria")])
    with pytest.raises(BusinessRuleError, match="no es competente"):
        services.assign_auditor([world.a.assignment], by=staff, auditor=auditor)
    applicant = services.apply_auditor(by=staff, full_name="Postulante", rut="16666666-K", email="p@x.cl")
    with pytest.raises(BusinessRuleError, match="no es un auditor aprobado"):
        services.assign_auditor([world.a.assignment], by=staff, auditor=applicant)


@pytest.mark.django_db
def test_declared_relations_block_the_assignment_with_a_clear_error(world):
    staff = world.users["staff"]
    auditor = _fresh_auditor(world)
    services.declare_relation(auditor, by=staff, company=world.a.company, kind=RelationKind.CONSULTANT,
                              agreement=world.b.agreement)  # fmt: skip
    assert services.assign_auditor([world.a.assignment], by=staff, auditor=auditor) == 1, "another agreement"
    services.declare_relation(auditor, by=staff, company=world.a.company, kind=RelationKind.CONSULTANT,
                              agreement=world.a.agreement)  # fmt: skip
    with pytest.raises(BusinessRuleError, match="no es independiente: declaró que asesoró en este acuerdo a Empresa A"):
        services.assign_auditor([world.a.assignment], by=staff, auditor=auditor)
    employee = _fresh_auditor(world, rut="17777777-3")
    services.declare_relation(employee, by=staff, company=world.a.company, kind=RelationKind.EMPLOYER)
    with pytest.raises(BusinessRuleError, match="trabaja o trabajó para Empresa A SpA"):
        services.assign_auditor([world.a.assignment], by=staff, auditor=employee)


@pytest.mark.django_db
def test_application_review_and_revalidation(world):
    staff = world.users["staff"]
    applicant = services.apply_auditor(by=staff, full_name="Ana Pérez", rut="16.666.666-K", email="a@x.cl")
    assert applicant.rut == "16666666-K" and applicant.status == AuditorStatus.APPLIED
    with pytest.raises(BusinessRuleError, match="por qué"):
        services.review_auditor(applicant, by=staff, approve=False)
    with pytest.raises(BusinessRuleError, match="Solo el personal nacional"):
        services.review_auditor(applicant, by=world.users["regional"], approve=True)
    services.review_auditor(applicant, by=staff, approve=True)
    assert applicant.valid_until == applicant.approved_on.replace(year=applicant.approved_on.year + 3)
    with pytest.raises(BusinessRuleError, match="futuro"):
        services.revalidate_auditor(applicant, by=staff, valid_until=timezone.localdate())
    assert [e.history_event for e in applicant.history.all()][:2] == ["auditor.approved", "auditor.applied"]


@pytest.mark.django_db
def test_line_rules_follow_domain_section_9(world):
    line, auditor = world.a.line, world.users["auditor"]
    today = timezone.localdate()
    cases = [
        ({"applies": None, "evidence_date": today}, "aplica"),
        ({"applies": False, "evidence_date": today}, "razón"),
        ({"applies": True, "complies": None, "evidence_date": today}, "cumple"),
        ({"applies": True, "complies": True, "evidence_date": None}, "fecha"),
        ({"applies": True, "complies": True, "evidence_date": today + timedelta(days=1)}, "futuro"),
        ({"applies": True, "complies": True, "evidence_date": today - timedelta(days=400)}, "anterior a la adhesión"),
    ]
    for values, words in cases:
        with pytest.raises(BusinessRuleError, match=words):
            services.fill_line(line, by=auditor, **values)
    with pytest.raises(BusinessRuleError, match="Solo el auditor asignado"):
        services.fill_line(line, by=world.users["company"], applies=True, complies=True, evidence_date=today)


@pytest.mark.django_db
def test_review_cycle_pending_review_observed_approved(world):
    line, staff, auditor = world.a.line, world.users["staff"], world.users["auditor"]
    with pytest.raises(BusinessRuleError, match="observaciones"):
        services.review_line(line, by=staff, decision="observe")
    services.review_line(line, by=staff, decision="observe", comments="Falta la firma del registro")
    assert line.state == LineState.OBSERVED
    services.fill_line(line, by=auditor, applies=True, complies=True, evidence_date=timezone.localdate())
    assert line.state == LineState.IN_REVIEW
    with pytest.raises(BusinessRuleError, match="Solo el personal nacional|No puede revisar"):
        services.review_line(line, by=world.users["company"], decision="approve")
    services.review_line(line, by=staff, decision="approve")
    with pytest.raises(BusinessRuleError, match="ya está decidida"):
        services.fill_line(line, by=auditor, applies=True, complies=False, evidence_date=timezone.localdate())
    states = [h.state for h in line.history.order_by("history_date")]
    assert states[-4:] == ["in_review", "observed", "in_review", "approved"]


@pytest.mark.django_db
def test_agency_validates_only_within_its_competence(world):
    line, staff = world.a.line, world.users["staff"]
    audit = line.audit
    audit.requires_validation = True
    audit.save()
    line.refresh_from_db()
    action = line.action
    action.matters = ["energy"]  # not within a health agency's competence
    action.save()
    services.review_line(line, by=staff, decision="approve")
    assert line.validation == "pending"
    line.action.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="competencia"):
        services.validate_line(line, by=world.users["validator"], accept=True)
    action.matters = ["water"]
    action.save()
    line.action.refresh_from_db()
    services.validate_line(line, by=world.users["validator"], accept=True)
    assert line.validation == "accepted" and line.validated_agency == world.a.agency


@pytest.mark.django_db
def test_certification_stage_needs_the_final_audit_closed(world):
    staff, agreement = world.users["staff"], world.a.agreement
    agreement.refresh_from_db()
    agreement_services.transition(agreement, to=Stage.FINAL_AUDIT, by=staff)
    agreement.refresh_from_db()
    target = Stage.VALIDATION if agreement.requires_agency_validation else Stage.CERTIFICATION
    if target == Stage.VALIDATION:
        agreement_services.transition(agreement, to=target, by=staff)
    with pytest.raises(BusinessRuleError, match="auditoría final cerrada"):
        agreement_services.transition(agreement, to=Stage.CERTIFICATION, by=staff)
    services.review_line(world.a.line, by=staff, decision="approve")
    world.a.audit.lines.exclude(pk=world.a.line.pk).update(state=LineState.REJECTED)
    services.close_audit(world.a.audit, by=staff)
    agreement_services.transition(agreement, to=Stage.CERTIFICATION, by=staff)


@pytest.mark.django_db
def test_an_audit_closes_only_when_every_line_is_decided(world):
    staff = world.users["staff"]
    with pytest.raises(BusinessRuleError, match="líneas sin decisión"):
        services.close_audit(world.a.audit, by=staff)
    assert world.a.audit.status == "open"


URLS = [
    "/auditorias/lineas/{line}/", "/auditorias/evidencias/{evidence}/", "/auditorias/{audit}/",
    "/auditorias/{audit}/lineas/", "/auditorias/{audit}/cumplimiento/", "/auditorias/certificados/{certificate}/",
    "/auditorias/certificados/{certificate}/pdf/", "/api/v1/audit-lines/{line}", "/api/v1/evidence/{evidence}",
    "/api/v1/audit-lines/{line}/evidence", "/api/v1/audits/{audit}/lines", "/api/v1/audits/{audit}/compliance",
    "/api/v1/certificates/{certificate}",
]  # fmt: skip


@pytest.mark.django_db
def test_one_company_cannot_reach_another_companys_lines_or_evidence(world):
    client = Client()
    client.force_login(world.users["company"])  # company A
    b = world.b
    ids = {"line": b.line.pk, "evidence": b.evidence.pk, "audit": b.audit.pk, "certificate": b.certificate.pk}
    for url in URLS:
        assert client.get(url.format(**ids)).status_code == 404, url
    for method, url in [
        ("patch", f"/api/v1/audit-lines/{b.line.pk}"),
        ("post", f"/api/v1/audit-lines/{b.line.pk}/review"),
    ]:
        assert getattr(client, method)(url, {}, content_type="application/json").status_code in {404, 422}
    own = {"line": world.a.line.pk, "evidence": world.a.evidence.pk, "audit": world.a.audit.pk,
           "certificate": world.a.certificate.pk}  # fmt: skip
    assert all(client.get(url.format(**own)).status_code == 200 for url in URLS), "the own records are reachable"


@pytest.mark.django_db
def test_evidence_is_stored_with_its_fingerprint_and_never_under_a_public_path(world, settings):
    import hashlib

    from limpia.audits.tests.world import PDF

    evidence = world.a.evidence
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest() and evidence.mime_type == "application/pdf"
    assert not evidence.file.name.startswith(("static", "public")) and settings.MEDIA_URL not in evidence.file.url[:1]
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(Exception, match="no se acepta"):
        services.add_evidence(world.a.line, by=world.users["auditor"],
                              upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))  # fmt: skip


@pytest.mark.django_db
def test_the_company_rates_its_auditor_after_the_audit(world):
    staff = world.users["staff"]
    services.review_line(world.a.line, by=staff, decision="approve")
    world.a.audit.lines.exclude(pk=world.a.line.pk).update(state=LineState.REJECTED)
    with pytest.raises(BusinessRuleError, match="cuando la auditoría se cierra"):
        services.answer_survey(world.a.assignment, by=world.users["company"], punctuality=5, clarity=4,
                               professionalism=3)  # fmt: skip
    services.close_audit(world.a.audit, by=staff)
    world.a.assignment.refresh_from_db()
    services.answer_survey(world.a.assignment, by=world.users["company"], punctuality=5, clarity=4, professionalism=3)
    client = Client()
    client.force_login(world.users["staff"])  # the rating is an evaluation of a person: staff read it, not regions
    page = client.get(world.a.auditor.get_absolute_url()).content.decode()
    assert "4,0" in page and "1 encuesta" in page
    client.force_login(world.users["regional"])
    assert "1 encuesta" not in client.get(world.a.auditor.get_absolute_url()).content.decode()
