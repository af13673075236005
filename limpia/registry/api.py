"""Registry endpoints: the same scoping and services as the screens."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from limpia.core.history import history_entries
from limpia.core.pagination import Pages
from limpia.core.scoping import has_role, scope
from limpia.core.tabular import upload_bytes
from limpia.registry import filters, imports, queries, services
from limpia.registry.choices import MembershipState
from limpia.registry.models import (
    Agency,
    Association,
    Company,
    Comuna,
    ContactPerson,
    Installation,
    Membership,
    Region,
)
from limpia.registry.schemas import (
    AgencyIn,
    AgencyOut,
    AgencyPatch,
    AssociationIn,
    AssociationOut,
    AssociationPatch,
    CompanyIn,
    CompanyOut,
    CompanyPatch,
    ComunaOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    HistoryOut,
    InstallationIn,
    InstallationOut,
    InstallationPatch,
    MemberIn,
    MembershipDecisionIn,
    MembershipOut,
    RegionOut,
)

router = Router(tags=["registry"])


class ListFilters(Schema):
    q: str | None = None
    region: int | None = None
    size_class: str | None = None
    kind: str | None = None


class ImportOut(Schema):
    kind: str
    created: int


def _filtered(filter_class, qs, params: ListFilters, user):
    data = {k: v for k, v in params.dict().items() if v is not None}
    return filter_class(data, user=user).apply(qs)


def _history(obj) -> list[dict]:
    return [
        {
            "when": e.when.isoformat(),
            "who": str(e.who) if e.who else None,
            "kind": e.kind,
            "reason": e.reason,
            "changes": [{"field": c.field, "old": str(c.old), "new": str(c.new)} for c in e.changes],
        }
        for e in history_entries(obj)
    ]


def _resolve(fields: dict, user) -> dict:
    """Turn the references of a payload (codes, RUTs, ids) into records the user can see."""
    refs = imports.References()
    resolved = {k: ("" if v is None and k in {"email", "size_class"} else v) for k, v in fields.items()}
    if resolved.get("comuna"):
        resolved["comuna"] = refs.comuna(resolved["comuna"])
    if "activities" in resolved:
        resolved["activities"] = refs.activities(resolved["activities"] or [])
    if "activity" in resolved:
        resolved["activity"] = (
            refs.activities([resolved["activity"]], field="activity")[0] if resolved["activity"] else None
        )
    if resolved.get("company_rut"):
        resolved["company"] = refs.company(resolved.pop("company_rut"))
    if resolved.get("region"):
        resolved["region"] = get_object_or_404(Region, cut=resolved["region"].zfill(2))
    for name, model in (("company", Company), ("association", Association), ("agency", Agency)):
        pk = resolved.pop(f"{name}_id", None)
        if pk is not None:
            resolved[name] = get_object_or_404(scope(model, user), pk=pk)
    return resolved


def _crud(path: str, model, schemas: tuple, filter_class, *, create, update, listing=lambda qs: qs) -> None:
    """List, detail, history, create and update endpoints of a registry record, all scoped."""
    schema_in, schema_patch, schema_out = schemas

    @router.get(f"/{path}", response=list[schema_out], operation_id=f"list_{path}", url_name=f"list_{path}")
    @paginate(Pages, page_size=50)
    def list_records(request, params: Query[ListFilters]):
        return listing(_filtered(filter_class, scope(model, request.auth), params, request.auth))

    @router.get(f"/{path}/{{item_id}}", response=schema_out, operation_id=f"get_{path}", url_name=f"get_{path}")
    def get_record(request, item_id: int):
        return get_object_or_404(listing(scope(model, request.auth)), pk=item_id)

    @router.get(f"/{path}/{{item_id}}/history", response=list[HistoryOut], operation_id=f"history_{path}")
    def record_history(request, item_id: int):
        return _history(get_object_or_404(scope(model, request.auth), pk=item_id))

    @router.post(f"/{path}", response={201: schema_out}, operation_id=f"create_{path}")
    def create_record(request, payload: schema_in):
        return Status(201, create(by=request.auth, **_resolve(payload.dict(), request.auth)))

    @router.patch(f"/{path}/{{item_id}}", response=schema_out, operation_id=f"update_{path}")
    def update_record(request, item_id: int, payload: schema_patch):
        record = get_object_or_404(scope(model, request.auth), pk=item_id)
        return update(record, by=request.auth, **_resolve(payload.dict(exclude_unset=True), request.auth))


@router.get("/regions", response=list[RegionOut])
def list_regions(request):
    return scope(Region, request.auth)


@router.get("/comunas", response=list[ComunaOut])
def list_comunas(request, region: int | None = None):
    qs = scope(Comuna, request.auth)
    return qs.filter(region_id=region) if region else qs


_crud(
    "companies", Company, (CompanyIn, CompanyPatch, CompanyOut), filters.CompanyFilter,
    create=services.create_company, update=services.update_company,
    listing=lambda qs: qs.select_related("comuna__region"),
)  # fmt: skip
_crud(
    "installations", Installation, (InstallationIn, InstallationPatch, InstallationOut), filters.InstallationFilter,
    create=services.create_installation, update=services.update_installation, listing=queries.installations_listing,
)  # fmt: skip
_crud(
    "associations", Association, (AssociationIn, AssociationPatch, AssociationOut), filters.AssociationFilter,
    create=services.create_association, update=services.update_association,
)  # fmt: skip
_crud(
    "agencies", Agency, (AgencyIn, AgencyPatch, AgencyOut), filters.AgencyFilter,
    create=services.create_agency, update=services.update_agency,
)  # fmt: skip
_crud(
    "contacts", ContactPerson, (ContactIn, ContactPatch, ContactOut), filters.ContactFilter,
    create=services.create_contact, update=services.update_contact,
)  # fmt: skip


@router.delete("/contacts/{item_id}", response={204: None})
def delete_contact(request, item_id: int, reason: str = ""):
    services.delete_contact(
        get_object_or_404(scope(ContactPerson, request.auth), pk=item_id), by=request.auth, reason=reason
    )
    return Status(204, None)


@router.post("/associations/{item_id}/members", response={201: MembershipOut})
def request_member(request, item_id: int, payload: MemberIn):
    """Ask a company to be recorded as a member; it counts (state «accepted») once the company accepts."""
    association = get_object_or_404(scope(Association, request.auth), pk=item_id)
    company = imports.References().company(payload.company_rut)
    return Status(201, services.request_membership(association, company=company, by=request.auth))


@router.get("/memberships", response=list[MembershipOut])
@paginate(Pages, page_size=50)
def list_memberships(request, state: MembershipState | None = None):
    """Memberships of the user's association or company, requests included."""
    qs = scope(Membership, request.auth).select_related("company").order_by("pk")
    return qs.filter(state=state) if state else qs


@router.post("/memberships/{item_id}/decision", response=MembershipOut)
def decide_membership(request, item_id: int, payload: MembershipDecisionIn):
    """The company (or national staff) accepts or declines an association's request."""
    membership = get_object_or_404(scope(Membership, request.auth), pk=item_id)
    return services.decide_membership(membership, by=request.auth, accept=payload.accept, reason=payload.reason)


@router.delete("/associations/{item_id}/members/{company_id}", response={204: None})
def remove_member(request, item_id: int, company_id: int):
    association = get_object_or_404(scope(Association, request.auth), pk=item_id)
    membership = get_object_or_404(association.memberships, company_id=company_id)
    services.remove_member(membership, by=request.auth)
    return Status(204, None)


@router.post("/imports/{kind}", response={201: ImportOut})
def import_file(request, kind: str, file: File[UploadedFile]):
    """Import companies or installations from CSV/XLSX; any bad row saves nothing (422 with per-row errors)."""
    if kind not in imports.SPECS:
        raise Http404
    if not has_role(request.auth, imports.IMPORT_ROLES):
        raise PermissionDenied
    result = imports.import_table(kind, upload_bytes(file), file.name, by=request.auth)
    return Status(201, {"kind": result.kind, "created": result.created})
