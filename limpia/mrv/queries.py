"""Scope rules of MRV records, and the figures read from the current calculation version."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from limpia.agreements.choices import AdhesionStatus
from limpia.agreements.models import Adhesion, Agreement, InitialDiagnosis
from limpia.agreements.queries import agreement_rule
from limpia.audits.models import Assignment
from limpia.core.scoping import NOTHING, VIEW, Scopes, scope_rule
from limpia.mrv import calculations as calc
from limpia.mrv.choices import Programme, RunStatus
from limpia.mrv.models import (
    CalculationVersion,
    Claim,
    FactorSet,
    ImportRun,
    Measurement,
    MeasurementEvidence,
    NationalReport,
    Report,
    ReportingPlan,
    Variable,
    YearFigure,
)  # fmt: skip
from limpia.registry.models import Installation
from limpia.registry.queries import installation_rule

FIGURE_FIELDS = (
    "production", "electricity_mwh", "energy_gj", "water_m3", "waste_t", "co2_t", "ch4_t", "n2o_t", "hfc_co2e_t",
    "biogenic_co2_t", "scope1_co2e_t", "scope2_co2e_t", "waste_co2e_t", "landfill_ch4_t", "landfill_co2e_t",
)  # fmt: skip
CO2E_PARTS = ("scope1_co2e_t", "scope2_co2e_t", "waste_co2e_t", "landfill_co2e_t")


def _public(s: Scopes, action: str) -> Q:
    """Reference data: every signed-in user reads it; staff change it."""
    return Q() if action == VIEW and s.authenticated else NOTHING


for _model in (Variable, FactorSet, CalculationVersion, NationalReport):
    scope_rule(_model)(_public)


@scope_rule(ReportingPlan)
def plan_rule(s: Scopes, action: str) -> Q:
    return Q(agreement__in=Agreement.objects.filter(agreement_rule(s, action)))


def _assigned(s: Scopes) -> QuerySet:
    return Assignment.objects.filter(auditor__user_id=s.user_id).values("installation_id")


def _signed_by_agency(s: Scopes) -> QuerySet:
    return Adhesion.objects.filter(agreement__agencies__in=s.agency_ids, status=AdhesionStatus.APPROVED).values(
        "installation_id"
    )


def installations_q(s: Scopes, action: str, prefix: str = "installation") -> Q:
    """Whose data: the installation's scope; to read, also the auditor assigned to it and its agreements'
    signatory agencies."""
    q = Q(**{f"{prefix}__in": Installation.objects.filter(installation_rule(s, action))})
    if action == VIEW and s.user_id:
        q |= Q(**{f"{prefix}__in": _assigned(s)})
    if action == VIEW and s.agency_ids:
        q |= Q(**{f"{prefix}__in": _signed_by_agency(s)})
    return q


scope_rule(Report)(installations_q)
scope_rule(Claim)(installations_q)
scope_rule(YearFigure)(installations_q)


@scope_rule(Measurement)
def measurement_rule(s: Scopes, action: str) -> Q:
    return installations_q(s, action, "report__installation")


@scope_rule(MeasurementEvidence)
def evidence_rule(s: Scopes, action: str) -> Q:
    return installations_q(s, action, "measurement__report__installation")


@scope_rule(ImportRun)
def import_rule(s: Scopes, action: str) -> Q:
    return Q(uploaded_by_id=s.user_id) if s.user_id else NOTHING


def may_verify(user, installation_id: int) -> bool:
    """An auditor verifies the data of installations assigned to them in an audit."""
    return Assignment.objects.filter(auditor__user_id=user.pk, installation_id=installation_id).exists()


# --- Figures ----------------------------------------------------------------------------------------------


def current_version() -> CalculationVersion | None:
    return (
        CalculationVersion.objects.filter(status=RunStatus.DONE)
        .select_related("fuels", "grid", "gwp", "waste")
        .order_by("-number")
        .first()
    )


def figures(version, accepted_only: bool = True) -> QuerySet:
    qs = YearFigure.objects.filter(version=version)
    return qs.filter(accepted=True) if accepted_only else qs


def co2e(row: dict) -> Decimal:
    return sum((row.get(name) or Decimal(0) for name in CO2E_PARTS), Decimal(0))


def totals(qs: QuerySet, keys: list[str]) -> list[dict]:
    """One SQL aggregate: every figure summed per group of `keys`, with its CO2e total."""
    rows = list(qs.values(*keys).annotate(**{f: Sum(f) for f in FIGURE_FIELDS}).order_by(*keys))
    for row in rows:
        row["co2e_t"] = co2e(row)
    return rows


def in_agreement(qs: QuerySet, agreement) -> QuerySet:
    adhered = Adhesion.objects.filter(agreement=agreement, status=AdhesionStatus.APPROVED).values("installation_id")
    return qs.filter(installation_id__in=adhered)


# --- Reductions against the baseline (domain.md §11) ------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    installation_id: int
    intensity: Decimal  # t CO2e per unit of product, from the initial diagnosis
    production: Decimal
    emissions_t: Decimal
    unit: str
    diagnosis_id: int


@dataclass(frozen=True)
class Reduction:
    installation_id: int
    year: int
    baseline: Baseline
    production: Decimal
    emissions_t: Decimal
    reduction_t: Decimal
    claims: tuple[str, ...]

    @property
    def counted(self) -> bool:
        return not self.claims

    @property
    def intensity(self) -> Decimal | None:
        return calc.intensity(self.emissions_t, self.production)


def baselines(installation_ids=None) -> dict[int, Baseline]:
    """Each installation's first completed initial diagnosis with production and emissions."""
    qs = InitialDiagnosis.objects.filter(
        completed_on__isnull=False, production__gt=0, emissions_tco2e__isnull=False
    ).order_by("completed_on", "pk")
    if installation_ids is not None:
        qs = qs.filter(adhesion__installation_id__in=installation_ids)
    found = {}
    for row in qs.values_list("adhesion__installation_id", "production", "emissions_tco2e", "production_unit", "pk"):
        installation_id, production, emissions, unit, pk = row
        if installation_id not in found:
            found[installation_id] = Baseline(installation_id, emissions / production, production, emissions, unit, pk)
    return found


def reductions(qs: QuerySet) -> list[Reduction]:
    """ER = (SEC_baseline − SEC_year) × production_year per installation-year with a baseline, SEC being
    t CO2e per unit of product; claims in another programme are flagged (left out of APL totals)."""
    rows = totals(qs, ["installation_id", "year"])
    bases = baselines({row["installation_id"] for row in rows})
    claims = defaultdict(list)
    for installation_id, year, programme in Claim.objects.filter(installation_id__in=list(bases)).values_list(
        "installation_id", "year", "programme"
    ):
        claims[(installation_id, year)].append(str(Programme(programme).label))
    result = []
    for row in rows:
        base = bases.get(row["installation_id"])
        production = row["production"] or Decimal(0)
        if base is None or not production:
            continue
        sec = row["co2e_t"] / production
        er = calc.normalized_reduction_t(base.intensity, sec, production, Decimal(1))
        key = (row["installation_id"], row["year"])
        result.append(Reduction(*key, base, production, row["co2e_t"], er, tuple(claims.get(key, ()))))
    return result


def reduction_totals(items: list[Reduction]) -> dict[int, dict]:
    """Per year: the APL total (claims left out), what was left out, and how many installations."""
    years: dict[int, dict] = {}
    for item in items:
        year = years.setdefault(item.year, {"counted": Decimal(0), "excluded": Decimal(0), "installations": 0})
        year["counted" if item.counted else "excluded"] += item.reduction_t
        year["installations"] += 1
    return dict(sorted(years.items()))


# --- Sector benchmark (anonymized) -------------------------------------------------------------------------

MIN_PEERS = 5


@dataclass(frozen=True)
class Benchmark:
    indicator: str
    value: Decimal | None
    peers: int
    quartiles: tuple[Decimal, Decimal, Decimal] | None
    position: int | None  # 1 = the best quarter (lowest intensity)


def quartile_cuts(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    ordered = sorted(values)

    def cut(p: Decimal) -> Decimal:
        index = p * (len(ordered) - 1)
        low = int(index)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (index - low)

    return cut(Decimal("0.25")), cut(Decimal("0.5")), cut(Decimal("0.75"))


def benchmark(value: Decimal | None, peer_values: list[Decimal], indicator: str) -> Benchmark:
    """The installation's quarter among its peers; none from fewer than MIN_PEERS installations."""
    if len(peer_values) < MIN_PEERS:
        return Benchmark(indicator, value, len(peer_values), None, None)
    cuts = quartile_cuts(peer_values)
    position = None if value is None else 1 + sum(1 for c in cuts if value > c)
    return Benchmark(indicator, value, len(peer_values), cuts, position)
