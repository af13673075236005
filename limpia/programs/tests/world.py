"""Programs for the two-scope world: each side's region has a committee and an activity; each side's company
has an application to an open call and a draft success case in its agreement; goals come from the reference data."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from limpia.programs.models import (
    Activity,
    Application,
    Call,
    FundingLine,
    NationalGoal,
    RegionalCommittee,
    SuccessCase,
)


def add_programs(world) -> None:
    today = timezone.localdate()
    line = FundingLine.objects.order_by("pk").first()
    goals = list(NationalGoal.objects.order_by("pk")[:2])
    for n, side in enumerate((world.a, world.b)):
        side.goal = goals[n]
        side.committee = RegionalCommittee.objects.create(region=side.region, secretariat=f"Secretaría {n}")
        side.activity = Activity.objects.create(kind="training", title=f"Taller {n}", held_on=today,
                                                region=side.region, organizer="ASCC")  # fmt: skip
        side.call = Call.objects.create(line=line, title=f"Convocatoria {n}", opens_on=today - timedelta(days=5),
                                        closes_on=today + timedelta(days=30))  # fmt: skip
        side.application = Application.objects.create(call=side.call, title=f"Proyecto {n}", company=side.company,
                                                      total_cost=Decimal(1000), requested=Decimal(600))  # fmt: skip
        side.case = SuccessCase.objects.create(title=f"Caso {n}", slug=f"caso-{n}", company=side.company,
                                               agreement=side.agreement, summary="Resumen", body="Texto")  # fmt: skip
