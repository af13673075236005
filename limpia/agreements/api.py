"""Agreement endpoints: the same scoping and services as the screens."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from limpia.agreements import filters, queries, services
from limpia.agreements.imports import import_actions
from limpia.agreements.models import Adhesion, Agreement, InitialDiagnosis
from limpia.core.inputs import PatchSchema
from limpia.core.pagination import Pages
from limpia.core.scoping import CHANGE, VIEW, get_for, scope
from limpia.core.tabular import upload_bytes
from limpia.registry.models import Agency, Association, Installation, Region, Sector

router = Router(tags=["agreements"])


class AgreementFilters(Schema):
    q: str | None = None
    kind: str | None = None
    stage: str | None = None
    sector: int | None = None
    region: int | None = None
    association: int | None = None


class AgreementOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    stage: str
    national_scope: bool
    sectors: list[str]
    regions: list[str]
    associations: list[int]
    agencies: list[int]
    signed_on: date | None
    clock_started_on: date | None
    adhesion_deadline: date | None

    @staticmethod
    def resolve_sectors(obj):
        return [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_regions(obj):
        return [r.iso_code for r in obj.regions.all()]

    @staticmethod
    def resolve_associations(obj):
        return [a.pk for a in obj.associations.all()]

    @staticmethod
    def resolve_agencies(obj):
        return [a.pk for a in obj.agencies.all()]


class AgreementIn(Schema):
    code: str
    name: str
    kind: str
    national_scope: bool = True
    sectors: list[str]
    regions: list[str] = []
    association_ids: list[int] = []
    agency_ids: list[int] = []
    clock_start: str = "signature"
    adhesion_value: int = 90
    adhesion_unit: str = "calendar_days"
    implementation_months: int = 18
    max_certification_months: int = 18
    net_max_months: int = 24
    certificate_validity_years: int = 3
    has_public_consultation: bool = False
    requires_agency_validation: bool = False


class TransitionIn(Schema):
    to: str
    comment: str = ""
    on: date | None = None


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    by: str
    at: str
    comment: str


class DueOut(Schema):
    kind: str
    label: str
    sequence: int
    day: date
    before_extension: date | None


class AdhesionOut(Schema):
    id: int
    agreement_id: int
    installation_id: int
    company_id: int
    status: str
    size_class_at_adhesion: str
    reason: str


class AdhesionRequestIn(Schema):
    installation_ids: list[int]


class DecisionIn(Schema):
    approve: bool
    reason: str = ""


class ReasonIn(Schema):
    reason: str


def _listing(qs):
    return qs.prefetch_related("sectors", "regions", "associations", "agencies").order_by("code")


@router.get("/agreements", response=list[AgreementOut])
@paginate(Pages, page_size=50)
def list_agreements(request, params: Query[AgreementFilters]):
    data = {k: v for k, v in params.dict().items() if v is not None}
    return _listing(filters.AgreementFilter(data, user=request.auth).apply(scope(Agreement, request.auth)))


@router.get("/agreements/{item_id}", response=AgreementOut)
def get_agreement(request, item_id: int):
    return get_object_or_404(_listing(scope(Agreement, request.auth)), pk=item_id)


@router.post("/agreements", response={201: AgreementOut})
def create_agreement(request, payload: AgreementIn):
    data = payload.dict()
    relations = {
        "sectors": list(Sector.objects.filter(code__in=data.pop("sectors"))),
        "regions": list(Region.objects.filter(iso_code__in=data.pop("regions"))),
        "associations": list(scope(Association, request.auth).filter(pk__in=data.pop("association_ids"))),
        "agencies": list(scope(Agency, request.auth).filter(pk__in=data.pop("agency_ids"))),
    }
    return Status(201, services.create_agreement(by=request.auth, **data, **relations))


@router.post("/agreements/{item_id}/transitions", response={201: StageChangeOut})
def transition(request, item_id: int, payload: TransitionIn):
    agreement = get_object_or_404(scope(Agreement, request.auth), pk=item_id)
    change = services.transition(agreement, to=payload.to, by=request.auth, comment=payload.comment, on=payload.on)
    return Status(201, _stage_change(change))


def _stage_change(change) -> dict:
    return {
        "from_stage": change.from_stage,
        "to_stage": change.to_stage,
        "by": str(change.by),
        "at": change.at.isoformat(),
        "comment": change.comment,
    }


@router.get("/agreements/{item_id}/timeline", response=list[StageChangeOut])
def timeline(request, item_id: int):
    agreement = get_object_or_404(scope(Agreement, request.auth), pk=item_id)
    return [_stage_change(c) for c in agreement.stage_changes.select_related("by")]


@router.get("/agreements/{item_id}/calendar", response=list[DueOut])
def calendar(request, item_id: int):
    agreement = get_object_or_404(scope(Agreement, request.auth).prefetch_related("terms", "extensions"), pk=item_id)
    return [e.__dict__ for e in queries.agreement_calendar(agreement)]


@router.post("/agreements/{item_id}/actions/import", response={201: dict})
def import_agreement_actions(request, item_id: int, file: File[UploadedFile]):
    agreement = _changeable(request, item_id)
    return Status(201, {"created": import_actions(agreement, upload_bytes(file), file.name, by=request.auth)})


@router.get("/adhesions", response=list[AdhesionOut])
@paginate(Pages, page_size=50)
def list_adhesions(request, agreement: int | None = None, status: str | None = None):
    qs = scope(Adhesion, request.auth, VIEW).order_by("pk")
    if agreement:
        qs = qs.filter(agreement_id=agreement)
    return qs.filter(status=status) if status else qs


@router.post("/agreements/{item_id}/adhesions", response={201: list[AdhesionOut]})
def request_adhesion(request, item_id: int, payload: AdhesionRequestIn):
    agreement = get_object_or_404(scope(Agreement, request.auth), pk=item_id)
    installations = list(scope(Installation, request.auth).filter(pk__in=payload.installation_ids))
    return Status(201, services.request_adhesion(agreement, installations=installations, by=request.auth))


@router.post("/adhesions/{item_id}/decision", response=AdhesionOut)
def decide_adhesion(request, item_id: int, payload: DecisionIn):
    adhesion = get_object_or_404(scope(Adhesion, request.auth), pk=item_id)
    return services.decide_adhesion(adhesion, by=request.auth, approve=payload.approve, reason=payload.reason)


@router.post("/adhesions/{item_id}/withdrawal", response=AdhesionOut)
def withdraw_adhesion(request, item_id: int, payload: ReasonIn):
    adhesion = get_object_or_404(scope(Adhesion, request.auth), pk=item_id)
    return services.withdraw_adhesion(adhesion, by=request.auth, reason=payload.reason)


class AgreementPatch(PatchSchema):
    name: str | None = None
    national_scope: bool | None = None
    clock_start: str | None = None
    adhesion_value: int | None = None
    adhesion_unit: str | None = None
    implementation_months: int | None = None
    max_certification_months: int | None = None
    net_max_months: int | None = None
    certificate_validity_years: int | None = None
    extension_allowed: bool | None = None
    has_public_consultation: bool | None = None
    requires_agency_validation: bool | None = None
    roll_to_business_day: bool | None = None


class TermIn(Schema):
    kind: str
    value: int
    unit: str = "months"
    anchor: str = "clock_start"
    repeat: int = 1


class ExtensionIn(Schema):
    value: int
    unit: str = "months"
    kinds: list[str] = []
    reason: str


class GoalIn(Schema):
    number: int
    title: str
    description: str = ""


class ActionIn(Schema):
    goal_number: int
    number: str
    text: str
    verification_means: str
    deadline_value: int
    deadline_unit: str = "months"
    installation_kinds: list[str] = []
    size_classes: list[str] = []
    activity_prefixes: list[str] = []
    criteria_text: str = ""
    matters: list[str] = []
    sdgs: list[int] = []


class DiagnosisIn(Schema):
    production: float | None = None
    production_unit: str = ""
    energy_kwh: float | None = None
    water_m3: float | None = None
    waste_t: float | None = None
    emissions_tco2e: float | None = None
    completed_on: date | None = None
    notes: str = ""


class MemberIn(Schema):
    full_name: str
    institution: str
    role: str = ""


class MeetingIn(Schema):
    held_on: date
    agenda: str
    minutes: str = ""
    attendee_ids: list[int] = []


def _changeable(request, item_id: int) -> Agreement:
    return get_for(request.auth, Agreement, CHANGE, pk=item_id)


@router.patch("/agreements/{item_id}", response=AgreementOut)
def update_agreement(request, item_id: int, payload: AgreementPatch):
    agreement = _changeable(request, item_id)
    return services.update_agreement(agreement, by=request.auth, **payload.dict(exclude_unset=True))


@router.put("/agreements/{item_id}/terms", response=list[DueOut])
def set_terms(request, item_id: int, payload: list[TermIn]):
    agreement = _changeable(request, item_id)
    services.set_terms(agreement, by=request.auth, terms=[t.dict() for t in payload])
    return [e.__dict__ for e in queries.agreement_calendar(agreement)]


@router.post("/agreements/{item_id}/extensions", response={201: list[DueOut]})
def grant_extension(request, item_id: int, payload: ExtensionIn):
    agreement = get_object_or_404(scope(Agreement, request.auth), pk=item_id)
    services.grant_extension(agreement, by=request.auth, **payload.dict())
    return Status(201, [e.__dict__ for e in queries.agreement_calendar(agreement)])


@router.post("/agreements/{item_id}/documents", response={201: dict})
def upload_document(request, item_id: int, kind: str, title: str, file: File[UploadedFile]):
    document = services.add_document(
        _changeable(request, item_id), by=request.auth, upload=file, kind=kind, title=title
    )
    return Status(
        201, {"id": document.pk, "sha256": document.sha256, "size": document.size, "mime_type": document.mime_type}
    )


@router.post("/agreements/{item_id}/goals", response={201: dict})
def create_goal(request, item_id: int, payload: GoalIn):
    goal = services.create_goal(_changeable(request, item_id), by=request.auth, **payload.dict())
    return Status(201, {"id": goal.pk, "number": goal.number, "title": goal.title})


@router.post("/agreements/{item_id}/actions", response={201: dict})
def create_action(request, item_id: int, payload: ActionIn):
    agreement = _changeable(request, item_id)
    fields = payload.dict()
    goal = get_object_or_404(agreement.goals, number=fields.pop("goal_number"))
    action = services.create_action(goal, by=request.auth, **fields)
    return Status(201, {"id": action.pk, "number": action.number})


@router.post("/agreements/{item_id}/committee", response={201: dict})
def add_committee_member(request, item_id: int, payload: MemberIn):
    member = services.add_committee_member(_changeable(request, item_id), by=request.auth, **payload.dict())
    return Status(201, {"id": member.pk, "full_name": member.full_name})


@router.post("/agreements/{item_id}/meetings", response={201: dict})
def record_meeting(request, item_id: int, payload: MeetingIn):
    agreement = _changeable(request, item_id)
    fields = payload.dict()
    attendees = list(agreement.committee.filter(pk__in=fields.pop("attendee_ids")))
    meeting = services.record_meeting(agreement, by=request.auth, attendees=attendees, **fields)
    return Status(201, {"id": meeting.pk, "attendance": len(attendees)})


@router.patch("/adhesions/{item_id}/diagnosis", response=dict)
def record_diagnosis(request, item_id: int, payload: DiagnosisIn):
    adhesion = get_object_or_404(scope(Adhesion, request.auth), pk=item_id)
    diagnosis = get_object_or_404(InitialDiagnosis, adhesion=adhesion)
    values = {k: (Decimal(str(v)) if isinstance(v, float) else v) for k, v in payload.dict(exclude_unset=True).items()}
    diagnosis = services.record_diagnosis(diagnosis, by=request.auth, **values)
    return {"id": diagnosis.pk, "due_on": diagnosis.due_on, "completed_on": diagnosis.completed_on}
