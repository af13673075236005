"""Goals computed from hand-made records: each count checked, the once-per-person rule included, and every
drill-down lists exactly what its value counted."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from limpia.agreements import services as agreement_services
from limpia.agreements.choices import Stage
from limpia.agreements.models import Agreement
from limpia.audits.models import Certificate
from limpia.programs import goals, services
from limpia.programs.choices import Indicator, ParticipantType
from limpia.programs.models import Activity, CommitteeMeeting, NationalGoal
from limpia.registry.models import Company, Installation

pytestmark = pytest.mark.django_db


def _goal(indicator, region=None, year=None, **extra) -> NationalGoal:
    year = year or timezone.localdate().year
    return NationalGoal(
        code=f"T-{indicator}",
        title="t",
        policy="p",
        indicator=indicator,
        region=region,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        target=Decimal(10),
        **extra,
    )


def _value(indicator, **kwargs):
    return goals.measure(_goal(indicator, **kwargs)).value


def test_new_companies_count_each_company_once_by_its_first_adhesion(world):
    # The world's two companies adhered this year (one in each region).
    assert _value(Indicator.NEW_COMPANIES) == 2
    assert _value(Indicator.NEW_COMPANIES, region=world.a.region) == 1
    assert _value(Indicator.NEW_COMPANIES, year=timezone.localdate().year - 1) == 0


def test_certified_share_of_companies_in_new_agreements(world):
    # A third company adheres to agreement A without a certificate: 2 of 3 certified.
    third = Company.objects.create(rut="15555555-6", legal_name="Tercera SpA", comuna=world.a.company.comuna,
                                   size_class="micro")  # fmt: skip
    plant = Installation.objects.create(company=third, name="Planta C", comuna=world.a.company.comuna)
    # It adhered while the agreement was still receiving adhesions (the world's agreement is now implementing).
    Agreement.objects.filter(pk=world.a.agreement.pk).update(stage=Stage.ADHESION)
    [adhesion] = agreement_services.request_adhesion(world.a.agreement, installations=[plant],
                                                     by=world.users["staff"], today=date(2026, 3, 10))  # fmt: skip
    agreement_services.decide_adhesion(adhesion, by=world.users["staff"], approve=True, today=date(2026, 3, 11))
    measure = goals.measure(_goal(Indicator.CERTIFIED_SHARE))
    assert measure.value == Decimal("66.7")
    assert {c.pk: c.certified for c in measure.records} == {world.a.company.pk: True, world.b.company.pk: True,
                                                              third.pk: False}  # fmt: skip
    assert _value(Indicator.SMES_CERTIFIED) == 2  # the third one is an SME but not certified
    Certificate.objects.filter(pk=world.b.certificate.pk).update(issued_on=date(2001, 1, 1))
    assert _value(Indicator.SMES_CERTIFIED) == 1


def test_a_committee_operates_when_it_met_in_the_period(world):
    assert _value(Indicator.REGIONS_WITH_COMMITTEE) == 0
    CommitteeMeeting.objects.create(committee=world.a.committee, held_on=timezone.localdate(), agenda="x")
    CommitteeMeeting.objects.create(committee=world.a.committee, held_on=timezone.localdate(), agenda="y")
    assert _value(Indicator.REGIONS_WITH_COMMITTEE) == 1
    assert _value(Indicator.REGIONS_WITH_COMMITTEE, region=world.b.region) == 0


def test_regions_with_a_program_need_both_program_and_transfer_centre(world):
    committee = world.a.committee
    committee.constituted_on, committee.program = date(2010, 1, 1), "Programa regional"
    committee.save()
    assert _value(Indicator.REGIONS_WITH_PROGRAM) == 0
    committee.transfer_centre = "Centro de transferencia"
    committee.save()
    assert _value(Indicator.REGIONS_WITH_PROGRAM) == 1


def test_a_person_counts_once_however_many_activities_they_attend(world):
    staff, today = world.users["staff"], timezone.localdate()
    training = [Activity.objects.create(kind="training", title=f"Curso {n}", held_on=today, region=world.a.region,
                                        organizer="ASCC") for n in range(2)]  # fmt: skip
    talk = Activity.objects.create(kind="dissemination", title="Charla", held_on=today, region=world.b.region,
                                   organizer="ASCC")  # fmt: skip
    for activity in training:  # María goes to both courses, written with and without dots
        services.add_attendance(activity, by=staff, rut="12.345.678-5" if activity is training[0] else "12345678-5",
                                full_name="María Pérez", kind=ParticipantType.MICRO_ENTREPRENEUR)  # fmt: skip
    services.add_attendance(training[0], by=staff, full_name="Juan Rojas", kind=ParticipantType.WORKER)
    services.add_attendance(talk, by=staff, rut="12345678-5", full_name="María Pérez",
                            kind=ParticipantType.MICRO_ENTREPRENEUR)  # fmt: skip
    services.set_count(talk, by=staff, kind=ParticipantType.MICRO_ENTREPRENEUR, count=10)
    services.set_count(talk, by=staff, kind=ParticipantType.MICRO_ENTREPRENEUR, count=12)  # corrected, not added
    # Trained: María and Juan (the world's own workshop has nobody); the talk is not training.
    assert _value(Indicator.PEOPLE_TRAINED) == 2
    assert _value(Indicator.PEOPLE_TRAINED, participant_type=ParticipantType.MICRO_ENTREPRENEUR) == 1
    # Micro-entrepreneurs reached: María once, plus the 12 counted at the talk.
    assert _value(Indicator.MICRO_ENTREPRENEURS) == 13
    assert _value(Indicator.MICRO_ENTREPRENEURS, region=world.a.region) == 1
    measure = goals.measure(_goal(Indicator.PEOPLE_TRAINED))
    assert {(p.full_name, p.activities) for p in measure.records} == {("María Pérez", 2), ("Juan Rojas", 1)}


def test_financing_lines_opened_and_success_cases_published(world):
    assert _value(Indicator.FINANCING_LINES) == 1  # the world's calls are both of the first line, opened this year
    assert _value(Indicator.FINANCING_LINES, year=timezone.localdate().year + 1) == 0
    assert _value(Indicator.SUCCESS_CASES) == 0
    services.submit_case(world.a.case, by=world.users["company"])
    services.publish_case(world.a.case, by=world.users["regional"])
    assert _value(Indicator.SUCCESS_CASES) == 1


def test_reductions_without_figures_show_no_data_yet(world):
    assert _value(Indicator.TCO2E_REDUCED) is None


@pytest.mark.parametrize("indicator", [i for i in Indicator if i not in (Indicator.CERTIFIED_SHARE,
                                                                         Indicator.TCO2E_REDUCED)])  # fmt: skip
def test_every_count_lists_exactly_what_it_counted(world, indicator):
    CommitteeMeeting.objects.create(committee=world.b.committee, held_on=timezone.localdate(), agenda="x")
    measure = goals.measure(_goal(indicator, participant_type=""))
    if measure.value is None:
        return
    counted = sum(row.count for row in measure.extra[0][1]) if measure.extra else 0
    assert measure.value == measure.records.count() + counted


def test_both_policy_periods_are_loaded_as_data():
    periods = set(NationalGoal.objects.values_list("starts_on__year", "ends_on__year"))
    assert {(2006, 2010), (2014, 2018)} <= periods
    assert NationalGoal.objects.get(code="PPL2018-2").baseline == 40
    assert set(NationalGoal.objects.values_list("indicator", flat=True)) >= set(goals.INDICATORS) - {
        Indicator.TCO2E_REDUCED
    }


def test_pace_is_given_only_with_data(world):
    status = goals.status(_goal(Indicator.TCO2E_REDUCED), timezone.localdate())
    assert status.pace is None
    status = goals.status(_goal(Indicator.NEW_COMPANIES), timezone.localdate() - timedelta(days=1))
    assert status.pace.progress == Decimal("20.0")  # 2 of 10


def test_the_reductions_goal_counts_accepted_reductions_and_leaves_out_claims(world):
    """The MRV worked example: baseline 2 t CO2e for 10 t of fruit (0.2 t/t); May 2023 reports 10 t and 1 MWh
    (0.3252 t CO2e at the SEN factor), so ER = (0.2 − 0.03252) × 10 = 1.6748 t."""
    from django.test import Client

    from limpia.mrv import accounting
    from limpia.mrv import services as mrv_services

    diagnosis = world.a.diagnosis
    diagnosis.production, diagnosis.emissions_tco2e, diagnosis.completed_on = Decimal(10), Decimal(2), date(2022, 12, 1)
    diagnosis.save()
    mrv_services.report_values(by=world.users["company"], installation=world.a.installation, period="05-2023",
                               values=[{"variable": "produccion.fruta", "value": "10", "unit": "t"}])  # fmt: skip
    mrv_services.verify(world.a.mrv_report, by=world.users["auditor"])
    mrv_services.decide(world.a.mrv_report, by=world.users["staff"], accept=True)
    accounting.compute(accounting.new_version(reason="prueba"))
    measure = goals.measure(_goal(Indicator.TCO2E_REDUCED, year=2023))
    assert measure.value == Decimal("1.7")
    assert [(r.installation, r.year, r.reduction_t) for r in measure.records[:10]] == [
        (world.a.installation, 2023, Decimal("1.67"))
    ]
    home = Client().get("/").content.decode()
    assert "t CO2e reducidas en 2023" in home
    mrv_services.declare_claim(by=world.users["company"], installation=world.a.installation, year=2023,
                               programme="huellachile")  # fmt: skip
    assert goals.measure(_goal(Indicator.TCO2E_REDUCED, year=2023)).value == 0  # a claim is not served stale
