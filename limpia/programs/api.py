"""Programs endpoints: national goals with their computed values and records, committees, funding calls and
applications (apply, evaluate, award), activities and attendance import, success cases, the inspection query."""

from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from limpia.core.errors import BusinessRuleError
from limpia.core.pagination import Pages
from limpia.core.rut import normalize_rut
from limpia.core.scoping import CHANGE, get_for, scope
from limpia.core.tabular import upload_bytes
from limpia.programs import goals, imports, money, queries, reports, services
from limpia.programs.models import Activity, Application, Call, NationalGoal, RegionalCommittee, SuccessCase
from limpia.programs.templatetags.programs_tags import cell
from limpia.registry.models import Region

router = Router(tags=["programs"])


class GoalOut(Schema):
    id: int
    code: str
    policy: str
    title: str
    indicator: str
    starts_on: date
    ends_on: date
    region: str | None = Field(None, description="Region CUT code; none for a national goal")
    baseline: Decimal
    target: Decimal
    value: Decimal | None = Field(description="Computed from the records now (in measured_in, when given); null "
                                              "when there is no data yet")  # fmt: skip
    measured_in: str | None = Field(None, description="Region CUT code a national goal is measured in (?region=); "
                                                      "its value is then the region's and it has no pace")  # fmt: skip
    national_value: Decimal | None = Field(None, description="With ?region=, the national goal's value nationally")
    contribution: Decimal | None = Field(None, description="With ?region=, the region's value as a percent of the "
                                                           "national value (null for a rate)")  # fmt: skip
    progress: Decimal | None = Field(description="Percent of the way from baseline to target")
    elapsed: Decimal | None = Field(description="Percent of the period gone by")
    current_per_year: Decimal | None
    needed_per_year: Decimal | None
    on_track: bool | None


def _goal_out(goal: NationalGoal, region: Region | None = None) -> dict:
    status = goals.status(goal, timezone.localdate(), region)
    pace = status.pace
    return {**{k: getattr(goal, k) for k in ("id", "code", "policy", "title", "indicator", "starts_on", "ends_on",
                                             "baseline", "target")},
            "region": goal.region.cut if goal.region else None, "value": status.measure.value,
            "measured_in": status.region and status.region.cut, "national_value": status.national_value,
            "contribution": status.contribution,
            "progress": pace and pace.progress, "elapsed": pace and pace.elapsed,
            "current_per_year": pace and pace.current_per_year, "needed_per_year": pace and pace.needed_per_year,
            "on_track": pace and pace.on_track}  # fmt: skip


def _region(code: str) -> Region | None:
    """The region of a CUT code (e.g. 05); an unknown code is refused with its reason."""
    if not code:
        return None
    found = Region.objects.filter(cut=code).first()
    if found is None:
        raise BusinessRuleError(_("There is no region with the CUT code «%(code)s» (e.g. 05).") % {"code": code},
                                field="region")  # fmt: skip
    return found


@router.get("/programs/goals", response=list[GoalOut])
def list_goals(request, region: str = ""):
    """Every national goal with its value computed from the records now; with `region` (CUT code), the national
    goals measured in that region (value and contribution, no pace) and that region's own goals."""
    place, qs = _region(region), scope(NationalGoal, request.auth).select_related("region")
    if place is not None:
        qs = qs.filter(Q(region__isnull=True) | Q(region=place))
    return [_goal_out(g, place) for g in qs]


@router.get("/programs/goals/{item_id}", response=GoalOut)
def get_goal(request, item_id: int, region: str = ""):
    return _goal_out(get_for(request.auth, NationalGoal.objects.select_related("region"), pk=item_id),
                     _region(region))  # fmt: skip


class RecordOut(Schema):
    values: dict[str, str]


@router.get("/programs/goals/{item_id}/records", response=list[RecordOut])
@paginate(Pages, page_size=100)
def goal_records(request, item_id: int, region: str = ""):
    """The records the goal's value counted (its drill-down), one row per record with the screen's columns; with
    `region`, those of that region for a national goal."""
    goal = get_for(request.auth, NationalGoal, pk=item_id)
    found = goals.measure(goal, _region(region))
    if found.records is None:
        return []
    return [{"values": {str(label): str(cell(row, name)) for label, name in found.columns}} for row in found.records]


class CommitteeOut(Schema):
    id: int
    region: str = Field(alias="region.name")
    constituted_on: date | None
    secretariat: str
    program: str
    transfer_centre: str


@router.get("/programs/committees", response=list[CommitteeOut])
def list_committees(request):
    return scope(RegionalCommittee, request.auth).select_related("region")


class CallOut(Schema):
    id: int
    line: str = Field(alias="line.name")
    title: str
    opens_on: date
    closes_on: date
    cofinancing_limit: Decimal
    currency: str


@router.get("/programs/calls", response=list[CallOut])
@paginate(Pages, page_size=100)
def list_calls(request, open_on: date | None = None):
    qs = scope(Call, request.auth).select_related("line")
    if open_on:
        qs = qs.filter(opens_on__lte=open_on, closes_on__gte=open_on)
    return qs


class ApplicationIn(Schema):
    title: str
    agreement_id: int | None = None
    company_id: int | None = None
    association_id: int | None = None
    total_cost: Decimal = Field(gt=0)
    requested: Decimal = Field(gt=0)


def _pesos(obj):
    return queries.pesos(obj.amount_of_record, obj.call.currency, obj)


def _in_pesos(name: str) -> staticmethod:
    """A resolver of one figure of the application's amount in pesos (queries.applications_in_pesos)."""
    return staticmethod(lambda obj: getattr(_pesos(obj), name, None))


class ApplicationOut(Schema):
    id: int
    call_id: int
    title: str
    status: str
    currency: str = Field(alias="call.currency", description="CLP or UF: the currency of every amount but amount_clp")
    total_cost: Decimal
    requested: Decimal
    awarded: Decimal | None
    score: Decimal | None
    amount_clp: Decimal | None = Field(description="The award (else the amount requested) in pesos; in a UF call at "
                                                   "the UF of uf_date; null when no UF value is loaded")  # fmt: skip
    uf_date: date | None = Field(description="The day whose UF was used: the award's (else the submission's) or, "
                                             "when none is loaded for it, the nearest earlier day loaded")  # fmt: skip
    uf_value: Decimal | None = Field(description="The UF value used, in pesos")
    amount_clp_note: str | None = Field(description="Why amount_clp is null (no UF value loaded)")

    resolve_amount_clp = _in_pesos("amount_clp")
    resolve_uf_date = _in_pesos("uf_date")
    resolve_uf_value = _in_pesos("uf_value")

    @staticmethod
    def resolve_amount_clp_note(obj):
        return None if _pesos(obj) else money.no_uf_message(obj.uf_for)


def _application_out(item: Application) -> Application:
    """The application as the API shows it (its amount in pesos read in the same query)."""
    return queries.applications_in_pesos(Application.objects.select_related("call")).get(pk=item.pk)


@router.post("/programs/calls/{item_id}/applications", response={201: ApplicationOut})
def apply(request, item_id: int, payload: ApplicationIn):
    """Apply to an open call; asking above the co-financing limit (70 % by default) is refused."""
    from limpia.agreements.models import Agreement
    from limpia.registry.models import Association, Company

    call = get_for(request.auth, Call, pk=item_id)
    parts = {"agreement": (Agreement, payload.agreement_id), "company": (Company, payload.company_id),
             "association": (Association, payload.association_id)}  # fmt: skip
    found = {k: get_for(request.auth, m, pk=pk) for k, (m, pk) in parts.items() if pk is not None}
    item = services.apply(call, by=request.auth, title=payload.title, total_cost=payload.total_cost,
                          requested=payload.requested, **found)  # fmt: skip
    return Status(201, _application_out(item))


@router.get("/programs/applications", response=list[ApplicationOut])
@paginate(Pages, page_size=100)
def list_applications(request, status: str | None = None):
    qs = queries.applications_in_pesos(scope(Application, request.auth).select_related("call"))
    return qs.filter(status=status) if status else qs


class EvaluationIn(Schema):
    score: Decimal = Field(ge=0, le=100)
    evaluation: str


@router.post("/programs/applications/{item_id}/evaluation", response=ApplicationOut)
def evaluate(request, item_id: int, payload: EvaluationIn):
    item = get_for(request.auth, Application, pk=item_id)
    return _application_out(services.evaluate(item, by=request.auth, score=payload.score,
                                              evaluation=payload.evaluation))  # fmt: skip


class AwardIn(Schema):
    amount: Decimal = Field(gt=0)


@router.post("/programs/applications/{item_id}/award", response=ApplicationOut)
def award(request, item_id: int, payload: AwardIn):
    item = get_for(request.auth, Application, pk=item_id)
    return _application_out(services.award(item, by=request.auth, amount=payload.amount))


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    held_on: date
    region: str = Field(alias="region.cut")
    organizer: str


@router.get("/programs/activities", response=list[ActivityOut])
@paginate(Pages, page_size=100)
def list_activities(request, region: str | None = None, since: date | None = None):
    qs = scope(Activity, request.auth).select_related("region")
    if region:
        qs = qs.filter(region__cut=region)
    return qs.filter(held_on__gte=since) if since else qs


class ImportedOut(Schema):
    rows: int


@router.post("/programs/activities/{item_id}/attendance", response={201: ImportedOut})
def import_attendance(request, item_id: int, file: File[UploadedFile]):
    """Attendance from a CSV or XLSX (rut, nombre, tipo, correo): every row or none."""
    activity = get_for(request.auth, Activity, CHANGE, pk=item_id)
    return Status(201, {"rows": imports.import_attendance(activity, upload_bytes(file), file.name, by=request.auth)})


class CaseOut(Schema):
    id: int
    title: str
    slug: str
    status: str
    company: str = Field(alias="company.legal_name")
    agreement: str = Field(alias="agreement.code")
    published_on: date | None


@router.get("/programs/success-cases", response=list[CaseOut])
@paginate(Pages, page_size=100)
def list_cases(request, status: str | None = None):
    qs = scope(SuccessCase, request.auth).select_related("company", "agreement")
    return qs.filter(status=status) if status else qs


class InspectionOut(Schema):
    id: int
    name: str
    company: str = Field(alias="company.legal_name")
    rut: str = Field(alias="company.rut")
    comuna: str = Field(alias="comuna.name")
    adhered: bool
    certified: bool


@router.get("/programs/inspection", response=list[InspectionOut])
@paginate(Pages, page_size=100)
def inspection(request, rut: str = "", comuna_id: int | None = None):
    """Installations of a company (RUT) or comuna, adhered or certified (agency validators, regions, staff)."""
    from django.core.exceptions import PermissionDenied

    from limpia.core.scoping import has_role
    from limpia.programs.queries import INSPECTORS

    if not has_role(request.auth, INSPECTORS):
        raise PermissionDenied
    return reports.inspection(normalize_rut(rut) if rut else "", comuna_id)
