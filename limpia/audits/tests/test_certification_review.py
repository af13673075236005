"""Preconditions of irreversible steps (closing, ceremony date, confirmation) and the review of certificates
issued under the old rule (issue 16, domain.md §9)."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from limpia.audits import queries, services
from limpia.audits.choices import AuditStatus, LineState
from limpia.audits.models import Certificate, CertificateBatch, CertificateReview
from limpia.core.errors import BusinessRuleError

pytestmark = pytest.mark.django_db


def _lines(world):
    return {line.action.number: line for line in world.a.audit.lines.select_related("action", "audit")}


def _close_with_a_rejected_line(world):
    """A's final audit has two lines: 1.1 applies, complies, approved; 1.3 applies, complies, but rejected.
    Closed. The world's certificate APL-A-C00001 stores 100 % (the old rule dropped 1.3: 1/1); the corrected
    rule gives 1/2 = 50 %, not certified."""
    staff, auditor = world.users["staff"], world.users["auditor"]
    lines = _lines(world)
    services.fill_line(lines["1.3"], by=auditor, applies=True, complies=True, evidence_date=timezone.localdate())
    services.review_line(lines["1.1"], by=staff, decision="approve")
    services.review_line(lines["1.3"], by=staff, decision="reject", comments="Evidencia insuficiente")
    return services.close_audit(world.a.audit, by=staff)


def test_an_audit_is_not_closed_with_lines_undecided_and_the_message_names_them(world):
    """A's audit: 1.1 in review (filled by the world), 1.3 pending → refused, naming both; nothing changes."""
    audit = world.a.audit
    before = audit.history.count()
    with pytest.raises(BusinessRuleError) as exc:
        services.close_audit(audit, by=world.users["staff"])
    assert "2 líneas sin decisión" in exc.value.message
    assert "Planta A · 1.1 (En revisión)" in exc.value.message and "Planta A · 1.3 (Pendiente)" in exc.value.message
    audit.refresh_from_db()
    assert audit.status == AuditStatus.OPEN and audit.history.count() == before


def test_the_ceremony_cannot_precede_the_closing_of_the_final_audit(world):
    """Both lines comply and are approved; the audit closed today. A ceremony yesterday is refused (no batch, no
    certificate); today is granted."""
    staff, auditor = world.users["staff"], world.users["auditor"]
    lines = _lines(world)
    services.fill_line(lines["1.3"], by=auditor, applies=True, complies=True, evidence_date=timezone.localdate())
    services.approve_in_review(world.a.audit.lines.all(), by=staff)
    audit = services.close_audit(world.a.audit, by=staff)
    Certificate.objects.filter(audit=audit).delete()
    closed = timezone.localdate(audit.closed_at)
    with pytest.raises(BusinessRuleError, match="no puede ser anterior al cierre de la auditoría final") as exc:
        services.grant_certificates(audit, by=staff, ceremony_on=closed - timedelta(days=1))
    assert exc.value.field == "ceremony_on"
    assert not CertificateBatch.objects.filter(audit=audit).exists() and not audit.certificates.exists()
    batch = services.grant_certificates(audit, by=staff, ceremony_on=closed)
    assert batch.certificates.get().compliance == Decimal("100.0")


def test_a_rejected_line_refuses_the_certificate(world):
    """1/2 = 50 %: no installation of A's audit is due a certificate."""
    audit = _close_with_a_rejected_line(world)
    Certificate.objects.filter(audit=audit).delete()
    outcome = queries.outcomes(audit)[0]
    assert (outcome.ratio.complying, outcome.ratio.applicable, outcome.certified) == (1, 2, False)
    with pytest.raises(BusinessRuleError, match="Ninguna instalación"):
        services.grant_certificates(audit, by=world.users["staff"])


def test_certificates_that_no_longer_hold_are_listed_with_their_lines(world):
    """A's certificate: stored 100 %, now 1/2 = 50 % because of the rejected 1.3. B's: stored 100 %, but its
    audit has a line in review and one pending (1/2 undecided) → 0/2, blocked."""
    _close_with_a_rejected_line(world)
    checks = {c.certificate.number: c for c in queries.stale_certificates()}
    assert set(checks) == {"APL-A-C00001", "APL-B-C00001"}
    a = checks["APL-A-C00001"]
    assert (a.percent, a.outcome.certified, a.outcome.blocked) == (Decimal("50.0"), False, False)
    assert [(line.action.number, line.state) for line in a.lines] == [("1.3", LineState.REJECTED)]
    assert checks["APL-B-C00001"].outcome.blocked
    out = StringIO()
    call_command("review_certificates", stdout=out)
    text = out.getvalue()
    assert "APL-A-C00001 · Planta A (Empresa A SpA) · APL-A: guardado 100,0 %, regla corregida 50,0 % (1/2)" in text
    assert "    1.3: cumple · Rechazada" in text and "2 certificado(s) vigente(s)" in text


def test_staff_suspend_or_confirm_each_with_a_reason_recorded(world):
    _close_with_a_rejected_line(world)
    staff, a, b = world.users["staff"], world.a.certificate, world.b.certificate
    with pytest.raises(BusinessRuleError, match="motivo"):
        services.review_certificate(a, by=staff, decision="suspended", reason=" ")
    with pytest.raises(BusinessRuleError, match="personal nacional"):
        services.review_certificate(a, by=world.users["regional"], decision="suspended", reason="x")
    assert not CertificateReview.objects.exists()
    services.review_certificate(a, by=staff, decision="suspended", reason="Línea 1.3 rechazada")
    a.refresh_from_db()
    review = a.reviews.get()
    assert (a.state, a.state_reason) == ("suspended", "Línea 1.3 rechazada")
    assert (review.stored_compliance, review.recomputed_compliance, review.decided_by) == (100, 50, staff)
    assert review.history.get().history_change_reason == "Línea 1.3 rechazada"
    services.review_certificate(b, by=staff, decision="confirmed", reason="Otorgado antes de la corrección")
    b.refresh_from_db()
    assert b.state == "valid" and queries.stale_certificates() == []
    with pytest.raises(BusinessRuleError, match="ya fue confirmado"):
        services.review_certificate(b, by=staff, decision="confirmed", reason="otra vez")


def test_a_certificate_that_holds_cannot_be_reviewed(world):
    """Both lines approved and complying: 2/2 = 100 % = stored: nothing to review."""
    staff = world.users["staff"]
    services.fill_line(_lines(world)["1.3"], by=world.users["auditor"], applies=True, complies=True,
                       evidence_date=timezone.localdate())  # fmt: skip
    services.approve_in_review(world.a.audit.lines.all(), by=staff)
    assert "APL-A-C00001" not in {c.certificate.number for c in queries.stale_certificates()}
    with pytest.raises(BusinessRuleError, match="se sostiene"):
        services.review_certificate(world.a.certificate, by=staff, decision="confirmed", reason="x")


def test_the_screens_do_nothing_without_the_confirmation_box(world):
    client = Client()
    client.force_login(world.users["staff"])
    audit, certificate = world.a.audit, world.a.certificate
    line = world.a.line
    for url, data in [(f"/auditorias/{audit.pk}/aprobar/", {}), (f"/auditorias/{audit.pk}/cerrar/", {}),
                      (f"/auditorias/lineas/{line.pk}/revisar/", {"decision": "reject", "comments": "x"}),
                      (f"/auditorias/certificados/{certificate.pk}/estado/", {"state": "revoked", "reason": "x"}),
                      (f"/auditorias/certificados/{certificate.pk}/revision/",
                       {"decision": "suspended", "reason": "x"})]:  # fmt: skip
        page = client.post(url, data, follow=True).content.decode()
        assert "No se hizo nada" in page, url
    audit.refresh_from_db()
    assert audit.lines.filter(state=LineState.IN_REVIEW).count() == 1 and audit.status == AuditStatus.OPEN
    client.post(f"/auditorias/lineas/{line.pk}/revisar/", {"decision": "observe", "comments": "Falta el acta"})
    line.refresh_from_db()
    assert line.state == LineState.OBSERVED, "returning with observations is not final: no box needed"
    services.fill_line(line, by=world.users["auditor"], applies=True, complies=True, evidence_date=timezone.localdate())
    certificate.refresh_from_db()
    assert certificate.state == "valid" and not certificate.reviews.exists()
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Se aprobarán 1 líneas en revisión" in page and 'name="confirm"' in page
    client.post(f"/auditorias/{audit.pk}/aprobar/", {"confirm": "1"})
    assert audit.lines.filter(state=LineState.APPROVED).count() == 1


def test_the_review_screen_lists_and_records(world):
    _close_with_a_rejected_line(world)
    client = Client()
    client.force_login(world.users["staff"])
    page = client.get("/auditorias/certificados/revision/").content.decode()
    assert "2 certificados por revisar" in page and "APL-A-C00001" in page and "50,0 %" in page
    certificate = world.a.certificate
    client.post(f"/auditorias/certificados/{certificate.pk}/revision/",
                {"decision": "suspended", "reason": "Línea 1.3 rechazada", "confirm": "1"})  # fmt: skip
    certificate.refresh_from_db()
    assert certificate.state == "suspended"
    page = client.get("/auditorias/certificados/revision/").content.decode()
    assert "1 certificado por revisar" in page and "Línea 1.3 rechazada" in page
