"""MRV for the two-scope world: each side's installation reported a month (one electricity value)."""

from datetime import date
from decimal import Decimal

from limpia.mrv.choices import Frequency
from limpia.mrv.models import Measurement, Report, Variable


def add_mrv(world) -> None:
    electricity = Variable.objects.get(code="electricidad.sen")
    for side in (world.a, world.b):
        side.mrv_report = Report.objects.create(
            installation=side.installation,
            period=date(2023, 5, 1),
            year=2023,
            frequency=Frequency.MONTHLY,
            reported_by=world.users["company"],
        )
        side.mrv_measurement = Measurement.objects.create(
            report=side.mrv_report,
            variable=electricity,
            value=Decimal(1000),
            entered_value=Decimal(1),
            entered_unit="MWh",
        )
