"""Certificates: granting from a closed final audit, PDFs in the background, public verification, states,
expiry warnings and renewal (domain.md §9)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from limpia.audits import certificates, services, tasks
from limpia.audits.choices import AuditKind, LineState
from limpia.audits.models import Certificate
from limpia.core.errors import BusinessRuleError


def close_with_full_compliance(world, side="a"):
    """Every line of the side's final audit filled as complying, approved, and the audit closed."""
    s, staff = getattr(world, side), world.users["staff"]
    user = s.auditor.user
    for line in s.audit.lines.exclude(pk=s.line.pk):
        services.fill_line(line, by=user, applies=True, complies=True, evidence_date=timezone.localdate())
    services.approve_in_review(s.audit.lines.all(), by=staff)
    services.close_audit(s.audit, by=staff)
    Certificate.objects.filter(audit=s.audit).delete()  # the world's ready-made certificate
    return s.audit


@pytest.mark.django_db
def test_granting_needs_a_closed_final_audit_and_numbers_each_certificate(world):
    staff = world.users["staff"]
    with pytest.raises(BusinessRuleError, match="auditoría final de certificación cerrada"):
        services.grant_certificates(world.a.audit, by=staff)
    audit = close_with_full_compliance(world)
    ceremony = timezone.localdate()
    batch = services.grant_certificates(audit, by=staff, ceremony_on=ceremony)
    [certificate] = batch.certificates.all()
    assert certificate.number == "APL-A-C00001" and certificate.compliance == 100
    assert certificate.valid_until == ceremony.replace(year=ceremony.year + 3)
    with pytest.raises(BusinessRuleError, match="Ninguna instalación"):
        services.grant_certificates(audit, by=staff)
    with pytest.raises(BusinessRuleError, match="personal nacional"):
        services.grant_certificates(audit, by=world.users["regional"])


@pytest.mark.django_db
def test_the_batch_generates_the_pdfs_and_counts_progress(world):
    audit = close_with_full_compliance(world)
    batch = services.grant_certificates(audit, by=world.users["staff"])
    assert batch.status == "queued" and batch.percent == 0
    assert tasks.generate_certificates.call(batch.pk) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.percent) == ("done", 1, 100)
    certificate = batch.certificates.get()
    pdf = certificate.pdf.read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    client = Client()
    client.force_login(world.users["company"])
    response = client.get(f"/auditorias/certificados/{certificate.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(world.users["staff"])
    assert "1 de 1 PDF generados" in client.get(batch.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_public_verification_valid_tampered_and_revoked(world):
    certificate = world.a.certificate
    code = certificates.verification_code(certificate)
    assert certificate.number in code and len(code) > len(certificate.number) + 20, "signed, not guessable"
    client = Client()
    page = client.get(f"/verificar/{code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vigente" in text and "Empresa A SpA" in text and "Planta A" in text and "APL-A" in text
    tampered = code.replace("C00001", "C00002")
    assert "No válido" in client.get(f"/verificar/{tampered}/").content.decode()
    assert client.get("/verificar/cualquier-cosa/").status_code == 404
    services.set_certificate_state(certificate, by=world.users["staff"], state="revoked", reason="Cierre de la planta")
    text = client.get(f"/verificar/{code}/").content.decode()
    assert "Revocado" in text and "Cierre de la planta" in text
    assert [h.state for h in certificate.history.order_by("history_date")] == ["valid", "revoked"]


@pytest.mark.django_db
def test_verification_is_rate_limited(world, settings):
    from django.core.cache import cache

    cache.clear()
    client = Client()
    code = certificates.verification_code(world.a.certificate)
    statuses = [client.get(f"/verificar/{code}/").status_code for _ in range(32)]
    assert statuses[:30] == [200] * 30 and statuses[-1] == 429
    cache.clear()


@pytest.mark.django_db
def test_state_changes_need_a_reason_and_follow_the_rules(world):
    certificate, staff = world.a.certificate, world.users["staff"]
    with pytest.raises(BusinessRuleError, match="motivo"):
        services.set_certificate_state(certificate, by=staff, state="suspended", reason=" ")
    services.set_certificate_state(certificate, by=staff, state="suspended", reason="Denuncia en revisión")
    services.set_certificate_state(certificate, by=staff, state="valid", reason="Denuncia descartada")
    services.set_certificate_state(certificate, by=staff, state="revoked", reason="Incumplimiento grave")
    with pytest.raises(BusinessRuleError, match="no puede pasar"):
        services.set_certificate_state(certificate, by=staff, state="valid", reason="x")


@pytest.mark.django_db
def test_expiry_warnings_at_90_and_30_days_are_sent_once_and_expiry_is_recorded(world):
    certificate = world.a.certificate
    today = timezone.localdate()
    certificate.valid_until = today + timedelta(days=85)
    certificate.save()
    assert tasks.send_expiry_warnings(today) == 1
    assert tasks.send_expiry_warnings(today) == 0, "once per threshold"
    assert mail.outbox[-1].to == ["company@prueba.cl"] and "vence en 90 días" in mail.outbox[-1].subject
    assert tasks.send_expiry_warnings(today + timedelta(days=56)) == 1
    assert "30 días" in mail.outbox[-1].subject
    assert services.expire_certificates(today + timedelta(days=86)) == 1, "B's certificate runs three years"
    certificate.refresh_from_db()
    assert certificate.state == "expired"


@pytest.mark.django_db
def test_a_closed_maintenance_audit_renews_the_certificate(world):
    staff = world.users["staff"]
    certificate = world.a.certificate
    certificate.valid_until = timezone.localdate() + timedelta(days=10)
    certificate.save()
    for line in world.a.audit.lines.all():
        line.state = LineState.REJECTED
        line.save()
    services.close_audit(world.a.audit, by=staff)
    audit = services.open_audit(world.a.agreement, by=staff, kind=AuditKind.MAINTENANCE)
    services.assign_auditor(audit.assignments.all(), by=staff, auditor=world.a.auditor)
    for line in audit.lines.all():
        services.fill_line(line, by=world.users["auditor"], applies=True, complies=True,
                           evidence_date=timezone.localdate())  # fmt: skip
    services.approve_in_review(audit.lines.all(), by=staff)
    services.close_audit(audit, by=staff)
    assert services.renew_certificates(audit, by=staff) == 1
    certificate.refresh_from_db()
    assert certificate.valid_until == timezone.localdate().replace(year=timezone.localdate().year + 3)
