"""The national accounts: every installation's yearly figures for a calculation version.

Linear figures (fuels, electricity, refrigerants, composting, digestion, activity totals) are one SQL
statement joining measurements with the version's per-unit coefficients (derived from the factors by the
pure functions of `factors`); landfill methane follows with the first-order decay model per installation.
A change of data recomputes only the installations it touches.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from limpia.mrv import factors as fx
from limpia.mrv.choices import Category, Destination, Frequency, GwpSet, ReportStatus, RunStatus
from limpia.mrv.models import CalculationVersion, Coefficient, FactorSet, Measurement, Report, Variable, YearFigure
from limpia.registry.models import Installation

COLUMNS = [f.name for f in fx.PerUnit.__dataclass_fields__.values()]


def spec(variable: Variable) -> fx.VariableSpec:
    return fx.VariableSpec(
        variable.code, variable.category, variable.base_unit, variable.fuel, variable.waste_type,
        variable.destination, variable.gas,
    )  # fmt: skip


def factors_for(version: CalculationVersion) -> fx.Factors:
    sets = {s.kind: (f"{s.kind} {s.version}", s.values) for s in version.factor_sets()}
    return fx.Factors(sets, version.gwp_set)


def latest_sets() -> dict[str, FactorSet]:
    found = {}
    for factor_set in FactorSet.objects.order_by("kind", "-loaded_at", "-pk"):
        found.setdefault(factor_set.kind, factor_set)
    return found


def new_version(by=None, reason: str = "", gwp_set: str = GwpSet.AR5) -> CalculationVersion:
    """A version with the latest set of each kind (queued; `compute` fills it)."""
    sets = latest_sets()
    number = (CalculationVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return CalculationVersion.objects.create(
        number=number, gwp_set=gwp_set, created_by=by, reason=reason,
        fuels=sets["fuels"], grid=sets["grid"], gwp=sets["gwp"], waste=sets["waste"],
    )  # fmt: skip


def build_coefficients(version: CalculationVersion, periods) -> int:
    """Per-unit figures of every variable for every (period, frequency) in the data."""
    factors = factors_for(version)
    have = set(Coefficient.objects.filter(version=version).values_list("period", "frequency"))
    rows = []
    for variable in Variable.objects.all():
        for period, frequency in periods:
            if (period, frequency) in have:
                continue
            month = period.month if frequency == Frequency.MONTHLY else None
            per = fx.per_unit(spec(variable), period.year, month, factors)
            rows.append(Coefficient(version=version, variable=variable, period=period, frequency=frequency,
                                    **{name: getattr(per, name) for name in COLUMNS}))  # fmt: skip
    Coefficient.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _periods(installation_ids=None) -> set[tuple[date, str]]:
    qs = Report.objects.all()
    if installation_ids is not None:
        qs = qs.filter(installation_id__in=installation_ids)
    return set(qs.values_list("period", "frequency").distinct())


def _insert_linear(version: CalculationVersion, installation_ids=None) -> int:
    t = {m: m._meta.db_table for m in (Measurement, Report, Coefficient, YearFigure)}
    sums = ", ".join(f"SUM(m.value * c.{name})" for name in COLUMNS)
    where, params = "r.status <> %s", [version.pk, ReportStatus.ACCEPTED, version.pk, ReportStatus.REJECTED]
    if installation_ids is not None:
        where += f" AND r.installation_id IN ({', '.join(['%s'] * len(installation_ids))})"
        params += list(installation_ids)
    sql = f"""
        INSERT INTO {t[YearFigure]} (version_id, installation_id, year, accepted, {", ".join(COLUMNS)},
                                     landfill_ch4_t, landfill_co2e_t)
        SELECT %s, r.installation_id, r.year, (r.status = %s), {sums}, 0, 0
        FROM {t[Measurement]} m
        JOIN {t[Report]} r ON r.id = m.report_id
        JOIN {t[Coefficient]} c ON c.version_id = %s AND c.variable_id = m.variable_id
                                AND c.period = r.period AND c.frequency = r.frequency
        WHERE {where}
        GROUP BY r.installation_id, r.year, (r.status = %s)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, ReportStatus.ACCEPTED])
        return cursor.rowcount


def _landfill_deposits(installation_ids=None) -> dict[tuple[int, bool, int], dict[int, Decimal]]:
    """Tonnes sent to landfill per (installation, accepted, variable), by year."""
    ids = list(Variable.objects.filter(category=Category.WASTE, destination=Destination.LANDFILL,
                                       waste_type__in=fx.LANDFILL_TYPES).values_list("pk", flat=True))  # fmt: skip
    qs = Measurement.objects.filter(variable_id__in=ids).exclude(report__status=ReportStatus.REJECTED)
    if installation_ids is not None:
        qs = qs.filter(report__installation_id__in=installation_ids)
    deposits: dict = defaultdict(dict)
    rows = qs.values_list("report__installation_id", "report__status", "variable_id", "report__year")
    for installation_id, status, variable_id, year, total in rows.annotate(total=Sum("value")).order_by():
        key = (installation_id, status == ReportStatus.ACCEPTED, variable_id)
        deposits[key][year] = deposits[key].get(year, Decimal(0)) + Decimal(total)
    return deposits


def _insert_landfill(version: CalculationVersion, installation_ids=None) -> int:
    deposits = _landfill_deposits(installation_ids)
    if not deposits:
        return 0
    factors = factors_for(version)
    last_year = Report.objects.aggregate(y=Max("year"))["y"]
    variables = {v.pk: spec(v) for v in Variable.objects.filter(pk__in={k[2] for k in deposits})}
    regions = dict(Installation.objects.filter(pk__in={k[0] for k in deposits}).values_list("pk", "region__cut"))
    rows = []
    for (installation_id, accepted, variable_id), by_year in deposits.items():
        for line in fx.landfill_lines(variables[variable_id], by_year, last_year, regions[installation_id], factors):
            rows.append(
                YearFigure(
                    version=version,
                    installation_id=installation_id,
                    year=line.year,
                    accepted=accepted,
                    landfill_ch4_t=line.tonnes,
                    landfill_co2e_t=line.co2e_t,
                )
            )
    YearFigure.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def compute(version: CalculationVersion) -> int:
    """Fill a version from scratch: coefficients, linear figures, landfill methane."""
    CalculationVersion.objects.filter(pk=version.pk).update(status=RunStatus.RUNNING)
    try:
        with transaction.atomic():
            YearFigure.objects.filter(version=version).delete()
            build_coefficients(version, _periods())
            rows = _insert_linear(version) + _insert_landfill(version)
    except Exception:
        CalculationVersion.objects.filter(pk=version.pk).update(status=RunStatus.FAILED)
        raise
    CalculationVersion.objects.filter(pk=version.pk).update(status=RunStatus.DONE, rows=rows,
                                                            finished_at=timezone.now())  # fmt: skip
    version.refresh_from_db()
    return rows


@transaction.atomic
def recompute_installations(installation_ids) -> int:
    """After data of these installations changed: their figures in the current version, again."""
    from limpia.mrv.queries import current_version

    version = current_version()
    ids = sorted(set(installation_ids))
    if version is None or not ids:
        return 0
    build_coefficients(version, _periods(ids))
    YearFigure.objects.filter(version=version, installation_id__in=ids).delete()
    return _insert_linear(version, ids) + _insert_landfill(version, ids)
