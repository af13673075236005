"""Real browser, national staff: the corrected certification rule through the screens (issue 16, domain.md §9).
Closing with undecided lines is refused with the lines named; approving and closing ask for confirmation;
the installation with a rejected line is shown as not certified (4/5 = 80 %); the certified one verifies with
its stored figure; a certificate granted under the old rule is suspended with a reason."""

from pathlib import Path

import pytest
from django.utils import timezone

from limpia.agreements import services as agreement_services
from limpia.agreements.models import Adhesion
from limpia.audits import services
from limpia.audits.choices import AuditKind
from limpia.audits.models import Audit, Certificate
from limpia.core.tests.browser import browser_page, log_in_as
from limpia.registry.models import Installation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/certification")


def _final_audit(world):
    """A's final audit of Planta A and Planta A2, five applicable actions each (1.1, 1.3, 1.4, 1.5, 1.6), all
    filled as complying; Planta A2's 1.6 rejected by staff, the other nine lines in review."""
    staff, auditor, a = world.users["staff"], world.users["auditor"], world.a
    Certificate.objects.filter(agreement=a.agreement).delete()
    Audit.objects.filter(agreement=a.agreement).delete()
    goal = a.agreement.goals.get(number=1)
    for number in ("1.4", "1.5", "1.6"):
        agreement_services.create_action(goal, by=staff, number=number, text=f"Acción {number}",
                                         verification_means="Registro", deadline_value=6)  # fmt: skip
    second = Installation.objects.create(company=a.company, name="Planta A2", comuna=a.installation.comuna)
    Adhesion.objects.create(agreement=a.agreement, installation=second, company=a.company, status="approved",
                            size_class_at_adhesion="small", requested_by=staff, decided_at=timezone.now())  # fmt: skip
    audit = services.open_audit(a.agreement, by=staff, kind=AuditKind.FINAL)
    services.assign_auditor(audit.assignments.all(), by=staff, auditor=a.auditor)
    for line in audit.lines.select_related("assignment__adhesion", "audit"):
        services.fill_line(line, by=auditor, applies=True, complies=True, evidence_date=timezone.localdate())
    rejected = audit.lines.get(assignment__installation=second, action__number="1.6")
    services.review_line(rejected, by=staff, decision="reject", comments="El registro no cubre el periodo")
    return audit


def confirm(page, key: str, button: str) -> None:
    """Open an irreversible action's panel, check «Confirmo» and press its button."""
    panel = page.locator(f"#do-{key}")
    panel.locator("summary").click()
    panel.get_by_label("Confirmo").check()
    panel.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_staff_certify_under_the_corrected_rule_and_review_old_certificates(live_server, world):
    audit, base = _final_audit(world), live_server.url
    with browser_page() as page:
        page.set_default_timeout(45_000)  # the live server's first pages can be slow on a shared CI machine
        log_in_as(page, base, "staff")
        page.goto(f"{base}{audit.get_absolute_url()}")
        assert "Se cerrará la auditoría: 0 líneas aprobadas, 1 rechazadas, 9 sin decisión" in page.content()
        confirm(page, "close", "Cerrar la auditoría")
        alert = page.locator(".alert-danger").inner_text()
        assert "9 líneas sin decisión" in alert and "Planta A · 1.1 (En revisión)" in alert and "y 4 más" in alert
        assert page.locator("#audit-status").inner_text() == "Abierta"
        _shoot(page, "audit-open")

        confirm(page, "approve", "Aprobar todas las líneas en revisión")
        assert "Líneas en revisión aprobadas." in page.content()
        confirm(page, "close", "Cerrar la auditoría")
        assert page.locator("#audit-status").inner_text() == "Auditoría cerrada"
        rows = {r.locator("td").first.inner_text().split("\n")[0]: r.locator("td.outcome").inner_text()
                for r in page.locator("#assign-form tbody tr").all()}  # fmt: skip
        assert "5/5 · 100,0 %" in rows["Planta A Valparaíso"] and "Certifica" in rows["Planta A Valparaíso"]
        assert "4/5 · 80,0 %" in rows["Planta A2 Valparaíso"] and "No certifica" in rows["Planta A2 Valparaíso"]
        page.locator("#do-certify summary").click()
        assert "1 de 2 instalaciones alcanzan la cifra de certificación" in page.locator("#what-certify").inner_text()
        _shoot(page, "audit-closed")

        page.get_by_label("Fecha de la ceremonia").fill(timezone.localdate().strftime("%d-%m-%Y"))
        page.locator("#do-certify").get_by_label("Confirmo").check()
        page.locator("#do-certify").get_by_role("button", name="Otorgar certificados").click()
        page.wait_for_load_state()
        assert "se están generando sus PDF" in page.content()
        [certificate] = Certificate.objects.filter(audit=audit)
        assert certificate.installation.name == "Planta A" and certificate.compliance == 100

        # The public verification page shows the stored figure.
        page.goto(f"{base}{certificate.get_absolute_url()}")
        verify_url = page.locator("#verify-link").get_attribute("href")
        page.context.clear_cookies()
        page.goto(verify_url.replace("http://127.0.0.1:8000", base))
        assert page.locator("#verdict").inner_text().startswith("Vigente")
        assert "100,0 %" in page.locator("dl").inner_text()

        # B's certificate was granted while its lines were undecided: staff suspend it with a reason.
        log_in_as(page, base, "staff")
        page.goto(f"{base}/auditorias/certificados/revision/")
        assert page.locator("#stale-total").inner_text() == "1 certificado por revisar"
        review = page.locator(f"#review-{world.b.certificate.pk}")
        assert "Bloqueada" in review.inner_text()
        _shoot(page, "review")
        review.get_by_label("Decisión", exact=True).select_option(label="Suspender el certificado")
        review.get_by_label("Motivo", exact=True).fill("Otorgado con líneas sin decisión")
        review.get_by_label("Confirmo").check()
        review.get_by_role("button", name="Registrar la decisión").click()
        page.wait_for_load_state()
        assert "Decisión sobre APL-B-C00001 registrada." in page.content()
        assert "Otorgado con líneas sin decisión" in page.locator("#decided").inner_text()
        world.b.certificate.refresh_from_db()
        assert (world.b.certificate.state, world.b.certificate.state_reason) == (
            "suspended", "Otorgado con líneas sin decisión")  # fmt: skip
