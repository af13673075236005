"""MRV endpoints: the public calculator, the catalogue and factors, reports (values, imports, verification),
claims and figures; the same scoping and services as the screens."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from limpia.accounts.throttling import over_limit
from limpia.core.errors import BusinessRuleError
from limpia.core.pagination import Pages
from limpia.core.scoping import CHANGE, get_for, scope
from limpia.mrv import calculator, queries, reports, services
from limpia.mrv.choices import GwpSet
from limpia.mrv.models import FactorSet, ImportRun, Report, Variable
from limpia.registry.models import Installation

router = Router(tags=["mrv"])

# --- Calculator (public) ----------------------------------------------------------------------------------


class ItemIn(Schema):
    kind: str = Field(description="Variable code, e.g. combustible.diesel (see /api/v1/mrv/variables)")
    quantity: Decimal = Field(ge=0)
    unit: str = Field("", description="Any unit convertible to the variable's base unit (L, m3, kWh, MWh, t…)")
    period: str = Field(description="AAAA or AAAA-MM (the SEN grid factor of that month when published)")
    region: str = Field("13", description="Region CUT code: the climate of landfill decay")
    years: int = Field(10, ge=1, le=100, description="Landfill: years of decay after disposal")


class CalculateIn(Schema):
    items: list[ItemIn] = Field(min_length=1, max_length=500)
    gwp_set: GwpSet = GwpSet.AR5

    model_config = {"json_schema_extra": {"examples": [{
        "gwp_set": "AR5",
        "items": [
            {"kind": "combustible.diesel", "quantity": "10000", "unit": "L", "period": "2023"},
            {"kind": "electricidad.sen", "quantity": "120", "unit": "MWh", "period": "2023-05"},
            {"kind": "refrigerante.R-410A", "quantity": "12", "unit": "kg", "period": "2023"},
        ],
    }]}}  # fmt: skip


class FactorOut(Schema):
    key: str
    value: str
    unit: str
    source: str
    version: str


class LineOut(Schema):
    source: str
    gas: str
    tonnes: Decimal
    co2e_t: Decimal
    counted: bool
    year: int | None
    formula: str
    factors: list[FactorOut]


class ItemOut(Schema):
    kind: str
    name: str
    quantity: Decimal
    unit: str
    lines: list[LineOut]
    co2e_t: Decimal


class CalculateOut(Schema):
    gwp_set: str
    items: list[ItemOut]
    co2e_t: Decimal


class ThrottledOut(Schema):
    detail: str


@router.post("/mrv/calculate", response={200: CalculateOut, 429: ThrottledOut}, auth=None)
def calculate(request, payload: CalculateIn):
    """Emissions of activity items, per item and gas, with the factors (value, unit, source, version) and the
    formula of each line. No login; limited per address. Biogenic CO2 is returned with `counted: false`."""
    if over_limit(request, "calculator", settings.CALCULATOR_RATE_PER_MINUTE):
        return Status(429, {"detail": "Demasiadas solicitudes: espere un minuto."})
    items = [calculator.Item(**item.dict()) for item in payload.items]
    results = calculator.calculate(items, payload.gwp_set)
    return {"gwp_set": payload.gwp_set, "items": results, "co2e_t": sum((r["co2e_t"] for r in results), Decimal(0))}


# --- Catalogue and factors --------------------------------------------------------------------------------


class VariableOut(Schema):
    code: str
    name: str
    category: str
    base_unit: str


@router.get("/mrv/variables", response=list[VariableOut], auth=None)
def list_variables(request):
    """The catalogue of activity variables and their base units (public)."""
    return Variable.objects.all()


class FactorSetOut(Schema):
    id: int
    kind: str
    version: str
    source: str
    loaded_at: datetime
    values: dict


@router.get("/mrv/factor-sets", response=list[FactorSetOut], auth=None)
def list_factor_sets(request):
    """Every version of the reference factors with its source (public)."""
    return FactorSet.objects.all()


# --- Reports ----------------------------------------------------------------------------------------------


class MeasurementOut(Schema):
    id: int
    variable: str = Field(alias="variable.code")
    value: Decimal
    entered_value: Decimal
    entered_unit: str
    flagged: bool
    history_mean: Decimal | None


class ReportOut(Schema):
    id: int
    installation_id: int
    period: date
    frequency: str
    status: str
    reason: str
    verified_at: datetime | None
    decided_at: datetime | None


class ReportDetailOut(ReportOut):
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_measurements(obj):
        return obj.measurements.select_related("variable")


class ValueIn(Schema):
    variable: str
    value: str = Field(description="A number, Chilean format accepted: 1.234,5")
    unit: str = ""


class ReportIn(Schema):
    installation_id: int
    period: str = Field(description="dd-mm-aaaa or mm-aaaa (a month), aaaa (a year)")
    values: list[ValueIn] = Field(min_length=1)
    replace: bool = False


class OutcomeOut(Schema):
    rows: int
    reports_created: int
    values_replaced: int
    flagged: int


@router.get("/mrv/reports", response=list[ReportOut])
@paginate(Pages, page_size=100)
def list_reports(request, installation: int | None = None, status: str | None = None, year: int | None = None):
    qs = scope(Report, request.auth)
    for name, value in (("installation_id", installation), ("status", status), ("year", year)):
        if value is not None:
            qs = qs.filter(**{name: value})
    return qs.order_by("-period", "installation_id")


@router.get("/mrv/reports/{item_id}", response=ReportDetailOut)
def get_report(request, item_id: int):
    return get_for(request.auth, Report, pk=item_id)


@router.post("/mrv/reports", response={201: OutcomeOut})
def report_values(request, payload: ReportIn):
    """A period's values for one installation, checked like an upload: nothing is saved on any error."""
    installation = get_for(request.auth, Installation, CHANGE, pk=payload.installation_id)
    outcome = services.report_values(by=request.auth, installation=installation, period=payload.period,
                                     values=[v.dict() for v in payload.values], replace=payload.replace)  # fmt: skip
    return Status(201, outcome)


class ImportOut(Schema):
    id: int
    status: str
    percent: int
    rows_read: int
    rows_saved: int
    rows_flagged: int
    error_count: int
    errors: list[dict]


@router.post("/mrv/imports", response={202: ImportOut})
def start_import(request, file: File[UploadedFile], replace: Form[bool] = False):
    """Upload a CSV (`;`, `1.234,5`, dd-mm-aaaa, UTF-8 or Latin-1) or XLSX with columns instalacion, periodo,
    variable, valor, unidad; it is imported in the background (poll /mrv/imports/{id})."""
    return Status(202, services.start_import(by=request.auth, upload=file, replace=replace))


@router.get("/mrv/imports/{item_id}", response=ImportOut)
def get_import(request, item_id: int):
    return get_for(request.auth, ImportRun, pk=item_id)


class VerifyIn(Schema):
    comment: str = ""


class DecisionIn(Schema):
    accept: bool
    reason: str = ""


@router.post("/mrv/reports/{item_id}/verification", response=ReportOut)
def verify_report(request, item_id: int, payload: VerifyIn):
    report = get_for(request.auth, Report, pk=item_id)
    return services.verify(report, by=request.auth, comment=payload.comment)


@router.post("/mrv/reports/{item_id}/decision", response=ReportOut)
def decide_report(request, item_id: int, payload: DecisionIn):
    report = get_for(request.auth, Report, pk=item_id)
    return services.decide(report, by=request.auth, accept=payload.accept, reason=payload.reason)


class ClaimIn(Schema):
    installation_id: int
    year: int
    programme: str
    reference: str = ""


@router.post("/mrv/claims", response={201: dict})
def declare_claim(request, payload: ClaimIn):
    installation = get_for(request.auth, Installation, CHANGE, pk=payload.installation_id)
    claim = services.declare_claim(by=request.auth, installation=installation, year=payload.year,
                                   programme=payload.programme, reference=payload.reference)  # fmt: skip
    return Status(201, {"id": claim.pk})


# --- Figures ----------------------------------------------------------------------------------------------


class FigureOut(Schema):
    label: str
    installations: int
    production: Decimal
    energy_gj: Decimal
    water_m3: Decimal
    waste_t: Decimal
    scope1_co2e_t: Decimal
    scope2_co2e_t: Decimal
    waste_co2e_t: Decimal
    landfill_co2e_t: Decimal
    co2e_t: Decimal
    biogenic_co2_t: Decimal
    reduction_t: Decimal
    excluded_t: Decimal


class FiguresOut(Schema):
    version: int
    gwp_set: str
    factor_sets: list[str]
    year: int
    dimension: str
    rows: list[FigureOut]


@router.get("/mrv/figures", response=FiguresOut)
def list_figures(request, year: int, dimension: str = "nation"):
    """Accepted figures of a year per installation, company, agreement, association, sector, region or nation,
    over the installations in the caller's scope (national staff: all)."""
    if dimension not in reports.DIMENSIONS:
        raise BusinessRuleError(f"dimension: {', '.join(reports.DIMENSIONS)}", field="dimension")
    version = queries.current_version()
    if version is None:
        raise BusinessRuleError("Aún no hay cifras calculadas.")
    rows = reports.by_dimension(version, dimension, year, scope(queries.figures(version), request.auth))
    return {"version": version.number, "gwp_set": version.gwp_set, "year": year, "dimension": dimension,
            "factor_sets": [str(s) for s in version.factor_sets()], "rows": rows}  # fmt: skip
