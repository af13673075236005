"""The writes of the programs: who may do what, the rules they keep, and that a refusal changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from limpia.core.errors import BusinessRuleError
from limpia.core.tabular import TableError
from limpia.programs import calculations, imports, services
from limpia.programs.choices import ApplicationStatus, CaseStatus, ExpenseStatus
from limpia.programs.models import Application, Attendance, Participant, RegionalCommittee, UFValue

pytestmark = pytest.mark.django_db


def test_an_application_above_seventy_percent_is_refused_and_nothing_is_saved(world):
    before = Application.objects.count()
    with pytest.raises(BusinessRuleError, match=r"\$7\.000\.000,01 supera el tope de cofinanciamiento de 70 %"):
        services.apply(world.a.call, by=world.users["company"], title="Caldera", company=world.a.company,
                       total_cost=Decimal(10_000_000), requested=Decimal("7000000.01"))  # fmt: skip
    assert Application.objects.count() == before
    item = services.apply(world.a.call, by=world.users["company"], title="Caldera", company=world.a.company,
                          total_cost=Decimal(10_000_000), requested=Decimal(7_000_000))  # fmt: skip
    assert item.status == ApplicationStatus.SUBMITTED and item.submitted_by == world.users["company"]


def test_a_company_cannot_apply_for_another_company_nor_outside_the_call_dates(world):
    with pytest.raises(BusinessRuleError, match="en nombre de"):
        services.apply(world.a.call, by=world.users["company"], title="X", company=world.b.company,
                       total_cost=Decimal(100), requested=Decimal(50))  # fmt: skip
    with pytest.raises(BusinessRuleError, match="abierta del"):
        services.apply(world.a.call, by=world.users["company"], title="X", company=world.a.company,
                       total_cost=Decimal(100), requested=Decimal(50),
                       today=timezone.localdate() + timedelta(days=90))  # fmt: skip


def test_from_evaluation_to_award_disbursements_and_expenses(world):
    item, regional = world.a.application, world.users["regional"]
    with pytest.raises(BusinessRuleError, match="evalúan"):
        services.evaluate(item, by=world.users["company"], score=Decimal(80), evaluation="bien")
    with pytest.raises(BusinessRuleError):
        services.award(item, by=regional, amount=Decimal(600))  # not evaluated yet
    services.evaluate(item, by=regional, score=Decimal(80), evaluation="Pertinente")
    with pytest.raises(BusinessRuleError, match="70"):
        services.award(item, by=regional, amount=Decimal(701))  # 70 % of 1,000
    with pytest.raises(BusinessRuleError, match=r"\$650 supera el monto solicitado \$600"):
        services.award(item, by=regional, amount=Decimal(650))  # within 70 %, above the 600 asked
    services.award(item, by=regional, amount=Decimal(600))
    item.refresh_from_db()
    assert (item.status, item.awarded, item.decided_by) == (ApplicationStatus.AWARDED, Decimal(600), regional)
    today = timezone.localdate()
    services.disburse(item, by=regional, amount=Decimal(400), paid_on=today - timedelta(days=1))
    with pytest.raises(BusinessRuleError, match=r"sumarían \$601, más que los \$600 adjudicados"):
        services.disburse(item, by=regional, amount=Decimal(201), paid_on=today)
    expense = services.submit_expense(item, by=world.users["company"], submitted_on=today,
                                      description="Factura caldera", amount=Decimal(400))  # fmt: skip
    with pytest.raises(BusinessRuleError, match="por qué"):
        services.review_expense(expense, by=regional, approve=False)
    expense = services.review_expense(expense, by=regional, approve=True)
    assert expense.status == ExpenseStatus.APPROVED
    assert item.history.first().history_user == regional


def test_uf_values_convert_amounts_and_the_command_reads_chilean_files(world, tmp_path):
    path = tmp_path / "uf.csv"
    path.write_text("fecha;valor\n01-11-2026;39.512,34\n02-11-2026;39.520,01\n", encoding="utf-8")
    call_command("load_uf", str(path))
    # No value for 05-11: the nearest earlier one (02-11, $39.520,01) is used and named. 10 × 39.520,01 = 395.200,1.
    assert services.in_clp(Decimal(10), "UF", date(2026, 11, 5)) == calculations.InPesos(
        Decimal(395_200), date(2026, 11, 2), Decimal("39520.01"))  # fmt: skip
    path.write_text("fecha;valor\n03-11-2026;abc\n31-02-2026;39.000\n", encoding="utf-8")
    with pytest.raises(Exception, match="2 error"):
        call_command("load_uf", str(path))
    assert UFValue.objects.count() == 2
    with pytest.raises(BusinessRuleError, match="No hay valor UF cargado para el 01-01-1999 ni para un día anterior"):
        services.uf_on(date(1999, 1, 1))


def test_a_success_case_goes_from_draft_to_review_to_published(world):
    case, company, regional = world.a.case, world.users["company"], world.users["regional"]
    with pytest.raises(BusinessRuleError):
        services.publish_case(case, by=regional)  # still a draft
    services.submit_case(case, by=company)
    with pytest.raises(BusinessRuleError, match="Solo se cambian borradores"):
        case.title = "Otro"
        services.save_case(case, by=company)
    with pytest.raises(BusinessRuleError, match="revisan"):
        services.publish_case(case, by=world.users["association"])
    services.send_back_case(case, by=regional, notes="Agregar cifras")
    assert case.status == CaseStatus.DRAFT
    services.submit_case(case, by=company)
    services.publish_case(case, by=regional)
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED and case.published_on == timezone.localdate()


def test_a_case_needs_the_companys_adhesion_to_the_agreement(world):
    from limpia.programs.models import SuccessCase

    case = SuccessCase(title="Caso ajeno", company=world.a.company, agreement=world.b.agreement, summary="s", body="b")
    with pytest.raises(BusinessRuleError, match="no tiene adhesión"):
        services.save_case(case, by=world.users["staff"])
    case.company = world.b.company
    with pytest.raises(BusinessRuleError, match="propia empresa"):
        services.save_case(case, by=world.users["company"])


def test_meeting_attendees_must_be_members_and_only_the_region_changes_its_committee(world):
    committee = world.a.committee
    member = services.add_member(committee, by=world.users["regional"], institution="SEREMI", full_name="Ana",
                                 sector="public")  # fmt: skip
    stranger = services.add_member(world.b.committee, by=world.users["staff"], institution="X", full_name="Luis",
                                   sector="private")  # fmt: skip
    with pytest.raises(BusinessRuleError, match="no integra"):
        services.add_meeting(committee, by=world.users["regional"], held_on=date(2026, 5, 1), agenda="a",
                             attendees=[member, stranger])  # fmt: skip
    assert not committee.meetings.exists()
    with pytest.raises(BusinessRuleError):
        services.add_member(world.b.committee, by=world.users["regional"], institution="X", full_name="Y",
                            sector="public")  # fmt: skip
    with pytest.raises(BusinessRuleError):
        services.save_committee(RegionalCommittee(region=world.a.region), by=world.users["regional"])


def test_attendance_import_is_all_or_nothing_with_errors_by_row_and_column(world):
    csv = (
        "rut;nombre;tipo;correo\n12.345.678-5;María Pérez;microempresaria;\n11.111.111-2;Juan;trabajador;\n;;piloto;\n"
    )
    with pytest.raises(TableError) as caught:
        imports.import_attendance(world.a.activity, csv.encode(), "asistencia.csv", by=world.users["regional"])
    where = {(e.row, e.column) for e in caught.value.errors}
    assert {(3, "rut"), (4, "nombre"), (4, "tipo")} <= where
    assert not Attendance.objects.exists() and not Participant.objects.exists()
    good = "rut;nombre;tipo\n12.345.678-5;María Pérez;Microempresario(a)\n;Juan Rojas;worker\n"
    assert imports.import_attendance(world.a.activity, good.encode(), "a.csv", by=world.users["regional"]) == 2
    assert imports.import_attendance(world.a.activity, good.encode(), "a.csv", by=world.users["regional"]) == 2
    assert Participant.objects.filter(rut="12345678-5").count() == 1  # the same person, matched by RUT
    with pytest.raises(BusinessRuleError):
        imports.import_attendance(world.b.activity, good.encode(), "a.csv", by=world.users["regional"])
