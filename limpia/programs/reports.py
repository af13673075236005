"""Read-side figures of the programs: coverage of each region (the north–south strip), the inspection view
of installations, and the MRV before-and-after of a success case."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from limpia.agreements.choices import AdhesionStatus
from limpia.agreements.models import Adhesion, Agreement
from limpia.audits.choices import CertificateState
from limpia.audits.models import Certificate
from limpia.programs.models import RegionalCommittee
from limpia.registry.models import Installation, Region

MEASURES = {
    "installations": _("Adhered installations"),
    "certified": _("Certified installations"),
    "agreements": _("Agreements"),
}
SHADES = 5  # colour steps of the strip, lightest to darkest


@dataclass
class RegionCoverage:
    region: Region
    committee: RegionalCommittee | None
    agreements: int
    installations: int
    certified: int
    shade: int = 0

    @property
    def certified_share(self) -> Decimal | None:
        return (
            Decimal(self.certified * 100 / self.installations).quantize(Decimal("0.1")) if self.installations else None
        )


def _per_region(qs: QuerySet, field: str) -> dict[int, int]:
    return dict(qs.values(field).annotate(n=Count("installation_id", distinct=True)).values_list(field, "n"))


def coverage(measure: str = "installations") -> list[RegionCoverage]:
    """Every region north to south with its committee and counts; `shade` grades `measure` against the most
    covered region (0 = nothing, SHADES = the most)."""
    adhered = Adhesion.objects.filter(status=AdhesionStatus.APPROVED)
    certified = Certificate.objects.filter(state=CertificateState.VALID)
    installations = _per_region(adhered, "installation__region_id")
    certificates = _per_region(certified, "installation__region_id")
    agreements = dict(Agreement.regions.through.objects.values("region_id").annotate(n=Count("agreement_id"))
                      .values_list("region_id", "n"))  # fmt: skip
    committees = {c.region_id: c for c in RegionalCommittee.objects.all()}
    rows = [RegionCoverage(r, committees.get(r.pk), agreements.get(r.pk, 0), installations.get(r.pk, 0),
                           certificates.get(r.pk, 0)) for r in Region.objects.order_by("order")]  # fmt: skip
    top = max((getattr(r, measure) for r in rows), default=0) or 1
    for row in rows:
        value = getattr(row, measure)
        row.shade = 0 if not value else max(1, round(value * SHADES / top))
    return rows


def inspection(rut: str = "", comuna_id: int | None = None) -> QuerySet:
    """Installations of a company (by RUT) or of a comuna, marked adhered and certified: what an enforcement
    agency checks before applying the APL criteria (domain.md §13)."""
    if not rut and not comuna_id:
        return Installation.objects.none()
    qs = Installation.objects.all()
    if rut:
        qs = qs.filter(company__rut=rut)
    if comuna_id:
        qs = qs.filter(comuna_id=comuna_id)
    approved = Adhesion.objects.filter(installation=OuterRef("pk"), status=AdhesionStatus.APPROVED)
    valid = Certificate.objects.filter(installation=OuterRef("pk"), state=CertificateState.VALID)
    return (qs.annotate(adhered=Exists(approved), certified=Exists(valid))
            .select_related("company", "comuna").order_by("company__legal_name", "name"))  # fmt: skip


def inspection_details(installations: list[Installation]) -> dict[int, dict]:
    """The agreements and valid certificates of each listed installation, in two queries."""
    ids = [i.pk for i in installations]
    details = {pk: {"agreements": [], "certificates": []} for pk in ids}
    for adhesion in Adhesion.objects.filter(installation_id__in=ids, status=AdhesionStatus.APPROVED).select_related(
        "agreement"
    ):
        details[adhesion.installation_id]["agreements"].append(adhesion.agreement)
    for certificate in Certificate.objects.filter(installation_id__in=ids).filter(
        Q(state=CertificateState.VALID) | Q(state=CertificateState.SUSPENDED)
    ):
        details[certificate.installation_id]["certificates"].append(certificate)
    return details


CASE_FIGURES = [
    ("co2e_t", _("Emissions"), "t CO2e"),
    ("intensity", _("Emissions per unit of product"), "t CO2e/u"),
    ("electricity_mwh", _("Electricity"), "MWh"),
    ("water_m3", _("Water"), "m³"),
    ("waste_t", _("Waste"), "t"),
]


def case_mrv_indicators(case) -> list[dict]:
    """The company's installations in the case's agreement: accepted figures of the first and latest year."""
    from limpia.mrv import queries as mrv

    version = mrv.current_version()
    if version is None:
        return []
    adhered = Adhesion.objects.filter(agreement=case.agreement, company=case.company,
                                      status=AdhesionStatus.APPROVED).values("installation_id")  # fmt: skip
    years = mrv.totals(mrv.figures(version).filter(installation_id__in=adhered), ["year"])
    if len(years) < 2:
        return []
    first, last = years[0], years[-1]
    for row in (first, last):
        row["intensity"] = row["co2e_t"] / row["production"] if row["production"] else None
    return [
        {"label": str(label), "unit": unit, "before": Decimal(first[key]).quantize(Decimal("0.001")),
         "after": Decimal(last[key]).quantize(Decimal("0.001")), "before_year": first["year"],
         "after_year": last["year"]}
        for key, label, unit in CASE_FIGURES if first.get(key) and last.get(key) is not None
    ]  # fmt: skip


# --- Funding export -----------------------------------------------------------------------------------------

APPLICATION_HEADER = [_("Id"), _("Project"), _("Call"), _("Applicant"), _("Status"), _("Currency"),
                      _("Total project cost"), _("Amount requested"), _("Amount awarded"), _("Awarded on"),
                      _("Amount in pesos (CLP)"), _("UF date"), _("UF value (CLP)"), _("Amount in pesos")]  # fmt: skip


def application_rows(qs: QuerySet):
    """One row per application: its amounts in the call's currency, then the amount of record (the award, else
    the amount requested) in pesos with the day and value of the UF used, and the same said in words."""
    from limpia.programs import money
    from limpia.programs.queries import applications_in_pesos, pesos

    qs = applications_in_pesos(qs.select_related("call", "company", "association", "agreement")).order_by("pk")
    for item in qs.iterator(chunk_size=2000):
        currency = item.call.currency
        found = pesos(item.amount_of_record, currency, item)
        yield [item.pk, item.title, item.call.title, str(item.applicant), item.get_status_display(), currency,
               item.total_cost, item.requested, item.awarded, item.awarded_on,
               found and found.amount_clp, found and found.uf_date, found and found.uf_value,
               money.in_pesos_text(item.amount_of_record, currency, found, item.uf_for)]  # fmt: skip


def _excel_cl(value) -> str:
    """Cells as Excel in Chile reads them: 1234,5 and 01-11-2026; nothing for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f").replace(".", ",")
    return value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else str(value)


def applications_csv(qs: QuerySet) -> bytes:
    """`;`-separated, `,` decimals, dd-mm-aaaa, with a BOM: opens as-is in Excel in Chile."""
    from limpia.core.spreadsheets import csv_bytes

    return csv_bytes([str(h) for h in APPLICATION_HEADER], application_rows(qs), delimiter=";", bom=True,
                     format=_excel_cl)  # fmt: skip


def applications_xlsx(qs: QuerySet) -> bytes:
    from limpia.core.spreadsheets import XlsxWriter

    book = XlsxWriter()
    sheet = book.sheet(str(_("Applications")))
    sheet.append([str(h) for h in APPLICATION_HEADER], bold=True)
    for row in application_rows(qs):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    return book.save().getvalue()
