"""Shapes of registry records in the API and in bulk imports (one definition for both)."""

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import EmailStr, Field, create_model, field_validator
from pydantic_core import PydanticCustomError

from limpia.core.numbers import parse_decimal_cl
from limpia.registry.choices import AgencyCompetence, InstallationKind, SizeClass


def _decimal(value):
    value = _blank_to_none(value)
    if not isinstance(value, str):
        return value
    try:
        return parse_decimal_cl(value)
    except ValueError as exc:
        raise PydanticCustomError("decimal_parsing", "not a number") from exc


def _blank_to_none(value):
    return None if isinstance(value, str) and not value.strip() else value


class CompanyIn(Schema):
    rut: str = Field(description="RUT with check digit, in any format: 76.123.456-7, 76123456-7")
    legal_name: str = Field(min_length=2, max_length=200)
    trade_name: str = ""
    comuna: str = Field(description="CUT code of the comuna (e.g. 13101) or its name")
    address: str = ""
    sales_uf: Decimal | None = Field(None, ge=0, description="Previous-year sales in UF, net of VAT")
    workers: int | None = Field(None, ge=0)
    size_class: SizeClass | None = Field(None, description="Optional; must agree with sales (Ley 20.416)")
    email: EmailStr | None = None
    phone: str = ""
    website: str = ""
    activities: list[str] = Field(default_factory=list, description="Six-digit CIIU4.CL codes")

    @field_validator("sales_uf", mode="before")
    @classmethod
    def _sales(cls, value):
        return _decimal(value)

    @field_validator("workers", "size_class", "email", mode="before")
    @classmethod
    def _blank(cls, value):
        return _blank_to_none(value)

    @field_validator("activities", mode="before")
    @classmethod
    def _codes(cls, value):
        if isinstance(value, str):
            return [c for c in value.replace(";", " ").replace(",", " ").split() if c]
        return value


class InstallationIn(Schema):
    company_rut: str = Field(description="RUT of the company that owns the installation")
    kind: InstallationKind = InstallationKind.ESTABLISHMENT
    name: str = Field(min_length=2, max_length=200)
    address: str = ""
    comuna: str = Field(description="CUT code of the comuna or its name")
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    activity: str | None = Field(None, description="Six-digit CIIU4.CL code")

    @field_validator("latitude", "longitude", mode="before")
    @classmethod
    def _coordinate(cls, value):
        return _decimal(value)

    @field_validator("activity", mode="before")
    @classmethod
    def _blank(cls, value):
        return _blank_to_none(value)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value):
        spanish = {
            "establecimiento": "establishment",
            "maquina": "machine",
            "máquina": "machine",
            "producto": "product",
            "organizacion": "organization",
            "organización": "organization",
        }
        return spanish.get(str(value).strip().lower(), value) if value else InstallationKind.ESTABLISHMENT


class AssociationIn(Schema):
    name: str = Field(min_length=2, max_length=200)
    rut: str | None = None
    acronym: str = ""
    comuna: str | None = Field(None, description="CUT code of the comuna or its name")
    address: str = ""
    email: EmailStr | None = None
    phone: str = ""
    website: str = ""


class AgencyIn(Schema):
    name: str = Field(min_length=2, max_length=200)
    acronym: str = ""
    competences: list[AgencyCompetence] = Field(default_factory=list)
    region: str | None = Field(None, description="CUT code of the region of a regional office (e.g. 05)")
    email: EmailStr | None = None
    website: str = ""


class ContactIn(Schema):
    full_name: str = Field(min_length=2, max_length=150)
    position: str = ""
    email: EmailStr | None = None
    phone: str = ""
    company_id: int | None = None
    association_id: int | None = None
    agency_id: int | None = None


class MemberIn(Schema):
    company_rut: str


class MembershipOut(Schema):
    """A membership and where its consent stands: only «accepted» widens the association's scope."""

    id: int
    association_id: int
    company_id: int
    company_name: str
    state: str
    requested_at: datetime | None
    decided_at: datetime | None
    decision_reason: str

    @staticmethod
    def resolve_company_name(obj):
        return obj.company.legal_name


class MembershipDecisionIn(Schema):
    accept: bool
    reason: str = ""


def partial(schema: type[Schema], *, exclude: tuple[str, ...] = ()) -> type[Schema]:
    """The PATCH shape of `schema`: every field optional, validators kept, `exclude` left out."""
    fields = {name: (info.annotation | None, None) for name, info in schema.model_fields.items() if name not in exclude}
    patch = create_model(f"{schema.__name__.removesuffix('In')}Patch", __base__=schema, **fields)
    for name in exclude:
        patch.model_fields.pop(name, None)
    patch.model_rebuild(force=True)
    return patch


CompanyPatch = partial(CompanyIn, exclude=("rut",))
InstallationPatch = partial(InstallationIn, exclude=("company_rut",))
AssociationPatch = partial(AssociationIn)
AgencyPatch = partial(AgencyIn)
ContactPatch = partial(ContactIn, exclude=("company_id", "association_id", "agency_id"))


class RegionOut(Schema):
    id: int
    cut: str
    iso_code: str
    name: str


class ComunaOut(Schema):
    id: int
    cut: str
    name: str
    region_id: int


class CompanyOut(Schema):
    id: int
    rut: str
    rut_display: str
    legal_name: str
    trade_name: str
    comuna: str = Field(alias="comuna.cut")
    region: str = Field(alias="comuna.region.name")
    address: str
    sales_uf: Decimal | None
    workers: int | None
    size_class: str
    email: str
    phone: str
    website: str


class InstallationOut(Schema):
    id: int
    company_id: int
    company_rut: str = Field(alias="company.rut")
    kind: str
    name: str
    address: str
    comuna: str = Field(alias="comuna.cut")
    region: str = Field(alias="region.iso_code")
    latitude: Decimal | None
    longitude: Decimal | None
    activity: str | None = Field(None, alias="activity.code")


class AssociationOut(Schema):
    id: int
    rut: str | None
    name: str
    acronym: str
    email: str
    website: str


class AgencyOut(Schema):
    id: int
    name: str
    acronym: str
    competences: list[str]
    email: str
    website: str


class ContactOut(Schema):
    id: int
    full_name: str
    position: str
    email: str
    phone: str
    company_id: int | None
    association_id: int | None
    agency_id: int | None


class HistoryOut(Schema):
    when: str
    who: str | None
    kind: str
    reason: str
    changes: list[dict]
