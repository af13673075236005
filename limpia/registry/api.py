"""Registry endpoints: the same scoping and services as the screens."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from limpia.core.history import history_entries
from limpia.core.scoping import has_role, scope
from limpia.registry import filters, imports, queries, services
from limpia.registry.models import Agency, Association, Company, Comuna, ContactPerson, Installation, Region
from limpia.registry.schemas import (
    AgencyOut,
    AssociationOut,
    CompanyIn,
    CompanyOut,
    CompanyPatch,
    ComunaOut,
    ContactOut,
    HistoryOut,
    InstallationIn,
    InstallationOut,
    InstallationPatch,
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


@router.get("/regions", response=list[RegionOut])
def list_regions(request):
    return scope(Region, request.auth)


@router.get("/comunas", response=list[ComunaOut])
def list_comunas(request, region: int | None = None):
    qs = scope(Comuna, request.auth)
    return qs.filter(region_id=region) if region else qs


@router.get("/companies", response=list[CompanyOut])
@paginate(PageNumberPagination, page_size=50)
def list_companies(request, params: Query[ListFilters]):
    qs = _filtered(filters.CompanyFilter, scope(Company, request.auth), params, request.auth)
    return qs.select_related("comuna__region")


@router.get("/companies/{company_id}", response=CompanyOut)
def get_company(request, company_id: int):
    return get_object_or_404(scope(Company, request.auth).select_related("comuna__region"), pk=company_id)


@router.get("/companies/{company_id}/history", response=list[HistoryOut])
def company_history(request, company_id: int):
    return _history(get_object_or_404(scope(Company, request.auth), pk=company_id))


@router.post("/companies", response={201: CompanyOut})
def create_company(request, payload: CompanyIn):
    kwargs = imports.COMPANIES.build(payload, imports.References())
    return Status(201, services.create_company(by=request.auth, **kwargs))


@router.patch("/companies/{company_id}", response=CompanyOut)
def update_company(request, company_id: int, payload: CompanyPatch):
    company = get_object_or_404(scope(Company, request.auth), pk=company_id)
    fields = payload.dict(exclude_unset=True)
    refs = imports.References()
    if "comuna" in fields:
        fields["comuna"] = refs.comuna(fields["comuna"])
    activities = refs.activities(fields.pop("activities")) if "activities" in fields else None
    return services.update_company(company, by=request.auth, activities=activities, **fields)


@router.get("/installations", response=list[InstallationOut])
@paginate(PageNumberPagination, page_size=50)
def list_installations(request, params: Query[ListFilters]):
    qs = _filtered(filters.InstallationFilter, scope(Installation, request.auth), params, request.auth)
    return queries.installations_listing(qs)


@router.get("/installations/{installation_id}", response=InstallationOut)
def get_installation(request, installation_id: int):
    return get_object_or_404(queries.installations_listing(scope(Installation, request.auth)), pk=installation_id)


@router.get("/installations/{installation_id}/history", response=list[HistoryOut])
def installation_history(request, installation_id: int):
    return _history(get_object_or_404(scope(Installation, request.auth), pk=installation_id))


@router.post("/installations", response={201: InstallationOut})
def create_installation(request, payload: InstallationIn):
    kwargs = imports.INSTALLATIONS.build(payload, imports.References())
    return Status(201, services.create_installation(by=request.auth, **kwargs))


@router.patch("/installations/{installation_id}", response=InstallationOut)
def update_installation(request, installation_id: int, payload: InstallationPatch):
    installation = get_object_or_404(scope(Installation, request.auth), pk=installation_id)
    fields = payload.dict(exclude_unset=True)
    refs = imports.References()
    if "comuna" in fields:
        fields["comuna"] = refs.comuna(fields["comuna"])
    if "activity" in fields:
        fields["activity"] = refs.activities([fields["activity"]])[0] if fields["activity"] else None
    return services.update_installation(installation, by=request.auth, **fields)


def _read_only(path: str, model, schema, filter_class) -> None:
    """List and detail endpoints of a record that the API reads but does not write."""

    @router.get(f"/{path}", response=list[schema], operation_id=f"list_{path}", url_name=f"list_{path}")
    @paginate(PageNumberPagination, page_size=50)
    def list_records(request, params: Query[ListFilters]):
        return _filtered(filter_class, scope(model, request.auth), params, request.auth)

    @router.get(f"/{path}/{{item_id}}", response=schema, operation_id=f"get_{path}", url_name=f"get_{path}")
    def get_record(request, item_id: int):
        return get_object_or_404(scope(model, request.auth), pk=item_id)


_read_only("associations", Association, AssociationOut, filters.AssociationFilter)
_read_only("agencies", Agency, AgencyOut, filters.AgencyFilter)
_read_only("contacts", ContactPerson, ContactOut, filters.ContactFilter)


@router.post("/imports/{kind}", response={201: ImportOut})
def import_file(request, kind: str, file: File[UploadedFile]):
    """Import companies or installations from CSV/XLSX; any bad row saves nothing (422 with per-row errors)."""
    if kind not in imports.SPECS:
        raise Http404
    if not has_role(request.auth, imports.IMPORT_ROLES):
        raise PermissionDenied
    result = imports.import_table(kind, file.read(), file.name, by=request.auth)
    return Status(201, {"kind": result.kind, "created": result.created})
