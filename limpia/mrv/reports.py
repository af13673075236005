"""MRV figures by dimension (installation, company, agreement, association, sector, region, nation), their
exports (CSV as Chile's Excel reads it, XLSX) and the yearly national GHG-reduction report (PDF)."""

from collections import defaultdict
from decimal import Decimal

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from limpia.agreements.choices import AdhesionStatus
from limpia.agreements.models import Adhesion
from limpia.core.spreadsheets import XlsxWriter, csv_bytes
from limpia.mrv.queries import figures, reductions, totals
from limpia.registry.models import Installation

DIMENSIONS = {
    "nation": gettext_lazy("Nation"),
    "agreement": gettext_lazy("Agreement"),
    "sector": gettext_lazy("Sector"),
    "association": gettext_lazy("Association"),
    "region": gettext_lazy("Region"),
    "company": gettext_lazy("Company"),
    "installation": gettext_lazy("Installation"),
}
COLUMNS = [
    ("production", gettext_lazy("Production")), ("energy_gj", gettext_lazy("Energy (GJ)")),
    ("water_m3", gettext_lazy("Water (m³)")), ("waste_t", gettext_lazy("Waste (t)")),
    ("scope1_co2e_t", gettext_lazy("Scope 1 (t CO2e)")), ("scope2_co2e_t", gettext_lazy("Scope 2 (t CO2e)")),
    ("waste_co2e_t", gettext_lazy("Composting and digestion (t CO2e)")),
    ("landfill_co2e_t", gettext_lazy("Landfill (t CO2e)")), ("co2e_t", gettext_lazy("Emissions (t CO2e)")),
    ("biogenic_co2_t", gettext_lazy("Biogenic CO2 (t, reported apart)")),
    ("reduction_t", gettext_lazy("Reduction (t CO2e)")),
    ("excluded_t", gettext_lazy("Reduction claimed elsewhere (t CO2e, left out)")),
]  # fmt: skip
ADHERED = {"status": AdhesionStatus.APPROVED}


def _members(dimension: str, installation_ids) -> dict[int, list[tuple[object, str]]]:
    """installation → the (key, label) groups it belongs to in `dimension`."""
    found = defaultdict(list)
    if dimension == "nation":
        return {i: [("CL", "Chile")] for i in installation_ids}
    if dimension in ("region", "company", "installation"):
        fields = {"region": ("region_id", "region__name"), "company": ("company_id", "company__legal_name"),
                  "installation": ("pk", "name")}[dimension]  # fmt: skip
        rows = Installation.objects.filter(pk__in=installation_ids).values_list("pk", *fields)
    else:
        path = {"agreement": ("agreement_id", "agreement__code"), "sector": ("agreement__sectors__id",
                "agreement__sectors__name"), "association": ("agreement__associations__id",
                "agreement__associations__name")}[dimension]  # fmt: skip
        rows = (
            Adhesion.objects.filter(installation_id__in=installation_ids, **ADHERED)
            .values_list("installation_id", *path)
            .distinct()
        )
    for installation_id, key, label in rows:
        if key is not None and (key, label) not in found[installation_id]:
            found[installation_id].append((key, label))
    return found


def by_dimension(version, dimension: str, year: int, qs=None) -> list[dict]:
    """Accepted figures and reductions of `year`, summed per group of `dimension` (an installation in two
    agreements counts in both; the nation counts it once)."""
    base = (qs if qs is not None else figures(version)).filter(year=year)
    per_installation = {row["installation_id"]: row for row in totals(base, ["installation_id"])}
    cut = defaultdict(lambda: (Decimal(0), Decimal(0)))
    for item in reductions(base):
        counted, excluded = cut[item.installation_id]
        cut[item.installation_id] = (counted + item.reduction_t, excluded) if item.counted else (
            counted, excluded + item.reduction_t)  # fmt: skip
    groups: dict = {}
    for installation_id, groups_of in _members(dimension, list(per_installation)).items():
        row = per_installation[installation_id]
        for key, label in groups_of:
            group = groups.setdefault(key, {"key": key, "label": label, "installations": 0,
                                            **{name: Decimal(0) for name, _l in COLUMNS}})  # fmt: skip
            group["installations"] += 1
            for name, _l in COLUMNS[:-2]:
                group[name] += row.get(name) or Decimal(0)
            group["reduction_t"] += cut[installation_id][0]
            group["excluded_t"] += cut[installation_id][1]
    return sorted(groups.values(), key=lambda g: -g["co2e_t"])


def _header(dimension: str) -> list[str]:
    return [str(DIMENSIONS[dimension]), _("Installations"), *[str(label) for _n, label in COLUMNS]]


def _decimal_comma(value) -> str:
    return f"{value:.3f}".replace(".", ",") if isinstance(value, Decimal) else str(value)


def as_csv(rows: list[dict], dimension: str) -> bytes:
    """`;`-separated, `,` decimals, with a BOM: opens as-is in Excel in Chile; labels never run as formulas."""
    return csv_bytes(_header(dimension), ([row["label"], row["installations"], *[row[name] for name, _l in COLUMNS]]
                                          for row in rows), delimiter=";", bom=True, format=_decimal_comma)  # fmt: skip


def as_xlsx(rows: list[dict], dimension: str) -> bytes:
    book = XlsxWriter()
    sheet = book.sheet(str(DIMENSIONS[dimension]))
    sheet.append(_header(dimension), bold=True)
    for row in rows:
        sheet.append([row["label"], row["installations"], *[float(row[name]) for name, _l in COLUMNS]])
    return book.save().getvalue()


def _plain(rows: list[dict]) -> list[dict]:
    return [{"label": r["label"], "installations": r["installations"],
             **{name: str(round(r[name], 3)) for name, _l in COLUMNS}} for r in rows]  # fmt: skip


def national_figures(version, year: int) -> dict:
    """What a published report keeps: totals per agreement and sector, the nation, the factor versions."""
    nation = by_dimension(version, "nation", year)
    return {
        "year": year,
        "version": version.number,
        "gwp_set": version.gwp_set,
        "factor_sets": [str(s) for s in version.factor_sets()],
        "nation": _plain(nation)[0] if nation else None,
        "agreements": _plain(by_dimension(version, "agreement", year)),
        "sectors": _plain(by_dimension(version, "sector", year)),
    }


def render_pdf(report) -> bytes:
    from weasyprint import HTML

    with translation.override("es-cl"):
        html = render_to_string("mrv/national_report_pdf.html", {"report": report, "f": report.figures,
                                                                  "columns": COLUMNS})  # fmt: skip
    return HTML(string=html).write_pdf()


def store_pdf(report) -> None:
    report.pdf.save(f"reporte-{report.year}.pdf", ContentFile(render_pdf(report)), save=False)
    type(report).objects.filter(pk=report.pk).update(pdf=report.pdf.name)
