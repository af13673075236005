"""The funding rules through the services, the screens, the API and the export: an award never above the request
nor the co-financing cap, disbursements never above the award, expense reports never above what was disbursed,
no payment dated after today; amounts in UF always say which day's UF they were converted at."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from limpia.core.errors import BusinessRuleError
from limpia.programs import services
from limpia.programs.choices import ApplicationStatus, ExpenseStatus
from limpia.programs.models import Application, Disbursement, ExpenseReport

pytestmark = pytest.mark.django_db
D = Decimal


def _state(application: Application) -> tuple:
    application.refresh_from_db()
    return (application.status, application.awarded, application.awarded_on, application.history.count(),
            list(application.disbursements.values_list("amount", "paid_on")),
            list(application.expenses.values_list("amount", "status")))  # fmt: skip


def _refused(call, application: Application, message: str, field: str) -> None:
    """The request is refused with exactly `message` on `field`, and nothing about the application changes."""
    before = _state(application)
    with pytest.raises(BusinessRuleError) as caught:
        call()
    assert (caught.value.message, caught.value.field) == (message, field)
    assert _state(application) == before, "a refused request changed the database"


def _in_evaluation(world, *, total=10_000_000, requested=7_000_000, currency="CLP") -> Application:
    item = world.a.application
    Application.objects.filter(pk=item.pk).update(total_cost=D(total), requested=D(requested),
                                                   status=ApplicationStatus.EVALUATION)  # fmt: skip
    type(world.a.call).objects.filter(pk=world.a.call.pk).update(currency=currency)
    item.refresh_from_db()
    return item


def _awarded(world, awarded=100) -> Application:
    item = world.a.application
    Application.objects.filter(pk=item.pk).update(status=ApplicationStatus.AWARDED, awarded=D(awarded),
                                                   awarded_on=timezone.localdate())  # fmt: skip
    item.refresh_from_db()
    return item


def test_an_award_above_the_cap_states_the_cap_and_the_amount(world):
    """Total 10.000.000, 70 %: the cap is 7.000.000. Awarding 8.000.000 is refused with those three figures."""
    item = _in_evaluation(world)
    _refused(lambda: services.award(item, by=world.users["regional"], amount=D(8_000_000)), item,
             "El monto adjudicado $8.000.000 supera el tope de cofinanciamiento de 70 % ($7.000.000) del costo "
             "total $10.000.000.", "amount")  # fmt: skip


def test_an_award_above_the_amount_requested_is_refused_even_within_the_cap(world):
    """Asked 5.000.000 of 10.000.000 (cap 7.000.000): 6.000.000 is within the cap but above what was asked."""
    item = _in_evaluation(world, requested=5_000_000)
    _refused(lambda: services.award(item, by=world.users["regional"], amount=D(6_000_000)), item,
             "El monto adjudicado $6.000.000 supera el monto solicitado $5.000.000.", "amount")  # fmt: skip
    services.award(item, by=world.users["regional"], amount=D(5_000_000))
    assert _state(item)[:2] == (ApplicationStatus.AWARDED, D(5_000_000))


def test_a_call_in_uf_states_its_amounts_in_uf(world):
    """UF 1.000 of cost at 70 % = UF 700; UF 800 is refused in UF, not in pesos."""
    item = _in_evaluation(world, total=1000, requested=700, currency="UF")
    _refused(lambda: services.award(item, by=world.users["staff"], amount=D(800)), item,
             "El monto adjudicado UF 800 supera el tope de cofinanciamiento de 70 % (UF 700) del costo total "
             "UF 1.000.", "amount")  # fmt: skip


def test_disbursements_never_exceed_the_award_nor_are_dated_after_today(world):
    """Awarded 100: 80 paid yesterday; 21 more would make 101 (refused); a payment dated tomorrow is refused;
    20 today makes exactly 100 (passes)."""
    item, regional, today = _awarded(world), world.users["regional"], timezone.localdate()
    services.disburse(item, by=regional, amount=D(80), paid_on=today - timedelta(days=1))
    _refused(lambda: services.disburse(item, by=regional, amount=D(21), paid_on=today), item,
             "Los desembolsos sumarían $101, más que los $100 adjudicados.", "amount")  # fmt: skip
    tomorrow = today + timedelta(days=1)
    _refused(lambda: services.disburse(item, by=regional, amount=D(1), paid_on=tomorrow), item,
             f"La fecha de pago {tomorrow:%d-%m-%Y} es posterior a hoy ({today:%d-%m-%Y}); registre el desembolso "
             "cuando esté pagado.", "paid_on")  # fmt: skip
    _refused(lambda: services.disburse(item, by=regional, amount=D(0), paid_on=today), item,
             "El monto de un desembolso debe ser mayor que cero.", "amount")  # fmt: skip
    services.disburse(item, by=regional, amount=D(20), paid_on=today)
    assert services.amount_paid(item) == D(100)


def test_expense_reports_never_exceed_what_was_disbursed(world):
    """Awarded 100, disbursed 60. Reports: 50 (passes), then 11 → 61 > 60 (refused); once the 50 is rejected it
    no longer counts, so 60 passes (0 + 60 = 60). A report dated tomorrow is refused."""
    item, company, regional, today = _awarded(world), world.users["company"], world.users["regional"], \
        timezone.localdate()  # fmt: skip
    Disbursement.objects.create(application=item, amount=D(60), paid_on=today)
    first = services.submit_expense(item, by=company, submitted_on=today, description="Caldera", amount=D(50))
    _refused(lambda: services.submit_expense(item, by=company, submitted_on=today, description="Flete",
                                             amount=D(11)), item,
             "Las rendiciones sumarían $61, más que los $60 desembolsados hasta ahora.", "amount")  # fmt: skip
    tomorrow = today + timedelta(days=1)
    _refused(lambda: services.submit_expense(item, by=company, submitted_on=tomorrow, description="Flete",
                                             amount=D(1)), item,
             f"La fecha de la rendición {tomorrow:%d-%m-%Y} es posterior a hoy ({today:%d-%m-%Y}).",
             "submitted_on")  # fmt: skip
    services.review_expense(first, by=regional, approve=False, reason="Factura ilegible")
    services.submit_expense(item, by=company, submitted_on=today, description="Caldera", amount=D(60))
    assert sorted(ExpenseReport.objects.filter(application=item).values_list("amount", "status")) == [
        (D(50), ExpenseStatus.REJECTED), (D(60), ExpenseStatus.SUBMITTED)]  # fmt: skip


def test_an_expense_report_is_reviewed_once(world):
    item = _awarded(world)
    Disbursement.objects.create(application=item, amount=D(60), paid_on=timezone.localdate())
    report = services.submit_expense(item, by=world.users["company"], submitted_on=timezone.localdate(),
                                     description="Caldera", amount=D(50))  # fmt: skip
    services.review_expense(report, by=world.users["regional"], approve=True)
    with pytest.raises(BusinessRuleError, match="ya fue revisada"):
        services.review_expense(report, by=world.users["staff"], approve=False, reason="otra")  # a stale copy
    assert ExpenseReport.objects.get(pk=report.pk).status == ExpenseStatus.APPROVED


# --- UF: the nearest earlier value, named, on the screen, in the API and in the export ------------------------


def _uf_world(world) -> Application:
    """A UF call; UF 1.000 awarded on 05-11-2026, when only 01-11-2026 ($39.512,34) and 10-11-2026 are loaded:
    the award is converted at the UF of 01-11-2026: 1.000 × 39.512,34 = $39.512.340."""
    services.load_uf([(date(2026, 11, 1), D("39512.34")), (date(2026, 11, 10), D("39600.00"))])
    type(world.a.call).objects.filter(pk=world.a.call.pk).update(currency="UF")
    Application.objects.filter(pk=world.a.application.pk).update(
        status=ApplicationStatus.AWARDED, total_cost=D(2000), requested=D(1000), awarded=D(1000),
        awarded_on=date(2026, 11, 5))  # fmt: skip
    return world.a.application


def _client(world, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


UF_TEXT = "UF 1.000 = $39.512.340 (UF del 01-11-2026)"


def test_the_screen_shows_the_amount_in_pesos_and_the_day_of_the_uf_used(world):
    item = _uf_world(world)
    Disbursement.objects.create(application=item, amount=D(500), paid_on=date(2026, 11, 12))
    page = _client(world, "company").get(item.get_absolute_url()).content.decode()
    assert UF_TEXT in page
    assert "UF 500 = $19.800.000 (UF del 10-11-2026)" in page  # paid 12-11: the UF of 10-11, 500 × 39.600


def test_the_api_gives_amount_clp_uf_date_and_uf_value(world):
    _uf_world(world)
    [row] = _client(world, "company").get("/api/v1/programs/applications").json()["items"]
    assert (row["currency"], row["amount_clp"], row["uf_date"], row["uf_value"], row["amount_clp_note"]) == (
        "UF", "39512340", "2026-11-01", "39512.34", None)  # fmt: skip


def test_the_export_gives_the_pesos_and_the_uf_used_and_only_what_the_user_sees(world):
    _uf_world(world)
    response = _client(world, "company").get("/programas/fondos/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert response["Content-Type"].startswith("text/csv") and len(rows) == 2  # the header and A's application
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Proyecto"], row["Monto en pesos (CLP)"], row["Fecha de la UF"], row["Valor de la UF (CLP)"],
            row["Monto en pesos"]) == ("Proyecto 0", "39512340", "01-11-2026", "39512,34", UF_TEXT)  # fmt: skip
    xlsx = _client(world, "staff").get("/programas/fondos/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_without_any_earlier_uf_the_amount_in_pesos_is_refused_with_the_reason(world):
    """Awarded on 05-11-2026 but the first UF loaded is of 10-11-2026: nothing earlier, so no peso figure."""
    from limpia.programs.models import UFValue

    item = _uf_world(world)
    UFValue.objects.filter(day=date(2026, 11, 1)).delete()
    reason = "No hay valor UF cargado para el 05-11-2026 ni para un día anterior"
    assert reason in _client(world, "company").get(item.get_absolute_url()).content.decode()
    [row] = _client(world, "company").get("/api/v1/programs/applications").json()["items"]
    assert row["amount_clp"] is None and row["uf_date"] is None and reason in row["amount_clp_note"]
    with pytest.raises(BusinessRuleError, match=reason):
        services.in_clp(D(1000), "UF", date(2026, 11, 5))


def test_a_clp_application_is_its_own_amount_in_pesos(world):
    [row] = _client(world, "company").get("/api/v1/programs/applications").json()["items"]
    assert (row["currency"], row["amount_clp"], row["uf_date"], row["uf_value"]) == ("CLP", "600.00", None, None)


def test_the_applications_api_and_export_read_as_many_queries_for_one_application_as_for_four(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _uf_world(world)
    client = _client(world, "staff")

    def queries() -> tuple[int, int]:
        counts = []
        for url in ("/api/v1/programs/applications", "/programas/fondos/?format=csv"):
            with CaptureQueriesContext(connection) as seen:
                assert client.get(url).status_code == 200
            counts.append(len(seen))
        return tuple(counts)

    before = queries()
    for n in range(3):
        Application.objects.create(call=world.a.call, title=f"Otro {n}", company=world.a.company,
                                   total_cost=D(100), requested=D(50))  # fmt: skip
    assert queries() == before
