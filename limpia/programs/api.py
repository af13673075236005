"""Programs endpoints: national goals with their computed values and records, committees, funding calls and
applications (apply, evaluate, award), activities and attendance import, success cases, the inspection query."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from limpia.core.rut import normalize_rut
from limpia.core.scoping import CHANGE, get_for, scope
from limpia.programs import goals, imports, reports, services
from limpia.programs.models import Activity, Application, Call, NationalGoal, RegionalCommittee, SuccessCase
from limpia.programs.templatetags.programs_tags import cell

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
    value: Decimal | None = Field(description="Computed from the records now; null when there is no data yet")
    progress: Decimal | None = Field(description="Percent of the way from baseline to target")
    elapsed: Decimal | None = Field(description="Percent of the period gone by")
    current_per_year: Decimal | None
    needed_per_year: Decimal | None
    on_track: bool | None


def _goal_out(goal: NationalGoal) -> dict:
    status = goals.status(goal, timezone.localdate())
    pace = status.pace
    return {**{k: getattr(goal, k) for k in ("id", "code", "policy", "title", "indicator", "starts_on", "ends_on",
                                             "baseline", "target")},
            "region": goal.region.cut if goal.region else None, "value": status.measure.value,
            "progress": pace and pace.progress, "elapsed": pace and pace.elapsed,
            "current_per_year": pace and pace.current_per_year, "needed_per_year": pace and pace.needed_per_year,
            "on_track": pace and pace.on_track}  # fmt: skip


@router.get("/programs/goals", response=list[GoalOut])
def list_goals(request):
    """Every national goal with its value computed from the records now."""
    return [_goal_out(g) for g in scope(NationalGoal, request.auth).select_related("region")]


@router.get("/programs/goals/{item_id}", response=GoalOut)
def get_goal(request, item_id: int):
    return _goal_out(get_for(request.auth, NationalGoal.objects.select_related("region"), pk=item_id))


class RecordOut(Schema):
    values: dict[str, str]


@router.get("/programs/goals/{item_id}/records", response=list[RecordOut])
@paginate(PageNumberPagination, page_size=100)
def goal_records(request, item_id: int):
    """The records the goal's value counted (its drill-down), one row per record with the screen's columns."""
    goal = get_for(request.auth, NationalGoal, pk=item_id)
    found = goals.measure(goal)
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
@paginate(PageNumberPagination, page_size=100)
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


class ApplicationOut(Schema):
    id: int
    call_id: int
    title: str
    status: str
    total_cost: Decimal
    requested: Decimal
    awarded: Decimal | None
    score: Decimal | None


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
    return Status(201, item)


@router.get("/programs/applications", response=list[ApplicationOut])
@paginate(PageNumberPagination, page_size=100)
def list_applications(request, status: str | None = None):
    qs = scope(Application, request.auth)
    return qs.filter(status=status) if status else qs


class EvaluationIn(Schema):
    score: Decimal = Field(ge=0, le=100)
    evaluation: str


@router.post("/programs/applications/{item_id}/evaluation", response=ApplicationOut)
def evaluate(request, item_id: int, payload: EvaluationIn):
    item = get_for(request.auth, Application, pk=item_id)
    return services.evaluate(item, by=request.auth, score=payload.score, evaluation=payload.evaluation)


class AwardIn(Schema):
    amount: Decimal = Field(gt=0)


@router.post("/programs/applications/{item_id}/award", response=ApplicationOut)
def award(request, item_id: int, payload: AwardIn):
    item = get_for(request.auth, Application, pk=item_id)
    return services.award(item, by=request.auth, amount=payload.amount)


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    held_on: date
    region: str = Field(alias="region.cut")
    organizer: str


@router.get("/programs/activities", response=list[ActivityOut])
@paginate(PageNumberPagination, page_size=100)
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
    return Status(201, {"rows": imports.import_attendance(activity, file.read(), file.name, by=request.auth)})


class CaseOut(Schema):
    id: int
    title: str
    slug: str
    status: str
    company: str = Field(alias="company.legal_name")
    agreement: str = Field(alias="agreement.code")
    published_on: date | None


@router.get("/programs/success-cases", response=list[CaseOut])
@paginate(PageNumberPagination, page_size=100)
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
@paginate(PageNumberPagination, page_size=100)
def inspection(request, rut: str = "", comuna_id: int | None = None):
    """Installations of a company (RUT) or comuna, adhered or certified (agency validators, regions, staff)."""
    from django.core.exceptions import PermissionDenied

    from limpia.core.scoping import has_role
    from limpia.programs.queries import INSPECTORS

    if not has_role(request.auth, INSPECTORS):
        raise PermissionDenied
    return reports.inspection(normalize_rut(rut) if rut else "", comuna_id)
