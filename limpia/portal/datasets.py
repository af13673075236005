"""The open datasets: each one's fields (Frictionless table schema) and rows, written as CSV (UTF-8, and a `;`
variant with decimal commas for Excel in Chile), XLSX and JSON, and described by one `datapackage.json`."""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Max, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from limpia.core.spreadsheets import XlsxWriter, csv_bytes
from limpia.portal import queries

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}  # fmt: skip
SOURCE = "Limpia, plataforma nacional de Acuerdos de Producción Limpia (Agencia de Sustentabilidad y Cambio Climático)"
MIN_PEERS = 5  # an aggregate of fewer installations is not published (domain.md §11, as the MRV benchmark)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless: string, integer, number, date, boolean
    title: str
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    source: Callable[..., Sequence]  # (filters) -> a queryset or list of records
    row: Callable[[object], dict]  # one record as the dataset's row
    updated: Callable[[], datetime | date | None]
    filters: tuple[str, ...] = ()

    def rows(self, **filters) -> Iterable[dict]:
        return map(self.row, self.source(**filters))

    def page(self, **filters) -> "Rows":
        """The rows as a sequence that reads only the slice asked for (the API's pages)."""
        return Rows(self.source(**filters), self.row)


class Rows(Sequence):
    def __init__(self, records, row):
        self.records, self.row = records, row

    def __len__(self) -> int:
        return self.records.count() if isinstance(self.records, QuerySet) else len(self.records)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.row(r) for r in self.records[index]]
        return self.row(self.records[index])


# --- Rows -----------------------------------------------------------------------------------------------------


def _agreements(q="", sector="", region="", stage="", kind="", **_):
    return queries.agreement_directory(q, sector, region, stage, kind).prefetch_related("sectors", "regions")


def _agreement_row(a) -> dict:
    return {"codigo": a.code, "nombre": a.name, "tipo": a.get_kind_display(), "etapa": a.get_stage_display(),
            "sectores": "; ".join(s.name for s in a.sectors.all()),
            "regiones": "Nacional" if a.national_scope else "; ".join(r.name for r in a.regions.all()),
            "firmado": a.signed_on, "instalaciones_adheridas": a.adhered, "instalaciones_certificadas": a.certified,
            "url": reverse("portal:agreement", args=[a.code])}  # fmt: skip


def _certificates(q="", region="", sector="", **_):
    return queries.certified(q, region, sector)


def _certified_row(c) -> dict:
    from limpia.audits.certificates import verification_code

    return {"certificado": c.number, "rut_empresa": c.company.rut, "empresa": c.company.legal_name,
            "instalacion": c.installation.name, "comuna": c.installation.comuna.name,
            "region": c.installation.region.name, "acuerdo": c.agreement.code, "emitido": c.issued_on,
            "vigente_hasta": c.valid_until, "nivel": c.level,
            "verificacion": reverse("public:verify", args=[verification_code(c)])}  # fmt: skip


def _same(row: dict) -> dict:
    return row


INDICATOR_SUMS = {
    "energia_gj": "energy_gj",
    "electricidad_mwh": "electricity_mwh",
    "agua_m3": "water_m3",
    "residuos_t": "waste_t",
    "alcance1_tco2e": "scope1_co2e_t",
    "alcance2_tco2e": "scope2_co2e_t",
}


def _indicator_rows(year="", region="", **_) -> list[dict]:
    """Accepted yearly figures per region; a region-year of fewer than five installations is left out."""
    from limpia.mrv import queries as mrv

    version = mrv.current_version()
    if version is None:
        return []
    qs = mrv.figures(version)
    if str(year).isdigit():
        qs = qs.filter(year=int(year))
    if region:
        qs = qs.filter(installation__region__cut=region)
    rows = (qs.values("year", "installation__region__cut", "installation__region__name")
            .annotate(instalaciones=Count("installation_id", distinct=True),
                      **{k: Sum(v) for k, v in INDICATOR_SUMS.items()})
            .filter(instalaciones__gte=MIN_PEERS).order_by("year", "installation__region__cut"))  # fmt: skip
    return [
        {
            "anio": row["year"],
            "region_cut": row["installation__region__cut"],
            "region": row["installation__region__name"],
            "instalaciones": row["instalaciones"],
            **{k: (row[k] or Decimal(0)).quantize(Decimal("0.001")) for k in INDICATOR_SUMS},
        }
        for row in rows
    ]


def _goals(**_):
    from limpia.programs.models import NationalGoal

    return NationalGoal.objects.select_related("region").order_by("starts_on", "pk")


def _goal_row(goal) -> dict:
    from limpia.programs import goals

    status = goals.status(goal, timezone.localdate())
    return {"codigo": goal.code, "politica": goal.policy, "meta": goal.title,
            "indicador": goal.get_indicator_display(), "inicio": goal.starts_on, "termino": goal.ends_on,
            "region": goal.region.name if goal.region else "Nacional", "linea_base": goal.baseline,
            "objetivo": goal.target, "valor": status.measure.value,
            "avance_pct": status.pace.progress if status.pace else None}  # fmt: skip


def _cases(**_):
    from limpia.programs.choices import CaseStatus
    from limpia.programs.models import SuccessCase

    qs = SuccessCase.objects.filter(status=CaseStatus.PUBLISHED).select_related("company", "agreement")
    return qs.order_by("-published_on", "pk")


def _case_row(case) -> dict:
    return {"titulo": case.title, "empresa": case.company.legal_name, "acuerdo": case.agreement.code,
            "publicado": case.published_on, "resumen": case.summary, "url": case.get_public_url()}  # fmt: skip


def _region_rows(**_) -> list[dict]:
    from limpia.programs.reports import coverage

    return [{"cut": row.region.cut, "iso": row.region.iso_code, "region": row.region.name,
             "comite": row.committee is not None, "programa": bool(row.committee and row.committee.program),
             "acuerdos": row.agreements, "instalaciones_adheridas": row.installations,
             "instalaciones_certificadas": row.certified} for row in coverage()]  # fmt: skip


def _latest(model: str, field: str):
    """When the records of `model` («app.Model») last changed, by `field`."""
    from django.apps import apps

    return apps.get_model(model).objects.aggregate(latest=Max(field))["latest"]


def _figures_updated():
    from limpia.mrv import queries as mrv

    version = mrv.current_version()
    return getattr(version, "finished_at", None) or getattr(version, "created_at", None)


S, INT, N, D, B = "string", "integer", "number", "date", "boolean"
DATASETS = {d.name: d for d in [
    Dataset("acuerdos", "Acuerdos de Producción Limpia", "Acuerdos firmados: tipo, etapa, sectores, regiones y "
            "cuántas instalaciones adhieren y están certificadas.", (
                Field("codigo", S, "Código"), Field("nombre", S, "Nombre"), Field("tipo", S, "Tipo de instrumento"),
                Field("etapa", S, "Etapa"), Field("sectores", S, "Sectores"), Field("regiones", S, "Regiones"),
                Field("firmado", D, "Fecha de firma"), Field("instalaciones_adheridas", INT, "Instalaciones adheridas"),
                Field("instalaciones_certificadas", INT, "Instalaciones certificadas"),
                Field("url", S, "Página pública")),
            _agreements, _agreement_row, lambda: _latest("agreements.Agreement", "updated_at"),
            ("q", "sector", "region", "stage", "kind")),
    Dataset("instalaciones-certificadas", "Empresas e instalaciones certificadas", "Certificados APL vigentes, "
            "con la dirección de verificación de cada uno.", (
                Field("certificado", S, "Número de certificado"), Field("rut_empresa", S, "RUT de la empresa"),
                Field("empresa", S, "Empresa"), Field("instalacion", S, "Instalación"), Field("comuna", S, "Comuna"),
                Field("region", S, "Región"), Field("acuerdo", S, "Código del acuerdo"),
                Field("emitido", D, "Emitido"), Field("vigente_hasta", D, "Vigente hasta"), Field("nivel", S, "Nivel"),
                Field("verificacion", S, "Verificación pública")),
            _certificates, _certified_row, lambda: _latest("audits.Certificate", "issued_on"),
            ("q", "region", "sector")),
    Dataset("indicadores", "Indicadores de sustentabilidad por región y año", "Cifras aceptadas del MRV sumadas "
            "por región y año; no se publica una suma de menos de cinco instalaciones.", (
                Field("anio", INT, "Año"), Field("region_cut", S, "Código CUT de la región"),
                Field("region", S, "Región"),
                Field("instalaciones", INT, "Instalaciones"), Field("energia_gj", N, "Energía (GJ)"),
                Field("electricidad_mwh", N, "Electricidad (MWh)"), Field("agua_m3", N, "Agua (m³)"),
                Field("residuos_t", N, "Residuos (t)"), Field("alcance1_tco2e", N, "Alcance 1 (t CO2e)"),
                Field("alcance2_tco2e", N, "Alcance 2 (t CO2e)")),
            _indicator_rows, _same, _figures_updated, ("year", "region")),
    Dataset("metas", "Metas nacionales", "Cada meta de las políticas con su valor calculado desde los registros.", (
                Field("codigo", S, "Código"), Field("politica", S, "Política"), Field("meta", S, "Meta"),
                Field("indicador", S, "Indicador"), Field("inicio", D, "Inicio"), Field("termino", D, "Término"),
                Field("region", S, "Alcance"), Field("linea_base", N, "Línea base"), Field("objetivo", N, "Meta"),
                Field("valor", N, "Valor actual"), Field("avance_pct", N, "Avance (%)")),
            _goals, _goal_row, lambda: timezone.now()),
    Dataset("casos-de-exito", "Casos de éxito", "Casos publicados de empresas que aplicaron un APL.", (
                Field("titulo", S, "Título"), Field("empresa", S, "Empresa"), Field("acuerdo", S, "Acuerdo"),
                Field("publicado", D, "Publicado"), Field("resumen", S, "Resumen"), Field("url", S, "Página pública")),
            _cases, _case_row, lambda: _latest("programs.SuccessCase", "updated_at")),
    Dataset("regiones", "Cobertura por región", "Comité regional, programa, acuerdos, instalaciones adheridas y "
            "certificadas de cada región, de norte a sur.", (
                Field("cut", S, "Código CUT"), Field("iso", S, "ISO 3166-2"), Field("region", S, "Región"),
                Field("comite", B, "Comité regional"), Field("programa", B, "Programa regional"),
                Field("acuerdos", INT, "Acuerdos"), Field("instalaciones_adheridas", INT, "Instalaciones adheridas"),
                Field("instalaciones_certificadas", INT, "Instalaciones certificadas")),
            _region_rows, _same, lambda: _latest("programs.RegionalCommittee", "updated_at")),
]}  # fmt: skip


# --- Formats --------------------------------------------------------------------------------------------------


def _plain(value, excel: bool = False):
    if isinstance(value, bool):
        return ("sí" if value else "no") if excel else ("true" if value else "false")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y") if excel else value.isoformat()
    if isinstance(value, Decimal | float):
        text = format(value, "f")
        return text.replace(".", ",") if excel else text
    return "" if value is None else str(value)


def as_csv(dataset: Dataset, rows: Iterable[dict], excel: bool = False) -> bytes:
    """UTF-8 with `,` and ISO values; or, for Excel in Chile, `;`, decimal commas, dd-mm-aaaa and a BOM.
    Texts a spreadsheet would evaluate are neutralised (`spreadsheets`)."""
    return csv_bytes([f.name for f in dataset.fields], ([row[f.name] for f in dataset.fields] for row in rows),
                     delimiter=";" if excel else ",", bom=excel, format=lambda v: _plain(v, excel))  # fmt: skip


def as_xlsx(dataset: Dataset, rows: Iterable[dict]) -> bytes:
    book = XlsxWriter()
    sheet = book.sheet(dataset.name)
    sheet.append([f.name for f in dataset.fields])
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in (row[f.name] for f in dataset.fields)])
    return book.save().getvalue()


def as_json(dataset: Dataset, rows: Iterable[dict]) -> bytes:
    return json.dumps([{f.name: json_value(row[f.name]) for f in dataset.fields} for row in rows],
                      ensure_ascii=False, indent=1).encode()  # fmt: skip


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"), "excel.csv": ("text/csv; charset=utf-8", "excel.csv"),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           "json": ("application/json", "json")}  # fmt: skip


def render(dataset: Dataset, fmt: str, filters: dict) -> bytes:
    rows = dataset.rows(**filters)
    if fmt == "csv":
        return as_csv(dataset, rows)
    if fmt == "excel.csv":
        return as_csv(dataset, rows, excel=True)
    return as_xlsx(dataset, rows) if fmt == "xlsx" else as_json(dataset, rows)


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return datetime.combine(value, datetime.min.time()).isoformat()


def datapackage(base_url: str) -> dict:
    """The Frictionless Data Package of every dataset: fields, types, licence, source, last update."""
    resources = []
    for d in DATASETS.values():
        resources.append({
            "name": d.name, "title": d.title, "description": d.description, "profile": "tabular-data-resource",
            "path": f"{base_url}{reverse('portal:dataset', args=[d.name, 'csv'])}", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "licenses": [LICENCE], "last_modified": _iso(d.updated()),
            "schema": {"fields": [{"name": f.name, "type": f.type, "title": f.title,
                                   **({"description": f.description} if f.description else {})} for f in d.fields]},
        })  # fmt: skip
    return {"profile": "tabular-data-package", "name": "limpia-produccion-limpia-chile",
            "title": "Datos abiertos de los Acuerdos de Producción Limpia de Chile", "licenses": [LICENCE],
            "sources": [{"title": SOURCE, "path": base_url + "/"}], "created": _iso(timezone.now()),
            "resources": resources}  # fmt: skip
