"""Synthetic activity data: every installation adhered to an agreement reports monthly for five years,
with seasonality (production peaks by sector season), a trend of efficiency gains, and noise; earlier
years accepted, the last one verified or reported; the baseline of each completed initial diagnosis is
the installation's own first year, a little less efficient. Then the first calculation version."""

import math
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from limpia.accounts.models import User
from limpia.agreements.choices import AdhesionStatus
from limpia.agreements.models import Adhesion, InitialDiagnosis
from limpia.core.bulk import insert_rows
from limpia.mrv import accounting
from limpia.mrv.choices import Frequency, Programme, ReportStatus
from limpia.mrv.models import Claim, Measurement, Report, ReportingPlan, Variable
from limpia.mrv.queries import figures, totals

YEARS = 5
BASELINE_FACTOR = Decimal("1.12")  # the diagnosis year: 12 % more CO2e per unit than the first reported year
# Per unit of product and month: (variable code, mean per unit, share of the variable that grows with output)
INTENSITY = [
    ("electricidad.sen", 180.0), ("combustible.diesel", 9.0), ("agua.red", 3.5),
    ("residuo.alimentos.landfill", 0.02), ("residuo.papel.recycling", 0.006), ("refrigerante.R-410A", 0.0008),
]  # fmt: skip
SECOND_FUEL = {"mineria": "combustible.fuel_oil", "alimentos": "combustible.gas_natural", "fruta": "combustible.glp",
               "forestal": "combustible.lena", "pecuario": "combustible.glp", "vino": "combustible.glp"}  # fmt: skip


def run(ctx) -> None:
    ctx.out.write("Indicadores y MRV:\n")
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    installations = _installations()
    variables = {v.code: v for v in Variable.objects.all()}
    _plans(installations, variables)
    last = _last_month()
    months = [_add_months(last, -i) for i in range(YEARS * 12 - 1, -1, -1)]  # oldest first
    count = _activity(ctx, installations, variables, months, by)
    ctx.progress("valores de actividad", count, count)
    version = accounting.new_version(by=by, reason="Datos sintéticos")
    accounting.compute(version)
    _baselines(version, installations)
    accounting.compute(version)
    _claims(installations, by)
    ctx.progress("cifras anuales por instalación", version.rows, version.rows)


def _last_month() -> date:
    today = timezone.localdate().replace(day=1)
    return _add_months(today, -1)


def _add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _installations() -> dict[int, dict]:
    """Adhered installations: their sector (first agreement's first sector) and adhesion."""
    found = {}
    for installation_id, adhesion_id, sector, size in (
        Adhesion.objects.filter(status=AdhesionStatus.APPROVED)
        .order_by("pk")
        .values_list("installation_id", "pk", "agreement__sectors__code", "company__size_class")
    ):
        found.setdefault(installation_id, {"adhesion": adhesion_id, "sector": sector or "alimentos", "size": size})
    return found


def _plans(installations, variables) -> None:
    agreement_ids = set(Adhesion.objects.filter(status=AdhesionStatus.APPROVED).values_list("agreement_id", flat=True))
    for agreement_id in agreement_ids:
        plan, _ = ReportingPlan.objects.get_or_create(agreement_id=agreement_id,
                                                      defaults={"frequency": Frequency.MONTHLY})  # fmt: skip
        sector = plan.agreement.sectors.values_list("code", flat=True).first() or "alimentos"
        codes = [f"produccion.{sector}", *(code for code, _m in INTENSITY), SECOND_FUEL.get(sector, "")]
        plan.variables.set([variables[c] for c in codes if c in variables])


SIZE = {"micro": 0.1, "small": 0.4, "medium": 1.5, "large": 6.0}


CHUNK = 2_000  # installations per batch: memory stays flat at any scale


def _activity(ctx, installations, variables, months, by) -> int:
    """Monthly reports and their values, a batch of installations at a time (COPY on PostgreSQL)."""
    ids, count = list(installations), 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _reports(chunk, months, by)
        report_ids = {(i, p): pk for i, p, pk in Report.objects.filter(installation_id__in=chunk)
                      .values_list("installation_id", "period", "pk")}  # fmt: skip
        count += _write(_measurements(ctx.rng, {i: installations[i] for i in chunk}, report_ids, variables, months))
        ctx.progress("valores de actividad", count, count)
    return count


def _reports(installation_ids, months, by) -> None:
    now, last = timezone.now(), months[-1]
    columns = ["installation_id", "period", "year", "frequency", "status", "reported_by_id", "reported_at",
               "verified_by_id", "verified_at", "decided_by_id", "decided_at", "reason"]  # fmt: skip

    def rows():
        for installation_id in installation_ids:
            for month in months:
                status = _status(month, last)
                verified = status != ReportStatus.REPORTED
                decided = status == ReportStatus.ACCEPTED
                yield (installation_id, month, month.year, Frequency.MONTHLY, status, by.pk, now,
                       by.pk if verified else None, now if verified else None,
                       by.pk if decided else None, now if decided else None, "")  # fmt: skip

    insert_rows(Report._meta.db_table, columns, rows())


def _status(month: date, last: date) -> str:
    age = (last.year - month.year) * 12 + last.month - month.month
    if age >= 9:
        return ReportStatus.ACCEPTED
    return ReportStatus.VERIFIED if age >= 4 else ReportStatus.REPORTED


def _measurements(rng, installations, report_ids, variables, months):
    """(report, variable, value, unit) with seasonality, a yearly efficiency gain and noise."""
    first_year = months[0].year
    for installation_id, info in installations.items():
        size = SIZE.get(info["size"], 1.0) * rng.uniform(0.5, 2.0)
        efficiency = rng.uniform(0.015, 0.05)  # yearly gain
        phase = rng.uniform(0, 2 * math.pi)
        codes = [(f"produccion.{info['sector']}", None), *INTENSITY]
        if info["sector"] in SECOND_FUEL:
            codes.append((SECOND_FUEL[info["sector"]], 2.0 if info["sector"] != "forestal" else 0.004))
        for month in months:
            season = 1 + 0.25 * math.sin(2 * math.pi * month.month / 12 + phase)
            output = 1000 * size * season * rng.uniform(0.9, 1.1)
            gain = (1 - efficiency) ** (month.year - first_year + (month.month - 1) / 12)
            report_id = report_ids[(installation_id, month)]
            for code, per_unit in codes:
                value = output if per_unit is None else output * per_unit * gain * rng.uniform(0.92, 1.08)
                variable = variables.get(code)
                if variable is not None:
                    yield report_id, variable.pk, round(Decimal(value), 3), variable.base_unit


def _write(rows) -> int:
    columns = ["report_id", "variable_id", "value", "entered_value", "entered_unit", "flagged"]
    return insert_rows(Measurement._meta.db_table, columns, ((r, v, x, x, u, False) for r, v, x, u in rows))


def _baselines(version, installations) -> None:
    """Each completed diagnosis takes the installation's first year, 12 % less efficient."""
    first = {}
    for row in totals(figures(version, accepted_only=False), ["installation_id", "year"]):
        first.setdefault(row["installation_id"], row)
    diagnoses = list(InitialDiagnosis.objects.filter(adhesion_id__in=[i["adhesion"] for i in installations.values()]))
    units = dict(Variable.objects.filter(category="production").values_list("code", "base_unit"))
    by_adhesion = {info["adhesion"]: installation_id for installation_id, info in installations.items()}
    for diagnosis in diagnoses:
        installation_id = by_adhesion[diagnosis.adhesion_id]
        row = first.get(installation_id)
        if row is None or not row["production"]:
            continue
        diagnosis.production = round(row["production"], 4)
        diagnosis.emissions_tco2e = round(row["co2e_t"] * BASELINE_FACTOR, 3)
        diagnosis.production_unit = units.get(f"produccion.{installations[installation_id]['sector']}", "t")
        diagnosis.completed_on = diagnosis.completed_on or (date(row["year"], 1, 1) - timedelta(days=30))
    InitialDiagnosis.objects.bulk_update(diagnoses, ["production", "emissions_tco2e", "production_unit",
                                                     "completed_on"], batch_size=2000)  # fmt: skip


def _claims(installations, by) -> None:
    """One installation in forty also claims its reductions in HuellaChile (flagged, out of the APL total)."""
    year = _last_month().year - 1
    Claim.objects.bulk_create([
        Claim(installation_id=i, year=year, programme=Programme.HUELLACHILE, reference=f"HC-{i}", declared_by=by)
        for n, i in enumerate(sorted(installations)) if n % 40 == 0
    ])  # fmt: skip
