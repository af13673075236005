"""Bulk import of companies and installations from CSV or XLSX.

Every row is validated first (schema, references, model rules, duplicates within the
file); only a file without a single error is saved, in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from limpia.accounts.choices import Role
from limpia.core.errors import BusinessRuleError
from limpia.core.rut import normalize_rut
from limpia.core.tabular import RowError, TableError, normalize_header, read_table
from limpia.registry import services
from limpia.registry.models import Company, Comuna, EconomicActivity, Installation
from limpia.registry.schemas import CompanyIn, InstallationIn

# Who may bulk-import: national staff anywhere, regional coordinators in their regions.
IMPORT_ROLES = {Role.NATIONAL_STAFF, Role.REGIONAL_COORDINATOR}


class References:
    """Looks up comunas (CUT code or name), activity codes and companies, cached per import."""

    def __init__(self):
        self._comunas: dict[str, Comuna] | None = None
        self._activities: dict[str, EconomicActivity] | None = None
        self._companies: dict[str, Company | None] = {}

    def comuna(self, text: str) -> Comuna:
        if self._comunas is None:
            self._comunas = {}
            for comuna in Comuna.objects.all():
                self._comunas[comuna.cut] = comuna
                self._comunas[normalize_header(comuna.name)] = comuna
        key = text.strip()
        found = self._comunas.get(key.zfill(5) if key.isdigit() else normalize_header(key))
        if found is None:
            raise ValidationError(
                {"comuna": _("unknown comuna «%(c)s»; use its CUT code (e.g. 13101) or its exact name") % {"c": text}}
            )
        return found

    def activities(self, codes: list[str], field: str = "activities") -> list[EconomicActivity]:
        if self._activities is None:
            self._activities = {a.code: a for a in EconomicActivity.objects.all()}
        unknown = [c for c in codes if c not in self._activities]
        if unknown:
            raise ValidationError(
                {field: _("unknown CIIU4.CL activity code(s): %(codes)s") % {"codes": ", ".join(unknown)}}
            )
        return [self._activities[c] for c in codes]

    def company(self, rut_text: str) -> Company:
        rut = _rut(rut_text, "company_rut")
        if rut not in self._companies:
            self._companies[rut] = Company.objects.filter(rut=rut).first()
        company = self._companies[rut]
        if company is None:
            raise ValidationError({"company_rut": _("no company with RUT %(rut)s is registered") % {"rut": rut_text}})
        return company


def _rut(text: str, field: str) -> str:
    try:
        return normalize_rut(text)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


@dataclass(frozen=True)
class ImportSpec:
    """Columns of an import (Spanish header -> schema field) and how to save a row."""

    kind: str
    columns: dict[str, str]
    required: frozenset[str]
    schema: type
    key_column: str
    build: Callable
    instance: Callable
    save: Callable


def _company_kwargs(row: CompanyIn, refs: References) -> dict:
    data = row.model_dump(exclude={"activities", "comuna", "size_class", "email"})
    return {
        **data,
        "rut": _rut(row.rut, "rut"),
        "comuna": refs.comuna(row.comuna),
        "size_class": row.size_class or "",
        "email": row.email or "",
        "activities": refs.activities(row.activities),
    }


def _installation_kwargs(row: InstallationIn, refs: References) -> dict:
    data = row.model_dump(exclude={"company_rut", "comuna", "activity"})
    return {
        **data,
        "company": refs.company(row.company_rut),
        "comuna": refs.comuna(row.comuna),
        "activity": refs.activities([row.activity], field="activity")[0] if row.activity else None,
    }


def _build_company(kwargs: dict):
    instance = Company(**{k: v for k, v in kwargs.items() if k != "activities"})
    instance.full_clean()
    return instance


def _build_installation(kwargs: dict):
    instance = Installation(**kwargs)
    instance.full_clean()
    return instance


COMPANIES = ImportSpec(
    kind="companies",
    columns={
        "rut": "rut",
        "razon_social": "legal_name",
        "nombre_fantasia": "trade_name",
        "comuna": "comuna",
        "direccion": "address",
        "ventas_uf": "sales_uf",
        "trabajadores": "workers",
        "tamano": "size_class",
        "email": "email",
        "telefono": "phone",
        "sitio_web": "website",
        "actividades": "activities",
    },
    required=frozenset({"rut", "razon_social", "comuna"}),
    schema=CompanyIn,
    key_column="rut",
    build=_company_kwargs,
    instance=_build_company,
    save=lambda kwargs, by: services.create_company(by=by, reason=_("Bulk import"), **kwargs),
)
INSTALLATIONS = ImportSpec(
    kind="installations",
    columns={
        "rut_empresa": "company_rut",
        "nombre": "name",
        "tipo": "kind",
        "direccion": "address",
        "comuna": "comuna",
        "latitud": "latitude",
        "longitud": "longitude",
        "actividad": "activity",
    },
    required=frozenset({"rut_empresa", "nombre", "comuna"}),
    schema=InstallationIn,
    key_column="nombre",
    build=_installation_kwargs,
    instance=_build_installation,
    save=lambda kwargs, by: services.create_installation(by=by, reason=_("Bulk import"), **kwargs),
)
SPECS = {spec.kind: spec for spec in (COMPANIES, INSTALLATIONS)}


@dataclass
class ImportResult:
    kind: str
    created: int


def _schema_errors(number: int, exc: SchemaError, field_to_column: dict[str, str]) -> list[RowError]:
    return [
        RowError(number, field_to_column.get(str(err["loc"][0]), str(err["loc"][0])), _schema_message(err))
        for err in exc.errors()
    ]


def _schema_message(err: dict) -> str:
    messages = {
        "missing": _("required value missing"),
        "decimal_parsing": _("not a number"),
        "int_parsing": _("not a whole number"),
        "greater_than_equal": _("must not be negative"),
        "value_error": _("invalid value"),
        "enum": _("not one of the allowed values"),
        "string_too_short": _("too short"),
        "string_too_long": _("too long"),
    }
    return str(messages.get(err["type"], err["msg"]))


def _validation_errors(number: int, exc: ValidationError, field_to_column: dict[str, str]) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", m) for m in exc.messages]
    return [
        RowError(number, field_to_column.get(name, name if name != "__all__" else ""), message)
        for name, errors in exc.message_dict.items()
        for message in errors
    ]


def _check_row(spec: ImportSpec, number: int, values: dict, refs: References, seen: dict) -> tuple[dict | None, list]:
    field_to_column = {f: c for c, f in spec.columns.items()}
    try:
        row = spec.schema(**{spec.columns[c]: v for c, v in values.items() if c in spec.columns})
        kwargs = spec.build(row, refs)
        spec.instance(kwargs)
    except SchemaError as exc:
        return None, _schema_errors(number, exc, field_to_column)
    except ValidationError as exc:
        return None, _validation_errors(number, exc, field_to_column)
    key = kwargs.get("rut") or (kwargs["company"].pk, kwargs["name"])
    if key in seen:
        return None, [RowError(number, spec.key_column, _("repeats row %(row)s of this file") % {"row": seen[key]})]
    seen[key] = number
    return kwargs, []


def import_table(kind: str, data: bytes, filename: str, *, by) -> ImportResult:
    """Validate every row of the upload; save all of them, or nothing and raise TableError."""
    spec = SPECS[kind]
    table = read_table(data, filename, required=set(spec.required), optional=set(spec.columns) - spec.required)
    refs, seen, valid, errors = References(), {}, [], []
    for number, values in table.rows:
        kwargs, row_errors = _check_row(spec, number, values, refs, seen)
        errors.extend(row_errors)
        if kwargs is not None:
            valid.append((number, kwargs))
    if not table.rows:
        errors.append(RowError(2, "", _("the file has a header but no rows")))
    if errors:
        raise TableError(errors)
    return _save_all(spec, valid, by)


@transaction.atomic
def _save_all(spec: ImportSpec, valid: list, by) -> ImportResult:
    field_to_column = {f: c for c, f in spec.columns.items()}
    for number, kwargs in valid:
        try:
            spec.save(kwargs, by)
        except BusinessRuleError as exc:
            raise TableError([RowError(number, field_to_column.get(exc.field or "", ""), exc.message)]) from exc
    return ImportResult(kind=spec.kind, created=len(valid))
