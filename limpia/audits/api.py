"""Audit endpoints: the auditor registry, audits and their lines, compliance and certificates; the same
scoping and services as the screens."""

from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from limpia.agreements.models import Agreement
from limpia.audits import filters, imports, queries, services
from limpia.audits.calculations import Mode
from limpia.audits.models import Audit, AuditLine, Auditor, Certificate, CertificateBatch, Evidence
from limpia.core.files import download_response
from limpia.core.pagination import Pages
from limpia.core.scoping import CHANGE, VIEW, get_for, scope
from limpia.core.tabular import upload_bytes
from limpia.registry.models import Company, Sector

router = Router(tags=["audits"])


class AuditorOut(Schema):
    """Name, registry status and sectors for everyone signed in; the RUT only for the auditor and staff."""

    id: int
    full_name: str
    rut: str | None
    status: str
    sectors: list[str]
    approved_on: date | None
    valid_until: date | None

    @staticmethod
    def resolve_sectors(obj):
        return [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_rut(obj, context):
        return obj.rut if queries.sees_auditor_details(context["request"].auth, obj) else None


class AuditorIn(Schema):
    full_name: str
    rut: str
    email: str
    profession: str = ""
    sectors: list[str] = []


class AuditorDecisionIn(Schema):
    approve: bool
    comments: str = ""
    valid_until: date | None = None


class SuspensionIn(Schema):
    suspend: bool = True
    reason: str


class RelationIn(Schema):
    company_id: int
    kind: str
    agreement_id: int | None = None
    description: str = ""


class AuditOut(Schema):
    id: int
    agreement_id: int
    kind: str
    number: int
    opens_on: date
    closes_on: date
    for_certification: bool
    requires_validation: bool
    status: str


class AuditIn(Schema):
    kind: str
    opens_on: date | None = None
    closes_on: date | None = None


class AssignIn(Schema):
    assignment_ids: list[int]
    auditor_id: int


class LineOut(Schema):
    id: int
    assignment_id: int
    installation_id: int
    action_id: int
    action_number: str
    applies: bool | None
    not_applicable_reason: str
    complies: bool | None
    evidence_date: date | None
    auditor_notes: str
    state: str
    review_comments: str
    validation: str

    @staticmethod
    def resolve_installation_id(obj):
        return obj.assignment.installation_id

    @staticmethod
    def resolve_action_number(obj):
        return obj.action.number


class LineIn(Schema):
    applies: bool | None = None
    complies: bool | None = None
    not_applicable_reason: str = ""
    evidence_date: date | None = None
    notes: str = ""


class ReviewIn(Schema):
    decision: str
    comments: str = ""


class ValidationIn(Schema):
    accept: bool
    comments: str = ""


class EvidenceOut(Schema):
    id: int
    original_name: str
    sha256: str
    size: int
    mime_type: str
    uploaded_at: datetime


class RatioOut(Schema):
    label: str
    complying: int
    applicable: int
    undecided: int = Field(0, description="lines not in a final state; certification is blocked while > 0")
    percent: Decimal | None = Field(description="null when nothing applies (no aplica)")
    lines: str


class AverageOut(Schema):
    label: str
    installations: int
    percent: Decimal | None = Field(description="null when no installation has anything applicable")
    lines: str


class ComplianceOut(Schema):
    mode: str
    agreement: AverageOut
    installations: list[RatioOut]
    actions: list[RatioOut]
    goals: list[RatioOut]
    companies: list[AverageOut]
    associations: list[AverageOut]


class CertificateOut(Schema):
    id: int
    number: str
    agreement_id: int
    installation_id: int
    company_id: int
    compliance: Decimal
    level: str
    conditional: bool
    issued_on: date
    valid_until: date
    state: str
    state_reason: str


class CertifyIn(Schema):
    ceremony_on: date | None = None


class StateIn(Schema):
    state: str
    reason: str


class BatchOut(Schema):
    id: int
    audit_id: int
    ceremony_on: date
    status: str
    total: int
    done: int
    stalled: bool  # queued or running with no sign of progress within its lease: its worker died
    resumed: int  # times it was queued again after a stall or failure


# --- Auditor registry


@router.get("/auditors", response=list[AuditorOut])
@paginate(Pages, page_size=50)
def list_auditors(request, q: str | None = None, status: str | None = None):
    data = {k: v for k, v in {"q": q, "status": status}.items() if v}
    found = filters.AuditorFilter(data, user=request.auth).apply(scope(Auditor, request.auth))
    return found.prefetch_related("sectors").order_by("pk")


@router.get("/auditors/{item_id}", response=AuditorOut)
def get_auditor(request, item_id: int):
    return get_for(request.auth, Auditor, pk=item_id)


@router.post("/auditors", response={201: AuditorOut})
def apply_auditor(request, payload: AuditorIn):
    data = payload.dict()
    sectors = list(Sector.objects.filter(code__in=data.pop("sectors")))
    return Status(201, services.apply_auditor(by=request.auth, sectors=sectors, **data))


@router.post("/auditors/{item_id}/decision", response=AuditorOut)
def decide_auditor(request, item_id: int, payload: AuditorDecisionIn):
    return services.review_auditor(get_for(request.auth, Auditor, pk=item_id), by=request.auth, **payload.dict())


@router.post("/auditors/{item_id}/suspension", response=AuditorOut)
def suspend_auditor(request, item_id: int, payload: SuspensionIn):
    return services.suspend_auditor(get_for(request.auth, Auditor, pk=item_id), by=request.auth, **payload.dict())


@router.post("/auditors/{item_id}/relations", response={201: dict})
def declare_relation(request, item_id: int, payload: RelationIn):
    auditor = get_for(request.auth, Auditor, pk=item_id)
    company = get_object_or_404(Company, pk=payload.company_id)
    agreements = queries.nameable_agreements(request.auth)  # public or in scope: ids give away nothing else
    agreement = get_object_or_404(agreements, pk=payload.agreement_id) if payload.agreement_id else None
    relation = services.declare_relation(
        auditor, by=request.auth, company=company, kind=payload.kind, agreement=agreement,
        description=payload.description,
    )  # fmt: skip
    return Status(201, {"id": relation.pk})


# --- Audits and lines


@router.get("/audits", response=list[AuditOut])
@paginate(Pages, page_size=50)
def list_audits(request, agreement: int | None = None, kind: str | None = None, status: str | None = None):
    qs = scope(Audit, request.auth).order_by("pk")
    for field, value in {"agreement_id": agreement, "kind": kind, "status": status}.items():
        if value:
            qs = qs.filter(**{field: value})
    return qs


@router.get("/audits/{item_id}", response=AuditOut)
def get_audit(request, item_id: int):
    return get_for(request.auth, Audit, pk=item_id)


@router.post("/agreements/{item_id}/audits", response={201: AuditOut})
def open_audit(request, item_id: int, payload: AuditIn):
    agreement = get_for(request.auth, Agreement, CHANGE, pk=item_id)
    return Status(201, services.open_audit(agreement, by=request.auth, **payload.dict()))


@router.post("/audits/{item_id}/assignments", response=dict)
def assign_auditor(request, item_id: int, payload: AssignIn):
    audit = get_for(request.auth, Audit, CHANGE, pk=item_id)
    chosen = audit.assignments.filter(pk__in=payload.assignment_ids).select_related("company", "audit")
    auditor = get_for(request.auth, Auditor, pk=payload.auditor_id)
    return {"assigned": services.assign_auditor(chosen, by=request.auth, auditor=auditor)}


def _lines(request, audit: Audit):
    return (
        scope(AuditLine, request.auth, VIEW).filter(audit=audit).select_related("assignment", "action").order_by("pk")
    )


@router.get("/audits/{item_id}/lines", response=list[LineOut])
@paginate(Pages, page_size=100)
def list_lines(request, item_id: int, state: str | None = None, installation: int | None = None,
               action: int | None = None, mode: str | None = None):  # fmt: skip
    qs = _lines(request, get_for(request.auth, Audit, pk=item_id))
    for field, value in {"state": state, "assignment__installation_id": installation, "action_id": action}.items():
        if value:
            qs = qs.filter(**{field: value})
    return qs.filter(queries.counted(Mode.CERTIFICATION)) if mode == Mode.CERTIFICATION else qs


@router.get("/audits/{item_id}/compliance", response=ComplianceOut)
def compliance(request, item_id: int, mode: str = Mode.PROGRESS.value):
    """Compliance per installation, action, goal, company, association and agreement (domain.md §9);
    `mode=certification`: every applicable line in the denominator, only approved (and, where required,
    validated) complying lines in the numerator; `undecided` lines block certification."""
    audit = get_for(request.auth, Audit.objects.select_related("agreement"), pk=item_id)
    figures = queries.compliance(audit, Mode(mode) if mode in Mode.__members__.values() else Mode.PROGRESS,
                                 _lines(request, audit))  # fmt: skip
    return {
        "mode": figures.mode.value, "agreement": _average(figures.agreement),
        "installations": [_ratio(r) for r in figures.installations], "actions": [_ratio(r) for r in figures.actions],
        "goals": [_ratio(r) for r in figures.goals], "companies": [_average(a) for a in figures.companies],
        "associations": [_average(a) for a in figures.associations],
    }  # fmt: skip


def _ratio(row) -> dict:
    return {"label": row.label, "complying": row.ratio.complying, "applicable": row.ratio.applicable,
            "undecided": row.ratio.open, "percent": row.ratio.percent, "lines": row.lines_query}  # fmt: skip


def _average(avg) -> dict:
    return {"label": avg.label, "installations": avg.installations, "percent": avg.percent, "lines": avg.lines_query}


@router.get("/audits/{item_id}/lines/template")
def lines_template(request, item_id: int):
    audit = get_for(request.auth, Audit.objects.select_related("agreement"), pk=item_id)
    return FileResponse(imports.template_workbook(audit, request.auth), as_attachment=True,
                        filename=imports.filename(audit))  # fmt: skip


@router.post("/audits/{item_id}/lines/import", response=dict)
def import_lines(request, item_id: int, file: File[UploadedFile]):
    audit = get_for(request.auth, Audit, pk=item_id)
    return {"filled": imports.import_lines(audit, upload_bytes(file), file.name, by=request.auth)}


def _line(request, item_id: int) -> AuditLine:
    lines = AuditLine.objects.select_related(
        "audit__agreement", "assignment__adhesion", "assignment__auditor", "action"
    )
    return get_for(request.auth, lines, pk=item_id)


@router.get("/audit-lines/{item_id}", response=LineOut)
def get_line(request, item_id: int):
    return _line(request, item_id)


@router.patch("/audit-lines/{item_id}", response=LineOut)
def fill_line(request, item_id: int, payload: LineIn):
    data = payload.dict()
    return services.fill_line(
        _line(request, item_id), by=request.auth, applies=data["applies"], complies=data["complies"],
        reason=data["not_applicable_reason"], evidence_date=data["evidence_date"], notes=data["notes"],
    )  # fmt: skip


@router.get("/audit-lines/{item_id}/evidence", response=list[EvidenceOut])
def list_evidence(request, item_id: int):
    return list(_line(request, item_id).evidence.all())


@router.post("/audit-lines/{item_id}/evidence", response={201: EvidenceOut})
def upload_evidence(request, item_id: int, file: File[UploadedFile]):
    return Status(201, services.add_evidence(_line(request, item_id), by=request.auth, upload=file))


@router.get("/evidence/{item_id}")
def download_evidence(request, item_id: int):
    return download_response(get_for(request.auth, Evidence, pk=item_id))


@router.post("/audit-lines/{item_id}/review", response=LineOut)
def review_line(request, item_id: int, payload: ReviewIn):
    return services.review_line(_line(request, item_id), by=request.auth, **payload.dict())


@router.post("/audit-lines/{item_id}/validation", response=LineOut)
def validate_line(request, item_id: int, payload: ValidationIn):
    return services.validate_line(_line(request, item_id), by=request.auth, **payload.dict())


@router.post("/audits/{item_id}/close", response=AuditOut)
def close_audit(request, item_id: int):
    return services.close_audit(get_for(request.auth, Audit, CHANGE, pk=item_id), by=request.auth)


@router.post("/audits/{item_id}/certificates", response={201: BatchOut})
def grant_certificates(request, item_id: int, payload: CertifyIn):
    audit = get_for(request.auth, Audit.objects.select_related("agreement"), CHANGE, pk=item_id)
    return Status(201, services.grant_certificates(audit, by=request.auth, ceremony_on=payload.ceremony_on))


@router.get("/certificate-batches/{item_id}", response=BatchOut)
def get_batch(request, item_id: int):
    return get_for(request.auth, CertificateBatch, pk=item_id)


# --- Certificates


@router.get("/certificates", response=list[CertificateOut])
@paginate(Pages, page_size=50)
def list_certificates(request, agreement: int | None = None, state: str | None = None):
    qs = scope(Certificate, request.auth).order_by("pk")
    if agreement:
        qs = qs.filter(agreement_id=agreement)
    return qs.filter(state=state) if state else qs


@router.get("/certificates/{item_id}", response=CertificateOut)
def get_certificate(request, item_id: int):
    return get_for(request.auth, Certificate, pk=item_id)


@router.post("/certificates/{item_id}/state", response=CertificateOut)
def set_certificate_state(request, item_id: int, payload: StateIn):
    certificate = get_for(request.auth, Certificate, pk=item_id)
    return services.set_certificate_state(certificate, by=request.auth, **payload.dict())
