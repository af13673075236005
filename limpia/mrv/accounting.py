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

from limpia.core.bulk import analyze, insert_rows
from limpia.mrv import factors as fx
from limpia.mrv.choices import Category, Destination, Frequency, GwpSet, ReportStatus, RunStatus
from limpia.mrv.models import CalculationVersion, Coefficient, FactorSet, Measurement, Report, Variable, YearFigure
from limpia.registry.models import Installation

COLUMNS = [f.name for f in fx.PerUnit.__dataclass_fields__.values()]
PER_UNIT_STEP = Decimal("1e-20")  # the precision Coefficient keeps


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
    """Per-unit figures of every variable for every (period, frequency) in the data not yet covered."""
    have = set(Coefficient.objects.filter(version=version).values_list("period", "frequency"))
    missing = sorted(set(periods) - have)
    if not missing:
        return 0
    factors, vectors = factors_for(version), _vectors(version)
    rows = []
    for variable in Variable.objects.all():
        for period, frequency in missing:
            month = period.month if frequency == Frequency.MONTHLY else None
            per = fx.per_unit(spec(variable), period.year, month, factors)
            values = tuple(getattr(per, name).quantize(PER_UNIT_STEP) for name in COLUMNS)
            vector = vectors.setdefault(values, len(vectors) + 1)
            rows.append(Coefficient(version=version, variable=variable, period=period, frequency=frequency,
                                    vector=vector, **dict(zip(COLUMNS, values, strict=True))))  # fmt: skip
    Coefficient.objects.bulk_create(rows, batch_size=2000)
    analyze(Coefficient._meta.db_table)
    return len(rows)


def _vectors(version: CalculationVersion) -> dict[tuple, int]:
    """The vector number of each distinct row of per-unit figures already in the version."""
    found = Coefficient.objects.filter(version=version).values_list(*COLUMNS, "vector").distinct()
    return {tuple(Decimal(v).quantize(PER_UNIT_STEP) for v in row[:-1]): row[-1] for row in found}


def _tune(cursor) -> None:
    """For this transaction (PostgreSQL): no JIT (it compiles for seconds on plans that run for less),
    memory enough to aggregate the nation in one pass instead of spilling to disk, and parallel workers
    for the national join (the planner overestimates its groups and would run it in one process)."""
    if connection.vendor == "postgresql":
        for setting in ("jit = off", "work_mem = '256MB'", "parallel_setup_cost = 0", "parallel_tuple_cost = 0.001"):
            cursor.execute(f"SET LOCAL {setting}")


def _periods(installation_ids=None) -> set[tuple[date, str]]:
    qs = Report.objects.all()
    if installation_ids is not None:
        qs = qs.filter(installation_id__in=installation_ids)
    return set(qs.order_by().values_list("period", "frequency").distinct())


def _insert_linear(version: CalculationVersion, installation_ids=None) -> int:
    """Values summed per installation, year, acceptance and coefficient vector, then multiplied once."""
    t = {m: m._meta.db_table for m in (Measurement, Report, Coefficient, YearFigure)}
    where, params = "r.status <> %s", [ReportStatus.ACCEPTED, version.pk, ReportStatus.REJECTED]
    if installation_ids is not None:
        where += f" AND r.installation_id IN ({', '.join(['%s'] * len(installation_ids))})"
        params += list(installation_ids)
    sql = f"""
        INSERT INTO {t[YearFigure]} (version_id, installation_id, year, accepted, {", ".join(COLUMNS)},
                                     landfill_ch4_t, landfill_co2e_t)
        SELECT %s, g.installation_id, g.year, g.accepted, {", ".join(_product(n) for n in COLUMNS)}, 0, 0
        FROM (SELECT r.installation_id, r.year, (r.status = %s) AS accepted, c.vector, SUM(m.value) AS total
              FROM {t[Measurement]} m
              JOIN {t[Report]} r ON r.id = m.report_id
              JOIN {t[Coefficient]} c ON c.version_id = %s AND c.variable_id = m.variable_id
                                      AND c.period = r.period AND c.frequency = r.frequency
              WHERE {where}
              GROUP BY r.installation_id, r.year, (r.status = %s), c.vector) g
        JOIN (SELECT DISTINCT vector, {", ".join(COLUMNS)} FROM {t[Coefficient]} WHERE version_id = %s) v
             ON v.vector = g.vector
        GROUP BY g.installation_id, g.year, g.accepted"""
    with connection.cursor() as cursor:
        _tune(cursor)
        cursor.execute(sql, [version.pk, *params, ReportStatus.ACCEPTED, version.pk])
        return cursor.rowcount


def _product(column: str) -> str:
    """Σ total × per-unit figure, skipping the zeros (most figures of most variables)."""
    return f"COALESCE(SUM(g.total * v.{column}) FILTER (WHERE v.{column} <> 0), 0)"


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
    zeros = [0] * len(COLUMNS)
    rows = (
        (version.pk, installation_id, line.year, accepted, *zeros, line.tonnes, line.co2e_t)
        for (installation_id, accepted, variable_id), by_year in deposits.items()
        for line in fx.landfill_lines(variables[variable_id], by_year, last_year, regions[installation_id], factors)
    )  # fmt: skip
    columns = ["version_id", "installation_id", "year", "accepted", *COLUMNS, "landfill_ch4_t", "landfill_co2e_t"]
    return insert_rows(YearFigure._meta.db_table, columns, rows)


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
